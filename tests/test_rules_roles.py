"""Roles and actors (issue 9): who acts, from the right clause, named as specifically as the text
names them. Each case is a short text written for this test."""

from __future__ import annotations

import pytest

from tradewire.extract.pipeline import Extractor


@pytest.fixture(scope="module")
def extractor():
    return Extractor()


def _events(extractor, text: str, published: str):
    return [e.model_dump(mode="json") for e in extractor.extract_text(text, published)]


def _names(ev: dict) -> set[str]:
    return {a["name"] for a in [ev.get("source"), ev.get("target"), *(ev.get("participants") or [])] if a}


def test_speaker_named_in_the_sentence_replaces_the_bare_country(extractor):
    text = ("Canadian Prime Minister Mark Carney said on Tuesday that Canada would impose retaliatory tariffs "
            "on American steel and aluminium, escalating the trade dispute with the United States.")
    evs = [e for e in _events(extractor, text, "2025-03-11") if e["source"] and e["source"]["country"] == "CAN"]
    assert evs, "the Canadian measure is found"
    assert evs[0]["source"]["name"] == "Mark Carney"
    assert evs[0]["target"]["country"] == "USA"


def test_talks_between_named_leaders_name_both(extractor):
    text = ("U.S. President Donald Trump and Chinese President Xi Jinping held talks on tariffs and export "
            "controls on the sidelines of a summit in Busan on Thursday.")
    talks = [e for e in _events(extractor, text, "2025-10-30") if e["type"] == "CONSULT"]
    assert talks
    assert {"Donald Trump", "Xi Jinping"} <= _names(talks[0])


def test_no_person_of_that_country_keeps_the_country(extractor):
    # Only an American is named: the Chinese side stays the country.
    text = ("China imposed retaliatory tariffs on American soybeans on Friday, days after U.S. President "
            "Donald Trump raised duties on Chinese goods, deepening the trade war with the United States.")
    evs = [e for e in _events(extractor, text, "2025-04-04") if e["type"] == "IMPOSE" and e["source"]["country"] == "CHN"]
    assert evs
    assert evs[0]["source"]["name"] == "China"

