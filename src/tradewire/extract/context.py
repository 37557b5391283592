"""What the stages share: the heavy objects built once per extractor (`Context`) and the
working state of one article (`ArticleState`).

The rule helpers live, by concern, in mixin classes (cues, actors, triggers, status, roles,
attributes, dating, context_dates, split) that `Context` combines: they call each other
across stages ("is this token an actor?" is asked by triggers, roles and dating alike) and
read the same lexicon, KB and trigger tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from tradewire.data import load_data
from tradewire.extract.actors import ActorRules
from tradewire.extract.attributes import AttributeRules
from tradewire.extract.candidate import Candidate
from tradewire.extract.context_dates import ContextDateRules
from tradewire.extract.cues import CueRules
from tradewire.extract.dating import DatingRules
from tradewire.extract.gate import GateRules
from tradewire.extract.roles import RoleRules
from tradewire.extract.schemas import GoodsEntry
from tradewire.extract.split import SplitRules
from tradewire.extract.status import StatusRules
from tradewire.extract.syntax import _phrase_doc
from tradewire.extract.trail import Rejection
from tradewire.extract.triggers import TriggerRules, load_triggers
from tradewire.models import Article
from tradewire.resolve.kb import KnowledgeBase
from tradewire.resolve.lexicon import Lexicon
from tradewire.resolve.resolver import ArticleActors, Resolver


class Context(GateRules, TriggerRules, CueRules, ActorRules, StatusRules, RoleRules, AttributeRules, DatingRules,
              ContextDateRules, SplitRules):
    """Built once per knowledge base; stateless across articles."""

    def __init__(self, kb: KnowledgeBase, lex: Lexicon, vocab):
        self.kb, self.lex = kb, lex
        self.resolver = Resolver(kb, lex)
        self.verbs, self.nouns = load_triggers()
        goods = load_data("goods.yaml", list[GoodsEntry])
        generic = load_data("goods_generic.yaml", list[str])
        self.goods = PhraseMatcher(vocab, attr="LOWER")
        terms = {t for g in goods for t in g.terms}
        terms |= {t for t in generic if len(t.split()) > 1}
        self.goods.add("GOODS", [_phrase_doc(vocab, t) for t in sorted(terms)])
        self.sector_of = {t.lower(): g.sector for g in goods for t in g.terms}


@dataclass
class ArticleState:
    """One parsed text of an article (the whole article, or one window of a long one)."""

    doc: Doc
    article: Article
    sent_offset: int = 0                 # index of this text's first sentence in the article
    sents: list[Span] = field(default_factory=list)
    actors: ArticleActors | None = None
    dyad: list[str] = field(default_factory=list)
    goods: list[Span] = field(default_factory=list)
    stopped: str | None = None           # why the gate stopped the article ("not trade: ...")
    dropped: list[Candidate] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)   # trigger words turned down (triggers stage)

    @property
    def published(self) -> date | None:
        return self.article.published
