"""A daily cooperation-conflict score per country pair, from canonical events.

score(day) = sum of the weights of the pair's canonical events placed on that day, a weight per
type, measure and status from data/codes.yaml, the one source of the event codes (Goldstein
weight of the type, or of the type with that measure, x the status factor: planned and
hypothetical acts weigh less, denied ones nothing). trend = exponentially weighted moving
average of the daily scores (half-life HALFLIFE_DAYS days, days without events count as 0).

Placing an event on a day: its date when known to the day; for a month or year, the day of its
first report if that falls inside the month/year, else the last day of the month (a month) or
nowhere (a year: a background act, listed as not placed); undated events on their first report.
"""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field, create_model

from tradewire.data import load_data
from tradewire.models import EVENT_TYPES, Status
from tradewire.record.features import date_span
from tradewire.record.knowledge import labels
from tradewire.record.query import canonical_events, pair_key

HALFLIFE_DAYS = 7.0


class MeasureCode(BaseModel):
    model_config = ConfigDict(extra="forbid")
    cameo: str | None = None
    weight: float | None = Field(default=None, ge=-10, le=10)


class TypeCode(BaseModel):
    model_config = ConfigDict(extra="forbid")
    plover: str
    cameo: str
    weight: float = Field(ge=-10, le=10)          # Goldstein scale
    by_measure: dict[str, MeasureCode] = Field(default_factory=dict)


# codes.yaml: one entry per event type (all required) plus the status factors
CodesFile = create_model("CodesFile", __config__=ConfigDict(extra="forbid"),
                         status_factor=(dict[Status, float], ...), **{t: (TypeCode, ...) for t in EVENT_TYPES})


@lru_cache(maxsize=1)
def codes() -> BaseModel:
    return load_data("codes.yaml", CodesFile)


def weight(type_: str, measure: str | None, status: str) -> float:
    """Goldstein weight of the type (refined by its measure) x the status factor, from codes.yaml."""
    table = codes()
    row = getattr(table, type_, None) if type_ in EVENT_TYPES else None
    if row is None:
        return 0.0
    special = row.by_measure.get(measure or "")
    base = special.weight if special is not None and special.weight is not None else row.weight
    return round(base * table.status_factor.get(status, 1.0), 6)


def place(date_: str | None, first_report) -> date | None:
    if isinstance(first_report, str):
        first_report = date.fromisoformat(first_report)
    if date_ is None:
        return first_report
    first, last = date_span(date_)
    if first == last:
        return first
    if first_report is not None and first <= first_report <= last:
        return first_report
    return last if len(date_) == 7 else None


def tension(conn, a: str, b: str, since: date | None = None, until: date | None = None,
            halflife: float = HALFLIFE_DAYS) -> dict:
    rows = canonical_events(conn, pair=pair_key(a, b), since=since, until=until, with_sources=False)
    by_day: dict[date, list[dict]] = {}
    unplaced = []
    for r in rows:
        w = round(weight(r["type"], r["measure"], r["status"]), 3)
        ev = {"id": r["id"], "type": r["type"], "status": r["status"], "date": r["date"], "weight": w,
              "title": r["title"], "sources": r["n_sources"]}
        day = place(r["date"], r["first_report"])
        if day is None or (since and day < since) or (until and day > until):
            if day is None:
                unplaced.append(ev)
            continue
        by_day.setdefault(day, []).append(ev)
    days = []
    if by_day:
        start = since or min(by_day)
        end = until or max(by_day)
        alpha = 1.0 - 0.5 ** (1.0 / halflife)
        trend = 0.0
        d = start
        while d <= end:
            evs = sorted(by_day.get(d, []), key=lambda e: (-abs(e["weight"]), e["id"]))
            score = round(sum(e["weight"] for e in evs), 3)
            trend = alpha * score + (1.0 - alpha) * trend
            days.append({"date": d.isoformat(), "score": score, "trend": round(trend, 3), "events": evs})
            d += timedelta(days=1)
    return {"pair": list(pair_key(a, b)), "halflife_days": halflife, "days": days, "unplaced": unplaced}


def to_csv(t: dict, only_event_days: bool = False) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["date", "score", "trend", "n_events", "events"])
    for d in t["days"]:
        if only_event_days and not d["events"]:
            continue
        w.writerow([d["date"], d["score"], d["trend"], len(d["events"]),
                    " | ".join(f"{e['weight']:+g} {e['title']}" for e in d["events"])])
    return buf.getvalue()


def render_text(t: dict) -> list[str]:
    c1, c2 = t["pair"]
    days = [d for d in t["days"] if d["events"]]
    lines = [f"{c1}-{c2} tension: {len(days)} day(s) with events"
             + (f", {t['days'][0]['date']} .. {t['days'][-1]['date']}" if t["days"] else "")
             + f"; trend = EWMA, half-life {t['halflife_days']:g} days"]
    for d in days:
        lines.append(f"{d['date']}  score {d['score']:+7.2f}  trend {d['trend']:+6.2f}")
        for e in d["events"]:
            lines.append(f"            {e['weight']:+6.2f}  {e['type']:<11} {e['title']}")
    if t["unplaced"]:
        lines.append("not placed on a day (known only to the year, first reported later):")
        for e in t["unplaced"]:
            lines.append(f"  {e['date'] or '-':<10} {e['weight']:+6.2f}  {e['type']:<11} {e['title']}")
    return lines


def plot(t: dict, path: str, max_labels: int = 14) -> None:
    """Daily scores as bars (green cooperation, red conflict), the trend as a line, and the
    events that moved the score marked and labelled (the largest ones when there are many)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    c1, c2 = t["pair"]
    fig, ax = plt.subplots(figsize=(11, 5.2), dpi=110)
    if not t["days"]:
        ax.text(0.5, 0.5, f"no placed events for {c1}-{c2}", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        fig.savefig(path)
        plt.close(fig)
        return
    xs = [date.fromisoformat(d["date"]) for d in t["days"]]
    scores = [d["score"] for d in t["days"]]
    trend = [d["trend"] for d in t["days"]]
    width = max(0.8, (xs[-1] - xs[0]).days / 400)
    ax.bar(xs, scores, width=width, color=["#2e8b57" if s >= 0 else "#c0392b" for s in scores], alpha=0.75,
           label="daily score (sum of event weights)")
    ax.plot(xs, trend, color="#1f3b73", linewidth=2.2, label=f"trend (EWMA, half-life {t['halflife_days']:g} d)")
    ax.axhline(0, color="#555", linewidth=0.8)
    marked = [(date.fromisoformat(d["date"]), d["score"], e) for d in t["days"] for e in d["events"]]
    ax.scatter([m[0] for m in marked], [m[1] for m in marked], s=22, color="black", zorder=3, label="event day")
    top = sorted(marked, key=lambda m: (-abs(m[2]["weight"]) * (1 + m[2]["sources"]), m[0]))[:max_labels]
    span = (max(scores + [0]) - min(scores + [0])) or 1.0
    used: dict[date, int] = {}
    for day, score, e in sorted(top, key=lambda m: m[0]):
        k = used.get(day, 0)
        used[day] = k + 1
        label = f"{labels().plot_labels[e['type']]} {e['weight']:+g}"
        y = score + (0.08 + 0.09 * k) * span * (1 if score >= 0 else -1)
        ax.annotate(label, (day, score), xytext=(day, y), fontsize=7.5, ha="center",
                    va="bottom" if score >= 0 else "top", rotation=0,
                    arrowprops={"arrowstyle": "-", "color": "#888", "linewidth": 0.6})
    lo, hi = min(scores + trend + [0]), max(scores + trend + [0])
    ax.set_ylim(lo - 0.35 * span, hi + 0.35 * span)
    ax.set_title(f"{c1}-{c2}: cooperation (+) / conflict (-) from canonical events")
    ax.set_ylabel("weight (Goldstein x status)")
    locator = mdates.AutoDateLocator(minticks=4, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.grid(axis="y", alpha=0.3)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=3, fontsize=8, frameon=False)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
