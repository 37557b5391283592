"""Story threads: canonical events of a country pair grouped into storylines, each with a
title generated from its events (types, goods, rates, money, period) — no language model.

Rules (documented in README): events of one pair, in date order (undated ones at their first
report), belong to one thread while each follows the previous one within `gap_days`; a longer
silence starts a new thread. The title names the acts in the order they first happened, the
goods (by sector, from data/goods.yaml) or else the measure, the highest tariff rate and the
largest US-dollar amount, and the period; a thread that follows an agreement of the same pair is
titled as that deal's implementation.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from functools import lru_cache
from itertools import combinations

from tradewire.record.knowledge import goods, labels
from tradewire.record.query import canonical_events, pair_key

GAP_DAYS = 45


@lru_cache(maxsize=1)
def _sector_of() -> dict[str, str]:
    return {t.lower(): (g.label or g.sector).lower() for g in goods() for t in g.terms}


def _when(row: dict) -> date:
    d = row.get("date")
    if d:
        y, m, dd = (d.split("-") + ["01", "01"])[:3]
        return date(int(y), int(m), int(dd))
    fr = row.get("first_report")
    if isinstance(fr, date):
        return fr
    return date.fromisoformat(str(fr)) if fr else date.max


def _money(x: float) -> str:
    return f"${x / 1e9:,.0f}bn" if x >= 1e9 else f"${x / 1e6:,.0f}m"


def _period(first: date, last: date) -> str:
    if first == date.max:
        return "undated"
    a, b = first.strftime("%b %Y"), last.strftime("%b %Y") if last != date.max else first.strftime("%b %Y")
    return a if a == b else f"{a} – {b}"


def thread_title(pair: tuple[str, str], events: list[dict], after_deal: int | None = None) -> str:
    kinds: list[str] = []
    for e in events:
        w = labels().thread_acts[e["type"]]
        if w not in kinds:
            kinds.append(w)
    sectors = Counter(_sector_of().get(p.lower(), p.lower()) for e in events for p in e.get("products") or [])
    measures = Counter(e["measure"] for e in events if e.get("measure"))
    topic = ", ".join(s for s, _ in sectors.most_common(2)) or (
        labels().measures.get(measures.most_common(1)[0][0], "trade") if measures else "trade")
    rates = [e["rate_to"] for e in events if e.get("rate_to") is not None]
    money = [e["amount_usd"] for e in events if e.get("amount_usd")]
    extras = []
    if rates:
        extras.append(f"rates up to {max(rates):g}%")
    if money:
        extras.append(_money(max(money)))
    dated = [_when(e) for e in events]
    head = f"{pair[0]}–{pair[1]}"
    if after_deal and "deal" not in kinds:
        head += f": implementation of the {after_deal} deal —"
    else:
        head += ":"
    what = ", ".join(kinds[:4])
    # "tariffs imposed on tariffs" says nothing twice: name the topic only when it adds something
    on = "" if topic.split()[0] in what else f" on {topic}"
    title = f"{head} {what}{on} ({_period(min(dated), max(dated))})"
    return title + (f"; {', '.join(extras)}" if extras else "")


def build_threads(rows: list[dict], gap_days: int = GAP_DAYS) -> list[dict]:
    """Group canonical-event rows into threads per country pair (see module docstring)."""
    by_pair: dict[tuple[str, str], list[dict]] = {}
    for r in rows:
        countries = sorted(c for c in (r.get("countries") or "").split("|") if c)
        for a, b in combinations(countries, 2):
            by_pair.setdefault(pair_key(a, b), []).append(r)
    out = []
    for pair, evs in sorted(by_pair.items()):
        evs = sorted(evs, key=lambda r: (_when(r), r["id"]))
        groups: list[list[dict]] = []
        for r in evs:
            if groups and _when(r) - _when(groups[-1][-1]) <= timedelta(days=gap_days):
                groups[-1].append(r)
            else:
                groups.append([r])
        deal_year = None
        for i, g in enumerate(groups):
            title = thread_title(pair, g, deal_year)
            deals = [e for e in g if e["type"] == "AGREE" and e.get("status") != "denied"]
            if deals:
                deal_year = _when(deals[0]).year if _when(deals[0]) != date.max else deal_year
            out.append({"pair": list(pair), "thread": i + 1, "title": title,
                        "start": min(_when(e) for e in g).isoformat() if _when(g[0]) != date.max else None,
                        "end": max(_when(e) for e in g if _when(e) != date.max).isoformat()
                        if any(_when(e) != date.max for e in g) else None,
                        "events": [{"id": e["id"], "date": e.get("date"), "type": e["type"], "status": e.get("status"),
                                    "title": e.get("title"), "n_sources": e.get("n_sources")} for e in g]})
    return out


def threads(conn, a: str | None = None, b: str | None = None, gap_days: int = GAP_DAYS) -> list[dict]:
    rows = canonical_events(conn, pair=(a, b) if a and b else None, with_sources=False)
    found = build_threads(rows, gap_days)
    if a and b:
        found = [t for t in found if t["pair"] == list(pair_key(a, b))]
    return found


def render_text(found: list[dict]) -> list[str]:
    lines = []
    for t in found:
        lines.append(f"[{'-'.join(t['pair'])} #{t['thread']}] {t['title']}  ({len(t['events'])} event(s))")
        for e in t["events"]:
            lines.append(f"    {e['date'] or 'undated':<10} {e['type']:<11} {e['title']}  [{e['n_sources']} source(s)]")
    if not found:
        lines.append("no threads")
    return lines
