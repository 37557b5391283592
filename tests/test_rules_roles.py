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
    evs = [e for e in _events(extractor, text, "2025-05-11") if e["source"] and e["source"]["country"] == "CAN"]
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


def test_the_kingdom_is_the_datelines_country(extractor):
    text = ("RIYADH, March 3 -- Saudi officials met Lebanese envoys on Monday. The Kingdom also imposed a ban on "
            "all fruit imports from Lebanon, widening its trade curbs on the country.")
    evs = [e for e in _events(extractor, text, "2021-03-03") if e["type"] == "IMPOSE"]
    assert evs and evs[0]["source"]["country"] == "SAU" and evs[0]["target"]["country"] == "LBN"


def test_the_government_with_no_country_before_it_is_the_datelines(extractor):
    text = ("NEW DELHI, July 1 -- The government on Monday banned dozens of Chinese mobile apps, citing security "
            "concerns amid the trade dispute with China.")
    evs = [e for e in _events(extractor, text, "2020-07-01") if e["type"] == "IMPOSE"]
    assert evs and evs[0]["source"]["country"] == "IND" and evs[0]["target"]["country"] == "CHN"


def test_spokesperson_from_a_ministry_speaks_for_it(extractor):
    text = ('"The duties on our steel are unjustified and discriminatory," a spokesperson from the Chinese commerce '
            "ministry said of the new Canadian tariffs.")
    evs = [e for e in _events(extractor, text, "2024-10-02") if e["type"] == "ACCUSE"]
    assert evs and evs[0]["source"]["country"] == "CHN"


def test_former_office_holder_does_not_replace_the_country(extractor):
    text = ("U.S. President Donald Trump announced a 50 percent tariff on Brazilian goods, citing the trial of "
            "former president Jair Bolsonaro, deepening the trade dispute with Brazil.")
    evs = [e for e in _events(extractor, text, "2025-07-09") if e["type"] in ("IMPOSE", "THREATEN")]
    assert evs and evs[0]["target"]["name"] == "Brazil"
    assert evs[0]["source"]["name"] == "Donald Trump"


def test_unknown_official_takes_the_country_of_his_appositive(extractor):
    text = ("Kenji Moriyama, a senior director of the Japanese foreign ministry, protested the new Chinese export "
            "controls on rare earths.")
    people = [m for m in _mentions(extractor, text, "2025-10-10") if m.kind == "person"]
    assert people and people[0].actor.country == "JPN"


def test_the_three_countries_are_the_three_listed_before(extractor):
    text = ("Ukraine filed complaints against Poland, Hungary and Slovakia at the WTO over grain. It said the bans "
            "were illegal. The three countries announced their own bans on Ukrainian grain imports on Friday.")
    bans = [e for e in _events(extractor, text, "2023-09-20") if e["type"] == "IMPOSE" and e["target"]
            and e["target"]["country"] == "UKR"]
    assert {e["source"]["country"] for e in bans} == {"POL", "HUN", "SVK"}


def test_both_sides_with_no_list_before_stays_unresolved(extractor):
    # No two countries listed: "both nations" is not guessed from the article's pair.
    text = ("The United States raised tariffs on Chinese steel on Monday. Both nations have retaliated, "
            "officials said, as the trade dispute deepened.")
    evs = _events(extractor, text, "2025-03-20")
    assert not [e for e in evs if e["type"] == "IMPOSE" and e["source"]["country"] == "CHN"]



@pytest.mark.parametrize("text, etype, person", [
    ("The United States imposed a 25 percent tariff on Canadian steel on Tuesday. The tariff, which President "
     "Donald Trump signed into force, hits Canadian mills hardest, deepening the trade dispute with Canada.",
     "IMPOSE", "Donald Trump"),
    ("China filed a complaint at the WTO against the United States on Monday. Commerce Minister Wang Wentao said "
     "the complaint against the United States tariffs at the WTO was filed to defend the rules.",
     "LITIGATE", "Wang Wentao"),
])
def test_a_merged_sentence_names_the_person_too(extractor, text, etype, person):
    evs = [e for e in _events(extractor, text, "2025-06-11") if e["type"] == etype]
    assert evs and len(evs[0]["evidence"]) == 2 and evs[0]["source"]["name"] == person
