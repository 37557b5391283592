"""CLI conventions (issue 12): examples in --help, flags as flags, --version, one-line errors
with exit code 1, --debug tracebacks, and a cli.py that only parses options and renders."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import tradewire
from tradewire.cli import app

CLI = Path(tradewire.__file__).parent / "cli.py"
COMMANDS = ["extract", "ingest", "events", "eval", "record", "timeline", "threads", "tension", "agreements",
            "agreement", "tpu", "export"]


@pytest.fixture(scope="module")
def run():
    runner = CliRunner()

    def invoke(*args, **kw):
        return runner.invoke(app, [str(a) for a in args], **kw)

    return invoke


def one_error(res) -> str:
    assert res.exit_code == 1, res.output
    [line] = res.stderr.splitlines()
    assert line.startswith("error: ")
    return line


@pytest.fixture(scope="module")
def empty_db(tmp_path_factory) -> str:
    from tradewire import open_store

    db = str(tmp_path_factory.mktemp("db") / "empty.db")
    open_store(db)
    return db


def test_every_command_is_listed_and_every_help_gives_an_example(run):
    top = run("--help")
    assert top.exit_code == 0
    for cmd in COMMANDS:
        assert re.search(rf"│ {cmd}\s", top.stdout), cmd
        res = run(cmd, "--help")
        assert res.exit_code == 0, res.output
        assert re.search(rf"Example: tradewire {cmd}\b", res.stdout), f"{cmd} --help has no example"
    assert "Example: tradewire " in top.stdout


def test_flags_are_shown_as_flags_and_take_no_value(run, tmp_path):
    help_text = run("ingest", "--help").stdout
    assert "<bool>" not in help_text and "--quiet" in help_text
    line = one_error(run("ingest", tmp_path / "x.txt", "--quiet", "true", "--db", tmp_path / "t.db"))
    assert "--quiet is a flag and takes no value" in line
    assert "true" not in line.split("takes no value")[0] and not (tmp_path / "t.db").exists()


def test_version(run):
    res = run("--version")
    assert res.exit_code == 0 and res.stdout == f"tradewire {tradewire.__version__}\n"


def test_format_choices_are_listed_in_help(run):
    assert "<table|json|jsonl|csv>" in run("events", "--help").stdout
    assert "<text|csv|json>" in run("tension", "--help").stdout
    assert "<csv|jsonl|parquet>" in run("export", "--help").stdout


@pytest.mark.parametrize("args, says", [
    (("timeline", "XXX", "KOR"), "unknown country 'XXX'"),
    (("timeline", "USA", "Korea"), "'Korea' is KOR"),
    (("events", "--country", "Korea"), "unknown country 'Korea'"),
    (("agreements", "--country", "ZZZ"), "unknown country 'ZZZ'"),
    (("events", "--type", "FOO"), "unknown event type 'FOO'"),
    (("events", "--limit", "0"), "--limit"),
    (("events", "--limit", "-1"), "--limit"),
    (("threads", "USA", "--gap", "0"), "--gap"),
    (("events", "--since", "2025-99-01"), "--since"),
])
def test_bad_values_are_one_line_errors(run, empty_db, args, says):
    assert says in one_error(run(*args, "--db", empty_db))


def test_country_codes_are_case_insensitive_and_eur_is_known(run, empty_db):
    assert run("timeline", "usa", "eur", "--db", empty_db).exit_code == 0
    assert run("events", "--country", "kor", "--type", "threaten", "--db", empty_db, "-f", "json").stdout.strip() == "[]"


def test_read_commands_refuse_a_missing_database(run, tmp_path):
    db = tmp_path / "none.db"
    for args in (("events",), ("record",), ("timeline", "USA", "KOR"), ("threads",), ("tension", "USA", "KOR"),
                 ("agreements",), ("agreement", "1"), ("tpu",), ("export", "events", "--out", tmp_path / "e.csv")):
        assert one_error(run(*args, "--db", db)) == f"error: {db}: no such database", args
    assert sorted(tmp_path.iterdir()) == []


def test_unexpected_errors_are_one_line_and_debug_shows_the_traceback(run, empty_db, monkeypatch):
    from tradewire.record import query

    def broken(conn):
        raise KeyError("boom")

    monkeypatch.setattr(query, "record_size", broken)
    line = one_error(run("record", "--db", empty_db))
    assert "unexpected KeyError" in line and "--debug" in line
    res = run("--debug", "record", "--db", empty_db)
    assert res.exit_code == 1 and "Traceback (most recent call last)" in res.stderr and "boom" in res.stderr
    assert "Traceback" not in run("record", "--db", empty_db).stderr   # --debug holds for one run only
    monkeypatch.setenv("TRADEWIRE_DEBUG", "1")
    res = run("record", "--db", empty_db)
    assert res.exit_code == 1 and "Traceback" in res.stderr


def test_a_tradewire_error_is_one_line(run, empty_db, monkeypatch):
    from tradewire.errors import StoreError
    from tradewire.record import query

    def locked(conn):
        raise StoreError("empty.db: database is locked by another writer")

    monkeypatch.setattr(query, "record_size", locked)
    assert one_error(run("record", "--db", empty_db)) == "error: empty.db: database is locked by another writer"


# -- cli.py is thin: it parses options and renders ----------------------------------------------

def _cli_tree() -> ast.Module:
    return ast.parse(CLI.read_text("utf-8"))


def test_cli_holds_no_sql():
    names = set()
    for node in ast.walk(_cli_tree()):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
    assert not [n for n in names if n.startswith(("sqlalchemy", "tradewire.store"))], names
    calls = {n.func.id if isinstance(n.func, ast.Name) else n.func.attr
             for n in ast.walk(_cli_tree()) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name | ast.Attribute)}
    assert not calls & {"select", "insert", "update", "delete", "execute", "text", "func"}, calls & {"select", "insert"}


def test_cli_holds_no_ingest_loop():
    source = CLI.read_text("utf-8")
    # the readers, the cleaner, the extractor's per-article call and the store's save belong to tradewire.flow
    for forbidden in ("read_path", "read_stdin", "from tradewire.read.clean", "clean(", ".save(", "after_ingest",
                      ".extract(", "Extractor("):
        assert forbidden not in source, forbidden


def test_declared_choices_match_the_library():
    from tradewire.cli import ExportKind
    from tradewire.record import export

    assert tuple(k.value for k in ExportKind) == export.KINDS


def test_a_missing_actors_file_is_one_line(run, tmp_path, texts):
    story = tmp_path / "s.txt"
    story.write_text(texts["steel"], encoding="utf-8")
    line = one_error(run("ingest", story, "--db", tmp_path / "t.db", "--actors", tmp_path / "nope.yaml"))
    assert line == f"error: {tmp_path / 'nope.yaml'}: no such file" and not (tmp_path / "t.db").exists()
    line = one_error(run("extract", story, "--actors", tmp_path / "nope.yaml"))
    assert line == f"error: {tmp_path / 'nope.yaml'}: no such file"
