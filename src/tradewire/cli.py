"""The tradewire command line: it parses options, calls the library and renders (tradewire.render).

No SQL and no ingest loop here: the flow is `tradewire.flow`, the queries live in `tradewire.record`
and the store. Options used by several commands are defined once below (`Db`, `Since`, `Until`,
`CountryArg`, `CountryOpt`, `Actors`, `MaxBytes`, `Published`) so that new commands (explain,
serve, train) import them. Every error reaches the user as one line on stderr with exit code 1;
`--debug` (or TRADEWIRE_DEBUG=1) shows the traceback instead.
"""

from __future__ import annotations

import os
import sys
import traceback
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from typer.core import TyperGroup

from tradewire import __version__, render
from tradewire.errors import TradewireError
from tradewire.models import EVENT_TYPES
from tradewire.read.readers import DEFAULT_MAX_BYTES, parse_date

DEFAULT_DB = "tradewire.db"


class UserError(TradewireError):
    """A bad option value found after parsing (one line, exit 1)."""


# -- the application: one-line errors, --debug, flags shown as flags ----------------------------

_debug = {"on": False}   # set per run: TRADEWIRE_DEBUG, then the --debug option


def _debug_from_env() -> bool:
    return os.environ.get("TRADEWIRE_DEBUG", "") not in ("", "0")


def _hide_flag_types(params) -> None:
    """typer shows `<bool>` after flags, which reads as if `--quiet true` were the way to use them."""
    for p in params:
        if getattr(p, "is_flag", False):
            p.metavar = ""


_BOOL_WORDS = {"true", "false", "yes", "no", "on", "off", "1", "0"}


def _refusing_flag_values(cmd, parse_args):
    """`--quiet true`: a flag takes no value, and `true` must not become a path or an argument."""
    flags = {o for p in cmd.params if getattr(p, "is_flag", False) for o in p.opts}

    def parse(ctx, args):
        for flag, value in zip(args, args[1:], strict=False):
            if flag in flags and value.lower() in _BOOL_WORDS and not Path(value).exists():
                raise UserError(f"{flag} is a flag and takes no value: write {flag} alone, or leave it out")
        return parse_args(ctx, args)
    return parse


class TradewireGroup(TyperGroup):
    """The command group: every error becomes `error: <one line>` on stderr and exit code 1."""

    def get_command(self, ctx, name):
        cmd = super().get_command(ctx, name)
        if cmd is not None and not getattr(cmd, "_tradewire", False):
            _hide_flag_types([*cmd.params, cmd.get_help_option(ctx)])
            cmd.parse_args = _refusing_flag_values(cmd, cmd.parse_args)
            cmd._tradewire = True
        return cmd

    def get_params(self, ctx):
        params = super().get_params(ctx)
        _hide_flag_types(params)
        return params

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        from typer._click.exceptions import ClickException, NoArgsIsHelpError

        _debug["on"] = _debug_from_env()
        try:
            rc = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except typer.Exit as exc:
            rc = exc.exit_code
        except NoArgsIsHelpError as exc:  # `tradewire` alone: the help, as click does
            exc.show()
            rc = 2
        except ClickException as exc:  # usage errors, bad option values
            hint = f" (see '{exc.ctx.command_path} --help')" if getattr(exc, "ctx", None) is not None else ""
            _error_line(exc.format_message() + hint)
            rc = 1
        except TradewireError as exc:
            if _debug["on"]:
                traceback.print_exc()
            _error_line(str(exc))
            rc = 1
        except (typer.Abort, KeyboardInterrupt):
            _error_line("interrupted")
            rc = 130
        except BrokenPipeError:  # `tradewire events | head`: the reader left, nothing to report
            rc = 0
        except Exception as exc:  # a bug: one line unless --debug
            if _debug["on"]:
                traceback.print_exc()
            else:
                _error_line(f"unexpected {type(exc).__name__}: {exc} (a bug: run with --debug for the traceback)")
            rc = 1
        if not standalone_mode:
            return rc
        sys.exit(rc if isinstance(rc, int) else 0)


def _error_line(msg: str) -> None:
    sys.stderr.write("error: " + " ".join(str(msg).split()) + "\n")


def _warning_line(msg: str) -> None:
    sys.stderr.write("warning: " + " ".join(str(msg).split()) + "\n")


app = typer.Typer(name="tradewire", cls=TradewireGroup, add_completion=False, no_args_is_help=True,
                  help="Turn trade-policy news into a structured, verifiable event record.\n\n"
                       "Example: tradewire ingest examples/ --db tradewire.db && tradewire events --db tradewire.db")


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"tradewire {__version__}\n")
        raise typer.Exit()


@app.callback()
def _main(
    debug: Annotated[bool, typer.Option("--debug", envvar="TRADEWIRE_DEBUG",
                                        help="Show tracebacks (also TRADEWIRE_DEBUG=1).")] = False,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Turn trade-policy news into a structured, verifiable event record.

    Example: tradewire ingest examples/ && tradewire events --country KOR
    """
    _debug["on"] = debug or _debug_from_env()


# -- shared option definitions ------------------------------------------------------------------

def _date_value(value: str | None, option: str) -> date | None:
    try:
        return parse_date(value, option)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


def _iso_date(option: str):
    def parse(value: str | None) -> date | None:
        return _date_value(value, option)
    return parse


def _countries() -> dict[str, dict]:
    from tradewire.data import load_data

    return {c["iso3"]: c for c in load_data("actors/countries.yaml")}


def country_code(value: str | None) -> str | None:
    """An ISO 3166-1 alpha-3 code of the knowledge base (or EUR), upper-cased; else a one-line error.

    Names are not accepted (a code is unambiguous), but the error says which code a name means."""
    if value is None:
        return None
    v = value.strip().upper()
    known = _countries()
    if v in known:
        return v
    folded = value.strip().casefold()
    meant = sorted(code for code, c in known.items()
                   if folded in {n.casefold() for n in [c["name"], *(c.get("names") or [])]})
    hint = f"; {value!r} is {' or '.join(meant)}" if meant else ""
    raise typer.BadParameter(f"unknown country {value!r}: give an ISO 3166-1 alpha-3 code such as USA or KOR{hint}")


def event_type(value: str | None) -> str | None:
    if value is None:
        return None
    v = value.strip().upper()
    if v not in EVENT_TYPES:
        raise typer.BadParameter(f"unknown event type {value!r} (one of {', '.join(EVENT_TYPES)})")
    return v


Db = Annotated[str, typer.Option("--db", help="SQLite file or database URL (postgresql://...).")]
Since = Annotated[date | None, typer.Option("--since", parser=_iso_date("--since"), metavar="YYYY-MM-DD",
                                            help="From this date on.")]
Until = Annotated[date | None, typer.Option("--until", parser=_iso_date("--until"), metavar="YYYY-MM-DD",
                                            help="Up to this date.")]
Published = Annotated[date | None, typer.Option("--published", parser=_iso_date("--published"), metavar="YYYY-MM-DD",
                                                help="Publication date for all inputs (overrides the file's).")]
CountryArg = Annotated[str, typer.Argument(parser=country_code, help="ISO3 country code, e.g. USA.")]
CountryOpt = Annotated[str | None, typer.Option("--country", parser=country_code, metavar="ISO3",
                                                help="Only this ISO3 country, e.g. KOR.")]
Actors = Annotated[list[Path], typer.Option("--actors", help="Extra actor file(s) in the knowledge-base format.")]
Model = Annotated[Path | None, typer.Option("--model", metavar="DIR",
                                            help="Re-score events with the learned layer: 'shipped' (the packaged model) or a folder from `tradewire train`.")]
MaxBytes = Annotated[int, typer.Option("--max-bytes", min=1, help="Refuse inputs larger than this many bytes.")]
Limit = Annotated[int | None, typer.Option("--limit", min=1, help="At most this many rows.")]


def _formats(name: str, *values: str) -> type[StrEnum]:
    """A --format choice list (typer lists the choices in --help and refuses others)."""
    return StrEnum(name, {v: v for v in values})


ExtractFormat = _formats("ExtractFormat", "text", "json", "jsonl")
TableFormat = _formats("TableFormat", "table", "json", "jsonl", "csv")
TextFormat = _formats("TextFormat", "text", "json")
SeriesFormat = _formats("SeriesFormat", "text", "csv", "json")
ExportFormat = _formats("ExportFormat", "csv", "jsonl", "parquet")
ExportKind = _formats("ExportKind", "events", "canonical", "agreements")


def _format_option():
    return typer.Option("--format", "-f", help="Output format.", case_sensitive=False)


def open_db(db: str):
    """An existing store, its record brought up to date (a read command never creates a database)."""
    from tradewire.flow import open_store
    from tradewire.record import ensure_current

    store = open_store(db, create=False)
    ensure_current(store)
    return store


def output_path(path: Path | str, what: str) -> Path:
    """A file to write: its folder must exist (a typo in a folder should not create a tree)."""
    p = Path(path)
    if not p.parent.is_dir():
        raise UserError(f"{what} {p}: folder {p.parent} does not exist")
    return p


def write_atomically(path: Path, write) -> None:
    """`write(tmp_path)` then rename over `path`: an interrupted run leaves no half-written file."""
    tmp = path.with_name(f".{path.stem}.partial{path.suffix}")
    try:
        write(str(tmp))
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


# -- extraction and ingest ----------------------------------------------------------------------

@app.command()
def extract(
    files: Annotated[list[str], typer.Argument(help="Files or directories to read, or - for standard input.")],
    published: Published = None,
    format: Annotated[ExtractFormat, _format_option()] = "text",
    min_confidence: Annotated[float, typer.Option(min=0.0, max=1.0, help="Drop events below this confidence.")] = 0.0,
    actors: Actors = [],  # noqa: B006 (typer reads the default; never mutated)
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
    trace: Annotated[bool, typer.Option("--trace", help="With json/jsonl: each event's decision trail.")] = False,
    model: Model = None,
) -> None:
    """Print the events of articles (no database).

    Example: tradewire extract story.txt --published 2026-01-28 --format json
    """
    from tradewire.extract import filter_confidence
    from tradewire.flow import extract_sources

    failures = 0
    docs = []
    for item, events, warnings in extract_sources(files, published=published, max_bytes=max_bytes, actor_files=actors,
                                                     model=model):
        for w in warnings:
            _warning_line(w)
        if isinstance(item, TradewireError):
            _error_line(str(item))
            failures += 1
            continue
        events = filter_confidence(events, min_confidence)
        if format == "text":
            render.write_lines(render.extraction_text(item, events))
        elif format == "jsonl":
            render.write_jsonl([render.extraction_doc(item, events, trace=trace)])
        else:
            docs.append(render.extraction_doc(item, events, trace=trace))
    if format == "json":
        render.write_json(docs[0] if len(docs) == 1 else docs)
    if failures:
        raise typer.Exit(1)


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files or directories to ingest, or - for standard input.")],
    db: Db = DEFAULT_DB,
    published: Published = None,
    actors: Actors = [],  # noqa: B006
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only print the summary.")] = False,
    model: Model = None,
    workers: Annotated[int, typer.Option("--workers", min=0, help="Extract in N worker processes (0: in this process).")] = 0,
    scheduler: Annotated[str | None, typer.Option("--scheduler", metavar="tcp://HOST:8786",
                                                  help="Extract on a Dask distributed cluster.")] = None,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1,
                                            help="Articles parsed together and written per record update.")] = 32,
) -> None:
    """Read articles, extract their events and store both (one transaction per article, the record
    updated once per batch).

    Example: tradewire ingest examples/ more-news/ --db tradewire.db
    """
    from rich.console import Console

    from tradewire.batch.progress import IngestBar
    from tradewire.flow import check_actor_files, open_store
    from tradewire.flow import ingest as run_ingest

    check_actor_files(actors)  # before the store: a bad --actors file creates no database
    store = open_store(db)
    with IngestBar(paths, Console(stderr=True)) as bar:   # counts articles (a JSONL file holds many)

        def show(item) -> None:
            for w in item.warnings:
                _warning_line(w)
            if item.status == "failed":
                _error_line(item.error or item.path)
            elif not quiet:
                msg = f"stored, {len(item.events)} event(s)" if item.status == "stored" else item.note
                render.write_lines([f"{item.path}: {msg}"])
            bar.advance()

        if workers or scheduler:  # parallel: workers extract, this process writes (tradewire.batch)
            from tradewire.batch import ingest_batch

            if model is not None:
                raise UserError("--model works in this process only: leave out --workers/--scheduler")
            summary = ingest_batch(paths, store, workers=workers, scheduler=scheduler, published=published,
                                   max_bytes=max_bytes, batch_size=batch_size, actor_files=actors, on_item=show)
        else:
            summary = run_ingest(paths, store, published=published, max_bytes=max_bytes, actor_files=actors,
                                 model=model, batch_size=batch_size, on_item=show)
    render.write_lines([f"{summary.stored} stored, {summary.duplicates} already stored, {summary.failed} failed, "
                        f"{summary.n_events} events -> {db}"])
    if summary.failed:
        raise typer.Exit(1)


@app.command()
def events(
    db: Db = DEFAULT_DB,
    country: CountryOpt = None,
    type: Annotated[str | None, typer.Option("--type", parser=event_type, metavar="TYPE",
                                             help=f"Only this event type ({', '.join(EVENT_TYPES)}).")] = None,
    since: Since = None,
    format: Annotated[TableFormat, _format_option()] = "table",
    limit: Limit = None,
) -> None:
    """List stored events.

    Example: tradewire events --country KOR --type THREATEN --since 2026-01-01 --format csv
    """
    rows = open_db(db).events(country=country, type_=type, since=since, limit=limit)
    flat = [render.event_row(r) for r in rows]
    columns = render.EVENT_TABLE_COLUMNS if format == "table" else render.EVENT_COLUMNS
    render.emit(flat, format, columns, title=f"{len(flat)} events", json_rows=rows)


@app.command(name="eval")
def eval_(
    gold: Annotated[Path, typer.Option("--gold", help="Gold JSONL (EVENTS.md format).")],
    texts: Annotated[Path | None, typer.Option("--texts", help="Folder of <id>.txt (default: beside the gold file).")] = None,
    details: Annotated[bool, typer.Option("--details", help="List misses and false positives.")] = False,
    actors: Actors = [],  # noqa: B006
    model: Model = None,
    rules_only: Annotated[bool, typer.Option("--rules-only", help="Without the learned layer (the rules alone).")] = False,
) -> None:
    """Score the extractor against gold annotations (strict P/R/F1 of EVENTS.md).

    Example: tradewire eval --gold eval/dev/gold.jsonl --details
    """
    from tradewire.evaluate.runner import run_eval

    if not gold.exists():
        raise UserError(f"{gold}: no such gold file")
    if rules_only and model is not None:
        raise UserError("--rules-only and --model exclude each other")
    _score, report = run_eval(gold, texts or gold.parent, tuple(str(a) for a in actors), model, rules_only)
    render.write_lines(report(details))


# -- the record (README "Record"): duplicates, canonical events, timelines, tension, agreements ----

@app.command()
def record(
    db: Db = DEFAULT_DB,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Forget the canonical events and fuse the whole store again.")] = False,
) -> None:
    """Bring the record up to date (duplicates, canonical events, agreements) and print its size.

    Example: tradewire record --db tradewire.db --rebuild
    """
    from tradewire.record import rebuild_record
    from tradewire.record.query import record_size

    store = open_db(db)
    if rebuild:
        res = rebuild_record(store)
        render.write_lines([f"rebuilt: {res.blocks} block(s) fused"])
    with store.engine.connect() as conn:
        n = record_size(conn)
    render.write_lines([render.record_size_text(n, db)])


@app.command()
def timeline(
    country_a: CountryArg,
    country_b: CountryArg,
    since: Since = None,
    until: Until = None,
    format: Annotated[TextFormat, _format_option()] = "text",
    db: Db = DEFAULT_DB,
    mentions: Annotated[bool, typer.Option("--mentions", help="json: include every mention with its evidence.")] = False,
) -> None:
    """Canonical events of a country pair in date order, with their sources; undated ones apart.

    Example: tradewire timeline USA KOR --since 2026-01-01 --format json
    """
    from tradewire.record.timeline import render_text
    from tradewire.record.timeline import timeline as build_timeline

    with open_db(db).engine.connect() as conn:
        tl = build_timeline(conn, country_a, country_b, since, until, with_mentions=mentions)
    render.write_json(tl) if format == "json" else render.write_lines(render_text(tl))


@app.command()
def threads(
    country_a: Annotated[str | None, typer.Argument(parser=country_code, metavar="[ISO3]",
                                                    help="ISO3 code of one side (optional).")] = None,
    country_b: Annotated[str | None, typer.Argument(parser=country_code, metavar="[ISO3]",
                                                    help="ISO3 code of the other side.")] = None,
    gap: Annotated[int, typer.Option("--gap", min=1, help="Days of silence that end a storyline.")] = 45,
    format: Annotated[TextFormat, _format_option()] = "text",
    db: Db = DEFAULT_DB,
) -> None:
    """Story threads: canonical events grouped into storylines per country pair, with titles.

    Example: tradewire threads USA KOR --gap 30
    """
    if (country_a is None) != (country_b is None):
        raise UserError("give both countries of the pair, or none")
    from tradewire.record.threads import render_text
    from tradewire.record.threads import threads as build_threads

    with open_db(db).engine.connect() as conn:
        found = build_threads(conn, country_a, country_b, gap_days=gap)
    render.write_json(found) if format == "json" else render.write_lines(render_text(found))


def _emit_series(result: dict, module, plot: Path | None, format: str) -> None:
    """A daily or monthly series out: optional PNG chart, then text, CSV or JSON."""
    if plot is not None:
        write_atomically(plot, lambda tmp: module.plot(result, tmp))
        _note(f"plot written to {plot}")
    if format == "csv":
        sys.stdout.write(module.to_csv(result))
    elif format == "json":
        render.write_json(result)
    else:
        render.write_lines(module.render_text(result))


def _note(msg: str) -> None:
    sys.stderr.write(msg + "\n")


def _plot_path(value: Path | None) -> Path | None:
    return None if value is None else output_path(value, "--plot")


Plot = Annotated[Path | None, typer.Option("--plot", help="Draw the index to this PNG file (its folder must exist).")]


@app.command()
def tension(
    country_a: CountryArg,
    country_b: CountryArg,
    plot: Plot = None,
    format: Annotated[SeriesFormat, _format_option()] = "text",
    since: Since = None,
    until: Until = None,
    halflife: Annotated[float, typer.Option(min=0.01, help="Half-life of the trend (EWMA), in days.")] = 7.0,
    db: Db = DEFAULT_DB,
) -> None:
    """Daily cooperation-conflict score of a country pair, its trend, and the events behind each day.

    Example: tradewire tension USA KOR --since 2026-01-01 --plot tension.png
    """
    from tradewire.record import tension as tn

    plot = _plot_path(plot)
    with open_db(db).engine.connect() as conn:
        t = tn.tension(conn, country_a, country_b, since, until, halflife)
    _emit_series(t, tn, plot, format)


@app.command()
def agreements(
    country: Annotated[str | None, typer.Option("--country", parser=country_code, metavar="ISO3",
                                                help="Only agreements with this ISO3 party.")] = None,
    format: Annotated[TextFormat, _format_option()] = "text",
    db: Db = DEFAULT_DB,
) -> None:
    """Trade agreements found in the record, with their current status.

    Example: tradewire agreements --country KOR
    """
    from tradewire.record.agreements import list_agreements

    with open_db(db).engine.connect() as conn:
        rows = list_agreements(conn, country)
    render.write_json(rows) if format == "json" else render.write_lines(render.agreements_text(rows, country))


@app.command()
def agreement(
    agreement_id: Annotated[int, typer.Argument(help="Agreement id (see `tradewire agreements`).")],
    format: Annotated[TextFormat, _format_option()] = "text",
    db: Db = DEFAULT_DB,
) -> None:
    """One agreement: parties, date reached, terms and status history with the events behind each change.

    Example: tradewire agreement 1 --format json
    """
    from tradewire.record.agreements import get_agreement

    with open_db(db).engine.connect() as conn:
        a = get_agreement(conn, agreement_id)
    if a is None:
        raise UserError(f"no agreement {agreement_id} (see `tradewire agreements`)")
    render.write_json(a) if format == "json" else render.write_lines(render.agreement_text(a))


@app.command()
def tpu(
    country: Annotated[str | None, typer.Option("--country", parser=country_code, metavar="ISO3",
                                                help="Only articles naming this ISO3 country.")] = None,
    plot: Plot = None,
    format: Annotated[SeriesFormat, _format_option()] = "text",
    unique: Annotated[bool, typer.Option("--unique", help="Count each text once (not its stored copies).")] = False,
    db: Db = DEFAULT_DB,
) -> None:
    """Trade-policy uncertainty news count: monthly share of articles with a trade-policy and an uncertainty term.

    Example: tradewire tpu --country KOR --format csv
    """
    from tradewire.record import tpu as tp

    plot = _plot_path(plot)
    with open_db(db).engine.connect() as conn:
        try:
            t = tp.tpu(conn, country, unique)
        except ValueError as exc:
            raise UserError(str(exc)) from None
    _emit_series(t, tp, plot, format)


@app.command()
def export(
    what: Annotated[ExportKind, typer.Argument(help="What to export.", case_sensitive=False)],
    out_path: Annotated[str, typer.Option("--out", "-o", help="Output file (- for standard output: csv and jsonl).")],
    format: Annotated[ExportFormat, _format_option()] = "csv",
    db: Db = DEFAULT_DB,
) -> None:
    """Export stored events, canonical events or agreements (columns: docs/EXPORTS.md).

    Example: tradewire export canonical --format parquet --out canonical.parquet
    """
    from tradewire.record import export as ex

    if out_path == "-" and format == "parquet":
        raise UserError("parquet needs a file: give --out PATH")
    target = None if out_path == "-" else output_path(out_path, "--out")
    with open_db(db).engine.connect() as conn:
        tbl = ex.table(conn, str(what))
    if target is None:
        n = ex.write(tbl, str(format), sys.stdout.buffer)
        sys.stdout.flush()
    else:
        n = tbl.num_rows
        write_atomically(target, lambda tmp: ex.write(tbl, str(format), tmp))
    _note(f"{n} {what} row(s) -> {out_path}")


@app.command()
def migrate(
    source: Annotated[str, typer.Option("--from", help="Store to copy: SQLite file or database URL.")],
    target: Annotated[str, typer.Option("--to", help="Empty store to copy into (e.g. postgresql+psycopg://...).")],
) -> None:
    """Copy a whole store to another database, verified by row counts and checksums.

    Example: tradewire migrate --from sqlite:///tradewire.db --to postgresql+psycopg://postgres@127.0.0.1/test
    """
    from tradewire.batch.migrate import copy_store

    report = copy_store(source, target)
    render.write_lines([f"{name:<18} {rows:>8} rows  sha256 {digest[:16]}" for name, (rows, digest) in report.tables.items()]
                       + [f"{report.rows} rows copied and verified -> {report.target}"])


ExplainFormat = _formats("ExplainFormat", "text", "json")


@app.command()
def explain(
    file: Annotated[str, typer.Argument(help="A file to explain, or - for standard input.")],
    published: Published = None,
    format: Annotated[ExplainFormat, _format_option()] = "text",
    all_sentences: Annotated[bool, typer.Option("--all", help="Also list sentences with no candidate act.")] = False,
    actors: Actors = [],  # noqa: B006 (typer reads the default; never mutated)
    max_bytes: MaxBytes = DEFAULT_MAX_BYTES,
    model: Model = None,
) -> None:
    """Why each event was or was not produced: sentence by sentence, every candidate act and the
    decisions of each stage about it (for a dropped one, the stage and rule that dropped it).

    Example: tradewire explain story.txt --published 2026-01-28
    """
    from tradewire.extract.explain import render_plain, render_rich
    from tradewire.flow import check_actor_files, explain_sources

    check_actor_files(actors)
    failures = 0
    for ex, warnings in explain_sources([file], published=published, max_bytes=max_bytes, actor_files=actors,
                                        model=model, all_sentences=all_sentences):
        for w in warnings:
            _warning_line(w)
        if isinstance(ex, TradewireError):
            _error_line(str(ex))
            failures += 1
            continue
        if str(format) == "json":
            render.write_json(ex.as_dict())
        elif sys.stdout.isatty():
            from rich.console import Console

            render_rich(ex, Console(soft_wrap=True))
        else:
            sys.stdout.write(render_plain(ex) + "\n")
    if failures:
        raise typer.Exit(1)


@app.command()
def train(
    gold: Annotated[Path, typer.Option("--gold", help="Gold JSONL (EVENTS.md format) of your own articles.")],
    out_dir: Annotated[Path, typer.Option("--out", help="Folder to write model.json into (use it with --model).")],
    texts: Annotated[Path | None, typer.Option("--texts", help="Folder of <id>.txt (default: beside the gold file).")] = None,
) -> None:
    """Train the learned layer on your own annotations (grouped cross-validation picks C, the
    calibration and the keep threshold); use the result with --model.

    Example: tradewire train --gold my/gold.jsonl --out my-model && tradewire extract story.txt --model my-model
    """
    from tradewire.learn.build import format_report, train_from_gold

    try:
        _model, report = train_from_gold(gold, texts, out_dir)
    except ValueError as exc:  # e.g. too few articles or labels to cross-validate
        raise UserError(f"{gold}: {exc}") from None
    render.write_lines([*format_report(report), f"model -> {out_dir / 'model.json'}"])


# -- serve (issue 10): the REST API, dashboard and feeds; the work is in tradewire.serve ----------

@app.command()
def serve(
    db: Db = DEFAULT_DB,
    host: str = typer.Option("127.0.0.1", help="Address to bind (loopback unless told otherwise)."),
    port: int = typer.Option(8000, help="TCP port."),
    max_body: int = typer.Option(1_000_000, help="Refuse request bodies larger than this many bytes (413)."),
) -> None:
    """Serve the API (/api/v1, docs at /docs), the dashboard and Atom feeds; read-only unless
    TRADEWIRE_TOKEN is set (writes then need `Authorization: Bearer $TRADEWIRE_TOKEN`).

    Example: TRADEWIRE_TOKEN=s3cret tradewire serve --db tradewire.db --port 8000
    """
    from tradewire.serve import serve as run

    run(db, host=host, port=port, max_body=max_body)   # a TradewireError becomes the one-line error


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
