"""The stage runner: a pipeline config (data/pipeline.yaml) applied to one parsed article.

Doc-scoped stages run on each parsed text (the whole article, or each window of a long
one); article-scoped stages then run once over the candidates of all windows. After each
stage, candidates it dropped move to the article's dropped list, and a candidate the stage
passed without a recorded decision gets a `kept` one, so every kept event's trail names
every stage.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc

from tradewire.extract.candidate import Candidate
from tradewire.extract.context import ArticleState, Context
from tradewire.extract.registry import BoundStage, PipelineConfig, bind, load_pipeline
from tradewire.extract.trail import Decision, Rejection
from tradewire.models import Article, Event
from tradewire.resolve.kb import KnowledgeBase
from tradewire.resolve.lexicon import Lexicon


@dataclass
class Trace:
    """What the pipeline did with one article: the events, and every candidate with its trail."""

    events: list[Event]
    kept: list[Candidate]
    dropped: list[Candidate]
    stopped: list[str] = field(default_factory=list)   # gate decisions per parsed text
    docs: list[Doc] = field(default_factory=list)      # the parsed text(s), windows in order
    rejected: list[Rejection] = field(default_factory=list)  # trigger words turned down before candidacy


def _run(stages: list[BoundStage], ctx: Context, state: ArticleState, cands: list[Candidate]) -> list[Candidate]:
    for st in stages:
        cands = st(ctx, state, cands)
        kept = []
        for c in cands:
            if c.dropped:
                state.dropped.append(c)
                continue
            if not c.trail or c.trail[-1].stage != st.name:
                c.trail.append(Decision(st.name, "-", "kept"))
            kept.append(c)
        cands = kept
        if state.stopped:
            break
    return cands


class EventExtractor:
    """Runs the configured stages; stateless across articles, one instance per knowledge base."""

    def __init__(self, kb: KnowledgeBase, lex: Lexicon, vocab, pipeline: PipelineConfig | None = None):
        self.config = pipeline or load_pipeline()
        self.ctx = Context(kb, lex, vocab)
        bound = bind(self.config)
        first_article = next((i for i, s in enumerate(bound) if s.scope == "article"), len(bound))
        self.doc_stages, self.article_stages = bound[:first_article], bound[first_article:]

    def extract(self, doc: Doc, article: Article) -> list[Event]:
        return self.trace([doc], article, keep=False).events

    def trace(self, docs: list[Doc], article: Article, keep: bool = True) -> Trace:
        """Run the stages over the parsed text(s) of one article (several docs: windows, in order).
        Each event carries its trail (`event.trail`, left out of normal output); with `keep` the
        Trace also holds the dropped candidates and the trigger words turned down."""
        cands: list[Candidate] = []
        dropped: list[Candidate] = []
        stopped: list[str] = []
        rejected: list[Rejection] = []
        states = []
        offset = 0
        for doc in docs:
            state = ArticleState(doc=doc, article=article)
            found = _run(self.doc_stages, self.ctx, state, [])
            for c in (*found, *state.dropped, *state.rejected):
                c.sent_index += offset  # one numbering of sentences across the windows
            offset += len(state.sents) if state.sents else sum(1 for _ in doc.sents)
            cands.extend(found)
            dropped.extend(state.dropped)
            rejected.extend(state.rejected)
            if state.stopped:
                stopped.append(state.stopped)
            states.append(state)
        if not cands:
            return Trace([], [], dropped if keep else [], stopped, docs, rejected if keep else [])
        whole = states[0] if len(states) == 1 else self._article_state(states, article)
        whole.dropped = dropped
        final = _run(self.article_stages, self.ctx, whole, cands)
        events = []
        for c in final:
            if c.event is not None:  # (a custom pipeline without `coding` yields no events)
                c.event.trail = [d.as_dict() for d in c.trail]
                events.append(c.event)
        return Trace(events, final, whole.dropped if keep else [], stopped, docs, rejected if keep else [])

    def _article_state(self, states: list[ArticleState], article: Article) -> ArticleState:
        """One state for the article-level stages of a windowed text: the pair from all windows."""
        counts: Counter = Counter()
        for s in states:
            if s.actors is not None:
                counts.update(m.actor.country for m in s.actors.mentions if m.actor.country and not m.is_location)
        whole = ArticleState(doc=states[0].doc, article=article)
        whole.dyad = [c for c, _ in counts.most_common(2)]
        return whole
