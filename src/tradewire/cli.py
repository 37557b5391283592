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
    trace: bool = typer.Option(False, "--trace", help="With json/jsonl: each event's decision trail."),
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
        docs = [{"article": article_dict(a), "events": [event_dict(e) | ({"trail": e.trail} if trace else {}) for e in evs]}
                for a, evs in results]
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
    from tradewire.record import after_ingest
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
                after_ingest(store, item, console=None if quiet else out)
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


# -- the record (README "Record"): duplicates, canonical events, timelines, tension, agreements ----

def _record_store(db: str):
    """Open an existing store and bring its record up to date (fuses events stored since)."""
    if "://" not in db and not Path(db).exists():
        _fail(f"{db}: no such database")
    from tradewire.record import ensure_current
    from tradewire.store import open_store

    store = open_store(db)
    ensure_current(store)
    return store


def _iso3(value: str, what: str = "country") -> str:
    v = value.strip().upper()
    if len(v) != 3 or not v.isalpha():
        raise typer.BadParameter(f"{what} must be an ISO 3166-1 alpha-3 code such as USA or KOR, not {value!r}")
    return v


def _write_lines(lines: list[str]) -> None:
    """Plain text out (no markup; much faster than printing line by line through rich)."""
    sys.stdout.write("".join(f"{line}\n" for line in lines))


def _choice(value: str, allowed: tuple[str, ...], option: str = "--format") -> str:
    if value not in allowed:
        _fail(f"unknown {option} {value!r} (choose {', '.join(allowed[:-1])} or {allowed[-1]})")
    return value


def _query_out(db: str, query, render, format: str) -> None:
    """Run a read-only query on the (up-to-date) record and print it as text or JSON."""
    store = _record_store(db)
    with store.engine.connect() as conn:
        result = query(conn)
    if format == "json":
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2, default=str) + "\n")
    else:
        _write_lines(render(result))


def _emit_series(result: dict, module, plot: Path | None, format: str) -> None:
    """A daily or monthly series out: optional PNG chart, then text, CSV or JSON."""
    if plot is not None:
        module.plot(result, str(plot))
        err.print(f"plot written to {escape(str(plot))}", highlight=False)
    if format == "csv":
        sys.stdout.write(module.to_csv(result))
    elif format == "json":
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    else:
        _write_lines(module.render_text(result))


@app.command()
def record(
    db: str = typer.Option(DEFAULT_DB, "--db", help="SQLite file or database URL."),
    rebuild: bool = typer.Option(False, "--rebuild", help="Forget the canonical events and fuse the whole store again."),
) -> None:
    """Bring the record up to date (duplicates, canonical events, agreements) and print its size."""
    from sqlalchemy import func, select

    from tradewire.record import rebuild_record
    from tradewire.store import schema

    store = _record_store(db)
    if rebuild:
        res = rebuild_record(store)
        out.print(f"rebuilt: {res.blocks} block(s) fused", highlight=False)
    with store.engine.connect() as conn:
        n = {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
             for t in (schema.articles, schema.article_sources, schema.events, schema.canonical_events, schema.agreements)}
    out.print(f"{n['articles']} articles, {n['article_sources']} copies kept as sources, {n['events']} events, "
              f"{n['canonical_events']} canonical events, {n['agreements']} agreements -> {db}", highlight=False)


@app.command()
def timeline(
    country_a: str = typer.Argument(..., help="ISO3 code of one side, e.g. USA."),
    country_b: str = typer.Argument(..., help="ISO3 code of the other side, e.g. KOR."),
    since: str | None = typer.Option(None, help="Only events on or after YYYY-MM-DD."),
    until: str | None = typer.Option(None, help="Only events on or before YYYY-MM-DD."),
    format: str = typer.Option("text", "--format", "-f", help="text | json"),
    db: str = typer.Option(DEFAULT_DB, "--db", help="SQLite file or database URL."),
    mentions: bool = typer.Option(False, "--mentions", help="json: include every mention with its evidence."),
) -> None:
    """Canonical events of a country pair in date order, with their sources; undated ones apart."""
    _choice(format, ("text", "json"))
    a, b = _iso3(country_a), _iso3(country_b)
    since_d = _published(since, "--since") if since else None
    until_d = _published(until, "--until") if until else None
    from tradewire.record.timeline import render_text
    from tradewire.record.timeline import timeline as build_timeline

    _query_out(db, lambda conn: build_timeline(conn, a, b, since_d, until_d, with_mentions=mentions), render_text, format)


@app.command()
def threads(
    country_a: str | None = typer.Argument(None, help="ISO3 code of one side (optional)."),
    country_b: str | None = typer.Argument(None, help="ISO3 code of the other side."),
    gap: int = typer.Option(45, "--gap", help="Days of silence that end a storyline."),
    format: str = typer.Option("text", "--format", "-f", help="text | json"),
    db: str = typer.Option(DEFAULT_DB, "--db", help="SQLite file or database URL."),
) -> None:
    """Story threads: canonical events grouped into storylines per country pair, with titles."""
    _choice(format, ("text", "json"))
    if (country_a is None) != (country_b is None):
        _fail("give both countries of the pair, or none")
    a = _iso3(country_a) if country_a else None
    b = _iso3(country_b) if country_b else None
    from tradewire.record.threads import render_text
    from tradewire.record.threads import threads as build_threads

    _query_out(db, lambda conn: build_threads(conn, a, b, gap_days=gap), render_text, format)


@app.command()
def tension(
    country_a: str = typer.Argument(..., help="ISO3 code of one side, e.g. USA."),
    country_b: str = typer.Argument(..., help="ISO3 code of the other side, e.g. KOR."),
    plot: Path | None = typer.Option(None, "--plot", help="Draw the index to this PNG file."),
    format: str = typer.Option("text", "--format", "-f", help="text | csv | json"),
    since: str | None = typer.Option(None, help="From YYYY-MM-DD."),
    until: str | None = typer.Option(None, help="Until YYYY-MM-DD."),
    halflife: float = typer.Option(7.0, help="Half-life of the trend (EWMA), in days."),
    db: str = typer.Option(DEFAULT_DB, "--db", help="SQLite file or database URL."),
) -> None:
    """Daily cooperation-conflict score of a country pair, its trend, and the events behind each day."""
    _choice(format, ("text", "csv", "json"))
    a, b = _iso3(country_a), _iso3(country_b)
    if halflife <= 0:
        raise typer.BadParameter("--halflife must be positive")
    since_d = _published(since, "--since") if since else None
    until_d = _published(until, "--until") if until else None
    from tradewire.record import tension as tn

    store = _record_store(db)
    with store.engine.connect() as conn:
        t = tn.tension(conn, a, b, since_d, until_d, halflife)
    _emit_series(t, tn, plot, format)


@app.command()
def agreements(
    country: str | None = typer.Option(None, "--country", help="Only agreements with this ISO3 party."),
    format: str = typer.Option("text", "--format", "-f", help="text | json"),
    db: str = typer.Option(DEFAULT_DB, "--db", help="SQLite file or database URL."),
) -> None:
    """Trade agreements found in the record, with their current status."""
    _choice(format, ("text", "json"))
    c = _iso3(country) if country else None
    from tradewire.record.agreements import list_agreements

    store = _record_store(db)
    with store.engine.connect() as conn:
        rows = list_agreements(conn, c)
    if format == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2, default=str) + "\n")
        return
    if not rows:
        _write_lines(["no agreements" + (f" with {c}" if c else "")])
    _write_lines([f"{r['id']:>4}  {r['status']:<10} {r['title']}" for r in rows])


@app.command()
def agreement(
    agreement_id: int = typer.Argument(..., help="Agreement id (see `tradewire agreements`)."),
    format: str = typer.Option("text", "--format", "-f", help="text | json"),
    db: str = typer.Option(DEFAULT_DB, "--db", help="SQLite file or database URL."),
) -> None:
    """One agreement: parties, date reached, terms and status history with the events behind each change."""
    _choice(format, ("text", "json"))
    from tradewire.record.agreements import get_agreement

    store = _record_store(db)
    with store.engine.connect() as conn:
        a = get_agreement(conn, agreement_id)
    if a is None:
        _fail(f"no agreement {agreement_id} (see `tradewire agreements`)", 1)
    if format == "json":
        sys.stdout.write(json.dumps(a, ensure_ascii=False, indent=2, default=str) + "\n")
        return
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
    _write_lines(lines)


@app.command()
def tpu(
    country: str | None = typer.Option(None, "--country", help="Only articles naming this ISO3 country."),
    plot: Path | None = typer.Option(None, "--plot", help="Draw the monthly index to this PNG file."),
    format: str = typer.Option("text", "--format", "-f", help="text | csv | json"),
    unique: bool = typer.Option(False, "--unique", help="Count each text once (not its stored copies)."),
    db: str = typer.Option(DEFAULT_DB, "--db", help="SQLite file or database URL."),
) -> None:
    """Trade-policy uncertainty news count: monthly share of articles with a trade-policy and an uncertainty term."""
    _choice(format, ("text", "csv", "json"))
    c = _iso3(country) if country else None
    from tradewire.record import tpu as tp

    store = _record_store(db)
    try:
        with store.engine.connect() as conn:
            t = tp.tpu(conn, c, unique)
    except ValueError as exc:
        _fail(str(exc))
    _emit_series(t, tp, plot, format)


@app.command()
def export(
    what: str = typer.Argument(..., help="events | canonical | agreements"),
    format: str = typer.Option("csv", "--format", "-f", help="csv | jsonl | parquet"),
    out_path: str = typer.Option(..., "--out", "-o", help="Output file (- for standard output: csv and jsonl)."),
    db: str = typer.Option(DEFAULT_DB, "--db", help="SQLite file or database URL."),
) -> None:
    """Export stored events, canonical events or agreements (columns: docs/EXPORTS.md)."""
    from tradewire.record import export as ex

    _choice(what, ex.KINDS, "table")
    _choice(format, ("csv", "jsonl", "parquet"))
    if out_path == "-" and format == "parquet":
        _fail("parquet needs a file: give --out PATH")
    store = _record_store(db)
    with store.engine.connect() as conn:
        tbl = ex.table(conn, what)
    if out_path == "-":
        n = ex.write(tbl, format, sys.stdout.buffer)
        sys.stdout.flush()
    else:
        n = ex.write(tbl, format, out_path)
    err.print(f"{n} {what} row(s) -> {escape(out_path)}", highlight=False)


@app.command()
def explain(
    file: str = typer.Argument(..., help="A file to explain, or - for standard input."),
    published: str | None = typer.Option(None, help="Publication date YYYY-MM-DD (overrides the file's)."),
    format: str = typer.Option("text", "--format", "-f", help="text | json"),
    all_sentences: bool = typer.Option(False, "--all", help="Also list sentences with no candidate act."),
    actors: list[Path] = typer.Option([], "--actors", help="Extra actor file(s) in the KB format."),
) -> None:
    """Why each event was or was not produced: sentence by sentence, every candidate act and the
    decisions of each stage about it (for a dropped one, the stage and rule that dropped it)."""
    from tradewire.extract.explain import explain_article, render_plain, render_rich
    from tradewire.extract.pipeline import Extractor

    _choice(format, ("text", "json"))
    pub = _published(published)
    extractor = Extractor(tuple(str(a) for a in actors))
    failures = 0
    for item in _read_all([file], DEFAULT_MAX_BYTES, pub):
        if isinstance(item, IngestError):
            err.print(f"[red]error:[/red] {escape(str(item))}", highlight=False)
            failures += 1
            continue
        ex = explain_article(extractor, item, all_sentences)
        if format == "json":
            sys.stdout.write(json.dumps(ex.as_dict(), ensure_ascii=False, indent=2) + "\n")
        elif out.is_terminal:
            render_rich(ex, out)
        else:
            sys.stdout.write(render_plain(ex) + "\n")
    if failures:
        raise typer.Exit(1)


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
