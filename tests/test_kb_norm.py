"""norm_key's ASCII fast path gives the same key as the general (Unicode) path."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from tradewire.resolve.kb import norm_key


def _general(text: str) -> str:  # the Unicode path, for every text
    t = unicodedata.normalize("NFKD", text)
    t = "".join(c for c in t if not unicodedata.combining(c))
    t = t.replace("’", "'").lower()
    t = re.sub(r"'s$", "", t)
    return re.sub(r"[\s\-.'‐]", "", t)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=20), st.sampled_from(["", "'s", "'s\n", "'S"]))
def test_ascii_fast_path_equals_the_general_path(text, end):
    assert norm_key(text + end) == _general(text + end)


def test_examples():
    assert norm_key("Kim Jung-kwan") == norm_key("kim jung kwan") == "kimjungkwan"
    assert norm_key("China's") == "china"
    assert norm_key("Zürich") == "zurich"
