"""Why an event was or was not produced: for a text, sentence by sentence, every candidate
act with its decision trail (kept ones: every stage's decision; dropped or merged ones: the
stage and rule that took them out), and the trigger words turned down before they became
candidates.

    from tradewire.extract.explain import explain, render_plain
    print(render_plain(explain(extractor, "China imposed 10% tariffs on U.S. soybeans.", published="2025-03-07")))

`tradewire explain FILE [--published YYYY-MM-DD]` prints the same (rich on a terminal).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from tradewire.extract.candidate import Candidate
from tradewire.models import Article


@dataclass
class CandidateView:
    type: str
    status: str
    trigger: str
    outcome: str                 # "event", "dropped" or "merged"
    trail: list[dict]
    by: dict | None = None       # the decision that took it out (stage, rule, decision, why)
    event: dict | None = None    # the event it became (kept ones)


@dataclass
class SentenceView:
    index: int
    text: str
    candidates: list[CandidateView] = field(default_factory=list)
    rejected: list[dict] = field(default_factory=list)   # trigger words turned down: {trigger, stage, rule, why}


@dataclass
class Explanation:
    title: str | None
    published: str | None
    gate: list[str]              # why the gate stopped (empty: the article passed)
    sentences: list[SentenceView]

    def as_dict(self) -> dict:
        from dataclasses import asdict

        return asdict(self)


def _view(c: Candidate, outcome: str) -> CandidateView:
    trail = [d.as_dict() for d in c.trail]
    by = next((d for d in reversed(trail) if d["decision"] in ("dropped", "merged")), None) if outcome != "event" else None
    ev = c.event.model_dump(mode="json") if outcome == "event" and c.event is not None else None
    return CandidateView(c.type, c.status, c.trigger.text, outcome, trail, by, ev)


def explain_article(extractor, article: Article, all_sentences: bool = False) -> Explanation:
    """The candidates of one article, grouped by sentence (only sentences with candidates unless
    `all_sentences`)."""
    tr = extractor.extract_article(article, trace=True)
    texts = [s.text.strip() for d in tr.docs for s in d.sents]
    by_sent: dict[int, SentenceView] = {}
    if all_sentences:
        by_sent = {i: SentenceView(i, t) for i, t in enumerate(texts)}
    rows = [(c, "event") for c in tr.kept] + [(c, "merged" if not c.dropped else "dropped") for c in tr.dropped]
    for c, outcome in sorted(rows, key=lambda r: (r[0].sent_index, r[0].trigger.i)):
        sv = by_sent.setdefault(c.sent_index, SentenceView(c.sent_index, texts[c.sent_index] if c.sent_index < len(texts)
                                                           else c.trigger.sent.text.strip()))
        sv.candidates.append(_view(c, outcome))
    for r in tr.rejected:
        sv = by_sent.setdefault(r.sent_index, SentenceView(r.sent_index, texts[r.sent_index] if r.sent_index < len(texts) else ""))
        sv.rejected.append({"trigger": r.trigger, "stage": r.stage, "rule": r.rule, "why": r.why})
    return Explanation(article.title, article.published.isoformat() if article.published else None, tr.stopped,
                       [by_sent[i] for i in sorted(by_sent)])


def explain(extractor, text: str, published: date | str | None = None, title: str | None = None,
            all_sentences: bool = False) -> Explanation:
    """`explain_article` for a text, cleaned as an ingested file would be."""
    return explain_article(extractor, extractor.article_of(text, published, title), all_sentences)


def _decision_line(d: dict) -> str:
    why = f": {d['why']}" if d.get("why") else ""
    return f"{d['stage']:<14} {d['decision']:<9} {d['rule']}{why}"


def render_plain(ex: Explanation) -> str:
    lines = [f"{ex.title or '(untitled)'}  published {ex.published or 'unknown'}"]
    for g in ex.gate:
        lines.append(f"gate: {g}")
    if not ex.sentences and not ex.gate:
        lines.append("no candidate acts")
    for sv in ex.sentences:
        lines.append("")
        lines.append(f"[{sv.index}] {sv.text}")
        for cv in sv.candidates:
            head = f"  {cv.type} ({cv.status}) at {cv.trigger!r}: {cv.outcome.upper()}"
            if cv.by is not None:
                head += f" by {cv.by['stage']}/{cv.by['rule']}"
            lines.append(head)
            for d in cv.trail:
                lines.append("      " + _decision_line(d))
        for r in sv.rejected:
            lines.append(f"  not a candidate: {r['trigger']!r} by {r['stage']}/{r['rule']}: {r['why']}")
    return "\n".join(lines)


def render_rich(ex: Explanation, console) -> None:
    """The same as render_plain, coloured (events green, dropped red, merged yellow)."""
    from rich.markup import escape

    colour = {"event": "green", "dropped": "red", "merged": "yellow"}
    console.print(f"[bold]{escape(ex.title or '(untitled)')}[/bold]  published {ex.published or 'unknown'}")
    for g in ex.gate:
        console.print(f"[red]gate:[/red] {escape(g)}", highlight=False)
    if not ex.sentences and not ex.gate:
        console.print("no candidate acts")
    for sv in ex.sentences:
        console.print(f"\n[dim][{sv.index}][/dim] {escape(sv.text)}", highlight=False)
        for cv in sv.candidates:
            by = f" by [bold]{cv.by['stage']}/{cv.by['rule']}[/bold]" if cv.by is not None else ""
            console.print(f"  [cyan]{cv.type}[/cyan] ({cv.status}) at {escape(repr(cv.trigger))}: "
                          f"[{colour[cv.outcome]}]{cv.outcome.upper()}[/{colour[cv.outcome]}]{by}", highlight=False)
            for d in cv.trail:
                console.print("      [dim]" + escape(_decision_line(d)) + "[/dim]", highlight=False)
        for r in sv.rejected:
            console.print(f"  [dim]not a candidate: {escape(repr(r['trigger']))} by {r['stage']}/{r['rule']}: "
                          f"{escape(r['why'])}[/dim]", highlight=False)
