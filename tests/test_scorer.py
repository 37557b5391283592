"""Scorer: strict matching and P/R/F1 exactly as EVENTS.md says, on hand-built cases."""

from __future__ import annotations

import copy

import pytest

from tradewire.evaluate.scorer import evidence_overlap, is_match, score_articles

S_IMPOSE = "The United States imposed 25% tariffs on Canadian steel on Tuesday, the Commerce Department said."
S_THREAT = "Ottawa warned it could impose duties on American whiskey and motorcycles if the levies stayed."
S_TALKS = "Canada's trade minister met US Trade Representative Jamieson Greer in Washington on Thursday."
S_BACKGROUND = "The two countries signed a free trade agreement in 2018 that replaced NAFTA."


def actor(country: str | None, name: str | None = None) -> dict | None:
    if country is None:
        return None
    return {"name": name or country, "country": country, "kind": "GOV"}


def ev(type_: str, src: str | None, tgt: str | None, evidence: str, *, status: str = "occurred",
       participants: tuple[str, ...] = (), core: bool | None = None, **attrs) -> dict:
    e = {"type": type_, "source": actor(src), "target": actor(tgt), "participants": [actor(c) for c in participants],
         "date": None, "status": status, "products": [], "rate_from": None, "rate_to": None, "amount_usd": None,
         "evidence": [evidence]}
    e.update(attrs)
    if core is not None:
        e["core"] = core
    return e


GOLD = [
    ev("IMPOSE", "USA", "CAN", S_IMPOSE, core=True, date="2025-03-04", products=["steel"], rate_to=25.0),
    ev("THREATEN", "CAN", "USA", S_THREAT, core=True),
    ev("CONSULT", None, None, S_TALKS, participants=("CAN", "USA"), core=True),
]


def score(preds, golds, trade=True):
    return score_articles([("a1", preds, golds, trade)])


def _preds() -> list[dict]:
    preds = copy.deepcopy(GOLD)
    for p in preds:
        p.pop("core")
    return preds


def test_perfect_match():
    s = score(_preds(), GOLD)
    assert (s.matched, s.predicted, s.gold) == (3, 3, 3)
    assert s.precision == s.recall == s.f1 == 1.0
    assert s.details == []
    assert s.per_type["IMPOSE"]["matched"] == 1


def test_missing_event_lowers_recall_only():
    preds = _preds()[:2]
    s = score(preds, GOLD)
    assert (s.matched, s.predicted, s.gold) == (2, 2, 3)
    assert s.precision == 1.0
    assert s.recall == pytest.approx(2 / 3)
    assert s.f1 == pytest.approx(0.8)
    assert [d["kind"] for d in s.details] == ["missed"]
    assert s.details[0]["event"]["type"] == "CONSULT"


def test_duplicate_prediction_is_a_false_positive():
    preds = _preds() + [copy.deepcopy(_preds()[0])]
    s = score(preds, GOLD)
    assert (s.matched, s.predicted, s.gold) == (3, 4, 3)
    assert s.precision == pytest.approx(0.75)
    assert s.recall == 1.0
    assert [d["kind"] for d in s.details] == ["false_positive"]


def test_extra_prediction_on_a_background_sentence_is_a_false_positive():
    preds = _preds() + [ev("AGREE", None, None, S_BACKGROUND, participants=("CAN", "USA"))]
    s = score(preds, GOLD)
    assert s.precision == pytest.approx(0.75) and s.recall == 1.0


@pytest.mark.parametrize("src,tgt", [("CAN", "USA"), ("USA", "MEX"), ("CHN", "CAN"), ("USA", None)])
def test_wrong_dyad_does_not_match(src, tgt):
    gold = [GOLD[0]]
    pred = ev("IMPOSE", src, tgt, S_IMPOSE)
    assert not is_match(pred, gold[0])
    s = score([pred], gold)
    assert s.matched == 0 and s.predicted == 1 and s.f1 == 0.0


def test_gold_without_target_accepts_any_target():
    gold = ev("THREATEN", "CAN", None, S_THREAT, core=True)
    assert is_match(ev("THREATEN", "CAN", "USA", S_THREAT), gold)
    assert is_match(ev("THREATEN", "CAN", None, S_THREAT), gold)
    assert not is_match(ev("THREATEN", "USA", "CAN", S_THREAT), gold)


def test_symmetric_types_compare_the_set_of_countries():
    gold = GOLD[2]
    assert is_match(ev("CONSULT", "USA", "CAN", S_TALKS), gold)
    assert is_match(ev("CONSULT", None, None, S_TALKS, participants=("USA", "CAN")), gold)
    assert not is_match(ev("CONSULT", None, None, S_TALKS, participants=("USA", "CAN", "MEX")), gold)
    assert not is_match(ev("CONSULT", None, None, S_TALKS, participants=("CAN",)), gold)


def test_wrong_type_does_not_match():
    assert not is_match(ev("EASE", "USA", "CAN", S_IMPOSE), GOLD[0])


def test_non_core_gold_matched_is_ignored():
    background = ev("AGREE", None, None, S_BACKGROUND, participants=("CAN", "USA"), core=False)
    golds = [GOLD[0], background]
    pred_bg = ev("AGREE", None, None, S_BACKGROUND, participants=("USA", "CAN"))
    # matching the non-core event: not a false positive, and not counted in recall
    s = score([_preds()[0], pred_bg], golds)
    assert (s.matched, s.predicted, s.gold) == (1, 1, 1)
    assert s.precision == s.recall == 1.0
    # missing the non-core event costs nothing either
    s = score([_preds()[0]], golds)
    assert (s.matched, s.predicted, s.gold) == (1, 1, 1)
    assert s.details == []


def test_prediction_matching_core_and_non_core_goes_to_core():
    core = ev("IMPOSE", "USA", "CAN", S_IMPOSE, core=True)
    noncore = ev("IMPOSE", "USA", "CAN", S_IMPOSE, core=False)
    s = score([ev("IMPOSE", "USA", "CAN", S_IMPOSE)], [noncore, core])
    assert (s.matched, s.predicted, s.gold) == (1, 1, 1)


def test_each_gold_matches_at_most_one_prediction_with_best_assignment():
    # pred 0 could match either gold; pred 1 only the second: both must be matched.
    g1 = ev("IMPOSE", "USA", "CAN", S_IMPOSE, core=True)
    g2 = ev("IMPOSE", "USA", None, S_IMPOSE + " It covers aluminium too.", core=True)
    p0 = ev("IMPOSE", "USA", "CAN", S_IMPOSE)
    p1 = ev("IMPOSE", "USA", "MEX", S_IMPOSE)
    s = score([p0, p1], [g1, g2])
    assert s.matched == 2 and s.precision == s.recall == 1.0


@pytest.mark.parametrize("pred_type,pred_status,gold_type,gold_status,ok", [
    ("IMPOSE", "planned", "THREATEN", "occurred", True),
    ("IMPOSE", "hypothetical", "THREATEN", "occurred", True),
    ("THREATEN", "occurred", "IMPOSE", "planned", True),
    ("IMPOSE", "planned", "IMPOSE", "planned", True),
    ("IMPOSE", "occurred", "THREATEN", "occurred", False),
    ("THREATEN", "occurred", "IMPOSE", "occurred", False),
    pytest.param("IMPOSE", "occurred", "IMPOSE", "planned", True),
])
def test_threaten_and_planned_impose_are_equivalent(pred_type, pred_status, gold_type, gold_status, ok):
    pred = ev(pred_type, "USA", "CAN", S_IMPOSE, status=pred_status)
    gold = ev(gold_type, "USA", "CAN", S_IMPOSE, status=gold_status, core=True)
    assert is_match(pred, gold) is ok


def test_evidence_containment():
    clause = "The United States imposed 25% tariffs on Canadian steel"
    assert evidence_overlap([clause], [S_IMPOSE])
    assert evidence_overlap([S_IMPOSE], [clause])
    # typography and spacing differences do not matter
    assert evidence_overlap(["Canada\u2019s  trade minister met US Trade Representative"], [S_TALKS.replace("'", "\u2019")])
    assert evidence_overlap(["Canada’s trade minister met"], [S_TALKS])


def test_evidence_jaccard_threshold():
    gold = ["Canada will impose duties on American whiskey and motorcycles starting next month."]
    close = ["Canada said it would impose duties on American whiskey and motorcycles next month."]
    far = ["Canada said on Monday that American whiskey exports had fallen sharply since spring."]
    assert evidence_overlap(close, gold)      # Jaccard 10/15 >= 0.5, no containment
    assert not evidence_overlap(far, gold)    # Jaccard < 0.5
    assert not evidence_overlap([], gold)
    # any one sentence of several is enough
    assert evidence_overlap(far + close, gold)


def test_evidence_jaccard_boundary():
    # 4 shared words of 8 in the union: exactly 0.5 matches; 4 of 9 does not.
    assert evidence_overlap(["alpha beta gamma delta one two"], ["alpha beta gamma delta three four"]) is True
    assert evidence_overlap(["alpha beta gamma delta one two"], ["alpha beta gamma delta three four five"]) is False


def test_matching_needs_overlapping_evidence():
    pred = ev("IMPOSE", "USA", "CAN", S_THREAT)
    assert not is_match(pred, GOLD[0])


def test_attribute_accuracy_on_matched_pairs():
    preds = _preds()
    preds[0]["date"] = "2025-03"            # wrong precision of the date
    preds[0]["products"] = ["Steel"]        # case does not matter
    s = score(preds, GOLD)
    acc = s.attr_accuracy()
    assert acc["date"] == pytest.approx(2 / 3)
    assert acc["products"] == 1.0
    assert acc["rates"] == 1.0 and acc["status"] == 1.0


def test_non_trade_article_counts_its_predictions():
    s = score([ev("IMPOSE", "USA", "CAN", S_IMPOSE)], [], trade=False)
    assert s.non_trade_events == 1
    assert s.predicted == 1 and s.precision == 0.0


def test_no_gold_and_no_predictions_is_perfect():
    s = score([], [])
    assert s.precision == 1.0 and s.recall == 1.0 and s.f1 == 1.0


def test_scores_accumulate_over_articles():
    s = score_articles([("a1", _preds(), GOLD, True), ("a2", [], [ev("EASE", "USA", "MEX", S_BACKGROUND, core=True)], True)])
    assert (s.matched, s.predicted, s.gold) == (3, 3, 4)
    assert s.recall == pytest.approx(0.75)


def test_ties_between_look_alike_events_prefer_matching_dates():
    from tradewire.evaluate.scorer import score_articles

    sent = "Officials of both countries met on Monday and again on Thursday in Geneva."

    def talks(date):
        return {"type": "CONSULT", "status": "occurred", "date": date, "evidence": [sent], "core": True,
                "participants": [{"name": "China", "country": "CHN"}, {"name": "United States", "country": "USA"}]}

    golds = [talks("2025-05-12"), talks("2025-05-15")]
    preds = [talks("2025-05-15"), talks("2025-05-12")]
    score = score_articles([("a", preds, golds, True)])
    assert score.f1 == 1.0 and score.attr_accuracy()["date"] == 1.0


# -- person-name accuracy: who is a person is decided by the actor kind and the knowledge base --

@pytest.mark.parametrize("actor_, expected", [
    ({"name": "Jamieson Greer", "country": "USA", "kind": "GOV"}, True),          # a KB person
    ({"name": "Hong Gil-dong", "country": "KOR", "kind": "GOV"}, True),           # unknown to the KB, a person's name
    ({"name": "South Africa", "country": "ZAF", "kind": "GOV"}, False),           # a KB country (was counted as a person)
    ({"name": "New Zealand", "country": "NZL", "kind": "GOV"}, False),
    ({"name": "Ministry of Commerce", "country": "CHN", "kind": "GOV"}, False),   # an institution word
    ({"name": "Hyundai Motor", "country": "KOR", "kind": "BUS"}, False),          # a firm: its kind
    ({"name": "Harbour Wire", "country": None, "kind": "MED"}, False),
])
def test_is_person_uses_kind_and_knowledge_base(actor_, expected):
    from tradewire.evaluate.scorer import is_person

    assert is_person(actor_) is expected


def test_person_name_accuracy_counts_people_only():
    gold = ev("ACCUSE", "ZAF", "USA", S_IMPOSE)
    gold["source"] = {"name": "South Africa", "country": "ZAF", "kind": "GOV"}
    gold["target"] = {"name": "Jamieson Greer", "country": "USA", "kind": "GOV"}
    pred = copy.deepcopy(gold)
    pred["target"] = {"name": "United States", "country": "USA", "kind": "GOV"}
    s = score_articles([("a", [pred], [gold], True)])
    assert s.matched == 1
    # one person in gold (Greer), missed by the prediction; South Africa is not a person
    assert s.attrs["person_names"] == [False]


def test_person_decision_sees_actors_added_to_the_knowledge_base(tmp_path):
    from tradewire.evaluate.scorer import is_person
    from tradewire.resolve.kb import load_kb

    extra = tmp_path / "inst.yaml"
    extra.write_text("institutions:\n  - {id: kor_test_board, name: Seoul Tariff Review, country: KOR, kind: GOV}\n", "utf-8")
    actor_ = {"name": "Seoul Tariff Review", "country": "KOR", "kind": "GOV"}
    assert is_person(actor_) is True                                # three capitalised words, unknown
    assert is_person(actor_, load_kb((str(extra),))) is False       # an institution of the KB given
