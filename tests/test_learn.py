"""The learned layer: labels from the scorer, features, the model file, rescoring, training, the CLI.

Training material here is a small gold file the tests write (invented articles): each has a
real act and, in most, a speculative one (analysts, economists, traders) that the rules code
but the gold does not contain.
"""

from __future__ import annotations

import dataclasses
import json
import math
from pathlib import Path

import numpy as np
import pytest

from tradewire.cli import app
from tradewire.learn import LearnedModel, load_model, shipped_model
from tradewire.learn.data import Sample, TrainingDataError, extract_samples, label_events
from tradewire.learn.features import default_config, featurize_events
from tradewire.learn.model import FORMAT, ModelFile
from tradewire.learn.train import ece, train
from tradewire.models import Actor, Article, Event

ARTICLES = {
    "inv_bra": ("2025-05-06", "Brazil imposes duties on Argentine wheat\nBRASILIA, May 6 -- Brazil imposed a 12% tariff on wheat "
                "from Argentina on Tuesday, the trade ministry said.\nAnalysts said Argentina could retaliate with duties on "
                "Brazilian cars if the dispute drags on.\n"),
    "inv_nor": ("2025-06-03", "Norway and Chile hold fisheries trade talks\nOSLO, June 2 -- Norwegian Trade Minister Cecilie Myrseth "
                "met Chilean officials in Oslo on Monday to discuss salmon exports.\nEconomists expect that Chile may cut tariffs "
                "on Norwegian machinery if a deal is reached next year.\n"),
    "inv_ind": ("2025-04-09", "India accuses Turkey of dumping steel\nNEW DELHI, April 9 -- India accused Turkey of dumping cheap "
                "steel on its market on Wednesday and opened an anti-dumping investigation into Turkish steel pipes.\nSome traders "
                "warned that India might also ban Turkish marble imports, though no decision has been taken.\n"),
    "inv_ken": ("2025-03-03", "Kenya and Uganda sign dairy trade deal\nNAIROBI, March 3 -- Kenya and Uganda signed an agreement on "
                "Friday to remove tariffs on dairy products traded between the two countries.\n"),
    "inv_mex": ("2025-07-08", "Mexico threatens tariffs on Guatemalan sugar\nMEXICO CITY, July 8 -- Mexico threatened on Monday to "
                "impose tariffs of 20% on sugar from Guatemala unless the two sides settle a quota dispute.\n"),
}


def _gov(name, country):
    return {"name": name, "country": country, "kind": "GOV"}


def _directed(typ, src, tgt, evidence, status="occurred"):
    return {"type": typ, "source": src, "target": tgt, "participants": [], "status": status, "evidence": [evidence], "core": True}


def _sym(typ, parties, evidence):
    return {"type": typ, "source": None, "target": None, "participants": parties, "status": "occurred",
            "evidence": [evidence], "core": True}


GOLD = {
    "inv_bra": [_directed("IMPOSE", _gov("Brazil", "BRA"), _gov("Argentina", "ARG"),
                          "BRASILIA, May 6 -- Brazil imposed a 12% tariff on wheat from Argentina on Tuesday, the trade ministry said.")],
    "inv_nor": [_sym("CONSULT", [_gov("Cecilie Myrseth", "NOR"), _gov("Chile", "CHL")],
                     "OSLO, June 2 -- Norwegian Trade Minister Cecilie Myrseth met Chilean officials in Oslo on Monday to discuss salmon exports.")],
    "inv_ind": [_directed("ACCUSE", _gov("India", "IND"), _gov("Turkey", "TUR"), "India accused Turkey of dumping cheap steel"),
                _directed("INVESTIGATE", _gov("India", "IND"), _gov("Turkey", "TUR"),
                          "opened an anti-dumping investigation into Turkish steel pipes")],
    "inv_ken": [_sym("AGREE", [_gov("Kenya", "KEN"), _gov("Uganda", "UGA")],
                     "Kenya and Uganda signed an agreement on Friday to remove tariffs on dairy products")],
    "inv_mex": [_directed("THREATEN", _gov("Mexico", "MEX"), _gov("Guatemala", "GTM"),
                          "Mexico threatened on Monday to impose tariffs of 20% on sugar from Guatemala")],
}


@pytest.fixture(scope="module")
def gold_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("gold")
    lines = []
    for aid, (pub, text) in ARTICLES.items():
        (folder / f"{aid}.txt").write_text(text, "utf-8")
        lines.append(json.dumps({"id": aid, "published": pub, "trade_related": True, "events": GOLD[aid]}))
    (folder / "gold.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    return folder


@pytest.fixture(scope="module")
def samples(gold_dir) -> list[Sample]:
    return extract_samples(gold_dir / "gold.jsonl", None, "gold")  # set named as `tradewire train` names it


def _event(typ="IMPOSE", src="BRA", tgt="ARG", evidence="Brazil imposed a tariff on wheat from Argentina.", **kw) -> Event:
    return Event(type=typ, source=Actor(name=src, country=src), target=Actor(name=tgt, country=tgt), evidence=[evidence], **kw)


def test_labels_come_from_the_scorer_matching():
    gold = {"id": "x", "events": [
        _directed("IMPOSE", _gov("Brazil", "BRA"), _gov("Argentina", "ARG"), "Brazil imposed a tariff on wheat from Argentina."),
        {**_directed("EASE", _gov("Brazil", "BRA"), _gov("Argentina", "ARG"), "Brazil later cut the tariff."), "core": False}]}
    events = [_event(),                                             # matches the core gold event
              _event(),                                             # a second copy: the one gold event is taken
              _event("EASE", evidence="Brazil later cut the tariff."),  # matches a core: false event: positive
              _event("IMPOSE", src="ARG", tgt="BRA")]               # wrong sides: unmatched
    s = Sample("t", gold, Article(id="x", text=""), events, None)
    assert label_events(s) == [1, 0, 1, 0]


def test_features_name_the_event_its_sentence_and_the_article(samples):
    s = next(s for s in samples if s.gold["id"] == "inv_bra")
    feats = featurize_events(s.events, s.doc, s.article, default_config())
    by_type = {e.type: f for e, f in zip(s.events, feats, strict=True)}
    real, spec = by_type["IMPOSE"], by_type["THREATEN"]
    assert real["has_rate"] == 1.0 and "has_rate" not in spec or spec["has_rate"] == 0.0
    assert spec.get("cue:analysis") == 1.0 and "cue:analysis" not in real
    assert spec.get("cue:condition") == 1.0            # "if the dispute drags on"
    assert real["sent_pos"] < spec["sent_pos"]
    assert any(k.startswith("bow:") for k in real) and real["log_n_events"] > 0


def _handmade(weights: dict[str, float], threshold: float = 0.5, enabled: bool = True) -> LearnedModel:
    return LearnedModel(ModelFile(format=FORMAT, features=default_config(), intercept=2.0, weights=weights,
                                  platt=(1.0, 0.0), threshold=threshold, enabled_by_default=enabled))


def test_rescore_drops_below_threshold_and_says_why(samples):
    s = next(s for s in samples if s.gold["id"] == "inv_bra")
    model = _handmade({"cue:analysis": -6.0})
    decisions = model.decide(s.events, s.doc, s.article)
    dropped = [d for d in decisions if not d.kept]
    assert [d.event.type for d in dropped] == ["THREATEN"]
    assert "cue:analysis -6.00" in dropped[0].reason and "< threshold 0.50" in dropped[0].reason
    trail = dropped[0].trail()
    assert trail["action"] == "drop" and trail["type"] == "THREATEN" and trail["evidence"].startswith("Analysts said")
    kept = model.rescore(s.events, s.doc, s.article)
    assert [e.type for e in kept] == ["IMPOSE"]
    assert kept[0].confidence == pytest.approx(1 / (1 + math.exp(-2.0)), abs=1e-3)
    assert s.events[0].confidence != kept[0].confidence or s.events[0] is not kept[0]  # copies: inputs untouched


def test_a_model_whose_drops_do_not_pay_only_sets_confidence(samples):
    s = next(s for s in samples if s.gold["id"] == "inv_bra")
    model = _handmade({"cue:analysis": -6.0}, enabled=False)
    kept = model.rescore(s.events, s.doc, s.article)
    assert [e.type for e in kept] == [e.type for e in s.events]
    assert kept[1].confidence < 0.05 < 0.8 < kept[0].confidence
    assert [e.type for e in model.rescore(s.events, s.doc, s.article, threshold=0.5)] == ["IMPOSE"]


def test_training_fits_and_is_byte_identical(samples):
    m1, report = train(samples)
    m2, _ = train(samples)
    assert m1.to_json() == m2.to_json()
    assert report["examples"] == sum(len(s.events) for s in samples)
    assert 0 < report["positives"] < report["examples"]
    labels = [y for s in samples for y in label_events(s)]
    z = [m1.linear(f) for s in samples for f in featurize_events(s.events, s.doc, s.article, m1.spec.features)]
    pos = np.mean([v for v, y in zip(z, labels, strict=True) if y])
    neg = np.mean([v for v, y in zip(z, labels, strict=True) if not y])
    assert neg < pos
    assert 0.0 <= m1.spec.threshold <= 1.0 and all(math.isfinite(v) for v in m1.spec.weights.values())


def test_training_needs_both_kinds_of_events(samples):
    # keep only the events the scorer matches: no negative example is left to learn from
    only_true = [dataclasses.replace(s, events=[e for e, y in zip(s.events, label_events(s), strict=True) if y])
                 for s in samples]
    assert any(s.events for s in only_true)
    with pytest.raises(TrainingDataError, match="both matched and unmatched"):
        train(only_true)


def test_cli_train_then_extract_with_model(runner, gold_dir, tmp_path, samples):
    out = tmp_path / "mymodel"
    res = runner.invoke(app, ["train", "--gold", str(gold_dir / "gold.jsonl"), "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert "\ngold " in res.output and (out / "model.json").exists()
    again, _ = train(samples, sources=json.loads((out / "model.json").read_text())["meta"]["sources"])
    assert (out / "model.json").read_text("utf-8") == again.to_json()   # same data, same bytes
    res = runner.invoke(app, ["extract", str(gold_dir / "inv_ind.txt"), "--published", "2025-04-09",
                              "--model", str(out), "--format", "json"])
    assert res.exit_code == 0, res.output
    events = json.loads(res.output)["events"]
    model = load_model(out)
    s = next(s for s in samples if s.gold["id"] == "inv_ind")
    expected = model.rescore(s.events, s.doc, s.article)
    assert [(e["type"], e["confidence"]) for e in events] == [(e.type, e.confidence) for e in expected]


def test_bad_model_and_bad_gold_are_one_line_errors(runner, tmp_path, gold_dir):
    bad = tmp_path / "model.json"
    bad.write_text('{"format": "tradewire-learned-layer/1", "weights": {}}', "utf-8")
    res = runner.invoke(app, ["extract", str(gold_dir / "inv_ken.txt"), "--model", str(bad)])
    assert res.exit_code == 1 and str(bad) in res.output and "Traceback" not in res.output
    res = runner.invoke(app, ["train", "--gold", str(tmp_path / "none.jsonl"), "--out", str(tmp_path / "m")])
    assert res.exit_code == 1 and "none.jsonl: no such gold file" in res.output
    assert not (tmp_path / "m").exists()


def test_shipped_model_loads_once_and_rescores(samples):
    model = shipped_model()
    assert model is load_model() and model.spec.format == FORMAT
    assert model.spec.weights and all(math.isfinite(v) for v in model.spec.weights.values())
    assert model.spec.platt[0] > 0 and 0.0 <= model.spec.threshold < 1.0
    for s in samples:
        kept = model.rescore(s.events, s.doc, s.article)
        assert all(0.0 < e.confidence < 1.0 for e in kept)
        assert len(kept) <= len(s.events)


def test_ece():
    p = np.array([0.9] * 10 + [0.2] * 10)
    y = np.array([1] * 9 + [0] + [0] * 8 + [1] * 2)
    assert ece(p, y) == pytest.approx(0.0)
    assert ece(np.array([0.9] * 4), np.array([0, 0, 0, 0])) == pytest.approx(0.9)


def test_make_train_uses_the_sets_that_exist(tmp_path):
    from tradewire.learn.build import TEST_SETS, TRAINING_SETS, available

    (tmp_path / "eval" / "dev").mkdir(parents=True)
    (tmp_path / "eval" / "dev" / "gold.jsonl").write_text("", "utf-8")
    assert [n for n, _ in available(TRAINING_SETS, tmp_path)] == ["eval/dev"]
    assert not {n for n, _ in TRAINING_SETS} & {n for n, _ in TEST_SETS}   # never train on a test set


def test_ingest_with_model_stores_the_rescored_events(runner, gold_dir, tmp_path, samples):
    db = str(tmp_path / "t.db")
    model = _handmade({"cue:analysis": -6.0})
    model.save(tmp_path / "m")
    res = runner.invoke(app, ["ingest", str(gold_dir / "inv_bra.txt"), "--db", db, "--published", "2025-05-06",
                              "--model", str(tmp_path / "m"), "-q"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["events", "--db", db, "--format", "json"])
    stored = json.loads(res.output)
    assert [e["type"] for e in stored] == ["IMPOSE"]           # the analysts' speculation was dropped
    assert stored[0]["confidence"] == pytest.approx(1 / (1 + math.exp(-2.0)), abs=1e-3)


def test_model_shipped_names_the_packaged_model(runner, tmp_path):
    assert load_model("shipped") is load_model(None)
    f = tmp_path / "story.txt"
    f.write_text("Iceland imposed a 12% tariff on Norwegian salmon on Monday, the trade ministry said.", "utf-8")
    res = runner.invoke(app, ["extract", str(f), "--published", "2025-04-09", "--model", "shipped", "--format", "json"])
    assert res.exit_code == 0, res.output
    trail = json.loads(res.output)["events"]
    assert trail and all(0.0 <= e["confidence"] <= 1.0 for e in trail)


# -- the retype head ----------------------------------------------------------------------------

from tradewire.learn.model import RetypeHead, retype_event, scoring_type  # noqa: E402
from tradewire.learn.train import gold_statuses, retype_labels  # noqa: E402

_STATUSES = {"IMPOSE": {"occurred": 10, "planned": 5, "denied": 1}, "THREATEN": {"occurred": 9, "hypothetical": 1},
             "PLEDGE": {"occurred": 8, "planned": 2}, "DEMAND": {"occurred": 20}, "EASE": {"occurred": 5, "planned": 5},
             "AGREE": {"occurred": 10}}


def test_retype_labels_are_the_aligned_gold_type(samples):
    s = next(s for s in samples if s.gold["id"] == "inv_ken")
    ev = s.gold["events"][0]["evidence"][0]
    # the same article annotated as a pledge by Kenya: the rules' AGREE is on its sentence with its countries
    gold = {**s.gold, "events": [_directed("PLEDGE", _gov("Kenya", "KEN"), None, ev)]}
    labels = retype_labels(dataclasses.replace(s, gold=gold))
    assert [e.type for e in s.events][0] == "AGREE" and labels[0] == "PLEDGE"
    assert all(lab is None for lab in labels[1:])            # one gold event labels one rule event
    assert retype_labels(s)[0] == "AGREE"                     # matched: its own type
    # a planned IMPOSE matched to a gold THREATEN is labelled with the scoring type (no retype)
    planned = _event(status="planned")
    g = {"id": "y", "events": [_directed("THREATEN", _gov("Brazil", "BRA"), _gov("Argentina", "ARG"), planned.evidence[0])]}
    assert retype_labels(Sample("t", g, Article(id="y", text=""), [planned, _event("IMPOSE", src="CHL", tgt="PER")], None)) \
        == ["THREATEN", None]
    assert gold_statuses([s])["AGREE"] == {"occurred": 1}


def test_retyped_events_stay_consistent():
    head = RetypeHead(classes=sorted(_STATUSES), intercepts={}, weights={}, margin=0.3, statuses=_STATUSES)
    planned = _event(status="planned")
    assert scoring_type(planned) == "THREATEN"
    imposed = retype_event(planned, "IMPOSE", head)
    assert (imposed.type, imposed.status, imposed.plover) == ("IMPOSE", "occurred", "COERCE")
    warned = retype_event(_event("EASE", status="planned"), "THREATEN", head)
    assert (warned.type, warned.status) == ("THREATEN", "occurred")     # a threat is never 'planned'
    assert retype_event(_event("EASE", status="planned"), "PLEDGE", head).status == "planned"
    assert retype_event(_event("CONSULT", status="planned"), "DEMAND", head).status == "occurred"
    deal = retype_event(_event(), "AGREE", head)                         # directed -> symmetric: sides move
    assert deal.source is None and [a.country for a in deal.participants] == ["BRA", "ARG"] and deal.plover == "AGREE"
    back = retype_event(deal, "PLEDGE", head)
    assert (back.source.country, back.target.country, back.participants) == ("BRA", "ARG", [])
    assert head.choose(planned, {c: 0.0 for c in head.classes} | {"THREATEN": 0.2, "EASE": 0.6}) == "EASE"
    assert head.choose(planned, {c: 0.0 for c in head.classes} | {"THREATEN": 0.4, "EASE": 0.6}) is None  # < margin


def _with_head(weights: dict[str, dict[str, float]], margin=0.3, enabled=True) -> LearnedModel:
    m = _handmade({"cue:analysis": -1.0}, threshold=0.0)
    classes = sorted({"IMPOSE", "THREATEN", "EASE", *weights})
    head = RetypeHead(classes=classes, intercepts={c: 0.0 for c in classes}, weights=weights, margin=margin,
                      enabled_by_default=enabled, statuses=_STATUSES)
    return LearnedModel(m.spec.model_copy(update={"retype": head}))


def test_retype_head_changes_a_type_only_past_the_margin(samples):
    s = next(s for s in samples if s.gold["id"] == "inv_bra")
    assert [e.type for e in s.events] == ["IMPOSE", "THREATEN"]
    model = _with_head({"EASE": {"cue:analysis": 8.0}, "IMPOSE": {"type=IMPOSE": 8.0}})
    d = model.decide(s.events, s.doc, s.article)
    assert [x.event.type for x in d] == ["IMPOSE", "EASE"]
    assert d[1].retyped_from == "THREATEN/occurred" and "p(EASE)=" in d[1].retype_reason and "margin 0.30" in d[1].retype_reason
    assert d[1].trail()["retyped_from"] == "THREATEN/occurred" and d[0].retyped_from is None
    assert [x.event.type for x in model.decide(s.events, s.doc, s.article, retype=False)] == ["IMPOSE", "THREATEN"]
    assert [x.event.type for x in _with_head({"EASE": {"cue:analysis": 8.0}}, margin=OFF_MARGIN).decide(
        s.events, s.doc, s.article)] == ["IMPOSE", "THREATEN"]
    off = _with_head({"EASE": {"cue:analysis": 8.0}}, enabled=False)
    assert not off.retypes and [e.type for e in off.rescore(s.events, s.doc, s.article)] == ["IMPOSE", "THREATEN"]
    assert s.events[1].type == "THREATEN"                              # inputs untouched
    probs = model.type_probabilities(s.events, s.doc, s.article)
    assert probs[1]["EASE"] > 0.9 and sum(probs[1].values()) == pytest.approx(1.0)


OFF_MARGIN = 1.01


def test_retype_is_on_the_trail_explain_shows(gold_dir, tmp_path):
    from tradewire.extract.pipeline import Extractor

    _with_head({"EASE": {"cue:analysis": 8.0}}).save(tmp_path / "rt")
    ex = Extractor(model=tmp_path / "rt")
    text = (gold_dir / "inv_bra.txt").read_text("utf-8")
    events = ex.extract_article(ex.article_of(text, "2025-05-06")).events
    assert [e.type for e in events] == ["IMPOSE", "EASE"]
    notes = [d for d in events[1].trail if d["rule"] == "learned_retype"]
    assert notes and notes[0]["stage"] == "scoring" and notes[0]["decision"] == "retyped"
    assert "THREATEN/occurred -> EASE/" in notes[0]["why"] and "p(EASE)=" in notes[0]["why"]
    assert not [d for d in events[0].trail if d["rule"] == "learned_retype"]


def test_a_format_1_model_without_a_type_head_still_loads(tmp_path, samples):
    spec = json.loads(_handmade({"cue:analysis": -6.0}).to_json())
    spec["format"] = "tradewire-learned-layer/1"
    del spec["retype"]
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "model.json").write_text(json.dumps(spec), "utf-8")
    old = load_model(tmp_path / "old")
    assert old.spec.retype is None and not old.retypes
    s = next(s for s in samples if s.gold["id"] == "inv_bra")
    assert [e.type for e in old.rescore(s.events, s.doc, s.article, retype=True)] == ["IMPOSE"]
    assert old.type_probabilities(s.events, s.doc, s.article) == [{}, {}]
    spec["retype"] = {"classes": ["IMPOSE"], "intercepts": {}, "weights": {}, "margin": 0.5}
    (tmp_path / "old" / "model.json").write_text(json.dumps(spec), "utf-8")
    with pytest.raises(Exception, match="has no retype head"):
        load_model(tmp_path / "old")


def test_training_fits_a_retype_head_and_reports_it(samples):
    s = next(s for s in samples if s.gold["id"] == "inv_ken")
    ev = s.gold["events"][0]["evidence"][0]
    pledged = [dataclasses.replace(s, gold={**s.gold, "events": [_directed("PLEDGE", _gov("Kenya", "KEN"), None, ev)]})
               if s.gold["id"] == "inv_ken" else s for s in samples]
    model, report = train(pledged)
    head = model.spec.retype
    assert head is not None and "PLEDGE" in head.classes and set(head.weights) == set(head.classes)
    assert report["retype"]["label_differs"] == {"AGREE->PLEDGE": 1}
    assert 0.0 <= head.margin <= 1.01 and head.enabled_by_default == report["retype"]["on"]
    for row in report["sets"].values():
        assert {"with_retype_nested_cv", "with_layer_retype_nested_cv"} <= set(row)
    again, _ = train(pledged)
    assert again.to_json() == model.to_json()
    assert any(k.startswith("tt:") for w in head.weights.values() for k in w)
    assert not any(k.startswith("tt:") for k in model.spec.weights)     # keep/drop head: without them
