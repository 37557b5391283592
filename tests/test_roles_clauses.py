"""Actors from the right clause (issue 9, item 2): possessives and a person's own country. Each case
is a short text written for this test."""

from __future__ import annotations

import pytest

from tradewire.extract.pipeline import Extractor


@pytest.fixture(scope="module")
def extractor():
    return Extractor()


def _events(extractor, text: str, published: str):
    return [e.model_dump(mode="json") for e in extractor.extract_text(text, published)]


def _sides(ev: dict) -> tuple:
    return ((ev.get("source") or {}).get("country"), (ev.get("target") or {}).get("country"))


def test_its_decision_belongs_to_the_clause_subject(extractor):
    text = ("Seoul has urged Tokyo to withdraw its decision to impose export controls on chemicals used "
            "to make chips, the trade ministry said on Monday.")
    imposed = [e for e in _events(extractor, text, "2025-07-07") if e["type"] in ("IMPOSE", "THREATEN")]
    assert imposed
    assert _sides(imposed[0]) == ("JPN", "KOR")


def test_persons_government_is_their_country(extractor):
    text = "State media said Narendra Modi's government decided to impose tariffs on Chinese steel last week."
    imposed = [e for e in _events(extractor, text, "2025-07-07") if e["type"] in ("IMPOSE", "THREATEN")]
    assert imposed
    assert imposed[0]["source"]["country"] == "IND"
    assert imposed[0]["target"]["country"] == "CHN"


def test_his_country_is_the_speakers(extractor):
    text = ("Brazil's president Luiz Inacio Lula da Silva said on Tuesday his country would impose tariffs on "
            "American goods if Washington raised its duties.")
    evs = [e for e in _events(extractor, text, "2025-07-08") if e["type"] in ("IMPOSE", "THREATEN")]
    assert evs
    assert evs[0]["source"]["country"] == "BRA"


def test_the_government_is_the_country_last_named_as_subject(extractor):
    text = ("Ankara said on Tuesday it would retaliate against the new duties. Officials cited a report on "
            "Greece's ports. The government also banned the export of scrap metal to the United States.")
    bans = [e for e in _events(extractor, text, "2025-07-08")
            if e["type"] == "IMPOSE" and "scrap" in " ".join(e["evidence"])]
    assert bans
    assert bans[0]["source"]["country"] == "TUR"


def test_the_government_does_not_ban_its_own_countrys_goods(extractor):
    text = ("Beijing criticised New Delhi's new rules on investment on Sunday. China said the rules were unfair. "
            "Amid a border standoff with China, the government on Monday banned 40 Chinese apps, citing security "
            "risks.")
    bans = [e for e in _events(extractor, text, "2025-06-30") if e["type"] == "IMPOSE" and "apps" in " ".join(e["evidence"])]
    assert bans
    assert (bans[0]["source"]["country"], bans[0]["target"]["country"]) == ("IND", "CHN")
