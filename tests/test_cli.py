"""The command line, end to end through typer's CliRunner (one process: the spaCy model loads once)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from tradewire.cli import app
from tradewire.store import open_store, schema

SEED = Path(__file__).parents[1] / ".." / "shared" / "seed"
SEED_ID = "000_9a776aa735eddfad"

EVENT_KEYS = {"type", "source", "target", "participants", "date", "date_text", "status", "measure", "products",
              "rate_from", "rate_to", "amount_usd", "location", "evidence"}
EVENT_TYPES = {"CONSULT", "AGREE", "THREATEN", "IMPOSE", "EASE", "ACCUSE", "DEMAND", "REJECT", "PLEDGE",
               "INVESTIGATE", "LITIGATE"}


def _error_lines(result) -> list[str]:
    return [ln for ln in result.stderr.splitlines() if ln.startswith("error:")]


def _stored_texts(db: str) -> dict[int, str]:
    store = open_store(db)
    with store.engine.connect() as conn:
        return dict(conn.execute(select(schema.articles.c.id, schema.articles.c.text)).all())


def _stored_acts(db: str) -> set[tuple]:
    store = open_store(db)
    e = schema.events
    with store.engine.connect() as conn:
        return {tuple(r) for r in conn.execute(select(e.c.type, e.c.source_country, e.c.target_country))}


def _stored_noise(db: str) -> set[str]:
    store = open_store(db)
    with store.engine.connect() as conn:
        return set(conn.execute(select(schema.boilerplate.c.text)).scalars())


def _stored_evidence(db: str) -> list[tuple[int, list[str]]]:
    store = open_store(db)
    with store.engine.connect() as conn:
        return [(r.article_id, r.evidence) for r in conn.execute(select(schema.events.c.article_id, schema.events.c.evidence))]


@pytest.fixture(scope="module")
def ingested(tmp_path_factory, texts) -> str:
    """A database holding the three conftest articles, shared by the read-only tests."""
    from typer.testing import CliRunner

    folder = tmp_path_factory.mktemp("articles")
    for name in ("usa_can_steel.txt", "kor_jpn_talks.txt", "eu_chn.jsonl"):
        (folder / name).write_text(texts[name], encoding="utf-8")
    db = str(tmp_path_factory.mktemp("db") / "shared.db")
    result = CliRunner().invoke(app, ["ingest", str(folder), "--db", db, "--published", "2025-03-05"])
    assert result.exit_code == 0, result.output
    return db


# -- ingest ------------------------------------------------------------------------------------

def test_ingest_folder_then_reingest_is_a_no_op(runner, articles_dir, db_path):
    first = runner.invoke(app, ["ingest", str(articles_dir), "--db", db_path])
    assert first.exit_code == 0, first.output
    assert "3 stored, 0 already stored, 0 failed" in first.stdout
    counts = open_store(db_path).counts()
    assert counts["articles"] == 3
    assert {"stored, 2 event(s)", "stored, 4 event(s)"} <= {ln.split(": ", 1)[1] for ln in first.stdout.splitlines()[:3]}
    kinds = _stored_acts(db_path)
    assert {("IMPOSE", "USA", "CAN"), ("CONSULT", None, None), ("INVESTIGATE", "EUR", "CHN")} <= kinds
    assert counts["events"] == int(first.stdout.rsplit(", ", 1)[1].split()[0])
    removed = _stored_noise(db_path)
    assert {"By Harriet Vale", "Read Also: Lumber prices hit a three-month high", "Advertisement"} <= removed
    # every event's evidence is a verbatim substring of its stored article text
    stored = _stored_texts(db_path)
    for aid, evidence in _stored_evidence(db_path):
        assert evidence
        for sentence in evidence:
            assert sentence in stored[aid]

    again = runner.invoke(app, ["ingest", str(articles_dir), "--db", db_path])
    assert again.exit_code == 0, again.output
    assert again.stdout.count("already stored") >= 3
    assert "0 stored, 3 already stored, 0 failed, 0 events" in again.stdout
    assert open_store(db_path).counts() == counts


def test_ingest_failed_files_among_good_ones(runner, tmp_path, db_path, texts):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "a_steel.txt").write_text(texts["steel"], encoding="utf-8")
    (folder / "b_empty.txt").write_text("", encoding="utf-8")
    (folder / "c_scan.txt").write_bytes(b"\x00\x01binary\x00")
    good_line = json.dumps({"id": "jl-1", "text": texts["talks"]})
    (folder / "d_feed.jsonl").write_text(f"{good_line}\n{{not json\n{json.dumps({'id': 'jl-3'})}\n", encoding="utf-8")
    missing = str(tmp_path / "missing.txt")

    result = runner.invoke(app, ["ingest", str(folder), missing, "--db", db_path])
    assert result.exit_code == 1, result.output
    errors = _error_lines(result)
    assert len(errors) == 5, result.stderr
    joined = "\n".join(errors)
    assert f"{folder / 'b_empty.txt'}: " in joined and "empty" in joined
    assert f"{folder / 'c_scan.txt'}: " in joined and "binary" in joined
    assert f"{folder / 'd_feed.jsonl'}:2: " in joined
    assert f"{folder / 'd_feed.jsonl'}:3: " in joined
    assert f"{missing}: " in joined
    assert "2 stored" in result.stdout and "5 failed" in result.stdout
    assert open_store(db_path).counts()["articles"] == 2


def test_failed_file_does_not_touch_stored_articles(runner, articles_dir, tmp_path, db_path, texts):
    assert runner.invoke(app, ["ingest", str(articles_dir), "--db", db_path]).exit_code == 0
    before = open_store(db_path).counts()
    big = tmp_path / "big.txt"
    big.write_text(texts["steel"].replace("Canadian", "Mexican") * 3, encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(big), str(articles_dir), "--db", db_path, "--max-bytes", "1000"])
    assert result.exit_code == 1
    [error] = _error_lines(result)
    assert str(big) in error and "size limit" in error
    assert open_store(db_path).counts() == before


def test_non_utf8_file_is_stored_with_a_warning(runner, tmp_path, db_path, texts):
    path = tmp_path / "latin.txt"
    path.write_bytes(texts["steel"].replace("Canadian", "Québec").encode("latin-1"))
    result = runner.invoke(app, ["ingest", str(path), "--db", db_path])
    assert result.exit_code == 0, result.output
    assert "warning:" in result.stderr and str(path) in result.stderr and "UTF-8" in result.stderr
    assert open_store(db_path).counts()["articles"] == 1


def test_ingest_from_stdin(runner, db_path, texts):
    result = runner.invoke(app, ["ingest", "-", "--db", db_path, "--published", "2025-03-05"], input=texts["steel"])
    assert result.exit_code == 0, result.output
    assert "1 stored" in result.stdout
    assert open_store(db_path).counts()["articles"] == 1


@pytest.mark.parametrize("value", ["2025-13-01", "yesterday", "05/03/2025"])
def test_invalid_published_is_refused(runner, articles_dir, db_path, value):
    result = runner.invoke(app, ["ingest", str(articles_dir), "--db", db_path, "--published", value])
    assert result.exit_code != 0
    assert "--published" in result.output and value in result.output
    assert not Path(db_path).exists()


def test_published_with_trailing_garbage_is_refused(runner, articles_dir, tmp_path):
    result = runner.invoke(app, ["extract", str(articles_dir / "kor_jpn_talks.txt"), "--published", "2025-03-05junk"])
    assert result.exit_code != 0


def test_error_line_names_a_file_with_brackets(runner, tmp_path, db_path):
    path = tmp_path / "[draft] notes.txt"
    path.write_text("", encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(path), "--db", db_path])
    assert result.exit_code == 1
    [error] = _error_lines(result)
    assert str(path) in error


# -- formats -----------------------------------------------------------------------------------

@pytest.mark.parametrize("command", ["extract", "events"])
def test_unknown_format(runner, articles_dir, db_path, command):
    args = ["extract", str(articles_dir)] if command == "extract" else ["events", "--db", db_path]
    result = runner.invoke(app, [*args, "--format", "xml"])
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("error: ") and "'xml' is not one of" in line and "--format" in line


def test_events_json(runner, ingested):
    result = runner.invoke(app, ["events", "--db", ingested, "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    for r in rows:
        assert EVENT_KEYS <= set(r)
        assert r["type"] in EVENT_TYPES
    assert len(rows) == open_store(ingested).counts()["events"]
    steel = next(r for r in rows if r["type"] == "IMPOSE")
    assert (steel["source"]["country"], steel["target"]["country"], steel["rate_to"]) == ("USA", "CAN", 25.0)
    assert steel["products"] == ["steel"] and steel["date"] == "2025-03-04" and steel["article"] == "usa_can_steel"
    talks = next(r for r in rows if r["type"] == "CONSULT" and r["date"] == "2025-03-03")
    assert {p["name"] for p in talks["participants"]} == {"Yeo Han-koo", "Yoji Muto"}


def test_events_csv(runner, ingested):
    n = open_store(ingested).counts()["events"]
    result = runner.invoke(app, ["events", "--db", ingested, "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == n
    assert {"id", "date", "type", "status", "sides", "article"} <= set(rows[0])
    assert all(r["type"] in EVENT_TYPES for r in rows)
    steel = next(r for r in rows if r["type"] == "IMPOSE")
    assert steel["sides"] == "United States (USA) -> Canada (CAN)" and steel["rate_to"] == "25.0"


def test_events_table(runner, ingested):
    n = open_store(ingested).counts()["events"]
    result = runner.invoke(app, ["events", "--db", ingested])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    # not a terminal: full rows, one line per event (title, header, rule, rows), nothing cut
    assert lines[0] == f"{n} events" and len(lines) == 3 + n
    assert lines[1].split() == ["id", "date", "type", "status", "sides", "measure", "products", "article"]
    assert any("United States (USA) -> Canada (CAN)" in ln and ln.rstrip().endswith("usa_can_steel") for ln in lines)
    assert any(ln.rstrip().endswith("eu-chn-ev") for ln in lines)


def test_events_filters(runner, ingested):
    def ids(*args):
        res = runner.invoke(app, ["events", "--db", ingested, "-f", "json", *args])
        assert res.exit_code == 0, res.output
        return [r["id"] for r in json.loads(res.stdout)]

    all_rows = json.loads(runner.invoke(app, ["events", "--db", ingested, "-f", "json"]).stdout)
    expect = lambda keep: [r["id"] for r in all_rows if keep(r)]  # noqa: E731
    involves = lambda r, c: c in {a["country"] for a in [r["source"], r["target"], *r["participants"]] if a}  # noqa: E731
    for t in {r["type"] for r in all_rows}:
        assert ids("--type", t.lower()) == expect(lambda r, t=t: r["type"] == t)
    assert ids("--country", "can") == expect(lambda r: involves(r, "CAN")) != []
    assert ids("--since", "2025-03-04") == expect(lambda r: (r["date"] or "") >= "2025-03-04") != []
    assert ids("--country", "KOR", "--type", "CONSULT") == expect(lambda r: involves(r, "KOR") and r["type"] == "CONSULT")
    assert ids("--limit", "2") == [r["id"] for r in all_rows][:2]
    assert ids("--country", "ATA") == [] and ids("--since", "2099-01-01") == []


def test_events_on_a_missing_database(runner, tmp_path, monkeypatch):
    result = runner.invoke(app, ["events", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert result.stderr == f"error: {tmp_path / 'none.db'}: no such database\n"
    monkeypatch.chdir(tmp_path)  # the default --db as well: nothing is created
    result = runner.invoke(app, ["events"])
    assert result.exit_code == 1 and "tradewire.db: no such database" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_invalid_since_names_the_option(runner, ingested):
    result = runner.invoke(app, ["events", "--db", ingested, "--since", "2025-99-01"])
    assert result.exit_code != 0
    assert "--since" in result.output


# -- extract -----------------------------------------------------------------------------------

def test_extract_json_shape(runner, articles_dir, texts):
    path = articles_dir / "usa_can_steel.txt"
    result = runner.invoke(app, ["extract", str(path), "--published", "2025-03-05", "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert set(doc) == {"article", "events"}
    art = doc["article"]
    assert art["published"] == "2025-03-05"
    assert art["path"] == str(path)
    assert art["byline"] == "By Harriet Vale"
    assert "Read Also: Lumber prices hit a three-month high" in [r["text"] for r in art["removed"]]
    # "The United States imposed 25% tariffs on Canadian steel on Tuesday"; Carney "called the duties unjustified"
    assert [(e["type"], e["source"]["country"], e["target"]["country"]) for e in doc["events"]] == [
        ("IMPOSE", "USA", "CAN"), ("ACCUSE", "CAN", "USA")]
    assert (doc["events"][0]["rate_to"], doc["events"][0]["date"]) == (25.0, "2025-03-04")
    for ev in doc["events"]:
        assert EVENT_KEYS <= set(ev)
        assert ev["type"] in EVENT_TYPES
        assert ev["status"] in {"occurred", "planned", "hypothetical", "denied"}
        for sentence in ev["evidence"]:
            assert sentence in texts["steel"]
            assert "Read Also" not in sentence
        for a in [ev["source"], ev["target"], *ev["participants"]]:
            assert a is None or {"name", "country", "kind"} <= set(a)


def test_extract_json_of_several_files_is_a_list_and_jsonl_is_one_line_each(runner, articles_dir):
    result = runner.invoke(app, ["extract", str(articles_dir), "--format", "json"])
    assert result.exit_code == 0, result.output
    docs = json.loads(result.stdout)
    assert isinstance(docs, list) and len(docs) == 3
    lines = runner.invoke(app, ["extract", str(articles_dir), "-f", "jsonl"]).stdout.splitlines()
    assert [json.loads(ln)["article"]["id"] for ln in lines] == [d["article"]["id"] for d in docs]


def test_extract_text_format_and_a_failed_file(runner, articles_dir, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = runner.invoke(app, ["extract", str(articles_dir / "kor_jpn_talks.txt"), str(empty)])
    assert result.exit_code == 1
    assert "kor_jpn_talks" in result.stdout
    [error] = _error_lines(result)
    assert str(empty) in error


# -- eval --------------------------------------------------------------------------------------

def test_eval_prints_f1_last(runner, tmp_path, texts):
    (tmp_path / "kj1.txt").write_text(texts["talks"], encoding="utf-8")
    gold = {"id": "kj1", "url": None, "outlet": None, "published": "2025-03-05", "trade_related": True, "events": [
        {"type": "CONSULT", "source": None, "target": None,
         "participants": [{"name": "Yeo Han-koo", "country": "KOR", "kind": "GOV"},
                          {"name": "Yoji Muto", "country": "JPN", "kind": "GOV"}],
         "date": "2025-03-03", "date_text": "on Monday", "status": "occurred", "measure": "export_control",
         "products": ["semiconductor materials"], "rate_from": None, "rate_to": None, "amount_usd": None,
         "location": "Tokyo", "evidence": [texts["talks"].splitlines()[0]], "core": True}]}
    gold_path = tmp_path / "tiny.gold.jsonl"
    gold_path.write_text(json.dumps(gold) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", "--gold", str(gold_path), "--details"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert lines[-1].startswith("F1=")
    assert " P=" in lines[-1] and " R=" in lines[-1]
    assert "gold core events: 1" in result.stdout


def test_eval_with_a_missing_text_fails_clearly(runner, tmp_path):
    gold_path = tmp_path / "g.jsonl"
    gold_path.write_text(json.dumps({"id": "absent", "events": []}) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", "--gold", str(gold_path)])
    assert result.exit_code != 0
    assert "absent.txt" in result.stderr


# -- the seed article --------------------------------------------------------------------------

@pytest.mark.skipif(not (SEED / f"{SEED_ID}.txt").exists(), reason="../shared/seed is not present")
def test_seed_extract_json(runner):
    path = SEED / f"{SEED_ID}.txt"
    result = runner.invoke(app, ["extract", str(path), "--published", "2026-01-30", "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    read_also = [ln.strip() for ln in path.read_text("utf-8").splitlines() if ln.startswith("Read Also:")]
    assert len(read_also) == 2
    removed = [r["text"] for r in doc["article"]["removed"]]
    for line in read_also:
        assert line in removed
        for ev in doc["events"]:
            assert all(line not in s and s not in line for s in ev["evidence"])
    for ev in doc["events"]:
        assert EVENT_KEYS <= set(ev)


@pytest.mark.parametrize("line, says", [
    ('{"id": "x", "published": "someday", "events": []}', ":1: invalid published date 'someday'"),
    ("[1, 2]", ":1: gold line is not an object"),
    ('{"events": []}', ":1: gold line has no 'id'"),
])
def test_eval_with_a_bad_gold_line_is_one_error_line(runner, tmp_path, line, says):
    gold_path = tmp_path / "g.jsonl"
    gold_path.write_text(line + "\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", "--gold", str(gold_path)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"error: {gold_path}{says} (expected YYYY-MM-DD)" if "date" in says
                                          else f"error: {gold_path}{says}"]
