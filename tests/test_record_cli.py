"""The record commands on a small store: timeline, tension, agreements, tpu, export, record."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pyarrow.csv as pcsv
import pyarrow.json as pjson
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from tradewire.cli import app
from tradewire.models import Actor, Article, Event
from tradewire.record import after_ingest
from tradewire.record.tension import place, weight
from tradewire.store import open_store

US = Actor(name="United States", country="USA", kind="GOV", id="country:USA")
KR = Actor(name="South Korea", country="KOR", kind="GOV", id="country:KOR")
TRUMP = Actor(name="Donald Trump", country="USA", kind="GOV", id="usa_trump_donald")
KIM = Actor(name="Kim Jung-kwan", country="KOR", kind="GOV", id="kor_kim_jungkwan")
LUTNICK = Actor(name="Howard Lutnick", country="USA", kind="GOV", id="usa_lutnick_howard")
ASSEMBLY = Actor(name="National Assembly", country="KOR", kind="LEG", id="kor_national_assembly")

DEAL = "The United States and South Korea reached a trade deal on Wednesday that cuts the U.S. tariff on Korean cars to 15% from 25%."
PLEDGE = "Under the deal, Seoul pledged to invest $350 billion in American industries."
THREAT = ("Trump threatened to raise the tariff on Korean cars back to 25% because Seoul had not enacted last year's trade deal, "
          "a risk for the country's carmakers.")
TALKS = "Industry Minister Kim Jung-kwan met Commerce Secretary Howard Lutnick in Washington on Thursday to discuss the tariff threat."
LAW = "The National Assembly passed the special act needed to implement the trade deal with the United States."
EASE = "Washington confirmed that the 15% tariff on Korean cars agreed in the deal will stay."

STORY = [
    ("Korea Wire", "2025-07-31", [
        Event(type="AGREE", participants=[US, KR], date="2025-07-30", measure="tariff", products=["cars"], rate_from=25.0,
              rate_to=15.0, evidence=[DEAL], confidence=0.8),
        Event(type="PLEDGE", source=KR, target=US, date="2025-07-30", measure="investment", amount_usd=350e9,
              evidence=[PLEDGE], confidence=0.8)]),
    ("Pacific Wire", "2026-01-27", [
        Event(type="THREATEN", source=TRUMP, target=KR, date="2026-01-26", measure="tariff", products=["cars"],
              rate_from=15.0, rate_to=25.0, evidence=[THREAT], confidence=0.8)]),
    ("Korea Ledger", "2026-01-30", [
        Event(type="CONSULT", participants=[KIM, LUTNICK], date="2026-01-29", evidence=[TALKS], confidence=0.8),
        Event(type="THREATEN", source=TRUMP, target=KR, date="2026-01-26", measure="tariff", products=["autos"],
              rate_to=25.0, evidence=[THREAT.replace("Trump", "The president")], confidence=0.7)]),
    ("Seoul Herald", "2026-02-13", [
        Event(type="AGREE", participants=[ASSEMBLY], date="2026-02-12", measure="legislation", evidence=[LAW],
              confidence=0.8)]),
    ("Pacific Wire", "2026-02-14", [
        Event(type="EASE", source=US, target=KR, date="2026-02-13", measure="tariff", products=["cars"], rate_to=15.0,
              evidence=[EASE], confidence=0.8)]),
    ("Korea Ledger", "2026-03-20", [
        Event(type="CONSULT", participants=[KIM, LUTNICK], evidence=["Kim and Lutnick held talks by video."],
              confidence=0.6)]),
]


@pytest.fixture(scope="module")
def story_db(tmp_path_factory) -> str:
    db = str(tmp_path_factory.mktemp("record") / "story.db")
    store = open_store(db)
    for i, (outlet, published, events) in enumerate(STORY):
        text = f"{outlet} report {i}. " + " ".join(s for e in events for s in e.evidence)
        art = Article(id=f"story-{i}", title=f"Story {i}", text=text, outlet=outlet, published=date.fromisoformat(published),
                      url=f"https://{outlet.lower().replace(' ', '')}.example/{i}")
        store.save(art, events)
        after_ingest(store, art)
    store.engine.dispose()
    return db


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(app, [str(a) for a in args])

    return invoke


def test_timeline_text_in_date_order_with_sources(run, story_db):
    res = run("timeline", "usa", "KOR", "--db", story_db)
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert lines[0].startswith("KOR-USA: 5 dated canonical event(s) (2025-07-30 .. 2026-02-13), 1 undated")
    dated = [ln.split()[0] for ln in lines[1:] if ln[:4].isdigit()]
    assert dated == sorted(dated) and dated[0] == "2025-07-30"
    threat = next(i for i, ln in enumerate(lines) if "THREATEN" in ln)
    assert "2 source(s), 2 independent, first report 2026-01-27" in lines[threat + 1]
    assert "Pacific Wire | 2026-01-27 | https://pacificwire.example/1" in lines[threat + 2]
    assert "Undated (by first report):" in res.stdout


def test_timeline_json_and_filters(run, story_db):
    res = run("timeline", "USA", "KOR", "--db", story_db, "--format", "json", "--since", "2026-01-01",
              "--until", "2026-01-31", "--mentions")
    assert res.exit_code == 0, res.output
    tl = json.loads(res.stdout)
    assert tl["pair"] == ["KOR", "USA"]
    assert [e["type"] for e in tl["events"]] == ["THREATEN", "CONSULT"]
    threat = tl["events"][0]
    assert threat["n_mentions"] == 2 and len(threat["mentions"]) == 2 and threat["mentions"][0]["evidence"]
    assert {s["outlet"] for s in threat["sources"]} == {"Pacific Wire", "Korea Ledger"}
    assert tl["undated"] == []   # the undated talks were first reported in February


def _one_error(res) -> str:
    """A refused command: exit code 1 and exactly one line on stderr, starting 'error:'."""
    assert res.exit_code == 1, res.output
    [line] = res.stderr.splitlines()
    assert line.startswith("error: ")
    return line


def test_timeline_rejects_bad_arguments(run, story_db, tmp_path):
    assert "'US'" in _one_error(run("timeline", "US", "KOR", "--db", story_db))
    assert "'xml'" in _one_error(run("timeline", "USA", "KOR", "--db", story_db, "--format", "xml"))
    assert "no such database" in _one_error(run("timeline", "USA", "KOR", "--db", tmp_path / "none.db"))
    assert not (tmp_path / "none.db").exists()


def test_tension_weights_and_placement():
    assert weight("IMPOSE", "tariff", "occurred") == -8.0
    assert weight("IMPOSE", None, "planned") == pytest.approx(-4.8)
    assert weight("THREATEN", "tariff", "hypothetical") == pytest.approx(-2.32)
    assert weight("CONSULT", None, "denied") == 0.0
    assert place("2026-01-29", date(2026, 2, 1)) == date(2026, 1, 29)
    assert place("2026-01", date(2026, 1, 20)) == date(2026, 1, 20)
    assert place("2026-01", date(2026, 3, 1)) == date(2026, 1, 31)
    assert place("2025", date(2026, 3, 1)) is None
    assert place(None, date(2026, 3, 1)) == date(2026, 3, 1)


def test_tension_csv_and_plot(run, story_db, tmp_path):
    png = tmp_path / "tension.png"
    res = run("tension", "USA", "KOR", "--db", story_db, "--format", "csv", "--plot", png, "--since", "2026-01-20")
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert rows[0]["date"] == "2026-01-20" and rows[-1]["date"] == "2026-03-20"
    by_day = {r["date"]: r for r in rows}
    assert float(by_day["2026-01-26"]["score"]) == pytest.approx(-5.8)        # the threat (tariff)
    assert float(by_day["2026-01-29"]["score"]) == pytest.approx(7.0)         # the talks
    assert "threatens South Korea" in by_day["2026-01-26"]["events"]
    assert float(by_day["2026-01-27"]["trend"]) < 0 < float(by_day["2026-02-14"]["trend"])
    assert "hold talks" in by_day["2026-03-20"]["events"]      # undated: placed on its first report
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000


def test_tension_text(run, story_db):
    res = run("tension", "KOR", "USA", "--db", story_db)
    assert res.exit_code == 0, res.output
    assert "2026-01-26  score   -5.80" in res.stdout and "THREATEN" in res.stdout


def test_agreements_list_and_detail(run, story_db):
    res = run("agreements", "--db", story_db, "--country", "KOR")
    assert res.exit_code == 0, res.output
    [line] = res.stdout.splitlines()
    agreement_id = line.split()[0]
    assert "in_force" in line and "KOR-USA trade agreement (2025-07-30)" in line
    assert run("agreements", "--db", story_db, "--country", "CAN").stdout.strip() == "no agreements with CAN"
    detail = run("agreement", agreement_id, "--db", story_db, "--format", "json")
    assert detail.exit_code == 0, detail.output
    a = json.loads(detail.stdout)
    assert a["parties"] == ["KOR", "USA"] and a["reached"] == "2025-07-30"
    assert [(h["status"], h["date"]) for h in a["history"]] == [
        ("announced", "2025-07-30"), ("disputed", "2026-01-26"), ("in_force", "2026-02-12")]
    assert all(h["events"] for h in a["history"])
    assert a["terms"]["rates"][0]["rate_to"] == 15.0 and a["terms"]["pledges"][0]["amount_usd"] == 350e9
    text = run("agreement", agreement_id, "--db", story_db)
    assert "status history:" in text.stdout and "pledge by KOR: investment $350,000,000,000" in text.stdout
    assert "no agreement 999" in _one_error(run("agreement", "999", "--db", story_db))


def test_tpu_text_csv_and_plot(run, story_db, tmp_path):
    png = tmp_path / "tpu.png"
    res = run("tpu", "--db", story_db, "--format", "csv", "--plot", png)
    assert res.exit_code == 0, res.output
    rows = {r["month"]: r for r in csv.DictReader(io.StringIO(res.stdout))}
    assert set(rows) == {"2025-07", "2026-01", "2026-02", "2026-03"}
    assert rows["2026-01"]["articles"] == "2" and rows["2026-01"]["tpu"] == "2"      # tariff + threat/risk
    assert rows["2025-07"]["tpu"] == "0" and float(rows["2026-01"]["index"]) == 10000.0
    assert png.read_bytes()[:4] == b"\x89PNG"
    kor = run("tpu", "--db", story_db, "--country", "KOR")
    assert kor.exit_code == 0 and "2026-01" in kor.stdout
    assert "2026" not in run("tpu", "--db", story_db, "--country", "FRA").stdout.split("index", 1)[1]


@pytest.mark.parametrize("what", ["events", "canonical", "agreements"])
def test_exports_read_back(run, story_db, tmp_path, what):
    paths = {}
    for fmt in ("csv", "jsonl", "parquet"):
        paths[fmt] = tmp_path / f"{what}.{fmt}"
        res = run("export", what, "--format", fmt, "--out", paths[fmt], "--db", story_db)
        assert res.exit_code == 0, res.output
    pq_table = pq.read_table(paths["parquet"])
    csv_table = pcsv.read_csv(paths["csv"])
    json_table = pjson.read_json(paths["jsonl"])
    n = {"events": 8, "canonical": 7, "agreements": 1}[what]
    assert pq_table.num_rows == csv_table.num_rows == json_table.num_rows == n
    assert pq_table.column_names == csv_table.column_names
    if what == "canonical":
        rows = pq_table.to_pylist()
        threat = next(r for r in rows if r["type"] == "THREATEN")
        assert threat["countries"] == ["KOR", "USA"] and threat["sqldate"] == 20260126 and threat["cameo"] == "1312"
        assert threat["goldstein"] == -5.8 and len(threat["urls"]) == 2
    import duckdb  # a dev dependency: the exports must open in DuckDB as they are

    con = duckdb.connect()
    assert con.execute(f"select count(*) from read_parquet('{paths['parquet']}')").fetchone()[0] == n
    assert con.execute(f"select count(*) from read_csv_auto('{paths['csv']}')").fetchone()[0] == n
    assert con.execute(f"select count(*) from read_json_auto('{paths['jsonl']}')").fetchone()[0] == n


def test_export_to_stdout_and_errors(run, story_db):
    res = run("export", "canonical", "--format", "jsonl", "--out", "-", "--db", story_db)
    assert res.exit_code == 0 and len(res.stdout.splitlines()) == 7
    assert "parquet needs a file" in _one_error(run("export", "canonical", "--format", "parquet", "--out", "-", "--db", story_db))
    assert "'nothing'" in _one_error(run("export", "nothing", "--out", "x.csv", "--db", story_db))


def test_plot_and_out_into_a_missing_folder_are_refused(run, story_db, tmp_path):
    missing = tmp_path / "no" / "such"
    for args in (("tension", "USA", "KOR", "--plot", missing / "t.png"), ("tpu", "--plot", missing / "t.png"),
                 ("export", "events", "--out", missing / "e.csv")):
        line = _one_error(run(*args, "--db", story_db))
        assert f"folder {missing} does not exist" in line
    assert not (tmp_path / "no").exists()


def test_export_to_a_file_leaves_no_partial_file(run, story_db, tmp_path):
    out = tmp_path / "events.csv"
    assert run("export", "events", "--out", out, "--db", story_db).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.csv"]
    assert len(out.read_text().splitlines()) == 1 + 8


def test_record_command(run, story_db):
    res = run("record", "--db", story_db, "--rebuild")
    assert res.exit_code == 0, res.output
    assert "6 articles, 0 copies kept as sources, 8 events, 7 canonical events, 1 agreements" in res.stdout
