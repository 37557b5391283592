"""Score predicted events against gold exactly as EVENTS.md says.

A prediction matches a gold event when the types agree (THREATEN = planned/hypothetical
IMPOSE), an evidence sentence overlaps (containment or word-set Jaccard >= 0.5) and the
countries agree. Each gold event matches at most one prediction (maximum bipartite matching);
predictions matching `core: false` gold are ignored.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from tradewire.models import SYMMETRIC_TYPES
from tradewire.record.knowledge import looks_like_person

_WORD = re.compile(r"\w+", re.UNICODE)


def _norm_type(ev: dict) -> str:
    if ev.get("type") == "IMPOSE" and ev.get("status") in ("planned", "hypothetical"):
        return "THREATEN"
    return ev.get("type")


def _norm_text(s: str) -> str:
    s = s.replace("\u00a0", " ").replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(s.split()).lower()


def evidence_overlap(pred: list[str], gold: list[str]) -> bool:
    for p in pred:
        pn = _norm_text(p)
        pw = set(_WORD.findall(pn))
        for g in gold:
            gn = _norm_text(g)
            if pn and gn and (pn in gn or gn in pn):
                return True
            gw = set(_WORD.findall(gn))
            if pw and gw and len(pw & gw) / len(pw | gw) >= 0.5:
                return True
    return False


def _country(actor: dict | None) -> str | None:
    return actor.get("country") if actor else None


def all_countries(ev: dict) -> set[str]:
    actors = [ev.get("source"), ev.get("target"), *(ev.get("participants") or [])]
    return {a["country"] for a in actors if a and a.get("country")}


def countries_agree(pred: dict, gold: dict) -> bool:
    if gold.get("type") in SYMMETRIC_TYPES:
        return all_countries(pred) == all_countries(gold)
    if _country(pred.get("source")) != _country(gold.get("source")):
        return False
    gt = _country(gold.get("target"))
    return gt is None or _country(pred.get("target")) == gt


def is_match(pred: dict, gold: dict) -> bool:
    return ((pred.get("type") == gold.get("type") or _norm_type(pred) == _norm_type(gold))
            and evidence_overlap(pred.get("evidence") or [], gold.get("evidence") or [])
            and countries_agree(pred, gold))


def _max_matching(preds: list[dict], golds: list[dict]) -> dict[int, int]:
    """Kuhn's augmenting paths; returns gold index -> pred index. Small inputs per article."""
    # Among predictions that match, try those agreeing on date and status first: the matching is
    # still maximum (P/R/F1 unchanged), ties between look-alike events are resolved sensibly.
    def pref(p: int, g: int) -> tuple:
        return (preds[p].get("date") != golds[g].get("date"), preds[p].get("status") != golds[g].get("status"), p)

    edges = {g: sorted((p for p in range(len(preds)) if is_match(preds[p], golds[g])), key=lambda p, g=g: pref(p, g))
             for g in range(len(golds))}
    # Core gold first so ties favour events that count.
    order = sorted(range(len(golds)), key=lambda g: (not golds[g].get("core", True), len(edges[g])))
    pred_of: dict[int, int] = {}

    def augment(g: int, seen: set[int]) -> bool:
        for p in edges[g]:
            if p in seen:
                continue
            seen.add(p)
            if p not in pred_of or augment(pred_of[p], seen):
                pred_of[p] = g
                return True
        return False

    for g in order:
        augment(g, set())
    return {g: p for p, g in pred_of.items()}


def _names(ev: dict) -> list[str]:
    actors = [ev.get("source"), ev.get("target"), *(ev.get("participants") or [])]
    return [a["name"] for a in actors if a and a.get("name")]


def _actors(ev: dict) -> list[dict]:
    return [a for a in [ev.get("source"), ev.get("target"), *(ev.get("participants") or [])] if a and a.get("name")]


PERSON_KINDS = frozenset({"GOV", "IGO", "LEG"})  # officials, EU/IGO heads, lawmakers; never BUS/MED/OTHER


def is_person(actor: dict, kb=None) -> bool:
    """Is a gold actor a person? Its kind first (a firm or an outlet is not), then the knowledge
    base (a KB person is; a country, capital, demonym, institution or region is not: "South
    Africa"), then, for a name the KB does not know, its shape (2+ capitalised words, no
    institution word)."""
    if actor.get("kind", "GOV") not in PERSON_KINDS:
        return False
    name = actor["name"]
    if kb is None:
        from tradewire.resolve.kb import load_kb

        kb = load_kb()
    if kb.person(name, fuzzy=False) is not None:
        return True
    if kb.lookup(name):
        return False
    return looks_like_person(name, max_words=None)


@dataclass
class Score:
    matched: int = 0
    predicted: int = 0          # predictions that count (not matched to non-core gold)
    gold: int = 0               # core gold events
    per_type: dict[str, Counter] = field(default_factory=dict)
    attrs: dict[str, list[bool]] = field(default_factory=dict)
    non_trade_events: int = 0
    details: list[dict] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else (1.0 if not self.gold else 0.0)

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def attr_accuracy(self) -> dict[str, float | None]:
        return {k: (sum(v) / len(v) if v else None) for k, v in self.attrs.items()}


def score_article(score: Score, article_id: str, preds: list[dict], golds: list[dict],
                  trade_related: bool = True, kb=None) -> None:
    """Add one article to `score`; `kb` (the knowledge base, default the packaged one) decides
    which gold names are people for the person-name accuracy."""
    if not trade_related:
        score.non_trade_events += len(preds)
    matching = _max_matching(preds, golds)
    matched_preds = {p: g for g, p in matching.items()}
    # Per-type counts use the scoring type: a planned/hypothetical IMPOSE counts as THREATEN.
    for t in {*(_norm_type(e) for e in preds), *(_norm_type(e) for e in golds)}:
        score.per_type.setdefault(t, Counter())
    for g, gold in enumerate(golds):
        core = gold.get("core", True)
        if core:
            score.gold += 1
            score.per_type[_norm_type(gold)]["gold"] += 1
        if g in matching and core:
            pred = preds[matching[g]]
            score.matched += 1
            score.per_type[_norm_type(gold)]["matched"] += 1
            a = score.attrs
            a.setdefault("date", []).append(pred.get("date") == gold.get("date"))
            a.setdefault("status", []).append(pred.get("status") == gold.get("status"))
            a.setdefault("products", []).append(
                sorted(p.lower() for p in pred.get("products") or []) == sorted(p.lower() for p in gold.get("products") or []))
            a.setdefault("rates", []).append(
                (pred.get("rate_from"), pred.get("rate_to")) == (gold.get("rate_from"), gold.get("rate_to")))
            ga, pa = gold.get("amount_usd"), pred.get("amount_usd")
            a.setdefault("amount", []).append(ga == pa or (ga is not None and pa is not None and abs(ga - pa) <= 0.01 * abs(ga)))
            pnames = set(_names(pred))
            for actor in _actors(gold):
                if is_person(actor, kb):
                    a.setdefault("person_names", []).append(actor["name"] in pnames)
        elif core:
            score.details.append({"article": article_id, "kind": "missed", "event": gold})
    for p, pred in enumerate(preds):
        score.per_type.setdefault(_norm_type(pred), Counter())
        if p in matched_preds and not golds[matched_preds[p]].get("core", True):
            continue  # matched a non-core gold event: ignored
        score.predicted += 1
        score.per_type[_norm_type(pred)]["predicted"] += 1
        if p not in matched_preds:
            score.details.append({"article": article_id, "kind": "false_positive", "event": pred})


def score_articles(pairs: list[tuple[str, list[dict], list[dict], bool]], kb=None) -> Score:
    """pairs: (article id, predicted events, gold events, trade_related)."""
    score = Score()
    for aid, preds, golds, trade in pairs:
        score_article(score, aid, preds, golds, trade, kb)
    return score
