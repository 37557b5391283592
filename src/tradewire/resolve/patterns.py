"""The knowledge base as entity-ruler patterns, each with its KB id (`ent.ent_id_`).

The caller (the extractor) hands these to `tradewire.nlp.pipeline.get_nlp`, so that the nlp
layer needs no knowledge of the KB.
"""

from __future__ import annotations

import unicodedata

from tradewire.data import load_data
from tradewire.resolve.kb import KnowledgeBase


def _variants(text: str) -> set[str]:
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    out = {text, plain}  # "López Obrador" is often written "Lopez Obrador"
    if "-" in text:
        out.add(text.replace("-", " "))
        out.add(text.replace("-", ""))
    out.add(text.replace("’", "'"))
    return {v for v in out if v.strip()}


def common_surnames() -> set[str]:
    """Surnames that are also everyday English words or months: never tagged PERSON on their own."""
    return set(load_data("lexicon.yaml", dict)["common_word_surnames"])


def ruler_patterns(kb: KnowledgeBase) -> list[dict]:
    """Entity-ruler patterns (label, surface, KB id) for every person, country and institution."""
    common = common_surnames()
    pats: dict[tuple[str, str], str] = {}   # (label, surface) -> the first KB id that claims it
    for p in kb.people.values():
        for n in [p.name, *p.aliases]:
            for v in _variants(n):
                pats.setdefault(("PERSON", v), p.id)
        if p.surname and len(p.surname) > 2 and p.surname.lower() not in common:
            for v in _variants(p.surname):
                pats.setdefault(("PERSON", v), p.id)
    for c in kb.countries.values():
        cid = f"country:{c['iso3']}"
        for n in [c["name"], *(c.get("names") or [])]:
            if n[:1].isupper():
                pats.setdefault(("GPE", n), cid)
        for n in c.get("capitals") or []:
            if n[:1].isupper():
                pats.setdefault(("GPE", n), cid)
        for n in c.get("demonyms") or []:
            if n[:1].isupper() and n not in {c["name"], *(c.get("names") or [])}:
                pats.setdefault(("NORP", n), cid)
    for n, iid in kb.institution_ids.items():
        for v in _variants(n):
            pats.setdefault(("ORG", v), iid)
    return [{"label": lab, "pattern": pat, "id": pid} for (lab, pat), pid in pats.items()]
