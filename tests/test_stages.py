"""The extractor as registered stages: size limit, config validation, the scoring slot, windows."""

from __future__ import annotations

from pathlib import Path

import pytest

from tradewire.data import DataFileError
from tradewire.extract.registry import STAGES, PipelineConfig, bind, load_pipeline, stage
from tradewire.extract.trail import drop

EXTRACT = Path(__file__).parents[1] / "src" / "tradewire" / "extract"


def test_no_extract_module_over_400_lines():
    sizes = {p.name: len(p.read_text("utf-8").splitlines()) for p in EXTRACT.glob("*.py")}
    assert sizes and not {n: s for n, s in sizes.items() if s > 400}


def test_packaged_pipeline_is_valid_and_ordered():
    cfg = load_pipeline()
    names = [s.name for s in cfg.stages]
    assert names[0] == "gate" and names[-2:] == ["coding", "scoring"]
    bound = bind(cfg)
    scopes = [b.scope for b in bound]
    assert scopes == sorted(scopes, key=lambda s: s == "article")  # doc stages first, then article stages


def test_unknown_stage_and_bad_setting_are_one_line_errors():
    with pytest.raises(DataFileError, match=r"stages\.1: unknown stage 'gaet'"):
        bind(PipelineConfig.model_validate({"stages": [{"name": "triggers"}, {"name": "gaet"}]}))
    with pytest.raises(DataFileError, match=r"stages\.0\(gate\)\.min_hits"):
        bind(PipelineConfig.model_validate({"stages": [{"name": "gate", "settings": {"min_hits": "many"}}]}))
    with pytest.raises(DataFileError, match=r"stages\.0\(triggers\)"):
        bind(PipelineConfig.model_validate({"stages": [{"name": "triggers", "settings": {"x": 1}}]}))
    with pytest.raises(DataFileError, match=r"stages\.0\(scoring\)\.scorer: .*'nope' is no registered stage"):
        bind(PipelineConfig.model_validate({"stages": [{"name": "scoring", "settings": {"scorer": "nope"}}]}))
    with pytest.raises(DataFileError, match=r"scorer 'no_such_pkg:f' cannot be loaded"):
        bind(PipelineConfig.model_validate({"stages": [{"name": "scoring", "settings": {"scorer": "no_such_pkg:f"}}]}))


def test_user_pipeline_file_error_names_file(tmp_path):
    p = tmp_path / "pipe.yaml"
    p.write_text("stages:\n  - {name: gate, setings: {}}\n")
    with pytest.raises(DataFileError, match=r"pipe\.yaml: stages\.0\.setings"):
        load_pipeline(str(p))


def test_scoring_slot_runs_a_configured_scorer(extractor):
    seen = []

    @stage("test_veto_threats", scope="article")
    def veto(ctx, state, cands, below=1.0):
        for c in cands:
            seen.append((c.event.type, state.article.published))
            if c.event.type == "THREATEN":
                drop(c, "scoring", "test_veto", "vetoed in a test")
            else:
                c.event.confidence = below
        return cands

    try:
        cfg = load_pipeline().model_copy(deep=True)
        cfg.stages[-1].settings = {"scorer": "test_veto_threats", "below": 0.5}
        ex = _with_config(extractor, cfg)
        text = ("Canada imposed 20% tariffs on Chinese steel on Tuesday.\n\n"
                "China threatened to impose duties on Canadian canola in response.\n")
        plain = {e.type for e in extractor.extract_text(text, published="2025-03-07")}
        assert {"IMPOSE", "THREATEN"} <= plain
        tr = ex.extract_article(ex.article_of(text, published="2025-03-07"), trace=True)
        assert [e.type for e in tr.events] == ["IMPOSE"] and tr.events[0].confidence == 0.5
        assert any(d.rule == "test_veto" for c in tr.dropped for d in c.trail)
        assert seen and all(p is not None for _, p in seen)
    finally:
        STAGES.pop("test_veto_threats", None)


def test_windows_join_back_and_are_bounded():
    from tradewire.extract.pipeline import windows

    text = "\n\n".join(f"Paragraph {i}. " + "Canada imposed tariffs on steel. " * (i % 7 + 1) for i in range(400))
    text += "\n\n" + "One endless paragraph without breaks. " * 2000
    parts = windows(text, 5_000)
    assert "".join(parts) == text
    assert max(len(p) for p in parts) <= 5_000 and len(parts) > len(text) // 5_000


@pytest.mark.slow
def test_text_over_spacy_limit_extracts(extractor):
    para = ("Canada imposed 25% tariffs on Chinese steel on Tuesday, the finance ministry said. "
            "China and Canada held trade talks in Geneva on Friday. ") * 8
    text = "\n\n".join([para] * (1_050_000 // (len(para) + 2) + 1))
    assert len(text) > 1_000_000
    events = extractor.extract_text(text, published="2025-03-07")
    assert {"IMPOSE", "CONSULT"} <= {e.type for e in events}


def _with_config(extractor, cfg):
    from tradewire.extract.chain import EventExtractor
    from tradewire.extract.pipeline import Extractor

    ex = Extractor.__new__(Extractor)
    ex.kb, ex.nlp = extractor.kb, extractor.nlp
    ex.events = EventExtractor(extractor.kb, extractor.events.ctx.lex, extractor.nlp.vocab, cfg)
    return ex


def test_windows_merge_into_one_article(extractor):
    from tradewire.extract.explain import explain

    cfg = load_pipeline().model_copy(deep=True)
    cfg.windows.threshold_chars, cfg.windows.window_chars = 300, 200
    ex = _with_config(extractor, cfg)
    text = ("Canada imposed 25% tariffs on Chinese steel on Tuesday.\n\n"
            "Markets in Toronto were calm and traders waited for news from the capital.\n\n"
            "Canada imposed 25% tariffs on Chinese steel on Tuesday, the finance ministry said again.\n\n"
            "Analysts warned that the duties could rise.\n\n"
            "China and Canada held trade talks in Geneva on Friday.\n")
    assert len(ex._texts(ex.article_of(text))) >= 2
    events = ex.extract_text(text, published="2025-03-07")
    assert sorted(e.type for e in events) == ["CONSULT", "IMPOSE"]  # the two tellings of the duties: one act
    assert len(next(e for e in events if e.type == "IMPOSE").evidence) == 2
    expl = explain(ex, text, published="2025-03-07")
    assert all(cv.trigger in sv.text for sv in expl.sentences for cv in sv.candidates)
    assert [sv.index for sv in expl.sentences] == sorted({sv.index for sv in expl.sentences})
