"""Run the extractor over a gold file's articles and report the EVENTS.md figures."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tradewire.evaluate.scorer import Score, score_articles
from tradewire.read.clean import clean
from tradewire.read.readers import IngestError, parse_date, read_path


def load_gold(path: Path) -> list[dict]:
    rows = []
    for i, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise IngestError(str(path), f"gold line is not valid JSON ({exc.msg})", i) from None
        if not isinstance(rec, dict) or "id" not in rec:
            raise IngestError(str(path), "gold line has no 'id'" if isinstance(rec, dict) else "gold line is not an object", i)
        try:
            parse_date(rec.get("published"))
        except ValueError as exc:
            raise IngestError(str(path), str(exc), i) from None
        rows.append(rec)
    return rows


def run_eval(gold_path: Path, texts: Path, actor_files: tuple[str, ...] = (), model: str | Path | None = None,
             rules_only: bool = False) -> tuple[Score, Callable[[bool], list[str]]]:
    """Score the extractor on a gold file; `rules_only`: without the learned layer (the figure
    to quote for sets the shipped model was trained on)."""
    from tradewire.extract.pipeline import Extractor
    from tradewire.extract.pipeline import rules_only as rules_pipeline

    gold = load_gold(gold_path)
    articles = []
    for rec in gold:
        txt = texts / f"{rec['id']}.txt"
        if not txt.exists():
            raise IngestError(str(txt), "text of gold article not found")
        docs = list(read_path(str(txt)))
        if isinstance(docs[0], IngestError):
            raise docs[0]
        raw = docs[0]
        raw.published = parse_date(rec.get("published"))  # checked by load_gold
        raw.id = rec["id"]
        articles.append(clean(raw))
    extractor = Extractor(actor_files, pipeline=rules_pipeline()) if rules_only else Extractor(actor_files, model=model)
    pairs = []
    from rich.console import Console
    from rich.progress import track

    # A bar on the terminal for long gold sets; silent when output is piped (CI, files).
    results = track(extractor.pipe(articles), total=len(articles), description="extracting",
                    console=Console(stderr=True), transient=True, disable=len(articles) <= 5)
    for (_article, events), rec in zip(results, gold, strict=True):
        preds = [e.model_dump(mode="json") for e in events]
        pairs.append((rec["id"], preds, rec.get("events") or [], rec.get("trade_related", True)))
    score = score_articles(pairs, extractor.kb)

    def report(details: bool) -> list[str]:
        lines = [f"articles: {len(gold)}  gold core events: {score.gold}  predicted: {score.predicted}  matched: {score.matched}"]
        lines.append(f"{'type':<12}{'gold':>6}{'pred':>6}{'match':>7}{'P':>7}{'R':>7}")
        for t in sorted(score.per_type):
            c = score.per_type[t]
            p = c["matched"] / c["predicted"] if c["predicted"] else 0.0
            r = c["matched"] / c["gold"] if c["gold"] else 0.0
            lines.append(f"{t:<12}{c['gold']:>6}{c['predicted']:>6}{c['matched']:>7}{p:>7.2f}{r:>7.2f}")
        acc = score.attr_accuracy()
        lines.append("attribute accuracy on matched events: " + "  ".join(
            f"{k}={v:.3f}" if v is not None else f"{k}=n/a" for k, v in acc.items()))
        lines.append(f"events on non-trade articles: {score.non_trade_events}")
        if details:
            for d in score.details:
                ev = d["event"]
                sides = (" + ".join(f"{p.get('name')}({p.get('country')})" for p in ev.get("participants") or []) or
                         f"{(ev.get('source') or {}).get('name')}({(ev.get('source') or {}).get('country')}) -> "
                         f"{(ev.get('target') or {}).get('name')}({(ev.get('target') or {}).get('country')})")
                lines.append(f"  {d['kind']:<15} {d['article']:<14} {ev['type']:<11} {ev.get('date')} {ev.get('status')} {sides}")
                lines.append(f"      {(ev.get('evidence') or [''])[0][:160]}")
        lines.append(f"F1={score.f1:.3f} P={score.precision:.3f} R={score.recall:.3f}")
        return lines

    return score, report
