"""Shared fixtures: a temporary database path, a CLI runner and a few small articles.

The articles are short trade-news items written for these tests (not copied from any outlet).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

STEEL_TXT = """\
US raises steel duties on Canada
By Harriet Vale

WASHINGTON, March 4 (Harbour Wire) -- The United States imposed 25% tariffs on Canadian steel on Tuesday, the Commerce Department said, ending a trade exemption that had shielded Canadian exports for two years.

Read Also: Lumber prices hit a three-month high

Canadian Prime Minister Mark Carney called the duties unjustified and said Ottawa would respond to the tariffs in the coming days.
"""

TALKS_TXT = """\
South Korean Trade Minister Yeo Han-koo met Japanese Economy Minister Yoji Muto in Tokyo on Monday to discuss export controls on semiconductor materials.
The two ministers agreed to meet again next month to review trade in chip chemicals, according to a statement from Seoul's trade ministry.
Advertisement
"""

EV_JSONL = (
    '{"id": "eu-chn-ev", "title": "EU opens probe into Chinese electric cars", "outlet": "Brussels Ledger", '
    '"published": "2025-10-02", "text": "The European Commission on Wednesday opened an anti-subsidy investigation '
    "into electric vehicles imported from China, saying cheap imports were hurting European carmakers and distorting "
    "trade.\\n\\nBeijing accused Brussels of protectionism and urged the bloc to drop the probe, warning that it could "
    'hurt trade ties and exports."}\n'
)

ARTICLES = {"usa_can_steel.txt": STEEL_TXT, "kor_jpn_talks.txt": TALKS_TXT, "eu_chn.jsonl": EV_JSONL}


@pytest.fixture(scope="session")
def texts() -> dict[str, str]:
    """The texts of the three articles by file name, and of the two .txt ones by short name."""
    return {**ARTICLES, "steel": STEEL_TXT, "talks": TALKS_TXT}


@pytest.fixture
def db_path(tmp_path: Path) -> str:
    return str(tmp_path / "tradewire.db")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def articles_dir(tmp_path: Path) -> Path:
    """A folder with three small articles (.txt, .txt, .jsonl with one record)."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder
