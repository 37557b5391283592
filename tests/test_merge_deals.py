"""A deal's concessions (merge, deals): each cut told with its own goods or rate is its own act
between the deal's sides; a term that covers all goods is the same act as its detail. Sentences are
our own."""

from __future__ import annotations

from datetime import date

import pytest

from tradewire.models import RawDocument
from tradewire.read.clean import clean


def _events(extractor, text: str) -> list:
    return list(extractor.extract(clean(RawDocument(path="t", text=text, published=date(2025, 3, 7)))))


def test_concessions_listed_one_by_one_are_each_an_act(extractor):
    events = _events(extractor, "Australia and Japan signed a free trade agreement on Thursday. The Australian "
                     "government said the deal will reduce Japan's average tariff on Australian goods from 12% to "
                     "2%. Beef tariffs will be halved from 40% to 20% over ten years. Wine tariffs will fall from "
                     "15% to zero under the deal.")
    eases = sorted((e.source.country, e.target.country, tuple(e.products), e.rate_to) for e in events if e.type == "EASE")
    assert eases == [("JPN", "AUS", (), 2.0), ("JPN", "AUS", ("beef",), 20.0), ("JPN", "AUS", ("wine",), 0.0)]


@pytest.mark.parametrize("text", [
    "Vietnam and the United States reached a trade deal on Wednesday. Under the deal, Vietnam will remove tariffs "
    "on American cars, while the United States will impose a 20% tariff on Vietnamese goods.",
    "Vietnam and the United States reached a trade deal on Wednesday. Under the deal, the United States will "
    "impose a 20% tariff on Vietnamese goods.",
], ids=["term_in_a_while_clause", "term_under_the_deal"])
def test_a_measure_a_deal_sets_is_planned_never_a_threat(extractor, text):
    measures = [(e.type, e.status) for e in _events(extractor, text) if e.type in ("IMPOSE", "THREATEN")]
    assert measures == [("IMPOSE", "planned")]


def test_a_tariff_tied_to_no_deal_stays_a_threat(extractor):
    events = _events(extractor, "Trump warned on Monday that Japan would face a 25% tariff if no deal was reached "
                     "by Aug. 1.")
    assert [e.type for e in events if e.type in ("IMPOSE", "THREATEN")] == ["THREATEN"]


@pytest.mark.parametrize("text,etype,products", [
    ("Britain and India signed a trade agreement on Thursday that will slash tariffs on whisky and cars.",
     "AGREE", []),
    ("Australia and China reached an agreement on Tuesday on a process to resolve the dispute over duties on barley.",
     "AGREE", ["barley"]),
    ("Canada held talks with the United States on steel and aluminum tariffs in Washington on Monday, the trade "
     "minister said.", "CONSULT", ["steel", "aluminum"]),
    ("Japan's trade minister met U.S. officials in Tokyo on Monday to discuss the tariff on Japanese cars.",
     "CONSULT", ["cars"]),
], ids=["goods_of_the_terms", "goods_the_deal_is_about", "goods_the_talks_are_about", "goods_discussed"])
def test_deal_and_talks_name_only_the_goods_they_are_about(extractor, text, etype, products):
    assert [e.products for e in _events(extractor, text) if e.type == etype] == [products]
