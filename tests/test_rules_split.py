"""Rules of one event per act (split, filter, merge): short articles in our own words, each showing
one construction, and the events the extractor must (or must not) give for it."""

from __future__ import annotations

from datetime import date

import pytest

from tradewire.models import RawDocument
from tradewire.read.clean import clean


def _events(extractor, text: str, published: date) -> list:
    return list(extractor.extract(clean(RawDocument(path="t", text=text, published=published))))


def _sides(events, etype: str) -> list[tuple]:
    return sorted(((e.source.country if e.source else None), (e.target.country if e.target else None))
                  for e in events if e.type == etype)


@pytest.mark.parametrize("text,etype,src,targets", [
    ("China's commerce ministry launched an anti-dumping investigation on Tuesday into imports of nylon "
     "from Japan, South Korea and Brazil.", "INVESTIGATE", "CHN", ["BRA", "JPN", "KOR"]),
    ("Mexico filed complaints at the WTO against Peru, Chile and Colombia over their bans on its avocados "
     "and its trade in fruit.", "LITIGATE", "MEX", ["CHL", "COL", "PER"]),
    ("Canada imposed tariffs on steel from China, Vietnam and Thailand on Monday to shield its mills from "
     "cheap imports.", "IMPOSE", "CAN", ["CHN", "THA", "VNM"]),
    ("China's commerce ministry on Sunday said it had launched an anti-dumping investigation into imports of "
     "a plastic from the European Union, the United States, Taiwan and Japan.", "INVESTIGATE", "CHN",
     ["EUR", "JPN", "TWN", "USA"]),
], ids=["probe_into_imports_from_list", "complaints_against_list", "duties_on_goods_from_list",
        "list_with_articles_read_off_the_surface"])
def test_each_listed_target_is_its_own_act(extractor, text, etype, src, targets):
    events = _events(extractor, text, date(2025, 3, 5))
    assert _sides(events, etype) == [(src, t) for t in targets]
    parts = [e for e in events if e.type == etype]
    assert len({e.evidence[0] for e in parts}) == 1  # one sentence, one act per target


@pytest.mark.parametrize("text", [
    "Canada imposed tariffs on steel from China on Monday to shield its mills from cheap imports.",
    "Canada imposed tariffs on steel from China, the finance ministry said on Monday, to shield its mills.",
], ids=["one_country", "comma_but_no_list"])
def test_one_target_is_not_split(extractor, text):
    assert _sides(_events(extractor, text, date(2025, 3, 5)), "IMPOSE") == [("CAN", "CHN")]


def test_target_list_split_is_on_the_trail(extractor):
    from tradewire.extract.explain import explain_article

    text = ("Turkey opened a safeguard investigation into imports of glass from Egypt and Iran on Friday, "
            "the trade ministry said.")
    art = clean(RawDocument(path="t", text=text, published=date(2025, 3, 8)))
    report = explain_article(extractor, art)
    rules = {d["rule"] for sv in report.sentences for cv in sv.candidates for d in cv.trail if cv.outcome == "event"}
    assert "target_list" in rules


def test_announced_and_done_are_one_act(extractor):
    text = ("Brazil and Chile will sign a trade agreement on copper and wine next week, officials said.\n\n"
            "The two countries signed the trade agreement in Santiago on Tuesday, the foreign ministry of "
            "Chile said, ending years of tariff disputes over wine.")
    agrees = [e for e in _events(extractor, text, date(2025, 6, 5)) if e.type == "AGREE"]
    assert len(agrees) == 1 and len(agrees[0].evidence) == 2


@pytest.mark.parametrize("second,n", [
    ("Peru imposed the 30% tariff on Bolivian sugar at the border", 1),
    ("Peru imposed a 10% tariff on Bolivian cement at the border", 2),  # other goods: another act
], ids=["same_measure_in_force", "other_goods_stay_apart"])
def test_measure_announced_then_in_force(extractor, second, n):
    text = ("Peru will impose a 30% tariff on Bolivian sugar, the trade minister said on Monday.\n\n"
            f"{second}, customs officials said, as the trade dispute deepened.")
    imposes = [e for e in _events(extractor, text, date(2025, 6, 5)) if e.type in ("IMPOSE", "THREATEN")]
    assert len(imposes) == n and sum(len(e.evidence) for e in imposes) == 2


def test_restatement_merge_is_on_the_trail(extractor):
    from tradewire.extract.explain import explain_article

    text = ("Brazil and Chile will sign a trade agreement on copper and wine next week, officials said.\n\n"
            "The two countries signed the trade agreement in Santiago on Tuesday, the foreign ministry of "
            "Chile said, ending years of tariff disputes over wine.")
    report = explain_article(extractor, clean(RawDocument(path="t", text=text, published=date(2025, 6, 5))))
    assert any(cv.by and cv.by["rule"] == "restated" for sv in report.sentences for cv in sv.candidates)


def _pairs(events) -> list[tuple]:
    return sorted(tuple(sorted(p.country for p in e.participants)) for e in events if e.type == "AGREE")


def test_deals_with_listed_partners_are_bilateral(extractor):
    text = ("The United States on Thursday announced new trade framework agreements with Peru, Kenya and Ghana, "
            "cutting tariffs on farm goods, the trade representative said.")
    assert _pairs(_events(extractor, text, date(2025, 3, 7))) == [("GHA", "USA"), ("KEN", "USA"), ("PER", "USA")]


def test_one_deal_with_a_list_is_one_pact(extractor):
    text = ("The European Union signed a trade agreement with Chile, Peru and Colombia on Monday, cutting tariffs "
            "on wine and copper.")
    assert _pairs(_events(extractor, text, date(2025, 3, 7))) == [("CHL", "COL", "EUR", "PER")]


def _eases(events) -> list[tuple]:
    return sorted((e.source.country, e.target.country, e.status) for e in events if e.type == "EASE")


def test_deal_term_is_each_sides_planned_easing(extractor):
    text = "India and Britain signed a trade agreement on Thursday that will slash tariffs on whisky and cars."
    assert _eases(_events(extractor, text, date(2025, 3, 7))) == [("GBR", "IND", "planned"), ("IND", "GBR", "planned")]


def test_hoped_for_deal_term_is_no_act(extractor):
    text = ("India and Britain launched trade talks on Thursday, hoping to secure an interim deal that would "
            "slash tariffs on whisky and cars.")
    assert _eases(_events(extractor, text, date(2025, 3, 7))) == []


def test_deal_term_told_in_detail_is_one_act_per_side(extractor):
    text = ("Peru and Japan signed a trade agreement on Monday that will cut tariffs on farm goods.\n\n"
            "Under the deal, Japan will remove its 20% tariff on Peruvian coffee, while Peru will cut its duties "
            "on Japanese cars.")
    eases = [e for e in _events(extractor, text, date(2025, 3, 7)) if e.type == "EASE"]
    assert sorted((e.source.country, e.target.country) for e in eases) == [("JPN", "PER"), ("PER", "JPN")]
    assert all(len(e.evidence) == 2 for e in eases)


@pytest.mark.parametrize("caption_line", [
    "Chilean President Ana Ruiz meets with Peruvian Prime Minister Luis Soto at the palace in Lima on "
    "Tuesday, March 4, 2025.",
    "Peruvian Prime Minister Luis Soto gestures as he speaks during the trade talks with Chile in Lima.",
], ids=["present_tense_line_with_full_date", "caption_verb"])
def test_photo_caption_is_no_event(extractor, caption_line):
    text = ("Chile and Peru agreed on Tuesday to cut tariffs on copper and fish, ending a long trade dispute, "
            f"the two governments said.\n\n{caption_line}")
    events = _events(extractor, text, date(2025, 3, 5))
    assert not any(caption_line in ev for e in events for ev in e.evidence if len(e.evidence) == 1)
    assert all(e.type != "CONSULT" for e in events)


def test_present_tense_statement_with_a_date_is_not_a_caption(extractor):
    from tradewire.extract.split import caption
    from tradewire.extract.syntax import LEX
    from tradewire.nlp.pipeline import get_nlp

    for line, expected in [("This duty is in addition to the 25% tariffs on steel that took effect on March 4, 2025.", False),
                           ("Trade Minister Ana Ruiz poses for a photo with Chilean exporters in Santiago.", True)]:
        assert caption(next(get_nlp()(line).sents), LEX) is expected


@pytest.mark.parametrize("text,expected", [
    ("Brazil raised tariffs to 30% on cars and to 20% on steel on Monday.",
     [(("cars",), 30.0), (("steel",), 20.0)]),
    ("The United States will levy a 25 percent duty on steel from Canada and 10 percent on aluminum from Friday, "
     "the Commerce Department said.", [(("aluminum",), 10.0), (("steel",), 25.0)]),
    ("Chile raised its tariff on copper from Peru from 10% to 20% on Monday.", [(("copper",), 20.0)]),
], ids=["gapped_rates", "gapped_rate_without_measure_word", "one_rate_change_stays_one"])
def test_one_act_per_rate_and_its_goods(extractor, text, expected):
    events = [e for e in _events(extractor, text, date(2025, 3, 7)) if e.type in ("IMPOSE", "THREATEN")]
    assert sorted((tuple(e.products), e.rate_to) for e in events) == expected


def test_talks_with_a_bloc_without_a_country_code_are_kept(extractor):
    # a bloc (IGO, no ISO code) is the second side of the talks, not a missing one
    text = ("Indonesia and the Gulf Cooperation Council held talks on a free trade agreement in Jakarta "
            "on Monday, the trade ministry said. The two sides will meet again in May.")
    events = _events(extractor, text, date(2026, 3, 4))
    consult = [e for e in events if e.type == "CONSULT"]
    assert consult, [(e.type, e.trail) for e in events]
    names = {a.name for e in consult for a in [e.source, e.target, *e.participants] if a}
    assert "Gulf Cooperation Council" in names
