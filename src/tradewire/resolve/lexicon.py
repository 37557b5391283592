"""The word lists of data/lexicon.yaml, loaded once through tradewire.data and validated."""

from __future__ import annotations

from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field

from tradewire.data import load_data


class LexiconFile(BaseModel):
    """lexicon.yaml: three mappings, and any number of named word lists (each a set in `Lexicon`)."""

    model_config = ConfigDict(extra="allow")
    __pydantic_extra__: dict[str, list[str]]
    measure_words: dict[str, str]                  # word -> EVENTS.md measure
    group_nouns: dict[str, str]                    # "parliament" -> actor kind, when a country modifies it
    bare_group_refs: dict[str, str] = Field(default_factory=dict)


class Lexicon:
    """Every list of lexicon.yaml as a set attribute (`lex.speech_verbs`), plus the mappings."""

    def __init__(self, data: LexiconFile):
        self.data = data
        for name, words in (data.__pydantic_extra__ or {}).items():
            setattr(self, name, set(words))
        self.measure_words: dict[str, str] = data.measure_words
        self.group_nouns: dict[str, str] = data.group_nouns
        self.bare_group_refs: dict[str, str] = data.bare_group_refs


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    return Lexicon(load_data("lexicon.yaml", LexiconFile))


def load_yaml(name: str):
    """A packaged data file, parsed (cached); prefer `load_data(name, schema)` for validation."""
    return load_data(name)
