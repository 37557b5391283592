"""Everything the CLI prints: tables, JSON, JSON Lines, CSV and the text views of results.

One module so that every command renders a format the same way. Tables go through rich on a
terminal; when standard output is a file or a pipe they are written as full rows (columns
aligned, nothing cut or wrapped), since a reader of a file wants every id whole.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Sequence
from typing import IO, Any

from tradewire.models import Article, Event

FORMATS = ("text", "table", "json", "jsonl", "csv", "parquet")


def _out(stream: IO[str] | None) -> IO[str]:
    return sys.stdout if stream is None else stream


def write_lines(lines: Iterable[str], stream: IO[str] | None = None) -> None:
    """Plain text out (no markup; much faster than printing line by line through rich)."""
    _out(stream).write("".join(f"{line}\n" for line in lines))


def write_json(obj: Any, stream: IO[str] | None = None) -> None:
    _out(stream).write(json.dumps(obj, ensure_ascii=False, indent=2, default=str) + "\n")


def write_jsonl(rows: Iterable[Any], stream: IO[str] | None = None) -> None:
    _out(stream).write("".join(json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in rows))


def csv_text(rows: Sequence[dict], columns: Sequence[str] | None = None) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(columns or (rows[0] if rows else ["id"])), extrasaction="ignore")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def write_csv(rows: Sequence[dict], columns: Sequence[str] | None = None, stream: IO[str] | None = None) -> None:
    _out(stream).write(csv_text(rows, columns))


def plain_table(rows: Sequence[dict], columns: Sequence[str], title: str | None = None) -> list[str]:
    """A table as full text rows: each column as wide as its widest cell, nothing cut."""
    cells = [[str(r.get(c, "")) for c in columns] for r in rows]
    widths = [max([len(c), *(len(row[i]) for row in cells)]) for i, c in enumerate(columns)]
    fmt = lambda vals: "  ".join(v.ljust(w) for v, w in zip(vals, widths, strict=True)).rstrip()  # noqa: E731
    lines = [title] if title else []
    lines += [fmt(list(columns)), fmt(["-" * w for w in widths])]
    lines += [fmt(row) for row in cells]
    return lines


def write_table(rows: Sequence[dict], columns: Sequence[str], title: str | None = None,
                stream: IO[str] | None = None) -> None:
    stream = _out(stream)
    if not stream.isatty():
        write_lines(plain_table(rows, columns, title), stream)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title)
    for c in columns:
        table.add_column(c)
    for r in rows:
        table.add_row(*(str(r.get(c, "")) for c in columns))
    Console(file=stream, soft_wrap=True).print(table)


def emit(rows: Sequence[dict], format: str, columns: Sequence[str], *, title: str | None = None,
         json_rows: Sequence[Any] | None = None, stream: IO[str] | None = None) -> None:
    """Rows out as table | csv (flat rows, these columns) or json | jsonl (`json_rows`, else the rows)."""
    full = rows if json_rows is None else json_rows
    if format == "json":
        write_json(list(full), stream)
    elif format == "jsonl":
        write_jsonl(full, stream)
    elif format == "csv":
        write_csv(rows, columns, stream)
    else:
        write_table(rows, columns, title, stream)


# -- events ------------------------------------------------------------------------------------

EVENT_COLUMNS = ("id", "date", "type", "status", "sides", "measure", "products", "rate_to", "amount_usd",
                 "outlet", "article", "confidence")
EVENT_TABLE_COLUMNS = ("id", "date", "type", "status", "sides", "measure", "products", "article")


def _actor(a: dict | None, missing: str) -> str:
    return f"{a['name']} ({a['country']})" if a else missing


def sides_of(ev: dict) -> str:
    """'A (USA) -> B (KOR)' for directed events, 'A (KOR) + B (JPN)' for talks and deals."""
    if ev.get("participants"):
        return " + ".join(_actor(p, "?") for p in ev["participants"])
    return f"{_actor(ev.get('source'), '?')} -> {_actor(ev.get('target'), '-')}"


def event_row(r: dict) -> dict:
    """A stored event (Store.events shape) as one flat row for tables and CSV."""
    return {"id": r["id"], "date": r["date"] or "", "type": r["type"], "status": r["status"], "sides": sides_of(r),
            "measure": r["measure"] or "", "products": "; ".join(r["products"] or []),
            "rate_to": "" if r["rate_to"] is None else r["rate_to"],
            "amount_usd": "" if r["amount_usd"] is None else r["amount_usd"],
            "outlet": r["outlet"] or "", "article": r["article"] or "", "confidence": r["confidence"]}


def article_dict(a: Article) -> dict:
    return {"id": a.id, "title": a.title, "url": a.url, "outlet": a.outlet,
            "published": a.published.isoformat() if a.published else None, "path": a.path,
            "byline": a.byline, "dateline": a.dateline,
            "removed": [r.model_dump() for r in a.removed]}


def extraction_doc(article: Article, events: list[Event]) -> dict:
    return {"article": article_dict(article), "events": [e.model_dump(mode="json") for e in events]}


def extraction_text(article: Article, events: list[Event]) -> list[str]:
    """One article's events as text: title line, removed noise, one line per event."""
    lines = [f"{article.title or article.id}  ({article.path}, published {article.published or 'unknown'})"]
    lines += [f"  removed {r.kind}: {r.text}" for r in article.removed]
    if not events:
        lines.append("  no trade-policy events")
    for ev in events:
        extra = []
        if ev.products:
            extra.append("goods: " + ", ".join(ev.products))
        if ev.rate_to is not None:
            extra.append(f"rate: {ev.rate_from if ev.rate_from is not None else ''}->{ev.rate_to}%")
        if ev.amount_usd:
            extra.append(f"${ev.amount_usd:,.0f}")
        lines.append(f"  {ev.type:<11} {ev.date or 'undated':<10} {ev.status:<12} {sides_of(ev.model_dump())}"
                     + (f"  [{'; '.join(extra)}]" if extra else ""))
    return lines


# -- the record --------------------------------------------------------------------------------

def agreements_text(rows: list[dict], country: str | None) -> list[str]:
    if not rows:
        return ["no agreements" + (f" with {country}" if country else "")]
    return [f"{r['id']:>4}  {r['status']:<10} {r['title']}" for r in rows]


def agreement_text(a: dict) -> list[str]:
    """One agreement: parties, date reached, terms and status history with the events behind it."""
    lines = [f"agreement {a['id']}: {a['title']}", f"  parties: {', '.join(a['parties'])}",
             f"  reached: {a['reached'] or 'unknown'}", f"  status:  {a['status']}", "  terms:"]
    t = a["terms"]
    for r in t["rates"]:
        frm = "" if r["rate_from"] is None else f"{r['rate_from']:g}% -> "
        lines.append(f"    tariff by {r['by'] or '?'} on {', '.join(r['goods']) or 'goods'}: {frm}{r['rate_to']:g}%"
                     f"  [event {r['canonical_id']}]")
    for p in t["pledges"]:
        amount = f" ${p['amount_usd']:,.0f}" if p["amount_usd"] else ""
        lines.append(f"    pledge by {p['by'] or '?'}: {p['measure'] or 'pledge'}{amount}  [event {p['canonical_id']}]")
    for cnd in t["conditions"]:
        lines.append(f"    condition: {cnd['text']}  [event {cnd['canonical_id']}]")
    if not any(t.values()):
        lines.append("    (none stated in the stored events)")
    lines.append("  status history:")
    for h in a["history"]:
        lines.append(f"    {h['date'] or '-':<10}  {h['status']}")
        for e in h["events"]:
            outlets = ", ".join(sorted({s['outlet'] or '?' for s in e['sources']}))
            lines.append(f"                [{e['id']}] {e['title']}  ({outlets})")
    return lines


def record_size_text(n: dict[str, int], db: str) -> str:
    return (f"{n['articles']} articles, {n['article_sources']} copies kept as sources, {n['events']} events, "
            f"{n['canonical_events']} canonical events, {n['agreements']} agreements -> {db}")
