"""Stage `gate`: is the article about trade policy at all? Resolves its actors and its main
pair of countries (the gate's second test needs them), and finds the goods it names."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict
from spacy.tokens import Doc
from spacy.util import filter_spans

from tradewire.data import load_data
from tradewire.extract.candidate import Candidate
from tradewire.extract.registry import stage
from tradewire.models import Article
from tradewire.resolve.resolver import ArticleActors

if TYPE_CHECKING:
    from tradewire.extract.context import ArticleState, Context

STAGE = "gate"


@lru_cache(maxsize=1)
def _dateline_cities() -> dict[str, str]:
    """City (lowercase) -> country, for datelines that name no capital (data/places/dateline_cities.yaml)."""
    table = load_data("places/dateline_cities.yaml", dict[str, list[str]])
    return {city.lower(): iso3 for iso3, cities in table.items() for city in cities}


class GateSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    short_article: int = 60    # tokens: below this one clear trade word is enough
    min_hits: int = 3          # trade words a longer article needs
    min_non_trade: int = 2     # sport/weather/crime words that make an article suspect ...
    min_strong: int = 2        # ... unless it has this many strong trade words


class GateRules:
    """Mixed into the shared Context (uses self.lex, self.kb)."""

    def is_trade(self, doc: Doc, short_article: int = 60, min_hits: int = 3, min_non_trade: int = 2,
                 min_strong: int = 2) -> bool:
        low = doc.text.lower()
        if sum(low.count(t) for t in self.lex.non_trade_terms) >= min_non_trade:
            strong = sum(low.count(t) for t in self.lex.strong_trade_terms)
            if strong < min_strong:
                return False
        words = Counter(t.lower_ for t in doc)
        hits = sum(words[t] for t in self.lex.trade_terms if " " not in t)
        hits += sum(low.count(t) for t in self.lex.trade_terms if " " in t)
        if len(doc) < short_article:  # a one-line item: one clear trade word is enough
            # ("embargo", "sanctions", "export ban", "trade deal": a one-sentence item needs no more)
            return hits >= 1 and any(w in low for w in self.lex.clear_trade_terms) or any(
                f" {w}" in f" {low}" for w in self.lex.short_item_trade_terms) or self._stopped_flow(doc)
        return hits >= min_hits

    def _stopped_flow(self, doc: Doc) -> bool:
        """A sentence in which a verb bans, halts or resumes a trade flow ("India banned wheat exports")."""
        return any(any(t.pos_ == "VERB" and t.lemma_.lower() in self.lex.short_item_flow_verbs for t in s) and any(
            t.lower_ in self.lex.trade_flows or t.lemma_.lower() in self.lex.trade_flows for t in s) for s in doc.sents)

    def _weak_trade(self, doc: Doc) -> bool:
        """Some trade vocabulary and none of the sport/weather/crime words."""
        low = doc.text.lower()
        if any(t in low for t in self.lex.non_trade_terms):
            return False
        words = Counter(t.lower_ for t in doc)
        return sum(words[t] for t in self.lex.trade_terms if " " not in t) >= 1

    def _home_country(self, article: Article) -> str | None:
        """The country of the dateline city ("NEW DELHI:", "SEOUL, Jan 31 (Yonhap) --")."""
        if not article.dateline or "/" in article.dateline.split(",")[0]:
            return None  # no dateline, or a two-city one ("OTTAWA/MEXICO CITY"): no single home
        first = article.dateline.replace("—", ",").replace("--", ",").replace(":", ",").split(",")[0].split("/")[0]
        for e in self.kb.lookup(first.strip().title()):
            if e.kind in ("capital", "country"):
                return e.actor.country
        return _dateline_cities().get(first.strip().lower())

    def dyad(self, actors: ArticleActors) -> list[str]:
        counts: Counter = Counter()
        for m in actors.mentions:
            if m.actor.country and not m.is_location:
                counts[m.actor.country] += 1
        return [c for c, _ in counts.most_common(2)]


@stage(STAGE, settings=GateSettings)
def gate(ctx: Context, state: ArticleState, cands: list[Candidate], **settings) -> list[Candidate]:
    doc = state.doc
    trade = ctx.is_trade(doc, **settings)
    if not trade and not ctx._weak_trade(doc):
        state.stopped = "not trade: too few trade words (rule trade_vocabulary)"
        return []
    actors = ctx.resolver.resolve(doc, state.published, ctx._home_country(state.article))
    state.actors, state.dyad = actors, ctx.dyad(actors)
    if not trade and len(state.dyad) < 2:
        # a few trade words and no two countries facing each other: not trade policy
        state.stopped = "not trade: weak trade vocabulary and no pair of countries (rule weak_trade_no_pair)"
        return []
    goods = filter_spans([doc[s:e] for _, s, e in ctx.goods(doc)])
    # Goods inside an actor name ("China Alcoholic Drinks Association") are not goods.
    state.goods = [g for g in goods if not any(actors.at(t) and actors.at(t).kind == "institution" for t in g)]
    state.sents = list(doc.sents)
    return cands
