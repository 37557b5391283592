"""People named as specifically as the text allows (issue 9, item 2): a title with a short name,
'his X counterpart'. Each case is a short text written for this test."""

from __future__ import annotations

import pytest

from tradewire.extract.pipeline import Extractor


@pytest.fixture(scope="module")
def extractor():
    return Extractor()


def _names(ev: dict) -> set[str]:
    return {a["name"] for a in [ev.get("source"), ev.get("target"), *(ev.get("participants") or [])] if a}


def _events(extractor, text: str, published: str):
    return [e.model_dump(mode="json") for e in extractor.extract_text(text, published)]


def test_title_and_short_name_find_the_office_holder(extractor):
    text = ("President Marcos and Japanese Prime Minister Shigeru Ishiba held talks on tariffs and rice imports "
            "in Tokyo on Monday.")
    talks = [e for e in _events(extractor, text, "2025-06-02") if e["type"] == "CONSULT"]
    assert talks
    assert "Ferdinand Marcos Jr." in _names(talks[0])


def test_his_counterpart_is_the_holder_of_the_same_office(extractor):
    text = ("Prime Minister Mark Carney and his Japanese counterpart held talks on tariffs and car exports "
            "on Friday.")
    talks = [e for e in _events(extractor, text, "2025-06-06") if e["type"] == "CONSULT"]
    assert talks
    assert {"Mark Carney", "Shigeru Ishiba"} <= _names(talks[0])


def test_counterpart_with_a_name_is_that_person(extractor):
    text = ("Prime Minister Mark Carney and his Japanese counterpart Shigeru Ishiba held talks on tariffs "
            "on Friday.")
    talks = [e for e in _events(extractor, text, "2025-06-06") if e["type"] == "CONSULT"]
    assert talks
    assert "Shigeru Ishiba" in _names(talks[0])


def test_unknown_name_with_an_office_appositive_is_a_person_of_that_government(extractor):
    text = ("Seoul banned exports of chip chemicals to Japan on Monday. Hours later, Hiroki Tanabe, the director "
            "general of the Asia bureau of the Japanese foreign ministry, strongly protested and demanded the "
            "withdrawal of the measure.")
    evs = [e for e in _events(extractor, text, "2025-06-02") if e["type"] in ("ACCUSE", "DEMAND")]
    assert evs
    assert evs[0]["source"]["country"] == "JPN"
    assert evs[0]["source"]["name"] == "Hiroki Tanabe"


def test_the_two_leaders_are_the_two_people_just_listed(extractor):
    text = ("Japanese Prime Minister Shigeru Ishiba and U.S. President Donald Trump met on Friday. "
            "The two leaders pledged to work toward lower tariffs on cars.")
    pledges = [e for e in _events(extractor, text, "2025-02-08") if e["type"] == "PLEDGE"]
    assert {p["source"]["name"] for p in pledges} == {"Shigeru Ishiba", "Donald Trump"}
