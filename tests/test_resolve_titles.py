"""The resolver's indexed title lookup answers as the plain scan over role terms it replaces."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tradewire.resolve.kb import load_kb
from tradewire.resolve.lexicon import load_lexicon
from tradewire.resolve.resolver import Resolver

RES = Resolver(load_kb(), load_lexicon())
WORDS = sorted({w for t in RES.role_terms for w in t.split()} | {"the", "u.s.", "top", "deputy", "chief", "x"})


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=4), st.sampled_from(["", "s", "vice"]))
def test_role_suffix_is_the_first_role_term_the_words_end_with(parts, glue):
    words = " ".join(parts) + glue
    assert RES.role_suffix(words) == next((t for t in RES.role_terms if words.endswith(t)), None)


def test_a_known_title_is_found_and_other_words_are_not():
    assert RES.role_suffix("the trade minister") is not None
    assert RES.role_suffix("weather forecaster") is None
