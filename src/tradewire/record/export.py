"""Exports of the store and the record as CSV, JSON lines or Parquet (pyarrow), one typed table each.

Column meanings and their GDELT / Global Trade Alert counterparts: docs/EXPORTS.md.
Lists (products, urls, ...) are list<string> in Parquet, arrays in JSONL, "; "-joined in CSV.
"""

from __future__ import annotations

import json
from datetime import date

import pyarrow as pa
from sqlalchemy import select

from tradewire.record.features import date_span, goods_index, hs_chapters_of
from tradewire.record.tension import weight as tension_weight
from tradewire.store import schema

S, F, INT, D = pa.string(), pa.float64(), pa.int64(), pa.date32()
L = pa.list_(pa.string())

SCHEMAS = {
    "events": pa.schema([
        ("event_id", INT), ("canonical_id", INT), ("article", S), ("outlet", S), ("url", S), ("published", D),
        ("type", S), ("status", S), ("date", S), ("date_precision", S), ("date_start", D), ("sqldate", INT),
        ("date_text", S), ("source_name", S), ("source_country", S), ("target_name", S), ("target_country", S),
        ("participants", L), ("participant_countries", L), ("measure", S), ("products", L), ("sectors", L),
        ("hs_chapters", L), ("rate_from", F),
        ("rate_to", F), ("amount_usd", F), ("location", S), ("plover", S), ("cameo", S), ("goldstein", F),
        ("confidence", F), ("evidence", L),
    ]),
    "canonical": pa.schema([
        ("canonical_id", INT), ("type", S), ("status", S), ("date", S), ("date_precision", S), ("date_start", D),
        ("date_end", D), ("sqldate", INT), ("first_report", D), ("last_report", D), ("source_country", S),
        ("target_country", S), ("countries", L), ("source_name", S), ("target_name", S), ("participants", L),
        ("measure", S), ("products", L), ("sectors", L), ("hs_chapters", L), ("rate_from", F), ("rate_to", F),
        ("amount_usd", F), ("title", S),
        ("plover", S), ("cameo", S), ("goldstein", F), ("tension_weight", F), ("confidence", F), ("n_mentions", INT),
        ("n_articles", INT), ("n_sources", INT), ("n_outlets", INT), ("outlets", L), ("urls", L), ("articles", L),
    ]),
    "agreements": pa.schema([
        ("agreement_id", INT), ("key", S), ("parties", L), ("title", S), ("reached", S), ("status", S),
        ("date_announced", S), ("date_signed", S), ("date_in_force", S), ("date_disputed", S), ("date_removed", S),
        ("rates", S), ("pledges", S), ("conditions", S), ("history", S), ("n_events", INT),
    ]),
}
KINDS = tuple(SCHEMAS)


def _precision(d: str | None) -> str | None:
    return None if not d else {4: "year", 7: "month", 10: "day"}.get(len(d))


def _sqldate(d: str | None) -> int | None:
    return int(d.replace("-", "")) if d and len(d) == 10 else None


def _start_end(d: str | None) -> tuple[date | None, date | None]:
    if not d:
        return None, None
    try:
        return date_span(d)
    except ValueError:
        return None, None


def goods_codes(products: list[str]) -> tuple[list[str], list[str]]:
    """Known sectors of the goods (data/goods.yaml) and their HS 2022 chapters."""
    sector, _ = goods_index()
    found = sorted({sector[p.lower()] for p in products or [] if p.lower() in sector})
    chapters = sorted({c for s in found for c in hs_chapters_of().get(s, [])})
    return found, chapters


def event_rows(conn) -> list[dict]:
    e, a, ea, ac, ec = schema.events, schema.articles, schema.event_actors, schema.actors, schema.event_canonical
    actors: dict[int, list] = {}
    for r in conn.execute(select(ea.c.event_id, ea.c.role, ac.c.name, ac.c.country)
                          .join(ac, ac.c.id == ea.c.actor_id).order_by(ea.c.event_id, ac.c.name)):
        actors.setdefault(r.event_id, []).append(r)
    q = (select(e, a.c.ext_id, a.c.outlet, a.c.url, a.c.published, ec.c.canonical_id)
         .join(a, a.c.id == e.c.article_id).outerjoin(ec, ec.c.event_id == e.c.id).order_by(e.c.id))
    rows = []
    for r in conn.execute(q):
        m = r._mapping
        links = actors.get(m["id"], [])
        src = next((x for x in links if x.role == "source"), None)
        tgt = next((x for x in links if x.role == "target"), None)
        parts = [x for x in links if x.role == "participant"]
        rows.append({
            "event_id": m["id"], "canonical_id": m["canonical_id"], "article": m["ext_id"], "outlet": m["outlet"],
            "url": m["url"], "published": m["published"], "type": m["type"], "status": m["status"], "date": m["date"],
            "date_precision": _precision(m["date"]), "date_start": _start_end(m["date"])[0], "sqldate": _sqldate(m["date"]),
            "date_text": m["date_text"], "source_name": src.name if src else None,
            "source_country": m["source_country"], "target_name": tgt.name if tgt else None,
            "target_country": m["target_country"], "participants": [x.name for x in parts],
            "participant_countries": sorted({x.country for x in parts if x.country}), "measure": m["measure"],
            "products": list(m["products"] or []), "sectors": goods_codes(m["products"])[0],
            "hs_chapters": goods_codes(m["products"])[1], "rate_from": m["rate_from"], "rate_to": m["rate_to"],
            "amount_usd": m["amount_usd"], "location": m["location"], "plover": m["plover"], "cameo": m["cameo"],
            "goldstein": m["weight"], "confidence": m["confidence"], "evidence": list(m["evidence"] or []),
        })
    return rows


def canonical_rows(conn) -> list[dict]:
    from tradewire.record.query import canonical_events

    rows = []
    for r in canonical_events(conn):
        start, end = _start_end(r["date"])
        rows.append({
            "canonical_id": r["id"], "type": r["type"], "status": r["status"], "date": r["date"],
            "date_precision": _precision(r["date"]), "date_start": start, "date_end": end, "sqldate": _sqldate(r["date"]),
            "first_report": r["first_report"], "last_report": r["last_report"], "source_country": r["source_country"],
            "target_country": r["target_country"], "countries": [c for c in r["countries"].split("|") if c],
            "source_name": r["source_name"], "target_name": r["target_name"],
            "participants": [p["name"] for p in r["participants"]], "measure": r["measure"], "products": r["products"],
            "sectors": goods_codes(r["products"])[0], "hs_chapters": goods_codes(r["products"])[1],
            "rate_from": r["rate_from"], "rate_to": r["rate_to"], "amount_usd": r["amount_usd"], "title": r["title"],
            "plover": r["plover"], "cameo": r["cameo"], "goldstein": r["weight"],
            "tension_weight": tension_weight(r["type"], r["measure"], r["status"]), "confidence": r["confidence"],
            "n_mentions": r["n_mentions"], "n_articles": r["n_articles"], "n_sources": r["n_sources"],
            "n_outlets": r["n_outlets"], "outlets": sorted({s["outlet"] for s in r["sources"] if s["outlet"]}),
            "urls": [s["url"] for s in r["sources"] if s["url"]], "articles": [s["article"] for s in r["sources"] if s["article"]],
        })
    return rows


def agreement_rows(conn) -> list[dict]:
    from tradewire.record.agreements import get_agreement, list_agreements

    rows = []
    for a in list_agreements(conn):
        full = get_agreement(conn, a["id"])
        hist = full["history"]

        def first(*statuses, hist=hist):
            return next((h["date"] for h in hist if h["status"] in statuses), None)

        rows.append({
            "agreement_id": a["id"], "key": a["key"], "parties": a["parties"], "title": a["title"], "reached": a["reached"],
            "status": a["status"], "date_announced": first("announced") or a["reached"], "date_signed": first("signed"),
            "date_in_force": first("in_force"), "date_disputed": first("disputed"),
            "date_removed": first("suspended", "terminated"),
            "rates": json.dumps(a["terms"]["rates"], ensure_ascii=False),
            "pledges": json.dumps(a["terms"]["pledges"], ensure_ascii=False),
            "conditions": json.dumps(a["terms"]["conditions"], ensure_ascii=False),
            "history": json.dumps([{k: h[k] for k in ("status", "date", "canonical_ids", "evidence")} for h in hist],
                                  ensure_ascii=False),
            "n_events": len({i for h in hist for i in h["canonical_ids"]}),
        })
    return rows


ROWS = {"events": event_rows, "canonical": canonical_rows, "agreements": agreement_rows}


def table(conn, kind: str) -> pa.Table:
    return pa.Table.from_pylist(ROWS[kind](conn), schema=SCHEMAS[kind])


def _flat(value):
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return value


def write(tbl: pa.Table, fmt: str, out) -> int:
    """Write `tbl` to a path or a binary file object; returns the number of rows."""
    if fmt == "parquet":
        import pyarrow.parquet as pq

        pq.write_table(tbl, out)
    elif fmt == "csv":
        import pyarrow.csv as pcsv

        flat = pa.table({name: pa.array([_flat(v) for v in tbl.column(name).to_pylist()],
                                        type=pa.string() if pa.types.is_list(tbl.schema.field(name).type)
                                        else tbl.schema.field(name).type)
                         for name in tbl.column_names}) if tbl.num_rows else pa.table(
            {f.name: pa.array([], type=pa.string() if pa.types.is_list(f.type) else f.type) for f in tbl.schema})
        pcsv.write_csv(flat, out)
    elif fmt == "jsonl":
        lines = []
        for row in tbl.to_pylist():
            lines.append(json.dumps({k: (v.isoformat() if isinstance(v, date) else v) for k, v in row.items()},
                                    ensure_ascii=False))
        data = ("\n".join(lines) + ("\n" if lines else "")).encode("utf-8")
        if isinstance(out, str):
            with open(out, "wb") as fh:
                fh.write(data)
        else:
            out.write(data)
    else:
        raise ValueError(f"unknown format {fmt!r}")
    return tbl.num_rows
