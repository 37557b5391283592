"""The history of a country pair: canonical events in date order with their sources."""

from __future__ import annotations

from datetime import date

from tradewire.record.query import canonical_events, pair_key


def timeline(conn, a: str, b: str, since: date | None = None, until: date | None = None,
             with_mentions: bool = False) -> dict:
    rows = canonical_events(conn, pair=pair_key(a, b), since=since, until=until, with_mentions=with_mentions)
    dated = [r for r in rows if r["date"]]
    undated = [r for r in rows if not r["date"]]
    return {"pair": list(pair_key(a, b)), "since": since.isoformat() if since else None,
            "until": until.isoformat() if until else None, "events": [_jsonable(r) for r in dated],
            "undated": [_jsonable(r) for r in undated]}


def _jsonable(r: dict) -> dict:
    out = dict(r)
    for k in ("first_report", "last_report"):
        if out.get(k) is not None and not isinstance(out[k], str):
            out[k] = out[k].isoformat()
    out["countries"] = out["countries"].split("|") if isinstance(out["countries"], str) else out["countries"]
    return out


def _source_line(s: dict) -> str:
    who = s["outlet"] or s["article"] or "?"
    bits = [who, s["published"] or "undated"]
    if s["copy_of"]:
        bits.append(f"copy of {s['copy_of']}")
    if s["url"]:
        bits.append(s["url"])
    return " | ".join(bits)


def render_text(tl: dict, max_sources: int = 6) -> list[str]:
    c1, c2 = tl["pair"]
    n, u = len(tl["events"]), len(tl["undated"])
    span = ""
    if tl["events"]:
        span = f" ({tl['events'][0]['date']} .. {tl['events'][-1]['date']})"
    lines = [f"{c1}-{c2}: {n} dated canonical event(s){span}, {u} undated"]

    def block(r: dict, when: str) -> None:
        status = "" if r["status"] == "occurred" else f" [{r['status']}]"
        lines.append(f"{when:<10}  {r['type']:<11} {r['title']}{status}")
        first = r["first_report"] or "?"
        lines.append(f"{'':<10}  {'':<11} {r['n_sources']} source(s), {r['n_outlets']} independent, "
                     f"first report {first}, confidence {r['confidence']:.2f}")
        for s in r.get("sources", [])[:max_sources]:
            lines.append(f"{'':<10}  {'':<11}   - {_source_line(s)}")
        extra = len(r.get("sources", [])) - max_sources
        if extra > 0:
            lines.append(f"{'':<10}  {'':<11}   ... and {extra} more")

    for r in tl["events"]:
        block(r, r["date"])
    if tl["undated"]:
        lines.append("")
        lines.append("Undated (by first report):")
        for r in tl["undated"]:
            block(r, "-")
    return lines
