"""The decision trail and `tradewire explain` (sentences written for these tests)."""

from __future__ import annotations

import json

from tradewire.extract.explain import explain, render_plain

TEXT = ("Canada imposed 20% tariffs on Chinese steel on Tuesday, the trade ministry said.\n\n"
        "Economists warned that the duties could rise further.\n\n"
        "Japan wants to make a deal with South Korea on chip chemicals.\n")
PIPELINE = ["gate", "triggers", "status", "roles", "attributes", "dating", "split", "filter", "context_dates",
            "third_party", "merge", "coding", "scoring"]


def _cands(ex):
    return [cv for sv in ex.sentences for cv in sv.candidates]


def test_dropped_candidate_names_stage_and_rule(extractor):
    ex = explain(extractor, TEXT, published="2025-03-07")
    warned = next(cv for cv in _cands(ex) if cv.trigger == "warned")
    assert warned.outcome == "dropped"
    assert (warned.by["stage"], warned.by["rule"]) == ("roles", "subject_not_actor")
    deal = next(cv for cv in _cands(ex) if cv.trigger == "deal")
    assert (deal.by["stage"], deal.by["rule"]) == ("status", "wished_noun")
    text = render_plain(ex)
    assert "DROPPED by roles/subject_not_actor" in text and "DROPPED by status/wished_noun" in text


def test_kept_event_has_every_stage_decision(extractor):
    ex = explain(extractor, TEXT, published="2025-03-07")
    kept = [cv for cv in _cands(ex) if cv.outcome == "event"]
    assert len(kept) == 1 and kept[0].type == "IMPOSE"
    stages = [d["stage"] for d in kept[0].trail]
    # (the gate runs before candidates exist: it judges the article, see test_gate_stop_is_reported)
    assert [s for s in dict.fromkeys(stages) if s in PIPELINE] == PIPELINE[1:]
    dating = next(d for d in kept[0].trail if d["stage"] == "dating")
    assert dating["decision"] == "set" and "2025-03-04" in dating["why"]
    assert kept[0].event["rate_to"] == 20.0


def test_retype_is_recorded_with_rule(extractor):
    ex = explain(extractor, "Canada could impose duties of 25% on U.S. steel, its finance minister warned on Monday.",
                 published="2025-03-07")
    trail = [d for cv in _cands(ex) for d in cv.trail if d["decision"] == "retyped"]
    assert any(d["why"].startswith("type IMPOSE->THREATEN") and d["rule"] for d in trail)


def test_gate_stop_is_reported(extractor):
    ex = explain(extractor, "The quarterback was traded to Denver for a draft pick before the playoff.", published="2025-03-07")
    assert ex.sentences == [] and ex.gate and "not trade" in ex.gate[0]


def test_trail_left_out_of_normal_output(extractor):
    text = "Canada imposed 20% tariffs on Chinese steel on Tuesday."
    ev = extractor.extract_text(text, published="2025-03-07")[0]
    assert ev.trail[0]["stage"] == "triggers" and "trail" not in ev.model_dump(mode="json")
    plain = extractor.extract_article(extractor.article_of(TEXT, published="2025-03-07"))
    traced = extractor.extract_article(extractor.article_of(TEXT, published="2025-03-07"), trace=True)
    assert plain.dropped == [] and {c.trigger.text for c in traced.dropped} >= {"warned", "deal"}
    assert [e.model_dump() for e in plain.events] == [e.model_dump() for e in traced.events]


def test_cli_explain_and_trace(tmp_path):
    from typer.testing import CliRunner

    from tradewire.cli import app

    p = tmp_path / "a.txt"
    p.write_text(TEXT)
    runner = CliRunner()
    res = runner.invoke(app, ["explain", str(p), "--published", "2025-03-07"])
    assert res.exit_code == 0, res.output
    assert "DROPPED by roles/subject_not_actor" in res.output and "EVENT" in res.output
    res = runner.invoke(app, ["extract", str(p), "--published", "2025-03-07", "--format", "json", "--trace"])
    assert res.exit_code == 0, res.output
    ev = json.loads(res.output)["events"][0]
    assert [d["stage"] for d in ev["trail"]][:3] == ["triggers", "status", "roles"]
    res = runner.invoke(app, ["extract", str(p), "--published", "2025-03-07", "--format", "json"])
    assert "trail" not in json.loads(res.output)["events"][0]


def test_trigger_words_turned_down_are_listed(extractor):
    text = ("Both sides praised the negotiated outcome of the trade talks between Japan and South Korea.\n"
            "Canada imposed 25% tariffs on Chinese steel in retaliation for duties on its aluminium.\n")
    ex = explain(extractor, text, published="2025-03-07")
    rejected = {(r["trigger"], r["rule"]) for sv in ex.sentences for r in sv.rejected}
    assert {("negotiated", "description_participle"), ("retaliation", "motive_phrase")} <= rejected
    assert "not a candidate: 'negotiated' by triggers/description_participle" in render_plain(ex)
