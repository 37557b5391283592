"""Training material: the rule extractor's events over gold articles, labelled by the project scorer.

Running spaCy over every set is the slow part (minutes on this machine), so each article's
parse (a spaCy DocBin) and events can be cached in a folder keyed by the article and by a
fingerprint of the code and knowledge files that make the events: a changed rule or word list
gives a new key, never a stale cache.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tradewire.errors import TradewireError
from tradewire.evaluate.runner import load_gold
from tradewire.evaluate.scorer import Score, score_article
from tradewire.models import Article, Event
from tradewire.read.clean import clean
from tradewire.read.readers import IngestError, parse_date, read_path


class TrainingDataError(TradewireError):
    """Gold or texts that cannot be used for training (one line: file and problem)."""


@dataclass
class Sample:
    """One gold article with the rule extractor's events and its parse."""

    set_name: str
    gold: dict
    article: Article
    events: list[Event]
    doc: object  # spacy.tokens.Doc

    @property
    def group(self) -> str:
        return f"{self.set_name}/{self.gold['id']}"


def code_fingerprint() -> str:
    """Hash of the sources and knowledge files that decide the extractor's events."""
    root = Path(__file__).resolve().parents[1]
    h = hashlib.sha256()
    for sub in ("extract", "nlp", "resolve", "ingest", "data"):
        for f in sorted((root / sub).rglob("*")):
            if f.is_file() and f.suffix in (".py", ".yaml", ".csv") and "model" not in f.relative_to(root).parts:
                h.update(str(f.relative_to(root)).encode())
                h.update(f.read_bytes())
    return h.hexdigest()[:16]


def read_articles(gold_path: Path, texts: Path | None = None) -> list[tuple[dict, Article]]:
    """Gold records and their cleaned articles, read as `tradewire eval` reads them."""
    texts = texts or gold_path.parent
    out = []
    for rec in load_gold(gold_path):
        txt = texts / f"{rec['id']}.txt"
        if not txt.exists():
            raise TrainingDataError(f"{txt}: text of gold article {rec['id']!r} not found")
        raw = next(d for d in read_path(str(txt)) if not isinstance(d, IngestError))
        raw.published = parse_date(rec.get("published"))
        raw.id = rec["id"]
        out.append((rec, clean(raw)))
    return out


def _cache_key(article: Article, fingerprint: str) -> str:
    h = hashlib.sha256(f"{fingerprint}|{article.id}|{article.published}|{article.title}|".encode())
    h.update(article.text.encode("utf-8"))
    return h.hexdigest()[:24]


def extract_samples(gold_path: Path, texts: Path | None = None, set_name: str = "gold",
                    cache: Path | None = None, extractor=None) -> list[Sample]:
    """Run the rule extractor over a gold file's articles (parses and events cached in `cache`)."""
    from spacy.tokens import DocBin

    pairs = read_articles(gold_path, texts)
    fp = code_fingerprint()
    folder = cache / fp if cache else None
    samples: list[Sample | None] = [None] * len(pairs)
    todo = []
    for i, (rec, art) in enumerate(pairs):
        if folder is not None:
            key = _cache_key(art, fp)
            ev_file, doc_file = folder / f"{key}.json", folder / f"{key}.spacy"
            if ev_file.exists() and doc_file.exists():
                events = [Event.model_validate(e) for e in json.loads(ev_file.read_text("utf-8"))]
                samples[i] = Sample(set_name, rec, art, events, doc_file)  # doc read below, with one vocab
                continue
        todo.append(i)
    if todo:
        if extractor is None:
            from tradewire.extract.pipeline import Extractor, rules_only

            extractor = Extractor(pipeline=rules_only())  # labels come from the rules alone
        docs = extractor.nlp.pipe((pairs[i][1].text for i in todo), batch_size=8)
        for i, doc in zip(todo, docs, strict=True):
            rec, art = pairs[i]
            events = extractor.events.extract(doc, art)
            samples[i] = Sample(set_name, rec, art, events, doc)
            if folder is not None:
                folder.mkdir(parents=True, exist_ok=True)
                key = _cache_key(art, fp)
                (folder / f"{key}.spacy").write_bytes(DocBin(docs=[doc]).to_bytes())
                (folder / f"{key}.json").write_text(
                    json.dumps([e.model_dump(mode="json") for e in events], ensure_ascii=False), "utf-8")
    vocab = None
    for s in samples:
        if isinstance(s.doc, Path):
            if vocab is None:
                vocab = extractor.nlp.vocab if extractor is not None else _blank_vocab()
            s.doc = next(DocBin().from_bytes(s.doc.read_bytes()).get_docs(vocab))
    return samples  # type: ignore[return-value]


def _blank_vocab():
    import spacy

    return spacy.blank("en").vocab


def label_events(sample: Sample) -> list[int]:
    """1 for an event the scorer matches to a gold event (core or not), 0 for a false positive.

    A match to a `core: false` gold event counts as positive: the act is real (background or an
    alternative reading), and the scorer neither rewards nor punishes keeping it.
    """
    preds = [e.model_dump(mode="json") for e in sample.events]
    score = Score()
    score_article(score, sample.gold["id"], preds, sample.gold.get("events") or [], sample.gold.get("trade_related", True))
    false_ids = {id(d["event"]) for d in score.details if d["kind"] == "false_positive"}
    return [0 if id(p) in false_ids else 1 for p in preds]


def iter_sets(specs: list[tuple[str, Path, Path | None]], cache: Path | None) -> Iterator[Sample]:
    for name, gold, texts in specs:
        yield from extract_samples(gold, texts, name, cache)
