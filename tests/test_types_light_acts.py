"""triggers (issue 9): light-verb and nominal acts, verdicts, and non-acts, in sentences of our own."""

from __future__ import annotations

from datetime import date

import pytest

from tradewire.models import RawDocument
from tradewire.read.clean import clean

LEDE = "Kenya banned imports of milk and sugar from Uganda on Monday, citing tariffs and trade rules. "
DAY = date(2025, 3, 7)


def _events(extractor, text: str) -> list[dict]:
    art = clean(RawDocument(path="t", text=text, published=DAY))
    return [e.model_dump(mode="json") for e in extractor.extract(art)]


def _types(events: list[dict], src: str) -> set[str]:
    return {e["type"] for e in events if (e["source"] or {}).get("country") == src}


@pytest.mark.parametrize("text, etype, src", [
    # a verdict at the end of the object's phrase
    ('Ugandan President Yoweri Museveni called the Kenyan decision to place duties on Ugandan milk "totally unacceptable."',
     "ACCUSE", "UGA"),
    # labelling verbs that take "as" or "to be"
    ("The Ugandan minister said Uganda saw Kenya's restrictions as a violation of international obligations.", "ACCUSE", "UGA"),
    ('Uganda\'s trade minister said: "We consider the new Kenyan law to be a unilateral and punitive instrument."',
     "ACCUSE", "UGA"),
    # a grievance through a light verb
    ("Uganda has raised concerns over Kenya's new import curbs.", "ACCUSE", "UGA"),
    # an announced measure told as an existential
    ("Ugandan President Yoweri Museveni announced on Tuesday there will be a 25% tariff on Kenyan sugar.", "THREATEN", "UGA"),
    # ready to resort to a measure: a threat, not a pledge
    ("Uganda said it was ready to resort to retaliatory tariffs against Kenya.", "THREATEN", "UGA"),
    # not accepting a measure protests against it
    ('"Uganda will not be accepting any unfair levies," the Ugandan trade minister said.', "ACCUSE", "UGA"),
])
def test_light_and_verdict_acts(extractor, text, etype, src):
    events = _events(extractor, LEDE + text)
    assert etype in _types(events, src), events


@pytest.mark.parametrize("text, not_type, src", [
    # ready to work on removing tariffs is a pledge, not a threat
    ("Uganda remains ready to work with Kenya to remove these tariffs.", "THREATEN", "UGA"),
    # no tariff, and under a condition
    ("Museveni wrote that there will be no tariff if Kenyan firms build their plants in Uganda.", "THREATEN", "UGA"),
    # a claim rejected is no REJECT
    ("Uganda dismissed the Kenyan assertion that the ban protects consumers.", "REJECT", "UGA"),
    ("Uganda refused to accept that the ban is retaliation.", "REJECT", "UGA"),
    # the purpose of one's own measure accuses nobody
    ("The Kenyan finance ministry said the import fees aim to protect national industry against unfair competition.",
     "ACCUSE", "KEN"),
    # vows that are no pledge to another side
    ("Uganda vowed to defend its interests.", "PLEDGE", "UGA"),
    ("This is a delay from the May 1 start date Museveni vowed in an earlier post.", "PLEDGE", "UGA"),
    ("The deal will offer Ugandan exporters more market options.", "PLEDGE", "UGA"),
    # a takeover blocked is no rejection of a proposal
    ("The Ugandan government rejected the planned takeover of a Ugandan dairy by Kenyan investors.", "REJECT", "UGA"),
])

def test_non_acts(extractor, text, not_type, src):
    events = _events(extractor, LEDE + text)
    assert not_type not in _types(events, src), events


def test_not_accepting_is_occurred(extractor):
    events = _events(extractor, LEDE + '"Uganda will not be accepting any unfair levies," the Ugandan trade minister said.')
    assert any(e["type"] == "ACCUSE" and e["status"] == "occurred" for e in events), events


@pytest.mark.parametrize("text, etype, src, tgt", [
    # one-sentence items that stop a trade flow pass the gate
    ("India banned wheat exports with immediate effect.", "IMPOSE", "IND", None),
    ("Kazakhstan suspended trading with Kyrgyzstan over a border dispute.", "IMPOSE", "KAZ", "KGZ"),
    ("Indonesia will stop exporting bauxite from June, President Joko Widodo said.", "THREATEN", "IDN", None),
])
def test_short_flow_items(extractor, text, etype, src, tgt):
    events = _events(extractor, text)
    assert any((e["type"] == etype or e["type"] == "IMPOSE" and e["status"] == "planned")
               and (e["source"] or {}).get("country") == src
               and (tgt is None or (e["target"] or {}).get("country") == tgt) for e in events), events


@pytest.mark.parametrize("text", [
    "The exchange halted trading in shares of the miner on Monday.",
    "The club banned the sale of tickets to away fans.",
])
def test_short_non_trade_items(extractor, text):
    assert _events(extractor, text) == []


@pytest.mark.parametrize("text, etype, src", [
    # a measure set to take effect: the subject sits on the governing verb
    ("Museveni said on Thursday that higher tariffs on Kenyan goods were set to take effect in two weeks.", "THREATEN", "UGA"),
    # a conditional existential is a threat
    ('"There will be great and fast retaliation against Kenya if our farmers are targeted!" Museveni tweeted.',
     "THREATEN", "UGA"),
    # a WTO case suspended, a quota opened: easings
    ("Uganda agreed to suspend its World Trade Organization dispute against Kenya.", "EASE", "UGA"),
    ("Separately, Uganda opened a tariff-free quota for sugar imports from other countries.", "EASE", "UGA"),
])
def test_effect_and_easing(extractor, text, etype, src):
    events = _events(extractor, LEDE + text)
    assert any((e["type"] == etype or etype == "THREATEN" and e["type"] == "IMPOSE" and e["status"] == "planned")
               and (e["source"] or {}).get("country") == src for e in events), events


@pytest.mark.parametrize("text, etype, src", [
    ("Uganda blamed the ban on Nairobi.", "ACCUSE", "UGA"),
    ("The trade pact, which took ten years to complete, is furiously opposed by Uganda.", "REJECT", "UGA"),
    ("Uganda's trade minister insisted that Kenya must lift the ban.", "DEMAND", "UGA"),
    ("Uganda's foreign minister said she was very concerned by the ban.", "ACCUSE", "UGA"),
])
def test_speech_acts(extractor, text, etype, src):
    assert etype in _types(_events(extractor, LEDE + text), src)


@pytest.mark.parametrize("text, not_type, src", [
    # a measure's motive, an accusation not made, an assertion, a worry about no act, one's own measure
    ("In April, Uganda banned all fruit imports from Kenya, blaming an increase in smuggling.", "ACCUSE", "UGA"),
    ("Given its ties with Nairobi, Uganda has not condemned the ban outright.", "ACCUSE", "UGA"),
    ("Uganda's trade minister insisted that there are fundamental problems with the pact.", "DEMAND", "UGA"),
    ("The Ugandan ministry stressed that Uganda is strongly concerned about the risk of contamination.", "ACCUSE", "UGA"),
    ("Uganda said on Sunday that it will suspend its punitive tariffs on Kenyan products.", "ACCUSE", "UGA"),
])
def test_speech_non_acts(extractor, text, not_type, src):
    assert not_type not in _types(_events(extractor, LEDE + text), src)


@pytest.mark.parametrize("text", [
    "Kenya should remove the ban on Ugandan milk, said the spokesperson of Uganda's trade ministry.",
    "Uganda hopes Kenya will abide by international rules, abandon protectionism, keep markets open, and promote trade.",
])
def test_owed_and_hoped_acts(extractor, text):
    assert "DEMAND" in _types(_events(extractor, LEDE + text), "UGA")


def test_decision_owner_acts(extractor):
    events = _events(extractor, "Japan has urged China to revoke its decision to impose tougher export controls on rare earths.")
    assert "DEMAND" in _types(events, "JPN") and "IMPOSE" in _types(events, "CHN"), events


@pytest.mark.parametrize("text, src, tgt", [
    ("The Chinese embassy criticised India's decision to restrict foreign direct investment from China.", "IND", "CHN"),
    ("India on Saturday restricted the import of garments from Bangladesh via land ports.", "IND", "BGD"),
])
def test_restricted_flows(extractor, text, src, tgt):
    events = _events(extractor, text)
    assert any(e["type"] == "IMPOSE" and (e["source"] or {}).get("country") == src
               and (e["target"] or {}).get("country") == tgt for e in events), events


@pytest.mark.parametrize("text, not_type, src", [
    # idioms of take and step up, a capability, a verdict on a measure
    ("Museveni and Ruto took turns praising the pact's market access provisions.", "IMPOSE", "UGA"),
    ("Uganda enters this phase ready to present a better offer, taking Kenyan concerns into account.", "IMPOSE", "UGA"),
    ("Uganda opened an anti-dumping probe into Kenyan milk on Monday, stepping up tension a day after Kenya published "
     "its tariff plan.", "IMPOSE", "UGA"),
    ('"These deals show that Uganda can maintain tariffs to shrink the deficit," the Ugandan minister said.', "IMPOSE", "UGA"),
    ("Uganda said it will appeal a WTO ruling that said Ugandan tariffs on Kenyan sugar are not allowed.", "REJECT", "KEN"),
])
def test_more_non_acts(extractor, text, not_type, src):
    assert not_type not in _types(_events(extractor, LEDE + text), src)


def test_retaliatory_action_ruled_out(extractor):
    events = _events(extractor, LEDE + "Uganda's trade minister said that Uganda is not considering taking any retaliatory action.")
    assert any(e["type"] == "IMPOSE" and e["status"] == "denied" and (e["source"] or {}).get("country") == "UGA"
               for e in events), events


@pytest.mark.parametrize("text, not_type, src", [
    # a requirement, and an act described rather than made
    ("The pact must still be ratified by all member states before it applies to Uganda and Kenya.", "AGREE", None),
    ("Officials knew of course that Kenya's tariff hike is part of a much bigger picture.", "IMPOSE", "KEN"),
])
def test_described_and_required(extractor, text, not_type, src):
    events = _events(extractor, "Uganda and Kenya have quarrelled over tariffs and trade rules for a year. " + text)
    assert not any(e["type"] == not_type and (src is None or (e["source"] or {}).get("country") == src) for e in events), events
