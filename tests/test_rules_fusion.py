"""Fusion rules for real stories (issue 9 item 9), each on invented events and articles.

Every test stores a few short articles of its own (no extractor) and reads the record back; the
rule names are those in tradewire.record.fusion.
"""

from __future__ import annotations

import random
from datetime import date

import pytest

from tradewire.models import Actor, Article, Event
from tradewire.record import after_ingest, rebuild_record
from tradewire.record.query import canonical_events, record_signature
from tradewire.store import open_store

RUMAL = Actor(name="Rumal Oskarsson", country="ISL", kind="GOV", id="isl_oskarsson_rumal")      # not in the KB:
BERIT = Actor(name="Berit Halvorsen", country="ISL", kind="GOV", id="isl_halvorsen_berit")      # invented people
ICELAND = Actor(name="Iceland", country="ISL", kind="GOV", id="country:ISL")
NORWAY = Actor(name="Norway", country="NOR", kind="GOV", id="country:NOR")
TRAWLERS = Actor(name="Icelandic trawler owners", country="ISL", kind="BUS")


def ev(type_: str, day: str | None, *, status: str = "occurred", source: Actor = ICELAND, target: Actor | None = NORWAY,
       measure: str | None = "tariff", products=("herring",), rate: float | None = None, words: str = "acted") -> Event:
    return Event(type=type_, source=source, target=target, date=day, status=status, measure=measure,
                 products=list(products), rate_to=rate, confidence=0.7,
                 evidence=[f"{source.name} {words} on {', '.join(products) or 'trade'} ({type_} {status} {day})."])


def talks(day: str | None, status: str = "occurred", words: str = "met") -> Event:
    return Event(type="AGREE", participants=[RUMAL, NORWAY], date=day, status=status, confidence=0.7,
                 evidence=[f"Rumal Oskarsson and Norway {words} ({day})."])


def fuse(tmp_path, *articles: tuple[str, str, list[Event]], order=None) -> list[dict]:
    """Store (outlet, published, events) articles in this order and return the canonical events."""
    store = open_store(str(tmp_path / f"r{random.random()}.db"))
    for n in order if order is not None else range(len(articles)):
        outlet, published, events = articles[n]
        text = f"Story {n} by {outlet}: " + " ".join(e.evidence[0] for e in events)
        art = Article(id=f"x{n}", text=text, outlet=outlet, url=f"https://{outlet.lower()}.example/{n}",
                      published=date.fromisoformat(published))
        store.save(art, events)
        after_ingest(store, art)
    with store.engine.connect() as conn:
        got = canonical_events(conn)
        sig = record_signature(conn)
    rebuild_record(store)          # the record equals a rebuild from scratch
    with store.engine.connect() as conn:
        assert record_signature(conn) == sig
    return got


def sizes(canon: list[dict]) -> list[int]:
    return sorted(c["n_articles"] for c in canon)


# -- rule lifecycle -----------------------------------------------------------------------------

def test_threat_and_planned_imposition_of_one_announcement_fuse(tmp_path):
    # the threat dated by the day it was made, the planned measure by its effective day, both
    # reported the same days with the same rate: one act
    got = fuse(tmp_path, ("Wire", "2026-03-03", [ev("THREATEN", "2026-03-02", rate=20.0)]),
               ("Ledger", "2026-03-03", [ev("IMPOSE", "2026-03-15", status="planned", rate=20.0)]),
               ("Post", "2026-03-04", [ev("THREATEN", "2026-03-02", rate=20.0)]))
    assert [(c["type"], c["status"], c["n_articles"]) for c in got] == [("IMPOSE", "planned", 3)]


def test_threat_and_a_later_decision_stay_apart(tmp_path):
    # the planned measure reported two weeks after the threat is a decision of its own
    got = fuse(tmp_path, ("Wire", "2026-03-03", [ev("THREATEN", "2026-03-02", rate=20.0)]),
               ("Ledger", "2026-03-17", [ev("IMPOSE", "2026-03-20", status="planned", rate=20.0)]))
    assert sizes(got) == [1, 1]


def test_announced_measure_and_the_same_measure_in_force_are_one_act(tmp_path):
    # announced (dated by the announcement) and later in force (dated by that day), same goods
    got = fuse(tmp_path, ("Wire", "2026-03-03", [ev("IMPOSE", "2026-03-02", status="planned", measure="export_control")]),
               ("Ledger", "2026-03-10", [ev("IMPOSE", "2026-03-09", measure="export_control")]))
    assert [(c["status"], c["date"], c["n_articles"]) for c in got] == [("occurred", "2026-03-09", 2)]
    # without a shared good, rate or amount the two days stay two acts
    got = fuse(tmp_path, ("Wire", "2026-03-03", [ev("IMPOSE", "2026-03-02", status="planned", products=())]),
               ("Ledger", "2026-03-10", [ev("IMPOSE", "2026-03-09", products=())]))
    assert sizes(got) == [1, 1]


# -- rule recap ---------------------------------------------------------------------------------

def test_undated_recap_joins_the_dated_act(tmp_path):
    # "after Reykjavik dropped the duty, ..." a few days later, no goods named: the same act
    got = fuse(tmp_path, ("Wire", "2026-05-02", [ev("EASE", "2026-05-01", source=RUMAL)]),
               ("Ledger", "2026-05-08", [ev("EASE", None, products=(), words="dropped the duty, and then")]))
    assert sizes(got) == [2]


def test_recap_needs_an_act_told_as_done_in_the_same_news_cycle(tmp_path):
    base = ("Wire", "2026-05-02", [ev("ACCUSE", "2026-05-01", measure=None, products=(), words="blamed Oslo")])
    # a statement recalled three weeks later is not assumed to be the same statement ...
    later = ev("ACCUSE", None, measure=None, products=(), words="has long complained about quotas")
    assert sizes(fuse(tmp_path, base, ("Ledger", "2026-05-23", [later]))) == [1, 1]
    # ... nor is an undated plan a recap of an act already done
    got = fuse(tmp_path, ("Wire", "2026-05-02", [ev("EASE", "2026-05-01")]),
               ("Ledger", "2026-05-08", [ev("EASE", None, status="planned", products=())]))
    assert sizes(got) == [1, 1]


def test_statement_recalled_undated_needs_the_day_of_the_statement(tmp_path):
    said = ("Wire", "2026-05-12", [ev("PLEDGE", "2026-05-11", measure=None, products=(), words="promised")])
    month = ("Wire", "2026-05-12", [ev("PLEDGE", "2026-05", measure=None, products=(), words="promised")])
    recalled = ("Ledger", "2026-05-15", [ev("PLEDGE", None, measure=None, products=(), words="has vowed more than once")])
    assert sizes(fuse(tmp_path, said, recalled)) == [2]
    assert sizes(fuse(tmp_path, month, recalled)) == [1, 1]   # "this month" he promised: which promise?


def test_a_measure_is_recalled_for_longer_than_a_statement(tmp_path):
    measure = [("Wire", "2026-05-02", [ev("EASE", "2026-05-01", products=(), words="lifted the duty")]),
               ("Ledger", "2026-05-13", [ev("EASE", None, products=(), words="has since scrapped its levy")])]
    statement = [("Wire", "2026-05-02", [ev("PLEDGE", "2026-05-01", measure=None, products=(), words="promised")]),
                 ("Ledger", "2026-05-13", [ev("PLEDGE", None, measure=None, products=(), words="has vowed more than once")])]
    assert sizes(fuse(tmp_path, *measure)) == [2]
    assert sizes(fuse(tmp_path, *statement)) == [1, 1]


# -- rule vague_last ----------------------------------------------------------------------------

def test_yearly_dated_recap_goes_to_the_well_reported_act(tmp_path):
    # one article tells of an earlier act of the year (only "earlier this year") beside the ban;
    # months later a recap of the ban, dated by the year alone, must join the ban the dated
    # reports built, not the earlier act
    first = ("Wire", "2026-04-10", [ev("IMPOSE", "2026-04-12", status="planned", measure="export_control", words="will ban"),
                                    ev("IMPOSE", "2026", measure="export_control", words="earlier this year capped exports")])
    reports = [(o, p, [ev("IMPOSE", "2026-04-12", measure="export_control", words="banned exports")])
               for o, p in (("Ledger", "2026-04-12"), ("Post", "2026-04-15"), ("Herald", "2026-05-02"))]
    recap = ("Monthly", "2026-07-20", [ev("IMPOSE", "2026", measure="export_control", words="banned exports in April and May")])
    for order in ([0, 1, 2, 3, 4], [4, 3, 2, 1, 0], [2, 4, 0, 3, 1]):
        got = fuse(tmp_path, first, *reports, recap, order=order)
        assert sizes(got) == [1, 5]
        [ban] = [c for c in got if c["n_articles"] == 5]
        assert ban["date"] == "2026-04-12"


# -- rule not_before_report ---------------------------------------------------------------------

def test_talks_dated_by_month_are_not_a_day_after_the_report(tmp_path):
    # a deal "in June" told on 20 June is not the deal of 28 June
    got = fuse(tmp_path, ("Wire", "2026-06-20", [talks("2026-06")]), ("Ledger", "2026-06-29", [talks("2026-06-28")]))
    assert sizes(got) == [1, 1]
    # reported after it: the month and the day agree
    got = fuse(tmp_path, ("Wire", "2026-06-30", [talks("2026-06")]), ("Ledger", "2026-06-29", [talks("2026-06-28")]))
    assert sizes(got) == [2]


def test_measure_dated_by_month_may_be_in_force_later_but_not_by_year(tmp_path):
    # imposed "this month" in an article of 2 March, and in force on 4 March: one measure ...
    got = fuse(tmp_path, ("Wire", "2026-03-02", [ev("IMPOSE", "2026-03", rate=25.0)]),
               ("Ledger", "2026-03-05", [ev("IMPOSE", "2026-03-04", rate=25.0)]))
    assert sizes(got) == [2]
    # ... but "this year" in an article of April is not an act of May
    got = fuse(tmp_path, ("Wire", "2026-04-11", [ev("IMPOSE", "2026", rate=25.0)]),
               ("Ledger", "2026-05-05", [ev("IMPOSE", "2026-05-04", rate=25.0)]))
    assert sizes(got) == [1, 1]


# -- people, actors, measures -------------------------------------------------------------------

def test_two_ministers_announcing_one_measure_are_one_act(tmp_path):
    # rule measure_people: who of a government announced a measure does not make it another act
    got = fuse(tmp_path, ("Wire", "2026-05-02", [ev("IMPOSE", "2026-05-01", source=RUMAL)]),
               ("Ledger", "2026-05-02", [ev("IMPOSE", "2026-05-01", source=BERIT)]))
    assert sizes(got) == [2]
    # statements keep their speakers: two people's accusations are two acts
    got = fuse(tmp_path, ("Wire", "2026-05-02", [ev("ACCUSE", "2026-05-01", source=RUMAL, measure=None)]),
               ("Ledger", "2026-05-02", [ev("ACCUSE", "2026-05-01", source=BERIT, measure=None)]))
    assert sizes(got) == [1, 1]


def test_person_and_country_of_one_side_are_compatible(tmp_path):
    got = fuse(tmp_path, ("Wire", "2026-05-02", [ev("DEMAND", "2026-05-01", source=RUMAL, measure=None)]),
               ("Ledger", "2026-05-03", [ev("DEMAND", "2026-05-01", source=ICELAND, measure=None)]))
    assert sizes(got) == [2]


def test_a_business_complaint_is_not_the_government_s(tmp_path):
    # rule source_kind
    got = fuse(tmp_path, ("Wire", "2026-05-02", [ev("ACCUSE", "2026-05-01", source=TRAWLERS, measure=None)]),
               ("Ledger", "2026-05-02", [ev("ACCUSE", "2026-05-01", source=ICELAND, measure=None)]))
    assert sizes(got) == [1, 1]


def test_measures_of_another_kind_on_the_same_goods_stay_apart(tmp_path):
    # rule measure_kind: a levy and an export ban on herring are two acts, whatever the goods ...
    got = fuse(tmp_path, ("Wire", "2026-05-02", [ev("IMPOSE", "2026-05", measure="tariff")]),
               ("Ledger", "2026-05-03", [ev("IMPOSE", "2026-05-01", measure="export_control")]))
    assert sizes(got) == [1, 1]
    # ... unless the same rate says it is one measure described two ways
    got = fuse(tmp_path, ("Wire", "2026-05-02", [ev("IMPOSE", "2026-05", measure="tariff", rate=12.0)]),
               ("Ledger", "2026-05-03", [ev("IMPOSE", "2026-05-01", measure="other", rate=12.0)]))
    assert sizes(got) == [2]


@pytest.mark.parametrize("first,second", [("2026-01", "2026-01-27"), ("2026", "2026-01-27"), ("2026-01-27", "2026-01")])
def test_dates_at_different_precision_are_compatible(tmp_path, first, second):
    got = fuse(tmp_path, ("Wire", "2026-01-28", [ev("IMPOSE", first, rate=10.0)]),
               ("Ledger", "2026-01-29", [ev("IMPOSE", second, rate=10.0)]))
    assert sizes(got) == [2]


def test_goods_and_rates_support_but_do_not_block_when_one_side_lacks_them(tmp_path):
    got = fuse(tmp_path, ("Wire", "2026-01-28", [ev("IMPOSE", "2026-01-27", rate=10.0, products=("herring", "cod"))]),
               ("Ledger", "2026-01-29", [ev("IMPOSE", "2026-01-27", rate=None, products=())]))
    assert sizes(got) == [2]
    # both stated and different: two measures
    got = fuse(tmp_path, ("Wire", "2026-01-28", [ev("IMPOSE", "2026-01-27", rate=10.0, products=("herring",))]),
               ("Ledger", "2026-01-29", [ev("IMPOSE", "2026-01-27", rate=15.0, products=("herring",))]))
    assert sizes(got) == [1, 1]


# -- rules same_speaker_close, report_day, talks_of_their_week ----------------------------------

def test_same_person_s_undated_statement_on_close_days_is_one_act(tmp_path):
    got = fuse(tmp_path, ("Wire", "2026-05-02", [ev("ACCUSE", None, source=RUMAL, measure=None, products=(), words="called it theft")]),
               ("Ledger", "2026-05-03", [ev("ACCUSE", None, source=RUMAL, measure=None, products=(), words="lashed out")]))
    assert sizes(got) == [2]
    # a country's (no person named) stays apart without more evidence, as do reports a week apart
    got = fuse(tmp_path, ("Wire", "2026-05-02", [ev("ACCUSE", None, measure=None, products=(), words="called it theft")]),
               ("Ledger", "2026-05-03", [ev("ACCUSE", None, measure=None, products=(), words="lashed out")]))
    assert sizes(got) == [1, 1]
    got = fuse(tmp_path, ("Wire", "2026-05-02", [ev("ACCUSE", None, source=RUMAL, measure=None, products=(), words="called it theft")]),
               ("Ledger", "2026-05-09", [ev("ACCUSE", None, source=RUMAL, measure=None, products=(), words="lashed out")]))
    assert sizes(got) == [1, 1]


def test_act_dated_by_its_article_s_day_may_be_of_the_day_before(tmp_path):
    def said(day, date_text):
        e = ev("REJECT", day, measure=None, products=(), words="broke off the talks")
        return e.model_copy(update={"date_text": date_text})

    # a dateline of 9 May (no date words) and "on Friday" (8 May) elsewhere: one act
    got = fuse(tmp_path, ("Wire", "2026-05-09", [said("2026-05-09", "2026-05-09")]),
               ("Ledger", "2026-05-11", [said("2026-05-08", "on Friday")]))
    assert sizes(got) == [2]
    # both dated by words of their own, a day apart: two acts
    got = fuse(tmp_path, ("Wire", "2026-05-09", [said("2026-05-09", "on Saturday")]),
               ("Ledger", "2026-05-11", [said("2026-05-08", "on Friday")]))
    assert sizes(got) == [1, 1]


def test_undated_talks_are_the_talks_of_their_week(tmp_path):
    def meet(day):
        return Event(type="CONSULT", participants=[RUMAL, NORWAY], date=day, confidence=0.7,
                     evidence=[f"Rumal Oskarsson and Norway held talks ({day})."])

    # a round "in March" is not the undated talks of an article of late April, though the same
    # people meet in both ...
    got = fuse(tmp_path, ("Wire", "2026-04-27", [meet("2026-03")]), ("Ledger", "2026-04-28", [meet(None)]))
    assert sizes(got) == [1, 1]
    # ... but is in an article of early April
    got = fuse(tmp_path, ("Wire", "2026-04-02", [meet("2026-03")]), ("Ledger", "2026-04-03", [meet(None)]))
    assert sizes(got) == [2]
