"""Places are never sides, and member lists name every side (issue 9, item 2). Each case is a
short text written for this test."""

from __future__ import annotations

import pytest

from tradewire.extract.pipeline import Extractor


@pytest.fixture(scope="module")
def extractor():
    return Extractor()


def _countries(ev: dict) -> set[str]:
    return {a["country"] for a in [ev.get("source"), ev.get("target"), *(ev.get("participants") or [])] if a and a.get("country")}


def _events(extractor, text: str, published: str):
    return [e.model_dump(mode="json") for e in extractor.extract_text(text, published)]


def test_country_after_a_place_says_where_not_who(extractor):
    text = ("Kenyan President William Ruto and Ghana's President John Mahama signed a trade agreement in Lome, Togo, "
            "on Monday, cutting tariffs on farm goods and textiles between the two economies.")
    deals = [e for e in _events(extractor, text, "2025-06-03") if e["type"] == "AGREE"]
    assert deals
    assert "TGO" not in _countries(deals[0])


def test_dateline_city_and_country_are_no_side(extractor):
    text = ("LIMA, Peru — The trade ministers of Chile and Colombia signed a new trade agreement here on Friday, "
            "cutting tariffs on fruit and coffee.")
    deals = [e for e in _events(extractor, text, "2025-06-06") if e["type"] == "AGREE"]
    assert deals
    assert "PER" not in _countries(deals[0])


def test_leaders_of_listed_countries_are_all_sides(extractor):
    text = ("The leaders of Japan, Australia and New Zealand signed a trade agreement on Tuesday that cuts tariffs "
            "on beef, dairy and cars.")
    deals = [e for e in _events(extractor, text, "2025-06-03") if e["type"] == "AGREE"]
    assert deals
    assert {"JPN", "AUS", "NZL"} <= _countries(deals[0])


def test_acronym_of_a_deal_is_no_agency(extractor):
    text = ("Canada and Chile signed the Interim Trade Agreement (ITA) on Monday, cutting tariffs on copper and "
            "salmon.")
    deals = [e for e in _events(extractor, text, "2025-06-02") if e["type"] == "AGREE"]
    assert deals
    assert _countries(deals[0]) == {"CAN", "CHL"}


def test_split_peoples_republic_is_one_country(extractor):
    text = ("Ecuador signed a free trade agreement with the People\u2019s Republic of China on Wednesday, cutting "
            "tariffs on shrimp and bananas.")
    deals = [e for e in _events(extractor, text, "2025-06-04") if e["type"] == "AGREE"]
    assert deals
    assert _countries(deals[0]) == {"ECU", "CHN"}


def test_government_travelled_to_for_talks_is_a_side(extractor):
    text = "Japan will send its top trade negotiator to Washington for talks on tariffs next week."
    talks = [e for e in _events(extractor, text, "2025-04-07") if e["type"] == "CONSULT"]
    assert talks
    assert _countries(talks[0]) == {"JPN", "USA"}


def test_speaker_sends_the_delegation(extractor):
    text = ("Vietnam's Prime Minister Pham Minh Chinh said a delegation will be sent to the US for negotiations "
            "on the new tariffs.")
    talks = [e for e in _events(extractor, text, "2025-04-07") if e["type"] == "CONSULT"]
    assert talks
    assert _countries(talks[0]) == {"VNM", "USA"}
