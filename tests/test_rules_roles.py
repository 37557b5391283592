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


def _mentions(extractor, text: str, published: str):
    from datetime import date

    doc = extractor.nlp(text)
    return extractor.events.ctx.resolver.resolve(doc, date.fromisoformat(published)).mentions


def test_given_name_before_a_known_surname_is_another_person(extractor):
    # "Kang" alone is a KB surname (a Korean minister); "Ma Kang" beside a Chinese title is not her.
    text = ("The tariffs are unjustified, said a Chinese Commerce Ministry spokesman, Ma Kang, adding that "
            "China would respond to the United States.")
    people = [m for m in _mentions(extractor, text, "2018-06-01") if m.kind == "person"]
    assert people and people[0].actor.name == "Ma Kang"
    assert people[0].actor.country == "CHN"


def test_title_before_a_surname_keeps_the_kb_person(extractor):
    text = "Foreign Minister Kang said South Korea would file a complaint at the WTO against Japan's export curbs."
    people = [m for m in _mentions(extractor, text, "2019-08-01") if m.kind == "person"]
    assert people and people[0].actor.country == "KOR" and people[0].actor.name != "Kang"


def test_south_american_is_no_american(extractor):
    text = ("Canada and South American nations of the Andean bloc concluded talks on a free trade deal to cut "
            "tariffs on farm goods, the Canadian trade ministry said on Monday.")
    for m in _mentions(extractor, text, "2024-05-06"):
        assert m.actor.country != "USA", m.text
