"""Trade agreements as entities, derived from canonical events (cues in data/agreement_cues.yaml).

- An agreement is founded by a canonical AGREE event between two countries whose evidence names a
  deal ("agreement", "deal", "pact", "fact sheet", ...) and is not only an agreement to talk.
  Later deal-naming AGREE events of the same pair within REACH_WINDOW_DAYS of its date (or
  undated) are the same agreement; later ones found a new one.
- Linked events: canonical events of the pair whose evidence names a deal, and events of one
  party alone (a parliament passing the implementing law) whose evidence has an implementation
  cue, dated on or after the agreement (or undated); each goes to the latest agreement reached
  before it.
- Status history: the linked events in date order, each given a status by the first matching
  rule of `status_rules` (terminated, suspended, in_force, disputed, pending, signed, announced);
  a change of status is a new entry, a repeated status adds its events to the current entry.
- Terms: rates by goods (EASE/IMPOSE/AGREE events with a rate), pledges (PLEDGE events with an
  amount or an investment/purchase measure), conditions (pledges, demands or agreements about a
  law, a bill or ratification).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache

from sqlalchemy import or_, select

from tradewire.record.features import date_span
from tradewire.record.knowledge import agreement_cues
from tradewire.record.statements import chunks, q
from tradewire.store import schema

REACH_WINDOW_DAYS = 548   # about 18 months
PROGRESS = ("announced", "signed", "pending", "in_force")
OVERLAYS = ("disputed", "suspended", "terminated")


@dataclass
class Cues:
    deal: re.Pattern
    talk_only: re.Pattern
    implementation: re.Pattern
    rules: list[tuple[str, frozenset[str] | None, re.Pattern | None]]


def _alt(patterns: list[str]) -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p in patterns) + r")\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def cues() -> Cues:
    d = agreement_cues()
    rules = [(r.status, frozenset(r.types) if r.types else None, _alt(r.cues) if r.cues else None)
             for r in d.status_rules]
    return Cues(_alt([re.escape(w) for w in d.deal_nouns]), _alt(d.talk_only), _alt(d.implementation), rules)


@dataclass
class Item:
    id: int
    type: str
    status: str
    date: str | None
    first_report: date | None
    countries: tuple[str, ...]
    source_country: str | None
    title: str
    measure: str | None
    products: list
    rate_from: float | None
    rate_to: float | None
    amount_usd: float | None
    n_sources: int
    text: str
    evidence: list[str] = field(default_factory=list)

    @property
    def when(self) -> str:
        return self.date or (self.first_report.isoformat() if self.first_report else "9999")

    def start(self) -> date | None:
        if self.date:
            return date_span(self.date)[0]
        return self.first_report


def _load(conn, c1: str, c2: str, founders_only: bool = False) -> list[Item]:
    """The canonical events of the pair and of each of its two countries alone; with
    `founders_only`, only the pair's AGREE events (the only ones that can found an agreement)."""
    if founders_only:
        return _founders(conn, [(c1, c2)]).get((c1, c2), [])
    return _items(conn, [dict(r._mapping) for r in conn.execute(q().pair_events, {"c1": c1, "c2": c2, "alone": [c1, c2]})])


def _founders(conn, pairs: list[tuple[str, str]]) -> dict[tuple[str, str], list[Item]]:
    """`_load(..., founders_only=True)` of many pairs, in one query per 500 pairs."""
    rows = [dict(r._mapping) for part in chunks([f"{c1}|{c2}" for c1, c2 in pairs])
            for r in conn.execute(q().founders, {"ids": part})]
    out: dict[tuple[str, str], list[Item]] = {}
    for it in _items(conn, rows):
        out.setdefault(tuple(it.countries), []).append(it)
    return out


def _items(conn, rows: list[dict]) -> list[Item]:
    if not rows:
        return []
    ids = [r["id"] for r in rows]
    ev: dict[int, list[str]] = {i: [] for i in ids}
    for part in chunks(ids, 900):
        for m in conn.execute(q().canonical_evidence, {"ids": part}):
            for s in m.evidence or []:
                if s not in ev[m.canonical_id]:
                    ev[m.canonical_id].append(s)
    items = []
    for r in rows:
        items.append(Item(r["id"], r["type"], r["status"], r["date"], r["first_report"], tuple(r["countries"].split("|")),
                          r["source_country"], r["title"], r["measure"], r["products"], r["rate_from"], r["rate_to"],
                          r["amount_usd"], r["n_sources"], " ".join(ev[r["id"]]).lower(), ev[r["id"]]))
    items.sort(key=lambda i: (i.when, i.id))
    return items


def _founds(item: Item, c: Cues, pair: tuple[str, str]) -> bool:
    return (item.type == "AGREE" and item.status != "denied" and set(item.countries) == set(pair)
            and bool(c.deal.search(item.text)) and not c.talk_only.search(item.text))


def _linked(item: Item, c: Cues, pair: tuple[str, str]) -> bool:
    if item.status == "denied" and item.type != "AGREE":
        return False
    if set(item.countries) == set(pair):
        return bool(c.deal.search(item.text)) and not (item.type == "AGREE" and c.talk_only.search(item.text))
    return len(item.countries) == 1 and bool(c.implementation.search(item.text)) and (
        bool(c.deal.search(item.text)) or item.type in ("AGREE", "PLEDGE", "DEMAND"))


def status_of(item: Item, c: Cues | None = None) -> str | None:
    c = c or cues()
    for status, types, pattern in c.rules:
        if types is not None and item.type not in types:
            continue
        if pattern is not None and not pattern.search(item.text):
            continue
        return status
    return None


def _sentence(item: Item, c: Cues) -> str | None:
    for s in item.evidence:
        if c.deal.search(s) or c.implementation.search(s):
            return s
    return item.evidence[0] if item.evidence else None


@dataclass
class Draft:
    pair: tuple[str, str]
    founder: Item
    reached: str | None
    members: list[Item] = field(default_factory=list)

    def start(self) -> date | None:
        return date_span(self.reached)[0] if self.reached else self.founder.start()


def _same_agreement(d: Draft, item: Item) -> bool:
    if item.date is None or d.reached is None:
        return True
    if item.date.startswith(d.reached) or d.reached.startswith(item.date):
        return True
    a, b = date_span(d.reached)[0], date_span(item.date)[0]
    return abs((b - a).days) <= REACH_WINDOW_DAYS


def _earliest(a: str | None, b: str | None) -> str | None:
    """The earlier of two dates; of two dates that overlap ("2025" and "2025-07-30"), the more precise."""
    if a is None or b is None:
        return a or b
    if a.startswith(b) or b.startswith(a):
        return a if len(a) >= len(b) else b
    return min(a, b)


def derive(items: list[Item], pair: tuple[str, str]) -> list[dict]:
    c = cues()
    drafts: list[Draft] = []
    for it in items:
        if not _founds(it, c, pair):
            continue
        for d in drafts:
            if _same_agreement(d, it):
                d.members.append(it)
                d.reached = _earliest(d.reached, it.date)
                break
        else:
            drafts.append(Draft(pair, it, it.date, [it]))
    if not drafts:
        return []
    founders = {m.id for d in drafts for m in d.members}
    for it in items:
        if it.id in founders or not _linked(it, c, pair):
            continue
        start = it.start()
        target = drafts[0]
        for d in drafts:
            ds = d.start()
            if start is None or ds is None or ds <= start:
                target = d
        ts = target.start()
        if it.date and ts and date_span(it.date)[1] < ts:
            continue  # dated before the agreement was reached
        target.members.append(it)
    out = []
    for n, d in enumerate(drafts):
        members = sorted(d.members, key=lambda i: (i.when, i.id))
        founders_here = {m.id for m in members if m.id in founders}
        history: list[dict] = []
        progress = -1          # rank of the furthest of announced / signed / pending / in_force so far
        for it in members:
            if it.id in founders_here:
                st = "signed" if status_of(it, c) == "signed" else "announced"
            elif (d.reached and it.date and (it.date.startswith(d.reached) or d.reached.startswith(it.date))
                  and it.type in ("PLEDGE", "EASE", "AGREE")):
                continue  # part of the deal as reached (a term), not a change of its status
            else:
                st = status_of(it, c)
                if len(it.countries) == 1 and st not in PROGRESS:
                    continue  # one party alone (its parliament, its opposition) moves the deal on, not into dispute
            if st is None:
                continue
            current = history[-1]["status"] if history else None
            if st == current:
                history[-1]["canonical_ids"].append(it.id)
                continue
            if st in PROGRESS:
                rank = PROGRESS.index(st)
                if rank < progress or (rank == progress and current not in OVERLAYS):
                    continue  # no step back (a late pledge does not make an agreement in force pending again)
                progress = rank
            history.append({"status": st, "date": it.date or (it.first_report.isoformat() if it.first_report else None),
                            "canonical_ids": [it.id], "evidence": _sentence(it, c)})
        terms = _terms(members, c)
        status = history[-1]["status"] if history else "announced"
        out.append({
            "key": f"{pair[0]}-{pair[1]}-{n + 1}", "c1": pair[0], "c2": pair[1], "parties": list(pair),
            "reached": d.reached, "status": status, "terms": terms, "history": history,
            "title": _title(pair, d.reached, terms), "canonical_ids": [m.id for m in members],
        })
    return out


def _terms(members: list[Item], c: Cues) -> dict:
    """Rates by goods, pledges with amounts, and conditions (a law to pass: pledges or demands about it)."""
    rates, pledges, conditions = [], [], []
    seen = set()
    for it in members:
        if it.type in ("EASE", "IMPOSE", "AGREE") and it.rate_to is not None:
            k = ("rate", tuple(it.products), it.rate_from, it.rate_to, it.source_country)
            if k not in seen:
                seen.add(k)
                rates.append({"goods": it.products, "rate_from": it.rate_from, "rate_to": it.rate_to,
                              "by": it.source_country, "canonical_id": it.id})
        if it.type == "PLEDGE" and (it.amount_usd is not None or it.measure in ("investment", "purchase")):
            k = ("pledge", it.source_country, it.measure, it.amount_usd)
            if k not in seen:
                seen.add(k)
                pledges.append({"by": it.source_country, "measure": it.measure, "amount_usd": it.amount_usd,
                                "canonical_id": it.id})
        if it.type in ("PLEDGE", "DEMAND") and (it.measure == "legislation" or c.implementation.search(it.text)):
            k = ("cond", it.title)
            if k not in seen:
                seen.add(k)
                conditions.append({"text": _sentence(it, c) or it.title, "canonical_id": it.id})
    return {"rates": rates, "pledges": pledges, "conditions": conditions}


def _money(x: float) -> str:
    for unit, div in (("trillion", 1e12), ("billion", 1e9), ("million", 1e6)):
        if abs(x) >= div:
            return f"${x / div:g} {unit}"
    return f"${x:,.0f}"


def _title(pair: tuple[str, str], reached: str | None, terms: dict) -> str:
    bits = []
    for r in terms["rates"][:2]:
        goods = ", ".join(r["goods"][:3]) or "goods"
        frm = "" if r["rate_from"] is None else f"{r['rate_from']:g}% -> "
        bits.append(f"tariff on {goods} {frm}{r['rate_to']:g}%")
    for p in terms["pledges"][:2]:
        what = p["measure"] or "pledge"
        bits.append(f"{p['by'] or '?'} {what}" + (f" {_money(p['amount_usd'])}" if p["amount_usd"] else ""))
    head = f"{pair[0]}-{pair[1]} trade agreement ({reached or 'date unknown'})"
    return head + (": " + "; ".join(bits) if bits else "")


def refresh_agreements(conn, pairs, countries=()) -> None:
    """Derive again the agreements of these pairs (and of every pair with an agreement involving
    one of `countries`) and store them, keeping the ids of agreements whose key is unchanged."""
    ag = schema.agreements
    pairs = {tuple(sorted(p)) for p in pairs}
    if countries:
        for r in conn.execute(select(ag.c.c1, ag.c.c2).where(or_(ag.c.c1.in_(list(countries)), ag.c.c2.in_(list(countries))))):
            pairs.add((r.c1, r.c2))
    now = datetime.now(UTC).replace(tzinfo=None)
    c = cues()
    order = sorted(pairs)
    # Read for all pairs at once: writing one pair's agreements changes no other pair's rows.
    founders = _founders(conn, order)
    olds: dict[tuple[str, str], dict[str, int]] = {}
    for part in chunks(sorted({c1 for c1, _ in order})):
        for r in conn.execute(q().agreements_of, {"ids": part}):
            olds.setdefault((r.c1, r.c2), {})[r.key] = r.id
    for pair in order:
        # Most pairs have no agreement: when none of the pair's AGREE events founds one, `derive`
        # gives nothing, so the pair's whole history (thousands of events) need not be loaded.
        if any(_founds(it, c, pair) for it in founders.get(pair, [])):
            derived = derive(_load(conn, *pair), pair)
        else:
            derived = []
        old = olds.get(pair, {})
        keep = set()
        for a in derived:
            values = {k: a[k] for k in ("key", "c1", "c2", "parties", "title", "reached", "status", "terms")}
            values["updated_at"] = now
            if a["key"] in old:
                aid = old[a["key"]]
                conn.execute(q().update_agreement, {**values, "_aid": aid})
                conn.execute(q().delete_status, {"_aid": aid})
            else:
                aid = conn.execute(q().insert_agreement, values).inserted_primary_key[0]
            keep.add(a["key"])
            if a["history"]:
                conn.execute(q().insert_status, [{"agreement_id": aid, "seq": i, "status": h["status"], "date": h["date"],
                                           "canonical_ids": h["canonical_ids"], "evidence": h["evidence"]}
                                          for i, h in enumerate(a["history"])])
        for key, aid in old.items():
            if key not in keep:
                conn.execute(q().delete_status, {"_aid": aid})
                conn.execute(q().delete_agreement, {"_aid": aid})


def list_agreements(conn, country: str | None = None) -> list[dict]:
    ag = schema.agreements
    q = select(ag).order_by(ag.c.reached.is_(None), ag.c.reached, ag.c.id)
    if country:
        q = q.where(or_(ag.c.c1 == country.upper(), ag.c.c2 == country.upper()))
    return [dict(r._mapping) for r in conn.execute(q)]


def get_agreement(conn, agreement_id: int) -> dict | None:
    from tradewire.record.query import canonical_events

    ag, st = schema.agreements, schema.agreement_status
    row = conn.execute(select(ag).where(ag.c.id == agreement_id)).first()
    if row is None:
        return None
    a = dict(row._mapping)
    a["history"] = [dict(r._mapping) for r in conn.execute(select(st).where(st.c.agreement_id == agreement_id)
                                                           .order_by(st.c.seq))]
    ids = sorted({i for h in a["history"] for i in h["canonical_ids"]}
                 | {t["canonical_id"] for part in a["terms"].values() for t in part})
    events = {r["id"]: r for r in canonical_events(conn, ids=ids)} if ids else {}
    for h in a["history"]:
        h["events"] = [_brief(events[i]) for i in h["canonical_ids"] if i in events]
    a["updated_at"] = a["updated_at"].isoformat() if a.get("updated_at") else None
    return a


def _brief(r: dict) -> dict:
    return {"id": r["id"], "type": r["type"], "status": r["status"], "date": r["date"],
            "first_report": r["first_report"].isoformat() if r["first_report"] else None, "title": r["title"],
            "sources": [{"outlet": s["outlet"], "url": s["url"], "published": s["published"]} for s in r["sources"]]}
