"""The extractor's knowledge files load through tradewire.data and are validated."""

from __future__ import annotations

import pytest

from tradewire.data import DataFileError, validate
from tradewire.extract.dates import DateWords
from tradewire.resolve.lexicon import LexiconFile, load_lexicon


def test_lexicon_lists_are_sets_by_name():
    lex = load_lexicon()
    assert "say" in lex.statement_verbs and "mull" in lex.consideration_verbs
    assert lex.measure_words["tariff"] == "tariff"


@pytest.mark.parametrize(("data", "entry"), [
    ({"measure_words": {}, "group_nouns": {}, "speech_verbs": ["say", None]}, "speech_verbs.1"),
    ({"measure_words": {}, "group_nouns": {}, "hedge_words": "open"}, "hedge_words"),
    ({"group_nouns": {}}, "measure_words"),
])
def test_bad_lexicon_names_the_entry(data, entry):
    with pytest.raises(DataFileError, match=rf"lexicon\.yaml: {entry}: "):
        validate(data, LexiconFile, "lexicon.yaml")


def test_dates_file_needs_seven_weekdays():
    bad = {"weekdays": ["monday"], "months": ["january"] * 12, "today": [], "yesterday": [], "tomorrow": [],
           "last_week": [], "next_week": [], "span_prefixes": [], "numbers": {}}
    with pytest.raises(DataFileError, match=r"dates\.yaml: weekdays: "):
        validate(bad, DateWords, "dates.yaml")
