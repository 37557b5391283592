"""HTML pieces built in Python: the tension chart as server-side SVG (no JavaScript; a marker's
<title> is the native hover tooltip naming the acts), and article text with its evidence
sentences highlighted. Every piece of store text goes through markupsafe.escape."""

from __future__ import annotations

import re
from datetime import date

from markupsafe import Markup, escape

W, H, PAD_L, PAD_R, PAD_T, PAD_B = 900, 260, 48, 12, 14, 28


def _bins(days: list[dict]) -> tuple[list[dict], str]:
    """Days grouped into weeks or months when the range is long, so the chart keeps ~400 bars."""
    if len(days) <= 400:
        return [{"start": d["date"], "end": d["date"], "score": d["score"], "trend": d["trend"], "events": d["events"]}
                for d in days], "day"
    unit = "week" if len(days) <= 400 * 7 else "month"
    out: list[dict] = []
    for d in days:
        day = date.fromisoformat(d["date"]) if isinstance(d["date"], str) else d["date"]
        key = day.isocalendar()[:2] if unit == "week" else (day.year, day.month)
        if not out or out[-1]["key"] != key:
            out.append({"key": key, "start": d["date"], "end": d["date"], "score": 0.0, "trend": d["trend"], "events": []})
        b = out[-1]
        b["end"], b["trend"] = d["date"], d["trend"]
        b["score"] = round(b["score"] + d["score"], 3)
        b["events"] += d["events"]
    return out, unit


def _fmt(d) -> str:
    return d.isoformat() if isinstance(d, date) else str(d)


def tension_svg(t: dict, link=None, max_listed: int = 6) -> Markup:
    """Bars: the score of each day (or week/month); line: the trend; circles: bins with events,
    whose tooltip lists the acts (largest weights first) and which link to the first act."""
    days = t["days"]
    if not days:
        return Markup('<p class="empty">No events placed on a day for this pair.</p>')
    bins, unit = _bins(days)
    vals = [b["score"] for b in bins] + [b["trend"] for b in bins] + [0.0]
    lo, hi = min(vals), max(vals)
    if hi - lo < 1e-9:
        hi, lo = hi + 1, lo - 1
    pw, ph = W - PAD_L - PAD_R, H - PAD_T - PAD_B
    step = pw / len(bins)

    def y(v: float) -> float:
        return PAD_T + (hi - v) / (hi - lo) * ph

    parts = [f'<svg class="tension" viewBox="0 0 {W} {H}" role="img" xmlns="http://www.w3.org/2000/svg" '
             f'aria-label="tension {escape("-".join(t["pair"]))}">']
    y0 = y(0.0)
    parts.append(f'<line class="axis" x1="{PAD_L}" x2="{W - PAD_R}" y1="{y0:.1f}" y2="{y0:.1f}"/>')
    for v in (hi, lo):
        parts.append(f'<text class="tick" x="{PAD_L - 6}" y="{y(v) + 4:.1f}" text-anchor="end">{v:+.1f}</text>')
    labels = max(1, len(bins) // 6)
    for i, b in enumerate(bins):
        x = PAD_L + i * step
        if b["score"]:
            top, bottom = sorted((y(b["score"]), y0))
            cls = "pos" if b["score"] > 0 else "neg"
            parts.append(f'<rect class="bar {cls}" x="{x:.1f}" y="{top:.1f}" width="{max(step * 0.8, 0.8):.1f}" '
                         f'height="{max(bottom - top, 0.5):.1f}"/>')
        if i % labels == 0:
            parts.append(f'<text class="tick" x="{x:.1f}" y="{H - 8}">{escape(_fmt(b["start"]))}</text>')
    pts = " ".join(f"{PAD_L + (i + 0.4) * step:.1f},{y(b['trend']):.1f}" for i, b in enumerate(bins))
    parts.append(f'<polyline class="trend" points="{pts}"/>')
    for i, b in enumerate(bins):
        if not b["events"]:
            continue
        evs = sorted(b["events"], key=lambda e: (-abs(e["weight"]), e["id"]))
        when = _fmt(b["start"]) if b["start"] == b["end"] else f"{_fmt(b['start'])} – {_fmt(b['end'])}"
        lines = [f"{when}: score {b['score']:+g}"] + [f"{e['weight']:+g} {e['type']}: {e['title']}" for e in evs[:max_listed]]
        if len(evs) > max_listed:
            lines.append(f"… and {len(evs) - max_listed} more")
        cx, cy = PAD_L + (i + 0.4) * step, y(b["score"])
        circle = (f'<circle class="marker" data-event="{evs[0]["id"]}" cx="{cx:.1f}" cy="{cy:.1f}" r="4">'
                  f'<title>{escape(chr(10).join(lines))}</title></circle>')
        if link is not None:
            circle = f'<a href="{escape(link(evs[0]["id"]))}">{circle}</a>'
        parts.append(circle)
    parts.append(f'<text class="unit" x="{W - PAD_R}" y="{PAD_T}" text-anchor="end">per {unit}</text></svg>')
    return Markup("".join(parts))


def highlight(text: str, sentences: list[str]) -> Markup:
    """The article text, escaped, with each evidence sentence wrapped in <mark> where it occurs
    (whitespace-insensitive: the evidence may have been taken from a reflowed paragraph)."""
    spans = []
    for s in sentences:
        words = s.split()
        if not words:
            continue
        pat = re.compile(r"\s+".join(re.escape(w) for w in words))
        m = pat.search(text)
        if m:
            spans.append((m.start(), m.end()))
    spans.sort()
    out, pos = [], 0
    for a, b in spans:
        if a < pos:
            continue
        out.append(escape(text[pos:a]))
        out.append(Markup('<mark class="evidence">') + escape(text[a:b]) + Markup("</mark>"))
        pos = b
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def snippet_html(snippet: str, open_: str = "[[", close: str = "]]") -> Markup:
    """A search snippet with its hit markers turned into <mark>, everything else escaped."""
    out = []
    for i, part in enumerate(re.split(re.escape(open_) + "|" + re.escape(close), snippet or "")):
        out.append(Markup("<mark>") + escape(part) + Markup("</mark>") if i % 2 else escape(part))
    return Markup("").join(out)
