"""Fuzzing the readers and the cleaner: random bytes, random JSON shapes and random HTML never
crash them; the only error allowed is IngestError (one line). Bounded: a fixed number of
examples per test, derandomised so CI runs the same inputs every time (a few seconds)."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tradewire.models import RawDocument
from tradewire.read.clean import clean
from tradewire.read.readers import IngestError, read_text

FUZZ = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _run(data: bytes, suffix: str) -> None:
    """Read and clean everything in `data` as the ingest loop does."""
    where = f"fuzz{suffix}"
    try:
        for item in read_text(data, where, suffix):
            if isinstance(item, IngestError):
                _check(item, where)
                continue
            assert isinstance(item, RawDocument)
            try:
                article = clean(item)
            except IngestError as err:
                _check(err, where)
                continue
            assert article.text.strip()
            article.content_hash  # noqa: B018 - hashing must not fail on any text (encodable)
    except IngestError as err:
        _check(err, where)


def _check(err: IngestError, where: str) -> None:
    assert str(err).startswith(where) and "\n" not in str(err)


@FUZZ
@given(data=st.binary(max_size=4000), suffix=st.sampled_from([".txt", ".json", ".jsonl", ".html"]))
def test_random_bytes(data, suffix):
    _run(data, suffix)


_text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=80) | st.sampled_from(
    ["Advertisement", "By Harriet Vale", "SEOUL, Jan 31 (Yonhap) -- ", "Read more: x", "2026-01-30", "", " \n "])
_scalar = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _text
_json = st.recursive(_scalar, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
    st.sampled_from(["text", "title", "url", "outlet", "published", "id"]) | _text, inner, max_size=6), max_leaves=20)
_record = st.fixed_dictionaries({"text": _json}, optional={k: _json for k in ("title", "url", "outlet", "published", "id")})


@FUZZ
@given(value=_json | _record | st.lists(_record, max_size=4))
def test_random_json_shapes(value):
    _run(json.dumps(value).encode("utf-8"), ".json")
    lines = value if isinstance(value, list) else [value]
    _run("\n".join(json.dumps(v) for v in lines).encode("utf-8"), ".jsonl")


_tags = st.sampled_from(["p", "div", "article", "main", "h1", "h2", "nav", "footer", "script", "style", "a", "span",
                         "table", "tr", "td", "ul", "li", "br", "meta", "title"])


@st.composite
def _html(draw, depth: int = 0) -> str:
    n = draw(st.integers(0, 4 if depth < 4 else 0))
    parts = []
    for _ in range(n):
        tag = draw(_tags)
        attrs = draw(st.sampled_from(["", ' class="x"', ' property="article:published_time" content="2026-01-30"',
                                      ' href="javascript:x"', " lang=\"en\""]))
        inner = draw(_html(depth + 1)) if draw(st.booleans()) else draw(_text)
        closing = draw(st.sampled_from([f"</{tag}>", "", "</div>"]))
        parts.append(f"<{tag}{attrs}>{inner}{closing}")
    parts.append(draw(_text))
    return "".join(parts)


@FUZZ
@given(body=_html(), doctype=st.booleans())
def test_random_html(body, doctype):
    page = ("<!DOCTYPE html>" if doctype else "") + f"<html><head><title>t</title></head><body>{body}</body></html>"
    _run(page.encode("utf-8"), ".html")
    _run(page.encode("utf-8"), ".txt")   # detected as HTML by its content


@FUZZ
@given(text=st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=2000))
def test_cleaner_on_random_text(text):
    _run(text.encode("utf-8"), ".txt")
