"""A cheap relevance filter on the raw text, run BEFORE spaCy parses an article.

Most of a news stream is not about trade policy, and parsing is nearly all the cost of
extraction. The filter decides per article (no trade vocabulary, or too little of it and fewer
than two countries named: nothing the extractor could find an event in) and, for long pages
where few sentences are relevant, per sentence (only the relevant sentences, their neighbours
and the lede are parsed). Its words come from data files (data/prefilter.yaml plus the
extractor's lexicon.yaml) and the knowledge base's names, never from code.

    pf = Prefilter.load()
    verdict = pf.check(article.text)       # verdict.keep, verdict.text (maybe cut down), verdict.why
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pydantic import BaseModel, Field

from tradewire.data import load_data
from tradewire.models import Article, Event

__all__ = ["Gated", "Prefilter", "PrefilterSettings", "Verdict", "gated"]


class PrefilterSettings(BaseModel):
    article_words: list[str] = Field(default_factory=list)
    sentence_words: list[str] = Field(default_factory=list)
    long_article_sentences: int = Field(14, ge=1)
    max_relevant_share: float = Field(0.35, ge=0.0, le=1.0)
    context_sentences: int = Field(1, ge=0)
    lede_sentences: int = Field(2, ge=0)
    strong_hits: int = Field(3, ge=1)
    min_words_for_pair: int = Field(80, ge=1)


class _LexiconWords(BaseModel):
    """The parts of lexicon.yaml the extractor's own trade gate reads."""

    model_config = {"extra": "ignore"}
    trade_terms: list[str]
    measure_words: dict[str, str] = Field(default_factory=dict)
    deal_words: list[str] = Field(default_factory=list)


@dataclass
class Verdict:
    keep: bool
    text: str          # what to parse: the whole text or its relevant sentences
    why: str           # "no trade vocabulary", "one country", "cut 40 -> 9 sentences", "whole"
    sentences: int = 0
    kept_sentences: int = 0


def _pattern(words: list[str]) -> re.Pattern:
    """One case-insensitive regex over words and phrases; a trailing '*' is a stem."""
    alts = []
    for w in sorted({w.strip().lower() for w in words if w.strip()}, key=len, reverse=True):
        stem = w.endswith("*")
        body = r"[\s-]+".join(re.escape(p) for p in w.rstrip("*").split())
        alts.append(body + (r"[\w-]*" if stem else r"\b"))
    return re.compile(r"\b(?:" + "|".join(alts) + ")", re.IGNORECASE) if alts else re.compile(r"(?!x)x")


# Sentence ends in raw text: a line break, or . ! ? (maybe closing a quote) before a capital or quote.
_SENT_END = re.compile(r"\n+|(?<=[.!?])[\"'”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")
_NAME_TOKEN = re.compile(r"[A-Z][\w'’.-]*(?:\s+(?:of|the|and|de|du|al|van|von|bin)?\s*[A-Z][\w'’.-]*){0,3}")
_WORD = re.compile(r"\w+")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences (and lines) of a raw text."""
    spans, start = [], 0
    for m in _SENT_END.finditer(text):
        if text[start:m.start()].strip():
            spans.append((start, m.start()))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


class Prefilter:
    def __init__(self, settings: PrefilterSettings, lexicon: _LexiconWords, names: dict[str, frozenset[str]]):
        self.s = settings
        self.trade = _pattern(lexicon.trade_terms)
        self.article = _pattern([*lexicon.trade_terms, *settings.article_words])
        self.sentence = _pattern([*lexicon.trade_terms, *settings.article_words, *settings.sentence_words,
                                  *lexicon.measure_words, *lexicon.deal_words])
        self.names = names  # lower-cased name -> the countries it can stand for

    @classmethod
    def load(cls, actor_files: tuple[str, ...] = ()) -> Prefilter:
        return _load(tuple(str(f) for f in actor_files))

    # -- article level ---------------------------------------------------------------------
    def countries(self, text: str) -> set[str]:
        """Countries a text names (country names, demonyms, capitals, people, institutions)."""
        found: set[str] = set()
        for m in _NAME_TOKEN.finditer(text):
            words = m.group(0).split()
            # every sub-sequence that starts a name ("Trade Minister Yeo Han-koo" -> "Yeo Han-koo")
            for i in range(len(words)):
                for j in range(len(words), i, -1):
                    hit = self.names.get(" ".join(words[i:j]).lower().strip(".,'’"))
                    if hit:
                        found |= hit
                        break
            if len(found) >= 2:
                return found
        return found

    def check(self, text: str) -> Verdict:
        if not self.article.search(text):
            return Verdict(False, "", "no trade vocabulary")
        n_words = len(_WORD.findall(text))
        if n_words >= self.s.min_words_for_pair and len(self.trade.findall(text)) < self.s.strong_hits \
                and len(self.countries(text)) < 2:
            return Verdict(False, "", "little trade vocabulary and fewer than two countries")
        spans = split_sentences(text)
        if len(spans) <= self.s.long_article_sentences:
            return Verdict(True, text, "whole", len(spans), len(spans))
        relevant = [i for i, (a, b) in enumerate(spans) if self.sentence.search(text, a, b)]
        if len(relevant) > self.s.max_relevant_share * len(spans):
            return Verdict(True, text, "whole", len(spans), len(spans))
        keep = set(range(min(self.s.lede_sentences, len(spans))))
        for i in relevant:
            keep.update(range(max(0, i - self.s.context_sentences), min(len(spans), i + self.s.context_sentences + 1)))
        return Verdict(True, _join(text, spans, sorted(keep)), f"cut {len(spans)} -> {len(keep)} sentences",
                       len(spans), len(keep))


def _join(text: str, spans: list[tuple[int, int]], keep: list[int]) -> str:
    """The kept sentences in order; neighbours keep the text between them, a gap becomes a
    paragraph break (the parser never joins sentences across it)."""
    out: list[str] = []
    prev = None
    for i in keep:
        a, b = spans[i]
        if prev is not None:
            out.append(text[spans[prev][1]:a] if i == prev + 1 else "\n\n")
        out.append(text[a:b])
        prev = i
    return "".join(out)


@lru_cache(maxsize=4)
def _load(actor_files: tuple[str, ...]) -> Prefilter:
    from tradewire.resolve.kb import load_kb

    settings = load_data("prefilter.yaml", PrefilterSettings)
    lexicon = load_data("lexicon.yaml", _LexiconWords)
    kb = load_kb(actor_files)
    names: dict[str, set[str]] = {}

    def add(name: str, country: str | None) -> None:
        if country and name and name[:1].isupper():
            names.setdefault(name.lower(), set()).add(country)

    for iso3, c in kb.countries.items():
        for n in [c["name"], *(c.get("names") or []), *(c.get("demonyms") or []), *(c.get("capitals") or [])]:
            add(n, iso3)
    for p in kb.people.values():
        for n in [p.name, *p.aliases, p.surname or ""]:
            add(n, p.country)
    for entries in kb.surface.values():
        for e in entries:
            add(e.actor.name, e.actor.country)
    for n in kb.institution_surfaces:
        for e in kb.lookup(n):
            add(n, e.actor.country)
    return Prefilter(settings, lexicon, {k: frozenset(v) for k, v in names.items()})


class Gated:
    """An extractor behind the prefilter: the same `extract(article)` and `pipe(articles)`,
    parsing only what can hold an event (a skipped article has no events)."""

    def __init__(self, extractor, prefilter: Prefilter | None = None):
        self.extractor = extractor
        self.prefilter = prefilter or Prefilter.load()
        self.stats: dict[str, int] = {"skipped": 0, "cut": 0, "whole": 0}

    def __getattr__(self, name):  # kb, nlp, extract_text ... of the wrapped extractor
        return getattr(self.extractor, name)

    def _prepare(self, article: Article) -> Article | None:
        v = self.prefilter.check(article.text)
        if not v.keep:
            self.stats["skipped"] += 1
            return None
        if v.text is article.text:
            self.stats["whole"] += 1
            return article
        self.stats["cut"] += 1
        return article.model_copy(update={"text": v.text})

    def extract(self, article: Article) -> list[Event]:
        part = self._prepare(article)
        return [] if part is None else self.extractor.extract(part)

    def pipe(self, articles, batch_size: int = 16):
        """(original article, events) per article; only the kept parts go through nlp.pipe."""
        items = list(articles)
        parts = [self._prepare(a) for a in items]
        todo = [p for p in parts if p is not None]
        done = iter(self.extractor.pipe(todo, batch_size=batch_size))
        for article, part in zip(items, parts, strict=True):
            yield article, ([] if part is None else next(done)[1])


def gated(extractor, actor_files: tuple[str, ...] = ()) -> Gated:
    """`extractor` behind the prefilter (an already gated one is returned as it is)."""
    return extractor if isinstance(extractor, Gated) else Gated(extractor, Prefilter.load(actor_files))
