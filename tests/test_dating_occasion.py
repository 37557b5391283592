"""Guide rule 2: a dated statement continued in the next sentences by the same speaker.

Every article here is written for these tests in our own words.
"""

from __future__ import annotations

from datetime import date

import pytest

from tradewire.models import RawDocument
from tradewire.read.clean import clean


def _events(extractor, text, published):
    return [e.model_dump(mode="json") for e in extractor.extract(clean(RawDocument(path="t", text=text, published=published)))]


def _find(events, etype, src):
    found = [e for e in events if e["type"] == etype and (e["source"] or {}).get("country") == src]
    assert found, str([(e["type"], (e["source"] or {}).get("country"), e["date"]) for e in events])
    return found[0]


def test_follow_up_of_a_dated_statement_takes_its_day(extractor):
    text = ("Peru's trade ministry said on Tuesday that Chile's new duties on Peruvian grapes broke regional rules.\n\n"
            "The ministry added that it hopes Chile will withdraw the duties on Peruvian grapes.")
    ev = _find(_events(extractor, text, date(2025, 3, 6)), "DEMAND", "PER")
    assert ev["date"] == "2025-03-04"


def test_another_speaker_of_the_side_does_not_inherit_the_day(extractor):
    text = ("Peru's President Ana Torres said on Tuesday that Chile's duties on Peruvian grapes were unfair.\n\n"
            "Peruvian Trade Minister Luis Paredes urged Chile to remove the duties on Peruvian grapes.")
    ev = _find(_events(extractor, text, date(2025, 3, 6)), "DEMAND", "PER")
    assert ev["date"] is None


def test_a_habit_is_not_told_on_the_occasion(extractor):
    text = ("Peru's trade ministry said on Tuesday that Chile's duties on Peruvian grapes were unfair.\n\n"
            "Peru has repeatedly urged Chile to remove the duties on Peruvian grapes.")
    ev = _find(_events(extractor, text, date(2025, 3, 6)), "DEMAND", "PER")
    assert ev["date"] is None


def test_announced_measure_is_not_dated_by_the_announcement(extractor):
    # guide rule 4: decided, not in force, no start given -> no date
    text = "Peru's government announced on Tuesday that it plans to add 40 chemicals from Chile to its export control list."
    evs = [e for e in _events(extractor, text, date(2025, 3, 6)) if (e["source"] or {}).get("country") == "PER"]
    assert evs and all(e["date"] is None for e in evs), evs


def test_announced_measure_keeps_its_own_start(extractor):
    text = "Peru's government announced on Tuesday that it will impose a 20% tariff on Chilean wine from April 1."
    evs = [e for e in _events(extractor, text, date(2025, 3, 6)) if (e["source"] or {}).get("country") == "PER"]
    assert evs and evs[0]["date"] == "2025-04-01", evs


def test_report_after_a_perfect_lede_dates_it(extractor):
    text = ("Chile has filed complaints with the World Trade Organization against Peru over its bans on fruit imports "
            "from Chile, a senior government minister said in Santiago on Monday.")
    ev = _find(_events(extractor, text, date(2025, 3, 6)), "LITIGATE", "CHL")
    assert ev["date"] == "2025-03-03"


def test_a_lasting_span_is_not_the_ledes_own_time(extractor):
    # "one-year" says how long the probe runs; the next sentence gives the day it was opened
    text = ("Chile has announced the start of a one-year anti-dumping investigation into imports of steel wire from Peru.\n\n"
            "The probe was opened on Monday, the economy ministry said.")
    ev = _find(_events(extractor, text, date(2025, 3, 6)), "INVESTIGATE", "CHL")
    assert ev["date"] == "2025-03-03"


def test_a_lede_dated_three_sentences_on(extractor):
    text = ("Chile has imposed new export restrictions on copper concentrate bound for Peru.\n\n"
            "The move widens earlier curbs on mining goods.\n\n"
            "Mining groups in Lima said the rules would hurt smelters.\n\n"
            "\"These steps protect our industry,\" the Chilean economy minister said in a statement on Tuesday.")
    ev = _find(_events(extractor, text, date(2025, 3, 6)), "IMPOSE", "CHL")
    assert ev["date"] == "2025-03-04"


def test_act_in_a_time_clause_of_a_perfect_lede(extractor):
    text = ("Peru has set the stage for a trade war with its neighbours after it banned imports of rice from Chile.\n\n"
            "The farm ministry said on Friday that tests had found mould in the rice.")
    ev = _find(_events(extractor, text, date(2025, 3, 9)), "IMPOSE", "PER")
    assert ev["date"] == "2025-03-07"


def test_perfect_lede_takes_the_start_the_next_sentence_gives(extractor):
    # guide rule 4: a measure not yet in force is dated by its start
    text = ("Peru has dropped its duties on Chilean wine after years of disputes.\n\n"
            "The Peruvian trade ministry said on Thursday it would stop collecting the duties on Chilean wine from March 29.")
    ev = _find(_events(extractor, text, date(2025, 3, 14)), "EASE", "PER")
    assert ev["date"] == "2025-03-29" and ev["status"] == "planned"


def test_a_deadline_does_not_date_the_act(extractor):
    text = ("Peru's government said it was ready to continue talks with Chile beyond the April 9 deadline "
            "that Chile has set for its tariff on Peruvian fish.")
    evs = [e for e in _events(extractor, text, date(2025, 3, 6)) if (e["source"] or {}).get("country") == "PER"]
    assert evs and all(e["date"] != "2025-04-09" for e in evs), evs


def test_a_dated_demand_is_the_occasion_of_what_follows(extractor):
    text = ("Peru's trade ministry on Thursday urged Chile to withdraw its new duties on Peruvian fish.\n\n"
            "The ministry said Chile's duties on Peruvian fish were a protectionist abuse of trade rules.")
    ev = _find(_events(extractor, text, date(2025, 3, 8)), "ACCUSE", "PER")
    assert ev["date"] == "2025-03-06"


@pytest.mark.parametrize("line", ["LIMA (March 4): ", "LIMA, March 4 (Wire) - ", "Lima, March 4 "])
def test_a_dateline_does_not_date_the_act(extractor, line):
    text = line + "Peru will halt exports of fishmeal to Chile, effective March 9, the trade minister said."
    ev = _find(_events(extractor, text, date(2025, 3, 4)), "IMPOSE", "PER")
    assert ev["date"] == "2025-03-09"


def test_a_dated_point_of_reference_does_not_date_the_act(extractor):
    text = ("Peru's president and Chile's president agreed on Friday to begin trade negotiations "
            "immediately after Peru's April 28 election.")
    evs = _events(extractor, text, date(2025, 3, 29))
    assert evs and all(e["date"] != "2025-04-28" for e in evs), evs


def test_an_act_told_in_the_continued_statement_takes_its_day(extractor):
    text = ("Peru's President Ana Torres on Friday announced that she will ask Congress to end Chile's trade preferences.\n\n"
            "Torres announced that Peru was also banning imports of Chilean wine and salmon.")
    ev = _find(_events(extractor, text, date(2025, 3, 8)), "IMPOSE", "PER")
    assert ev["date"] == "2025-03-07"


def test_a_dateline_is_no_statement_day(extractor):
    text = ("Lima, March 4 Peru's president announced that Peru would end trade talks with Chile.\n\n"
            "The Peruvian president urged Chile to withdraw its new tax on Peruvian fish.")
    ev = _find(_events(extractor, text, date(2025, 3, 4)), "DEMAND", "PER")
    assert ev["date"] is None


LUMBER = ('Canada said on Monday it was filing a complaint with the World Trade Organization over U.S. duties on '
          'softwood lumber.\n\n"We will defend the interests of Canadian sawmills using the rules of the WTO," '
          'Trade Minister Mary Ng said in a statement.\n\n'
          '"Canada remains open to talking directly with the United States to resolve this dispute."')


def test_a_quote_continuing_a_statement_takes_its_day_in_the_present_tense_too(extractor):
    # "said on Monday it was filing": the parser hangs the day on the reported clause; it is the statement's
    ev = _find(_events(extractor, LUMBER, date(2025, 3, 4)), "PLEDGE", "CAN")
    assert ev["date"] == "2025-03-03"


def test_a_present_tense_sentence_outside_quotes_is_still_a_state(extractor):
    text = LUMBER.replace('"Canada remains open to talking directly with the United States to resolve this dispute."',
                          "Canada remains open to talking directly with the United States to resolve this dispute.")
    ev = _find(_events(extractor, text, date(2025, 3, 4)), "PLEDGE", "CAN")
    assert ev["date"] is None
