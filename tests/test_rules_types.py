"""acc-types rules (types, status, triggers, coverage, the trade gate): short articles in our own words."""

from __future__ import annotations

from datetime import date

import pytest

from tradewire.models import RawDocument
from tradewire.read.clean import clean


def _events(extractor, text: str, published: date) -> list[dict]:
    art = clean(RawDocument(path="t", text=text, published=published))
    return [e.model_dump(mode="json") for e in extractor.extract(art)]


def _has(events: list[dict], etype: str, src: str | None, tgt: str | None, status: str | None = None) -> bool:
    return any(e["type"] == etype and (e["source"] or {}).get("country") == src
               and (tgt is None or (e["target"] or {}).get("country") == tgt)
               and (status is None or e["status"] == status) for e in events)


def _summary(events: list[dict]) -> list[tuple]:
    return [(e["type"], e["status"], (e["source"] or {}).get("country"), (e["target"] or {}).get("country"))
            for e in events]


# (rule, text, published, type, status, source, target)
TYPED = [
    ("decided_measure: a decided measure is imposed",
     "Peru has decided to impose anti-dumping duties on Brazilian steel wire, the trade ministry said.",
     date(2024, 6, 3), "IMPOSE", "occurred", "PER", "BRA"),
    ("decided_measure: a ban with immediate effect is imposed",
     "Chile will ban exports of lithium concentrate to Argentina with immediate effect, the mining ministry said.",
     date(2024, 6, 3), "IMPOSE", "occurred", "CHL", "ARG"),
    ("decided_measure: a participle shares the decision",
     "Peru decided to stop imports of Chilean poultry, expanding its ban on imports of farm goods from Chile.",
     date(2024, 6, 3), "IMPOSE", "occurred", "PER", "CHL"),
    ("own_effective_date: a measure with the day it applies from is no warning",
     "Kenya will impose higher tariffs on 30 Ugandan products including sugar from Sunday, the treasury said.",
     date(2024, 6, 7), "IMPOSE", "planned", "KEN", "UGA"),
    ("deal_term: a measure set by a deal is planned, never a threat",
     "Under the deal, Canada will impose a 10% tariff on Peruvian steel above the quota, the trade ministry said.",
     date(2024, 6, 3), "IMPOSE", "planned", "CAN", "PER"),
    ("planned_without_effective_date: an undated pledge of measures stays a threat",
     "Kenya said it would take all necessary measures against the Ugandan tariffs on its milk.",
     date(2024, 6, 3), "THREATEN", None, "KEN", "UGA"),
    ("ruled_out_measure: a measure not considered is that measure, denied",
     "Thailand is not considering any countermeasures against the Cambodian duties on rice, its trade minister said.",
     date(2024, 6, 3), "IMPOSE", "denied", "THA", "KHM"),
    ("ruled_out: a measure the side will not impose is denied",
     "Chile will not impose retaliatory tariffs on Argentine goods, the Chilean president said.",
     date(2024, 6, 3), "IMPOSE", "denied", "CHL", "ARG"),
    ("ruled_out: 'rules out imposing' in a clause of its own is a denied measure, not a rejection",
     "Prices rose as New Zealand's prime minister rules out imposing tariffs on Australian exports in response "
     "to the Australian duties.", date(2024, 6, 3), "IMPOSE", "denied", "NZL", "AUS"),
    ("lapsed_relief: deciding not to extend an exemption imposes the measure",
     "Chile has decided not to extend the temporary tariff exemptions on Peruvian steel, the finance ministry said.",
     date(2024, 6, 3), "IMPOSE", "occurred", "CHL", "PER"),
    ("time clause: an act in an after-clause keeps its own tense",
     "Kenya has set the stage for a trade war after it banned imports of maize from Uganda.",
     date(2024, 6, 3), "IMPOSE", "occurred", "KEN", "UGA"),
    ("quota_polarity: cutting a quota restricts",
     "Egypt cut the import quota for Turkish steel bars by a third on Monday, the trade ministry said.",
     date(2024, 6, 3), "IMPOSE", "occurred", "EGY", "TUR"),
    ("quota_polarity: raising a quota eases",
     "India raised its import quota for Nepali sugar by 20 per cent on Monday, the trade ministry said.",
     date(2024, 6, 3), "EASE", "occurred", "IND", "NPL"),
    ("offered_easing: an easing offered is a pledge",
     "Norway has offered to eliminate import tariffs on Icelandic fish, the trade ministry said.",
     date(2024, 6, 3), "PLEDGE", "occurred", "NOR", "ISL"),
    ("offered_easing: an easing pledged is a pledge",
     "Peru is holding to its pledges to remove non-tariff barriers on Chilean fruit.",
     date(2024, 6, 3), "PLEDGE", "occurred", "PER", "CHL"),

    ("decided_measure: an easing decided has occurred",
     "Vietnam decided to permit limited exports of rice to the Philippines, the trade ministry said.",
     date(2024, 6, 3), "EASE", "occurred", "VNM", "PHL"),
]

# (rule, text, published, type, source, target): verbs and flags of the coverage block of triggers.yaml
COVERED = [
    ("prohibit: a trade flow prohibited",
     "The export of luxury cars to Belarus has been prohibited by Japan, the trade ministry said.",
     date(2024, 6, 3), "IMPOSE", "JPN", "BLR"),
    ("unveil: a measure unveiled",
     "Mexico unveiled a 30% duty on Chinese steel pipes on Tuesday.", date(2024, 6, 3), "IMPOSE", "MEX", "CHN"),
    ("ties: cutting trade ties restricts",
     "Bahrain said Egypt had cut trade and diplomatic ties with it.", date(2024, 6, 3), "IMPOSE", "EGY", "BHR"),
    ("relief_obj: asking for a delay demands",
     "Thailand asked for a three-month delay of the US tariffs on its rice.", date(2024, 6, 3), "DEMAND", "THA", "USA"),
    ("phase_nouns: the start of an investigation announced",
     "Peru has announced the start of an anti-dumping investigation into imports of steel from Brazil.",
     date(2024, 6, 3), "INVESTIGATE", "PER", "BRA"),
    ("litigation context: British spelling of the WTO",
     "Chile lodged a complaint with the World Trade Organisation over Argentine copper tariffs.",
     date(2024, 6, 3), "LITIGATE", "CHL", "ARG"),
    ("grievance_adjective: a side dissatisfied with a measure accuses",
     "Brazil is extremely dissatisfied with the Argentine duties on its shoes, the foreign ministry said.",
     date(2024, 6, 3), "ACCUSE", "BRA", "ARG"),
    ("grievance_adjective: a minister concerned by a suspension accuses",
     "Peruvian trade minister Juan Carlos Mathews said he was very concerned by the Chilean suspension of avocado imports.",
     date(2024, 6, 3), "ACCUSE", "PER", "CHL"),
    ("nouns_coverage: regret expressed accuses",
     "Norway expressed regret over the British tariffs on its salmon.", date(2024, 6, 3), "ACCUSE", "NOR", "GBR"),
    ("hoped_or_owed_act: a government hoping another side will end a measure demands it",
     "The Indian commerce ministry said it hopes Canada will terminate the anti-dumping duties on Indian steel.",
     date(2024, 6, 3), "DEMAND", "IND", "CAN"),
    ("hoped_or_owed_act: what another side should do, under a speech verb, is the speaker's demand",
     '"Mexico should remove its export controls on avocados to Peru," the Peruvian trade ministry said.',
     date(2024, 6, 3), "DEMAND", "PER", "MEX"),
    ("measure_threatens: a measure said to threaten something is accused",
     "Seoul said the new Japanese export controls on chip materials threatened the stability of the global supply "
     "chain, the trade ministry said.", date(2024, 6, 3), "ACCUSE", "KOR", "JPN"),
    ("verdict_pronouns: a verdict on 'that' points back at the act",
     'Brazil raised tariffs on Argentine wine. Argentina termed that "unfortunate" and vowed to defend its growers.',
     date(2024, 6, 3), "ACCUSE", "ARG", "BRA"),
    ("verb_trigger: promising to increase purchases pledges (no imposition below it)",
     "Hanoi promises to significantly increase purchases of Australian farm goods, the Australian trade minister said.",
     date(2024, 6, 3), "PLEDGE", "VNM", "AUS"),
    ("initiate: a WTO dispute initiated",
     "Brazil initiated a WTO dispute against India over its sugar subsidies.", date(2024, 6, 3), "LITIGATE", "BRA", "IND"),
]


@pytest.mark.parametrize("rule,text,published,etype,src,tgt", COVERED, ids=[c[0] for c in COVERED])
def test_covered(extractor, rule, text, published, etype, src, tgt):
    events = _events(extractor, text, published)
    assert _has(events, etype, src, tgt), f"{rule}: got {_summary(events)}"


def test_cutting_ties_needs_trade_ties(extractor):
    events = _events(extractor, "Bahrain said Egypt had cut diplomatic ties with it, as trade tensions grew.",
                     date(2024, 6, 3))
    assert not _has(events, "IMPOSE", "EGY", None), _summary(events)


def test_considering_a_measure_stays_a_threat(extractor):
    events = _events(extractor, "Thailand is considering countermeasures against the Cambodian duties on rice.",
                     date(2024, 6, 3))
    assert _has(events, "THREATEN", "THA", "KHM") and not _has(events, "IMPOSE", "THA", None), _summary(events)


def test_offered_easing_is_no_easing(extractor):
    events = _events(extractor, "Norway has offered to eliminate import tariffs on Icelandic fish, the trade ministry said.",
                     date(2024, 6, 3))
    assert not [e for e in events if e["type"] == "EASE"], _summary(events)


@pytest.mark.parametrize("rule,text,published,etype,status,src,tgt", TYPED, ids=[c[0] for c in TYPED])
def test_typed(extractor, rule, text, published, etype, status, src, tgt):
    events = _events(extractor, text, published)
    assert _has(events, etype, src, tgt, status), f"{rule}: got {_summary(events)}"


def test_a_grievance_needs_an_object_and_no_negation(extractor):
    for text in ("Brazil is not dissatisfied with the Argentine duties on its shoes, the foreign ministry said.",
                 "Brazil is concerned, the foreign ministry said of the Argentine duties on its shoes."):
        events = _events(extractor, text, date(2024, 6, 3))
        assert not [e for e in events if e["type"] == "ACCUSE"], (text, _summary(events))


def test_owed_act_is_not_done_and_analysts_only_hope(extractor):
    events = _events(extractor, '"Mexico should remove its export controls on avocados to Peru," the Peruvian '
                     "trade ministry said.", date(2024, 6, 3))
    assert not [e for e in events if e["type"] == "EASE"], _summary(events)
    events = _events(extractor, "Analysts expect Canada will terminate the anti-dumping duties on Indian steel.",
                     date(2024, 6, 3))
    assert not [e for e in events if e["type"] == "DEMAND"], _summary(events)


# Short items (one or two sentences) of a sanction, embargo, export ban or deal pass the gate.
SHORT = [
    ("Indonesia will ban exports of palm oil from Thursday.", "IMPOSE", "IDN"),
    ("Chile banned exports of lithium carbonate on Monday.", "IMPOSE", "CHL"),
    ("Norway sanctioned two Belarusian banks and barred trading with them.", "IMPOSE", "NOR"),
    ("Canada sanctioned Iran over its nuclear programme.", "IMPOSE", "CAN"),
]


@pytest.mark.parametrize("text,etype,src", SHORT, ids=[s[0][:40] for s in SHORT])
def test_short_trade_items_pass_the_gate(extractor, text, etype, src):
    events = _events(extractor, text, date(2024, 6, 3))
    assert _has(events, etype, src, None), _summary(events)


@pytest.mark.parametrize("text", [
    "The league sanctioned the club for fan violence at Saturday's match.",
    "Shares of the carmaker were trading higher in Tokyo on Monday.",
    "Police arrested a suspect in the embargo-era smuggling case.",
])
def test_short_non_trade_items_yield_nothing(extractor, text):
    assert _events(extractor, text, date(2024, 6, 3)) == []


def test_a_maintained_measure_is_no_new_act(extractor):
    events = _events(extractor, "Peru will maintain its tariffs on Chilean steel, the finance minister said.",
                     date(2024, 6, 3))
    assert not [e for e in events if e["type"] in ("IMPOSE", "THREATEN")], _summary(events)


def test_a_pledge_described_by_be_is_no_pledge(extractor):
    events = _events(extractor, "Lower tariffs on Canadian lumber were one of his campaign pledges, and the Canadian "
                     "government's commitment is to its exporters.", date(2024, 6, 3))
    assert not [e for e in events if e["type"] == "PLEDGE"], _summary(events)


def test_readiness_for_talks_is_a_pledge_not_talks(extractor):
    events = _events(extractor, "Vietnam has expressed its readiness for trade negotiations with Australia on "
                     "tariffs, the trade ministry said.", date(2024, 6, 3))
    assert _has(events, "PLEDGE", "VNM", None) and not [e for e in events if e["type"] == "CONSULT"], _summary(events)
