"""Features of one finished event: the Event itself, its sentence(s) in the spaCy Doc, the article.

Every feature has a readable name ("type=IMPOSE", "cue:hedge", "sent_pos") so that a model's
weights can be reviewed in model.json; the sentence's words go into a hashed bag of words
("bow:<bucket>", crc32 of the lower-cased lemma: stable across runs, machines and versions).
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel

from tradewire.data import load_data
from tradewire.models import Article, Event

# Dependency labels of a clause below the main one: an act told there is often a condition,
# a purpose, a report or a background recap rather than the news.
_SUBCLAUSE = {"advcl", "ccomp", "xcomp", "relcl", "acl", "pcomp", "csubj"}
_QUOTES = set("\"“”«»") | {"''", "``"}


class FeatureConfig(BaseModel):
    hash_bits: int = 12
    cues: dict[str, list[str]]


@cache
def default_config() -> FeatureConfig:
    return load_data("model/features.yaml", FeatureConfig)


@cache
def _triggers() -> dict[str, frozenset[str]]:
    """Trigger lemmas per event type (verbs and nouns of data/triggers.yaml), to find the trigger token."""
    t = load_data("triggers.yaml")
    out: dict[str, set[str]] = {}
    for part in ("verbs", "nouns"):
        for typ, words in (t.get(part) or {}).items():
            out.setdefault(typ, set()).update(words if isinstance(words, list) else words.keys())
    return {k: frozenset(v) for k, v in out.items()}


@cache
def _lemma_types() -> dict[str, tuple[str, ...]]:
    """Trigger lemma -> the event types it can state (for the retype head's sentence features)."""
    out: dict[str, set[str]] = {}
    for typ, lemmas in _triggers().items():
        for lem in lemmas:
            out.setdefault(lem, set()).add(typ)
    return {k: tuple(sorted(v)) for k, v in out.items()}


# Dependents of the trigger whose words tell one type from another ("threatened to impose",
# "agreed to invest", "could raise"): named by dependency and lemma for the retype head.
_TYPE_DEPS = frozenset({"aux", "neg", "xcomp", "ccomp", "dobj", "prt", "advmod"})
# Features whose names start with this are for the retype head only (the keep/drop head is
# trained without them).
TYPE_ONLY = "tt:"


@dataclass
class _Cues:
    single: dict[str, frozenset[str]]
    multi: dict[str, tuple[str, ...]]


@cache
def _split_cues(items: tuple[tuple[str, tuple[str, ...]], ...]) -> _Cues:
    single = {k: frozenset(w for w in ws if " " not in w) for k, ws in items}
    multi = {k: tuple(f" {w} " for w in ws if " " in w) for k, ws in items}
    return _Cues(single, multi)


class DocInfo:
    """What the features need from one article's Doc, computed once per article."""

    def __init__(self, doc, article: Article | None, events: list[Event], cfg: FeatureConfig):
        self.doc = doc
        self.sents = list(doc.sents)
        self.by_text = {}
        for i, s in enumerate(self.sents):
            self.by_text.setdefault(s.text.strip(), i)
        cues = _split_cues(tuple((k, tuple(v)) for k, v in sorted(cfg.cues.items())))
        trade = cues.single.get("trade", frozenset())
        n_tok = sum(1 for t in doc if not t.is_space) or 1
        self.trade_density = sum(1 for t in doc if t.lower_ in trade) / n_tok
        self.n_tokens = n_tok
        self.n_events = len(events)
        self.type_counts: dict[str, int] = {}
        self.sent_counts: dict[str, int] = {}
        # Same act told again (one event per act is the rules' largest miss on real news): events of
        # the scoring type with the same countries, and how many of them came earlier.
        self.act_seen: dict[int, int] = {}
        self.act_total: dict[tuple, int] = {}
        for e in events:
            k = _act_key(e)
            self.act_seen[id(e)] = self.act_total.get(k, 0)
            self.act_total[k] = self.act_total.get(k, 0) + 1
        for e in events:
            self.type_counts[e.type] = self.type_counts.get(e.type, 0) + 1
            if e.evidence:
                self.sent_counts[e.evidence[0]] = self.sent_counts.get(e.evidence[0], 0) + 1
        self.has_published = bool(article is not None and article.published)
        # How the page looked: scraping debris removed, dateline, byline, title (published pages
        # and the team's own copy differ here, and so does how often the rules are right).
        self.page = {} if article is None else {
            f"page_removed={min(len(article.removed), 4)}": 1.0, "page_dateline": float(bool(article.dateline)),
            "page_byline": float(bool(article.byline)), "page_title": float(bool(article.title))}
        self.cues = cues


def _act_key(e: Event) -> tuple:
    typ = "THREATEN" if e.type == "IMPOSE" and e.status in ("planned", "hypothetical") else e.type
    return typ, tuple(sorted(e.countries()))


def _bucket(value: float, edges: tuple[float, ...]) -> int:
    return sum(1 for e in edges if value >= e)


def featurize(ev: Event, info: DocInfo, cfg: FeatureConfig) -> dict[str, float]:
    f: dict[str, float] = {}
    status = ev.status
    f[f"type={ev.type}"] = 1.0
    f[f"status={status}"] = 1.0
    f[f"type_status={ev.type}|{status}"] = 1.0
    f[f"measure={ev.measure or 'none'}"] = 1.0
    f[f"type_measure={ev.type}|{ev.measure or 'none'}"] = 1.0
    actors = [a for a in (ev.source, ev.target, *ev.participants) if a is not None]
    f["has_source"] = float(ev.source is not None)
    f["has_target"] = float(ev.target is not None)
    for role, a in (("source", ev.source), ("target", ev.target)):
        if a is not None:
            f[f"{role}_kind={a.kind}"] = 1.0
            f[f"{role}_no_country"] = float(not a.country)
    for a in ev.participants:
        f[f"participant_kind={a.kind}"] = 1.0
    n_c = len(ev.countries())
    f[f"n_countries={min(n_c, 3)}"] = 1.0
    f[f"n_actors={min(len(actors), 3)}"] = 1.0
    prec = "none" if not ev.date else {4: "year", 7: "month"}.get(len(ev.date), "day")
    f[f"date={prec}"] = 1.0
    f[f"n_evidence={min(len(ev.evidence), 3)}"] = 1.0
    f["has_products"] = float(bool(ev.products))
    f["has_rate"] = float(ev.rate_to is not None or ev.rate_from is not None)
    f["has_amount"] = float(ev.amount_usd is not None)
    f["has_location"] = float(ev.location is not None)
    f["rule_confidence"] = float(ev.confidence)
    # article level
    f["trade_density"] = min(info.trade_density * 10, 1.0)
    f[f"trade_density_bin={_bucket(info.trade_density, (0.005, 0.01, 0.02, 0.04))}"] = 1.0
    f["log_n_events"] = math.log1p(info.n_events) / 3
    f["log_same_type"] = math.log1p(max(info.type_counts.get(ev.type, 0), 1) - 1) / 2  # (a retyped event: itself)
    f["no_published"] = float(not info.has_published)
    f.update(info.page)
    f["same_act_others"] = min(info.act_total.get(_act_key(ev), 1) - 1, 3) / 3
    f["same_act_earlier"] = min(info.act_seen.get(id(ev), 0), 3) / 3
    f["log_article_tokens"] = math.log1p(info.n_tokens) / 8
    # evidence sentence (the first one is where the act was found)
    idx = info.by_text.get(ev.evidence[0]) if ev.evidence else None
    if idx is None:
        f["sent_missing"] = 1.0
        return f
    sent = info.sents[idx]
    f["same_sentence_events"] = min(info.sent_counts.get(ev.evidence[0], 1) - 1, 3) / 3
    f["sent_pos"] = idx / max(len(info.sents) - 1, 1)
    f[f"sent_index={min(idx, 3)}"] = 1.0
    toks = [t for t in sent if not t.is_space]
    n = len(toks) or 1
    f[f"sent_len_bin={_bucket(n, (8, 15, 25, 40, 60))}"] = 1.0
    f["has_quote"] = float(any(t.text in _QUOTES for t in toks))
    f["question"] = float(any(t.text == "?" for t in toks))
    f["no_verb"] = float(not any(t.pos_ in ("VERB", "AUX") for t in toks))
    f["all_caps_start"] = float(bool(toks) and toks[0].is_title and sum(t.is_title for t in toks) > 0.6 * n)
    lowers = {t.lower_ for t in toks}
    text = " " + " ".join(t.lower_ for t in toks) + " "
    for name, words in info.cues.single.items():
        if lowers & words or any(m in text for m in info.cues.multi.get(name, ())):
            f[f"cue:{name}"] = 1.0
    trig_lemmas = _triggers().get(ev.type, frozenset())
    trig = next((t for t in toks if t.lemma_.lower() in trig_lemmas), None)
    if trig is None:
        f["trigger_missing"] = 1.0
    else:
        f["trigger_pos_in_sent"] = (trig.i - sent.start) / n
        f[f"trigger_tag={trig.pos_}"] = 1.0
        f[f"trigger_dep={trig.dep_ if trig.dep_ in _SUBCLAUSE | {'ROOT', 'conj', 'dobj', 'pobj', 'nsubj', 'compound'} else 'other'}"] = 1.0
        f["trigger_in_subclause"] = float(any(a.dep_ in _SUBCLAUSE for a in [trig, *trig.ancestors]))
        near = {trig.head.lower_, *(c.lower_ for c in trig.children)}
        for name, words in info.cues.single.items():
            if near & words:
                f[f"cue_dep:{name}"] = 1.0
        f["trigger_negated"] = float(any(c.dep_ == "neg" for c in trig.children))
        f[f"trigger_morph={trig.morph.get('Tense')[0] if trig.morph.get('Tense') else 'none'}"] = 1.0
        f[f"trigger_lemma={ev.type}|{trig.lemma_.lower()}"] = 1.0
        # retype head: the trigger's word and the words around it, whatever the type
        f[f"tt:trigger={trig.lemma_.lower()}"] = 1.0
        if trig.head is not trig:
            f[f"tt:head={trig.head.lemma_.lower()}"] = 1.0
        for c in trig.children:
            if c.dep_ in _TYPE_DEPS:
                f[f"tt:{c.dep_}={c.lemma_.lower()}"] = 1.0
    f[f"tt:root={sent.root.lemma_.lower()}"] = 1.0
    size = 1 << cfg.hash_bits
    lemma_types = _lemma_types()
    for t in toks:
        lem = t.lemma_.lower()
        types = lemma_types.get(lem)
        if types:  # every trigger word of the sentence, and the types it could state
            f[f"tt:word={lem}"] = 1.0
            for typ in types:
                f[f"tt:sent_type={typ}"] = 1.0
        if t.is_alpha and not t.is_stop:
            f[f"bow:{zlib.crc32(lem.encode('utf-8')) % size}"] = 1.0
    return f


def retyped_features(ev: Event, new: Event, info: DocInfo, cfg: FeatureConfig) -> dict[str, float]:
    """Features of `new` (a retyped copy of `ev`) in the article `info` was computed for, so that
    the keep/drop head judges the event as it will be output (one event, not the whole article)."""
    info.act_seen[id(new)] = info.act_seen.get(id(ev), 0)
    return featurize(new, info, cfg)


def featurize_events(events: list[Event], doc, article: Article | None, cfg: FeatureConfig) -> list[dict[str, float]]:
    return featurize_with_info(events, doc, article, cfg)[1]


def featurize_with_info(events: list[Event], doc, article: Article | None,
                        cfg: FeatureConfig) -> tuple[DocInfo, list[dict[str, float]]]:
    """featurize_events, and the article's DocInfo (for features of retyped events later)."""
    info = DocInfo(doc, article, events, cfg)
    return info, [featurize(e, info, cfg) for e in events]
