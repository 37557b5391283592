"""Story threads over canonical events: grouping by pair and time, generated titles."""

from __future__ import annotations

import json
from datetime import date

from typer.testing import CliRunner

from tradewire.cli import app
from tradewire.models import Actor, Article, Event
from tradewire.record import after_ingest
from tradewire.record.threads import build_threads, thread_title
from tradewire.store import open_store

US = Actor(name="United States", country="USA", kind="GOV", id="country:USA")
KR = Actor(name="South Korea", country="KOR", kind="GOV", id="country:KOR")
CN = Actor(name="China", country="CHN", kind="GOV", id="country:CHN")

ARTICLES = [
    ("2025-07-31", Event(type="AGREE", participants=[US, KR], date="2025-07-30", measure="tariff", products=["cars"],
                         rate_to=15.0, evidence=["The two countries reached a trade deal on cars on Wednesday."])),
    ("2025-08-02", Event(type="PLEDGE", source=KR, target=US, measure="investment", amount_usd=350e9,
                         evidence=["Seoul pledged to invest $350 billion in American industries."])),
    ("2026-01-27", Event(type="THREATEN", source=US, target=KR, date="2026-01-26", measure="tariff", products=["autos"],
                         rate_to=25.0, evidence=["Washington threatened to raise the tariff on Korean autos to 25%."])),
    ("2026-01-30", Event(type="CONSULT", participants=[US, KR], date="2026-01-29",
                         evidence=["Officials of both sides met in Washington on Thursday to defuse the threat."])),
    ("2024-05-15", Event(type="IMPOSE", source=US, target=CN, date="2024-05-14", measure="tariff",
                         products=["electric vehicles"], rate_to=100.0,
                         evidence=["Washington quadrupled its tariff on Chinese electric vehicles to 100%."])),
]


def _db(tmp_path) -> str:
    db = str(tmp_path / "threads.db")
    store = open_store(db)
    for i, (published, ev) in enumerate(ARTICLES):
        art = Article(id=f"a{i}", text=f"Report {i}. " + ev.evidence[0], outlet=f"Outlet {i}",
                      published=date.fromisoformat(published))
        store.save(art, [ev])
        after_ingest(store, art)
    store.engine.dispose()
    return db


def test_threads_split_by_silence_and_titled(tmp_path):
    db = _db(tmp_path)
    res = CliRunner().invoke(app, ["threads", "USA", "KOR", "--db", db, "--format", "json"])
    assert res.exit_code == 0, res.output
    found = json.loads(res.stdout)
    assert [len(t["events"]) for t in found] == [2, 2]      # the 2025 deal, then the 2026 threat and talks
    first, second = found
    assert first["pair"] == ["KOR", "USA"] and "deal" in first["title"] and "$350bn" in first["title"]
    assert "implementation of the 2025 deal" in second["title"]
    assert "threats, talks" in second["title"] and "rates up to 25%" in second["title"]
    assert second["start"] == "2026-01-26" and second["end"] == "2026-01-29"


def test_threads_text_all_pairs_and_bad_input(tmp_path):
    db = _db(tmp_path)
    runner = CliRunner()
    res = runner.invoke(app, ["threads", "--db", db])
    assert res.exit_code == 0, res.output
    assert "[CHN-USA #1]" in res.stdout and "[KOR-USA #2]" in res.stdout
    assert runner.invoke(app, ["threads", "USA", "--db", db]).exit_code != 0
    assert runner.invoke(app, ["threads", "USA", "KOR", "--db", str(tmp_path / "none.db")]).exit_code == 1


def test_gap_controls_grouping():
    rows = [{"id": 1, "countries": "KOR|USA", "type": "CONSULT", "date": "2026-01-01", "first_report": None},
            {"id": 2, "countries": "KOR|USA", "type": "CONSULT", "date": "2026-01-20", "first_report": None}]
    assert len(build_threads(rows, gap_days=30)) == 1
    assert len(build_threads(rows, gap_days=10)) == 2
    assert thread_title(("KOR", "USA"), rows).startswith("KOR–USA: talks on trade (Jan 2026)")
