"""The tradewire command line: thin typer commands that call the pipeline stages and print."""

from __future__ import annotations

import csv
import io
import json
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from tradewire.ingest.clean import clean
from tradewire.ingest.readers import DEFAULT_MAX_BYTES, IngestError, iter_paths, parse_date, read_path, read_stdin
from tradewire.models import Article, Event, RawDocument

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Turn trade-policy news into a structured, verifiable event record.")
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

DEFAULT_DB = "tradewire.db"


class ExtractFormat(StrEnum):
    text = "text"
    json = "json"
    jsonl = "jsonl"


class TableFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def _published(value: str | None, option: str = "--published") -> date | None:
    try:
        return parse_date(value, option)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


def _fail(msg: str, code: int = 2) -> None:
    err.print(f"[red]error:[/red] {escape(msg)}", highlight=False)
    raise typer.Exit(code)


def _read_all(paths: list[str], max_bytes: int, published: date | None):
    """Yield Articles and IngestErrors for every input; warnings are printed as they come."""
    for path, problem in iter_paths(paths):
        if problem is not None:
            yield problem
            continue
        try:
            docs = read_stdin(max_bytes) if path == "-" else read_path(path, max_bytes)
            for item in docs:
                if isinstance(item, IngestError):
                    yield item
                    continue
                for w in item.warnings:
                    err.print(f"[yellow]warning:[/yellow] {escape(w)}", highlight=False)
                yield _to_article(item, published)
        except IngestError as exc:
            yield exc


def _to_article(raw: RawDocument, published: date | None) -> Article:
    article = clean(raw)
    if published is not None:
        article.published = published
    return article


def _progress(total: int) -> Progress:
    return Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=err, transient=True, disable=total <= 5 or not err.is_terminal)


def _count_inputs(paths: list[str]) -> int:
    return sum(1 for _ in iter_paths(paths))


def event_dict(ev: Event) -> dict:
    return ev.model_dump(mode="json")


def article_dict(a: Article) -> dict:
    return {"id": a.id, "title": a.title, "url": a.url, "outlet": a.outlet,
            "published": a.published.isoformat() if a.published else None, "path": a.path,
            "byline": a.byline, "dateline": a.dateline,
            "removed": [r.model_dump() for r in a.removed]}


def _print_text(article: Article, events: list[Event]) -> None:
    out.print(f"[bold]{escape(article.title or article.id)}[/bold]  ({escape(str(article.path))}, published {article.published or 'unknown'})")
    for r in article.removed:
        out.print(f"  [dim]removed {r.kind}: {escape(r.text)}[/dim]", highlight=False)
    if not events:
        out.print("  no trade-policy events")
    for ev in events:
        if ev.participants:
            sides = " + ".join(f"{p.name} ({p.country})" for p in ev.participants)
        else:
            src = f"{ev.source.name} ({ev.source.country})" if ev.source else "?"
            tgt = f"{ev.target.name} ({ev.target.country})" if ev.target else "-"
            sides = f"{src} -> {tgt}"
        extra = []
        if ev.products:
            extra.append("goods: " + ", ".join(ev.products))
        if ev.rate_to is not None:
            extra.append(f"rate: {ev.rate_from if ev.rate_from is not None else ''}->{ev.rate_to}%")
        if ev.amount_usd:
            extra.append(f"${ev.amount_usd:,.0f}")
        out.print(f"  [cyan]{ev.type:<11}[/cyan] {ev.date or 'undated':<10} {ev.status:<12} {sides}"
                  + (f"  [{'; '.join(extra)}]" if extra else ""), highlight=False)


@app.command()
def extract(
    files: list[str] = typer.Argument(..., help="Files or directories to read, or - for standard input."),
    published: str | None = typer.Option(None, help="Publication date YYYY-MM-DD (overrides the file's)."),
    format: str = typer.Option("text", "--format", "-f", help="text | json | jsonl"),
    min_confidence: float = typer.Option(0.0, help="Drop events below this confidence (0-1)."),
    actors: list[Path] = typer.Option([], "--actors", help="Extra actor file(s) in the KB format."),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, help="Refuse files larger than this."),
) -> None:
    """Print the events of articles (no database)."""
    if format not in {f.value for f in ExtractFormat}:
        _fail(f"unknown --format {format!r} (choose text, json or jsonl)")
    pub = _published(published)
    from tradewire.extract.pipeline import Extractor, filter_confidence

    extractor = Extractor(tuple(str(a) for a in actors))
    failures = 0
    results = []
    for item in _read_all(files, max_bytes, pub):
        if isinstance(item, IngestError):
            err.print(f"[red]error:[/red] {escape(str(item))}", highlight=False)
            failures += 1
            continue
        events = filter_confidence(extractor.extract(item), min_confidence)
        results.append((item, events))
    if format == "text":
        for a, evs in results:
            _print_text(a, evs)
    else:
        docs = [{"article": article_dict(a), "events": [event_dict(e) for e in evs]} for a, evs in results]
        if format == "json":
            sys.stdout.write(json.dumps(docs[0] if len(docs) == 1 else docs, ensure_ascii=False, indent=2) + "\n")
        else:
            for d in docs:
                sys.stdout.write(json.dumps(d, ensure_ascii=False) + "\n")
    if failures:
        raise typer.Exit(1)


@app.command()
def ingest(
    paths: list[str] = typer.Argument(..., help="Files or directories to ingest, or - for standard input."),
    db: str = typer.Option(DEFAULT_DB, "--db", help="SQLite file or database URL."),
    published: str | None = typer.Option(None, help="Publication date YYYY-MM-DD for all inputs."),
    actors: list[Path] = typer.Option([], "--actors", help="Extra actor file(s) in the KB format."),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, help="Refuse files larger than this."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only print the summary."),
) -> None:
    """Read articles, extract their events and store both (one transaction per article)."""
    pub = _published(published)
    from tradewire.extract.pipeline import Extractor
    from tradewire.store import open_store

    store = open_store(db)
    extractor = Extractor(tuple(str(a) for a in actors))
    stored = skipped = failed = n_events = 0
    total = _count_inputs(paths)
    with _progress(total) as progress:
        task = progress.add_task("ingesting", total=total)
        last_path = None
        for item in _read_all(paths, max_bytes, pub):
            if isinstance(item, IngestError):
                err.print(f"[red]error:[/red] {escape(str(item))}", highlight=False)
                failed += 1
                path = item.path
            else:
                path = (item.path or "").rsplit(":", 1)[0] if item.path and item.path.count(":") and item.path.rsplit(":", 1)[1].isdigit() else item.path
                if store.find_article(item.content_hash) is not None:
                    skipped += 1
                    if not quiet:
                        out.print(escape(f"{item.path}: already stored"), highlight=False)
                else:
                    events = extractor.extract(item)
                    res = store.save(item, events)
                    if res.created:
                        stored += 1
                        n_events += res.n_events
                        if not quiet:
                            out.print(escape(f"{item.path}: stored, {res.n_events} event(s)"), highlight=False)
                    else:
                        skipped += 1
            if path != last_path:
                progress.advance(task)
                last_path = path
    out.print(f"[bold]{stored} stored[/bold], {skipped} already stored, {failed} failed, {n_events} events -> {db}",
              highlight=False)
    if failed:
        raise typer.Exit(1)


@app.command()
def events(
    db: str = typer.Option(DEFAULT_DB, "--db", help="SQLite file or database URL."),
    country: str | None = typer.Option(None, help="Only events involving this ISO3 country."),
    type: str | None = typer.Option(None, "--type", help="Only this event type (e.g. THREATEN)."),
    since: str | None = typer.Option(None, help="Only events dated on or after YYYY-MM-DD."),
    format: str = typer.Option("table", "--format", "-f", help="table | json | csv"),
    limit: int | None = typer.Option(None, help="At most this many events."),
) -> None:
    """List stored events."""
    if format not in {f.value for f in TableFormat}:
        _fail(f"unknown --format {format!r} (choose table, json or csv)")
    since_d = _published(since, "--since") if since else None
    if db != DEFAULT_DB and "://" not in db and not Path(db).exists():
        _fail(f"{db}: no such database")
    from tradewire.store import open_store

    rows = open_store(db).events(country=country, type_=type, since=since_d, limit=limit)
    if format == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    flat = []
    for r in rows:
        sides = (" + ".join(f"{p['name']} ({p['country']})" for p in r["participants"]) if r["participants"] else
                 f"{r['source']['name'] + ' (' + str(r['source']['country']) + ')' if r['source'] else '?'} -> "
                 f"{r['target']['name'] + ' (' + str(r['target']['country']) + ')' if r['target'] else '-'}")
        flat.append({"id": r["id"], "date": r["date"] or "", "type": r["type"], "status": r["status"], "sides": sides,
                     "measure": r["measure"] or "", "products": "; ".join(r["products"]),
                     "rate_to": "" if r["rate_to"] is None else r["rate_to"],
                     "amount_usd": "" if r["amount_usd"] is None else r["amount_usd"],
                     "outlet": r["outlet"] or "", "article": r["article"], "confidence": r["confidence"]})
    if format == "csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=list(flat[0]) if flat else ["id"])
        w.writeheader()
        w.writerows(flat)
        sys.stdout.write(buf.getvalue())
        return
    table = Table(title=f"{len(flat)} events")
    for col in ("date", "type", "status", "sides", "measure", "products", "article"):
        table.add_column(col)
    for f in flat:
        table.add_row(*(str(f[c]) for c in ("date", "type", "status", "sides", "measure", "products", "article")))
    out.print(table)


@app.command(name="eval")
def eval_(
    gold: Path = typer.Option(..., "--gold", help="Gold JSONL (EVENTS.md format)."),
    texts: Path | None = typer.Option(None, "--texts", help="Folder of <id>.txt (default: beside the gold file)."),
    details: bool = typer.Option(False, "--details", help="List misses and false positives."),
    actors: list[Path] = typer.Option([], "--actors", help="Extra actor file(s)."),
) -> None:
    """Score the extractor against gold annotations (strict P/R/F1 of EVENTS.md)."""
    from tradewire.evaluate.runner import run_eval

    if not gold.exists():
        _fail(f"{gold}: no such gold file")
    try:
        score, report = run_eval(gold, texts or gold.parent, tuple(str(a) for a in actors))
    except (IngestError, ValueError) as exc:
        _fail(str(exc))
    for line in report(details):
        out.print(line, highlight=False)


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
