"""Dating rules on real-reporting constructions (issue 9, dates and measure lifecycle).

Every article here is written for these tests in our own words.
"""

from __future__ import annotations

from datetime import date

import pytest

from tradewire.models import RawDocument
from tradewire.read.clean import clean


@pytest.fixture(scope="module")
def extractor():
    from tradewire.extract.pipeline import Extractor

    return Extractor()


def _events(extractor, text, published):
    return [e.model_dump(mode="json") for e in extractor.extract(clean(RawDocument(path="t", text=text, published=published)))]


def _one(events, etype, src=None):
    found = [e for e in events if e["type"] == etype and (src is None or (e["source"] or {}).get("country") == src)]
    assert found, f"no {etype} {src}: " + str([(e["type"], (e["source"] or {}).get("country"), e["date"]) for e in events])
    return found[0]


# --- cleaning: a scraper's leading publication stamp is metadata ---------------------------------

def test_leading_date_stamp_is_cut_into_metadata():
    art = clean(RawDocument(path="t", text=" date 2024-03-14 Peru raised duties on Bolivian sugar on Wednesday, "
                                           "the trade ministry said.\n\nBolivia protested."))
    assert art.text.startswith("Peru raised")
    assert art.published == date(2024, 3, 14)  # only used when the page gives no other date
    assert any(r.kind == "stamp" and "2024-03-14" in r.text for r in art.removed)


def test_leading_stamp_frees_the_dateline_behind_it():
    art = clean(RawDocument(path="t", text=" date 2024-03-14 LIMA, March 14 (Andes Wire) -- Peru raised duties on "
                                           "Bolivian sugar on Wednesday, the ministry said."))
    assert art.dateline and art.dateline.startswith("LIMA")
    assert art.text.startswith("Peru raised")


def test_date_word_inside_the_story_is_kept():
    text = "Peru said the date 2024-03-20 was set for talks with Bolivia on sugar duties."
    assert clean(RawDocument(path="t", text=text)).text == text


def test_stamp_does_not_date_the_first_act(extractor):
    # The weekday, not the stamp (the publication day), dates the act.
    events = _events(extractor, " date 2024-03-14 Peru raised import duties on Bolivian sugar to 30% on Tuesday, "
                                "the trade ministry said.", date(2024, 3, 14))
    assert _one(events, "IMPOSE", "PER")["date"] == "2024-03-12"


# --- effect_sentence: a measure is dated by the start the next sentence gives -------------------

PUB_WED = date(2024, 3, 13)  # a Wednesday


def _measure(events, src):
    found = [e for e in events if e["type"] in ("IMPOSE", "THREATEN") and (e["source"] or {}).get("country") == src]
    assert found, str([(e["type"], (e["source"] or {}).get("country"), e["date"]) for e in events])
    return found[0]


def test_planned_measure_takes_the_start_the_next_sentence_gives(extractor):
    text = ("Chile's government announced on Monday that it will raise import duties on Peruvian cement to 20%. "
            "The new duties will take effect on March 20, the economy ministry said.")
    ev = _measure(_events(extractor, text, PUB_WED), "CHL")
    assert ev["date"] == "2024-03-20" and ev["type"] == "IMPOSE" and ev["status"] == "planned"


def test_decision_effective_from_a_date_dates_the_measure(extractor):
    text = ("Chile has decided to impose a 20% tariff on cement imported from Peru. "
            "The decision will be effective from April 2.")
    assert _measure(_events(extractor, text, PUB_WED), "CHL")["date"] == "2024-04-02"


def test_a_start_that_was_due_does_not_date_the_measure(extractor):
    text = ("Chile has decided to impose a 20% tariff on cement imported from Peru. "
            "The tariff had been due to take effect on March 1.")
    assert _measure(_events(extractor, text, PUB_WED), "CHL")["date"] != "2024-03-01"
