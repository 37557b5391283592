"""Fusion rules for one measure told at its stages and by several outlets in one news cycle
(rules same_measure_close, announced_then_done, report_day with a dateline), on invented events."""

from __future__ import annotations

import random
from datetime import date

from tradewire.models import Actor, Article, Event
from tradewire.record import after_ingest, rebuild_record
from tradewire.record.query import canonical_events, record_signature
from tradewire.store import open_store

ICELAND = Actor(name="Iceland", country="ISL", kind="GOV", id="country:ISL")
NORWAY = Actor(name="Norway", country="NOR", kind="GOV", id="country:NOR")
RUMAL = Actor(name="Rumal Oskarsson", country="ISL", kind="GOV", id="isl_oskarsson_rumal")   # invented


def ev(type_: str, day: str | None, *, status: str = "occurred", source: Actor = ICELAND, measure: str | None = "tariff",
       words: str = "acted", date_text: str | None = None) -> Event:
    return Event(type=type_, source=source, target=NORWAY, date=day, date_text=date_text, status=status,
                 measure=measure, confidence=0.7, evidence=[f"{source.name} {words} ({type_} {status} {day})."])


def fuse(tmp_path, *articles: tuple[str, str, list[Event]] | tuple[str, str, list[Event], str]) -> list[tuple]:
    """Store (outlet, published, events[, text]) articles in two orders; the record (same both
    ways, and equal to a rebuild) as sorted (type, status, date, n_articles)."""
    out = []
    for order in (list(range(len(articles))), random.Random(3).sample(range(len(articles)), len(articles))):
        store = open_store(str(tmp_path / f"r{random.random()}.db"))
        for n in order:
            outlet, published, events, *text = articles[n]
            body = text[0] if text else f"Story {n} by {outlet}: " + " ".join(e.evidence[0] for e in events)
            art = Article(id=f"x{n}", text=body, outlet=outlet, url=f"https://{outlet.lower()}.example/{n}",
                          published=date.fromisoformat(published))
            store.save(art, events)
            after_ingest(store, art)
        with store.engine.connect() as conn:
            sig = record_signature(conn)
            got = sorted((c["type"], c["status"], c["date"], c["n_articles"]) for c in canonical_events(conn))
        rebuild_record(store)
        with store.engine.connect() as conn:
            assert record_signature(conn) == sig
        out.append(got)
    assert out[0] == out[1]
    return out[0]


def test_same_kind_of_measure_reported_on_close_days_is_one_act(tmp_path):
    # "Iceland will scrap its levy, minister Oskarsson said" / "Iceland is to drop the levy" a day later
    got = fuse(tmp_path, ("Wire A", "2031-06-30", [ev("EASE", None, status="planned", source=RUMAL, words="will scrap the levy")]),
               ("Wire B", "2031-07-01", [ev("EASE", None, status="planned", words="is to drop the levy")]))
    assert got == [("EASE", "planned", None, 2)]


def test_other_kind_of_measure_or_far_apart_stays_apart(tmp_path):
    got = fuse(tmp_path, ("Wire A", "2031-06-30", [ev("EASE", None, status="planned", words="will scrap the levy")]),
               ("Wire B", "2031-07-01", [ev("EASE", None, status="planned", measure="export_control",
                                            words="will lift the fish export ban")]),
               ("Wire C", "2031-08-20", [ev("EASE", None, status="planned", words="will cut the levy")]))
    assert got == [("EASE", "planned", None, 1)] * 3


def test_announced_measure_later_told_as_done_is_one_act(tmp_path):
    # "Iceland will scrap the levy" (30 June); "... after Iceland scrapped the levy last week" (7 July,
    # dated by the year alone)
    got = fuse(tmp_path, ("Wire A", "2031-06-30", [ev("EASE", None, status="planned", words="will scrap the levy")]),
               ("Wire B", "2031-07-07", [ev("EASE", "2031", words="scrapped the levy last week")]))
    assert got == [("EASE", "occurred", "2031", 2)]


def test_measure_told_as_done_weeks_after_the_announcement_stays_apart(tmp_path):
    got = fuse(tmp_path, ("Wire A", "2031-06-30", [ev("EASE", None, status="planned", words="will scrap the levy")]),
               ("Wire B", "2031-08-04", [ev("EASE", None, words="scrapped a levy")]))
    assert got == [("EASE", "occurred", None, 1), ("EASE", "planned", None, 1)]


def test_act_dated_by_the_dateline_meets_the_act_of_the_day_before(tmp_path):
    # "REYKJAVIK, June 28 - Iceland said it would end the fishing talks ..." filed the morning after
    # the act another outlet dates "on June 27"
    dateline = ev("REJECT", "2031-06-28", words="said it would end the fishing talks", date_text="June 28")
    own = ev("REJECT", "2031-06-27", words="ended the fishing talks on June 27", date_text="on June 27")
    got = fuse(tmp_path, ("Wire A", "2031-06-28", [dateline], "REYKJAVIK, June 28 - " + dateline.evidence[0]),
               ("Wire B", "2031-07-01", [own]))
    assert got == [("REJECT", "occurred", "2031-06-27", 2)]


def test_date_words_inside_the_story_are_the_acts_own_day(tmp_path):
    later = ev("REJECT", "2031-06-28", words="ended the fishing talks on June 28", date_text="on June 28")
    own = ev("REJECT", "2031-06-27", words="ended the fishing talks on June 27", date_text="on June 27")
    got = fuse(tmp_path, ("Wire A", "2031-06-28", [later],
                          "Fishing row deepens as quota dispute drags on. Iceland " + later.evidence[0]),
               ("Wire B", "2031-07-01", [own]))
    assert got == [("REJECT", "occurred", "2031-06-27", 1), ("REJECT", "occurred", "2031-06-28", 1)]


# -- rules inferred_target and stages_named -------------------------------------------------------

DENMARK = Actor(name="Denmark", country="DNK", kind="GOV", id="country:DNK")


def ban(day: str | None, target: Actor, sentence: str, *, status: str = "occurred", goods=("herring",),
        measure: str = "export_control") -> Event:
    return Event(type="IMPOSE", source=ICELAND, target=target, date=day, status=status, measure=measure,
                 products=list(goods), confidence=0.7, evidence=[sentence])


def test_export_ban_with_an_inferred_target_is_one_act_across_outlets(tmp_path):
    # neither sentence names the buyer country the extractor gave as target
    got = fuse(tmp_path, ("Wire A", "2031-04-29", [ban("2031-04-28", NORWAY, "Iceland halted herring exports on April 28.")]),
               ("Wire B", "2031-05-12", [ban("2031-04", DENMARK, "Reykjavik imposed a herring export ban in April.")]))
    assert got == [("IMPOSE", "occurred", "2031-04-28", 2)]


def test_measures_aimed_at_named_targets_or_other_goods_stay_apart(tmp_path):
    got = fuse(tmp_path, ("Wire A", "2031-04-29", [ban("2031-04-28", NORWAY, "Iceland halted herring exports to Norway on April 28.")]),
               ("Wire B", "2031-05-12", [ban("2031-04", DENMARK, "Iceland banned herring sales to Denmark in April.")]),
               ("Wire C", "2031-05-12", [ban("2031-04", NORWAY, "Reykjavik imposed a cod export ban in April.", goods=("cod",))]))
    assert got == [("IMPOSE", "occurred", "2031-04", 1), ("IMPOSE", "occurred", "2031-04", 1),
                   ("IMPOSE", "occurred", "2031-04-28", 1)]


def test_announcement_naming_the_day_in_force_is_the_measure_in_force(tmp_path):
    announced = ban("2031-04-22", NORWAY, "Iceland on Friday announced a ban on herring exports from April 28.")
    in_force = ban("2031-04-28", NORWAY, "Iceland halted herring exports to Norway on April 28.")
    other_day = ban("2031-05-09", NORWAY, "Iceland on Friday banned herring exports to Norway.")
    got = fuse(tmp_path, ("Wire A", "2031-04-23", [announced]), ("Wire B", "2031-04-29", [in_force]),
               ("Wire C", "2031-05-10", [other_day]))
    assert got == [("IMPOSE", "occurred", "2031-04-28", 2), ("IMPOSE", "occurred", "2031-05-09", 1)]   # the day in force


# -- rule unspecified_measure -----------------------------------------------------------------------

def test_measures_of_no_stated_kind_meet_the_tariff_of_the_same_day_and_goods(tmp_path):
    # "Iceland's measures on Norwegian herring took effect on Monday" / "Iceland's 20% herring tariff ... Monday"
    vague = ban("2031-03-03", NORWAY, "Iceland's measures on Norwegian herring took effect.", measure="other")
    tariff = ban("2031-03-03", NORWAY, "Iceland's 20% tariff on Norwegian herring took effect.", measure="tariff")
    got = fuse(tmp_path, ("Wire A", "2031-03-03", [vague]), ("Wire B", "2031-03-04", [tariff]))
    assert got == [("IMPOSE", "occurred", "2031-03-03", 2)]


def test_measures_of_no_stated_kind_on_other_days_or_goods_stay_apart(tmp_path):
    vague = ban("2031-03-03", NORWAY, "Iceland's measures on Norwegian herring took effect.", measure="other")
    other_day = ban("2031-03-04", NORWAY, "Iceland's tariff on Norwegian herring took effect.", measure="tariff")
    other_goods = ban("2031-03-03", NORWAY, "Iceland's tariff on Norwegian cod took effect.", measure="tariff",
                      goods=("cod",))
    got = fuse(tmp_path, ("Wire A", "2031-03-03", [vague]), ("Wire B", "2031-03-05", [other_day]),
               ("Wire C", "2031-03-05", [other_goods]))
    assert len(got) == 3


def talks(day: str, date_text: str, words: str) -> Event:
    return Event(type="CONSULT", participants=[RUMAL, NORWAY], date=day, date_text=date_text, confidence=0.7,
                 evidence=[f"Rumal Oskarsson {words}."])


def test_talks_dated_by_the_dateline_meet_the_talks_of_the_day_before(tmp_path):
    # "Fish Trade Weekly / OSLO, May 9 - Oskarsson held talks in Oslo" and "Oskarsson met Norway's
    # minister on Thursday [May 8]"; a headline line stands before the dateline
    dated = talks("2031-05-09", "May 9", "held talks with Norway in Oslo")
    own = talks("2031-05-08", "on Thursday", "met Norway's fisheries minister on Thursday")
    got = fuse(tmp_path, ("Wire A", "2031-05-09", [dated], "Fish Trade Weekly\nOSLO, May 9 - " + dated.evidence[0]),
               ("Wire B", "2031-05-09", [own]))
    assert got == [("CONSULT", "occurred", "2031-05-08", 2)]


def test_talks_on_consecutive_days_each_dated_by_its_words_stay_apart(tmp_path):
    first = talks("2031-05-08", "on Thursday", "met Norway's fisheries minister on Thursday")
    second = talks("2031-05-09", "on Friday", "met Norway's fisheries minister again on Friday")
    got = fuse(tmp_path, ("Wire A", "2031-05-09", [first]), ("Wire B", "2031-05-10", [second]))
    assert len(got) == 2
