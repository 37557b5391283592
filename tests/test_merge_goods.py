"""Goods of one act (attributes, merge): named once, as one phrase, only what the act itself names,
and the same goods in other words counted as the same goods when mentions of one act are merged.
Sentences are our own."""

from __future__ import annotations

from datetime import date

import pytest

from tradewire.extract.attributes import add_goods
from tradewire.extract.candidate import Candidate
from tradewire.extract.merge import _same_goods
from tradewire.models import RawDocument
from tradewire.read.clean import clean


def _products(extractor, text: str, etype: str) -> list[list[str]]:
    events = extractor.extract(clean(RawDocument(path="t", text=text, published=date(2025, 3, 7))))
    return [e.products for e in events if e.type == etype]


@pytest.mark.parametrize("text,etype,products", [
    ("Japan pledged on Monday to lower its tariffs on agricultural and industrial goods from the United States.",
     "PLEDGE", ["agricultural and industrial goods"]),
    ("Canada imposed a 25% tariff on steel imports from China on Tuesday.", "IMPOSE", ["steel"]),
    ("Vietnam pledged on Monday to buy more liquefied natural gas (LNG) from the United States to narrow its "
     "trade surplus with Washington, its trade ministry said.", "PLEDGE", ["liquefied natural gas"]),
    ("China imposed export controls on gallium, a metal used in chips and phones, on exports to the United "
     "States on Monday.", "IMPOSE", ["gallium"]),
    ("China imposed tariffs on American soybeans on Friday as retaliation against U.S. duties on its steel.",
     "IMPOSE", ["soybeans"]),
    ("Canada imposed tariffs on American peanut butter and orange juice on Monday.", "IMPOSE",
     ["peanut butter", "orange juice"]),
    ("The United Kingdom refused on Tuesday to allow imports of chlorine-washed chicken from the United States.",
     "REJECT", ["chlorine-washed chicken"]),
    ("The EU imposed duties on Chinese-made electric vehicles on Friday.", "IMPOSE", ["electric vehicles"]),
    ("In retaliation for Canada planning to impose tariffs on Chinese steel and aluminium, China announced an "
     "anti-dumping investigation into Canadian canola imports on Tuesday.", "INVESTIGATE", ["canola"]),
    ("China launched an anti-dumping investigation into Canadian canola on Tuesday in retaliation for Canadian "
     "tariffs on Chinese electric vehicles.", "INVESTIGATE", ["canola"]),
], ids=["coordinated_modifiers_one_phrase", "flow_word_dropped", "abbreviation_not_twice",
        "what_a_good_is_used_in", "goods_of_the_act_answered", "noun_compound_kept", "hyphenated_word_kept",
        "side_made_dropped", "retaliation_clause_of_the_verb", "retaliation_phrase"])
def test_goods_of_the_act(extractor, text, etype, products):
    assert _products(extractor, text, etype) == [products]


def _cand(sent: int, products: list[str]) -> Candidate:
    return Candidate(type="ACCUSE", trigger=None, sent_index=sent, noun=False, products=products)


def test_same_goods_in_other_words_across_sentences():
    sectors = {"chips": "semiconductors", "semiconductors": "semiconductors", "meat": "meat",
               "meat products": "meat", "cars": "autos", "car parts": "autos", "beef": "beef"}
    assert _same_goods(_cand(0, ["chips"]), _cand(3, ["semiconductors"]), sectors)
    assert _same_goods(_cand(0, ["meat"]), _cand(2, ["meat products"]), sectors)
    assert _same_goods(_cand(0, ["semiconductor"]), _cand(2, ["semiconductors"]), {})  # a plural
    assert not _same_goods(_cand(0, ["beef"]), _cand(2, ["meat"]), sectors)
    # one sentence lists its goods apart on purpose: "tariffs on cars and car parts"
    assert not _same_goods(_cand(1, ["cars"]), _cand(1, ["car parts"]), sectors)


def test_same_goods_by_their_known_ending():
    sectors = {"sand": "stone", "chicken": "poultry"}
    assert _same_goods(_cand(0, ["river sand"]), _cand(2, ["sand"]), sectors)
    assert not _same_goods(_cand(0, ["river sand"]), _cand(2, ["chicken"]), sectors)


def test_pooled_goods_named_once():
    prods = ["meat products", "chip"]
    add_goods(prods, ["meat", "chips", "beef"], {"meat": "meat", "meat products": "meat", "beef": "beef"})
    assert prods == ["meat products", "chip", "beef"]


def _events(extractor, text: str) -> list:
    return list(extractor.extract(clean(RawDocument(path="t", text=text, published=date(2025, 3, 7)))))


def test_generic_measure_word_restates_the_act(extractor):
    # "the measures" names no kind of measure: the tariffs of the first sentence, lifted
    events = _events(extractor, "Canada will remove its retaliatory tariffs on U.S. goods starting in April, Prime "
                     "Minister Mark Carney announced on Friday. Carney said Canada's retaliatory measures will be "
                     "lifted for goods from the U.S. starting April 1.")
    eases = [e for e in events if e.type == "EASE"]
    assert len(eases) == 1 and len(eases[0].evidence) == 2 and eases[0].date == "2025-04-01"


def test_verdicts_on_one_measure_with_other_goods_are_one(extractor):
    events = _events(extractor, "China on Wednesday criticised the European Union's investigation into Chinese "
                     "electric vehicle subsidies. China's commerce ministry said the investigation was a "
                     "protectionist act that will seriously disrupt the global automotive industry.")
    accuse = [e for e in events if e.type == "ACCUSE"]
    assert len(accuse) == 1 and len(accuse[0].evidence) == 2
