"""Dating rules on real-reporting constructions (issue 9, dates and measure lifecycle).

Every article here is written for these tests in our own words.
"""

from __future__ import annotations

from datetime import date

import pytest

from tradewire.models import RawDocument
from tradewire.read.clean import clean


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


# --- deadlines and targets; words that are no dates; a title-case dateline ---------------------

@pytest.mark.parametrize("phrase,published,expected", [
    ("by July 21", date(2025, 7, 7), "2025-07-21"),      # a deadline two weeks ahead, not last year
    ("by March 1", date(2026, 1, 16), "2026-03-01"),     # across the new year
    ("until March 1", date(2026, 1, 16), "2026-03-01"),
    ("by Dec. 31", date(2026, 1, 5), "2025-12-31"),      # a deadline just passed stays in the old year
    ("by March 1, 2024", date(2026, 1, 16), "2024-03-01"),  # a year given is kept
])
def test_deadline_takes_the_year_nearest_publication(phrase, published, expected):
    from tradewire.extract.dates import resolve_date

    assert resolve_date(phrase, published) == expected


@pytest.mark.parametrize("phrase", ["20-year", "a 10-year", "5-day"])
def test_durations_written_with_a_hyphen_are_no_dates(phrase):
    from tradewire.extract.dates import resolve_date

    assert resolve_date(phrase, date(2025, 7, 8)) is None


def test_title_case_dateline_with_agency_is_metadata():
    art = clean(RawDocument(path="t", text="Lima, Mar 4 (Andes) Peru has opened an anti-dumping probe into sugar "
                                           "imported from Bolivia after complaints by local mills."))
    assert art.dateline == "Lima, Mar 4 (Andes)"
    assert art.text.startswith("Peru has opened")


def test_sentence_starting_with_places_is_no_dateline():
    text = "Peru, Chile and Bolivia met in Lima on Monday to discuss sugar duties."
    art = clean(RawDocument(path="t", text=text))
    assert art.dateline is None and art.text == text


# --- earlier_clause: a clause placed before the act ("initially released on ...") keeps its date --

def test_date_of_an_earlier_release_does_not_date_the_new_act(extractor):
    text = ("Japan revised and tightened curbs initially introduced on May 4, 2021, in an update of trade rules "
            "published Monday, and added more Chinese chip firms to its export control list.")
    events = [e for e in _events(extractor, text, date(2024, 3, 14)) if (e["source"] or {}).get("country") == "JPN"]
    assert events and all(not (e["date"] or "").startswith("2021") for e in events)


def test_date_of_the_act_itself_is_kept(extractor):
    text = "Japan added ten Chinese chip firms to its export control list on Tuesday."
    assert _one(_events(extractor, text, date(2024, 3, 14)), "IMPOSE", "JPN")["date"] == "2024-03-12"


# --- a plan told under an announcement is not dated by the announcement (guide rule 3) ----------

def test_planned_talks_announced_on_a_day_are_undated(extractor):
    text = ("SANTIAGO - Chilean President Gabriel Boric met Friday with Peruvian President Dina Boluarte at La Moneda "
            "and announced that Chile plans to begin trade agreement negotiations with the Republic of Peru.")
    events = _events(extractor, text, date(2024, 3, 15))
    talks = [e for e in events if e["type"] == "CONSULT" and e["status"] == "planned"]
    assert talks and all(e["date"] is None for e in talks)
