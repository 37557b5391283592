"""Readers: every bad input of the foundation issue, and good reads of each format."""

from __future__ import annotations

import io
import json
import sys
from datetime import date
from pathlib import Path

import pytest

from tradewire.models import RawDocument
from tradewire.read.readers import IngestError, iter_paths, parse_date, read_path, read_stdin

STORY = ("Mexico and the United States agreed on Monday to extend a tomato trade pact, "
         "averting anti-dumping duties that Washington had threatened to impose.\n")

HTML_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Canada hits back with steel duties | Harbour Post</title>
<meta property="og:title" content="Canada hits back with steel duties">
<meta property="og:site_name" content="Harbour Post">
<meta property="article:published_time" content="2025-03-12T09:30:00Z">
<meta property="og:url" content="https://harbourpost.example/2025/03/12/canada-steel">
</head>
<body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article>
<h1>Canada hits back with steel duties</h1>
<p>Canada said on Wednesday it would impose 25% tariffs on about C$30 billion of American steel and aluminium
products, responding to new US levies that took effect at midnight.</p>
<p>Finance Minister Dominic LeBlanc told reporters in Ottawa that the counter-measures would stay in place for as
long as the American duties remained, and that Ottawa was ready to go further if needed.</p>
<p>The United States had raised its tariffs on Canadian metals earlier in the week, citing national security
concerns that Canadian officials have repeatedly rejected as baseless.</p>
</article>
<footer>Copyright 2025 Harbour Post</footer>
</body>
</html>
"""

HTML_NO_BODY = """<!DOCTYPE html>
<html><head><title>Harbour Post</title></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/trade">Trade</a></nav>
<footer>Copyright 2025 Harbour Post</footer></body></html>
"""


def _write(path: Path, content: str | bytes) -> str:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return str(path)


def _split(items) -> tuple[list[RawDocument], list[IngestError]]:
    items = list(items)
    return ([d for d in items if isinstance(d, RawDocument)], [e for e in items if isinstance(e, IngestError)])


# -- bad input --------------------------------------------------------------------------------

def test_missing_path_is_reported_not_raised(tmp_path):
    missing = str(tmp_path / "nowhere.txt")
    [(path, problem)] = list(iter_paths([missing]))
    assert path == missing
    assert isinstance(problem, IngestError)
    assert str(problem).startswith(missing + ":")
    assert "no such file" in str(problem)


def test_missing_path_does_not_hide_the_good_ones(tmp_path):
    good = _write(tmp_path / "good.txt", STORY)
    results = list(iter_paths([str(tmp_path / "gone.txt"), good]))
    assert [p for p, _ in results] == [str(tmp_path / "gone.txt"), good]
    assert results[0][1] is not None and results[1][1] is None


def test_directory_with_no_readable_articles(tmp_path):
    folder = tmp_path / "pictures"
    folder.mkdir()
    _write(folder / "chart.png", b"\x89PNG\r\n\x1a\n\x00\x00")
    _write(folder / "notes.gold.jsonl", '{"id": "x", "events": []}\n')
    [(path, problem)] = list(iter_paths([str(folder)]))
    assert path == str(folder)
    assert isinstance(problem, IngestError)
    assert "no readable articles" in str(problem)


def test_empty_directory_is_an_error(tmp_path):
    folder = tmp_path / "empty"
    folder.mkdir()
    [(_, problem)] = list(iter_paths([str(folder)]))
    assert isinstance(problem, IngestError)


def test_directory_lists_only_article_files(tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    a = _write(folder / "b.txt", STORY)
    b = _write(folder / "sub" / "a.html", HTML_PAGE)
    _write(folder / "c.jsonl", json.dumps({"text": STORY}) + "\n")
    _write(folder / "c.gold.jsonl", '{"id": "c"}\n')
    _write(folder / "logo.png", b"\x89PNG\x00")
    paths = [p for p, problem in iter_paths([str(folder)]) if problem is None]
    assert sorted(paths) == sorted([a, b, str(folder / "c.jsonl")])


def test_binary_file(tmp_path):
    path = _write(tmp_path / "scan.txt", b"%PDF-1.7\n\x00\x01\x02\xff\xfe binary payload")
    with pytest.raises(IngestError) as exc:
        list(read_path(path))
    assert exc.value.path == path
    assert "binary" in str(exc.value)
    assert str(exc.value).startswith(path + ":")


@pytest.mark.parametrize("content", ["", "  \n\n\t\n"], ids=["zero-bytes", "whitespace"])
def test_empty_file(tmp_path, content):
    path = _write(tmp_path / "blank.txt", content)
    with pytest.raises(IngestError) as exc:
        list(read_path(path))
    assert "empty" in str(exc.value)
    assert str(exc.value).startswith(path + ":")


def test_non_utf8_text_is_decoded_with_replacement_and_a_warning(tmp_path):
    latin1 = "Le ministère a annoncé des droits de 25% sur l'acier canadien.\n".encode("latin-1")
    path = _write(tmp_path / "quebec.txt", latin1)
    docs, errors = _split(read_path(path))
    assert errors == []
    [doc] = docs
    assert "\ufffd" in doc.text
    assert "des droits de 25% sur l'acier canadien." in doc.text
    assert len(doc.warnings) == 1
    assert path in doc.warnings[0] and "UTF-8" in doc.warnings[0]


def test_utf8_with_bom_is_clean(tmp_path):
    path = _write(tmp_path / "bom.txt", "\ufeff".encode() + STORY.encode("utf-8"))
    [doc] = read_path(path)
    assert doc.text == STORY
    assert doc.warnings == []


def test_jsonl_line_that_is_not_json(tmp_path):
    lines = [json.dumps({"id": "a1", "text": STORY}), "{this is not json", json.dumps({"id": "a3", "text": STORY + " More."})]
    path = _write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")
    docs, errors = _split(read_path(path))
    assert [d.id for d in docs] == ["a1", "a3"]
    [err] = errors
    assert err.line == 2 and err.path == path
    assert str(err).startswith(f"{path}:2:")
    assert "JSON" in str(err)
    assert "\n" not in str(err)


def test_jsonl_line_without_text(tmp_path):
    lines = [json.dumps({"id": "a1", "text": STORY}), json.dumps({"id": "a2", "title": "Headline only"}),
             json.dumps({"id": "a3", "text": "   "})]
    path = _write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")
    docs, errors = _split(read_path(path))
    assert [d.id for d in docs] == ["a1"]
    assert [e.line for e in errors] == [2, 3]
    assert all("text" in str(e) for e in errors)
    assert str(errors[0]).startswith(f"{path}:2:")


def test_jsonl_line_that_is_not_an_object(tmp_path):
    path = _write(tmp_path / "feed.jsonl", '["a", "list"]\n')
    _, [err] = _split(read_path(path))
    assert err.line == 1


def test_jsonl_record_with_invalid_published(tmp_path):
    path = _write(tmp_path / "feed.jsonl", json.dumps({"text": STORY, "published": "12 March"}) + "\n")
    _, [err] = _split(read_path(path))
    assert err.line == 1 and "date" in str(err)


def test_html_page_with_no_body(tmp_path):
    path = _write(tmp_path / "landing.html", HTML_NO_BODY)
    with pytest.raises(IngestError) as exc:
        list(read_path(path))
    assert "no article body" in str(exc.value)
    assert str(exc.value).startswith(path + ":")


def test_html_page_with_empty_body(tmp_path):
    path = _write(tmp_path / "blank.htm", "<html><head><title>x</title></head><body></body></html>")
    with pytest.raises(IngestError):
        list(read_path(path))


def test_html_page_with_only_a_menu_link_has_no_body(tmp_path):
    page = "<html><head><title>Home</title></head><body><nav><a href='/'>Home</a></nav></body></html>"
    path = _write(tmp_path / "menu.html", page)
    with pytest.raises(IngestError) as exc:
        list(read_path(path))
    assert "no article body" in str(exc.value)


def test_file_over_the_size_limit(tmp_path):
    path = _write(tmp_path / "long.txt", STORY * 20)
    size = Path(path).stat().st_size
    with pytest.raises(IngestError) as exc:
        list(read_path(path, max_bytes=size - 1))
    assert "size limit" in str(exc.value)
    assert str(exc.value).startswith(path + ":")
    # exactly at the limit is fine
    [doc] = read_path(path, max_bytes=size)
    assert doc.text == STORY * 20


def test_stdin_over_the_size_limit(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(STORY.encode() * 10)))
    with pytest.raises(IngestError) as exc:
        list(read_stdin(max_bytes=100))
    assert exc.value.path == "-"


def test_invalid_json_file(tmp_path):
    path = _write(tmp_path / "one.json", '{"text": "unterminated')
    with pytest.raises(IngestError) as exc:
        list(read_path(path))
    assert "JSON" in str(exc.value)


@pytest.mark.parametrize("value", ["2025-13-01", "March 3", "yesterday", "03/04/2025"])
def test_parse_date_rejects_bad_dates(value):
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        parse_date(value, "--published")


# -- good input -------------------------------------------------------------------------------

def test_read_txt(tmp_path):
    path = _write(tmp_path / "mex_usa_tomatoes.txt", STORY)
    [doc] = read_path(path)
    assert doc.text == STORY
    assert doc.path == path
    assert doc.id == "mex_usa_tomatoes"
    assert doc.published is None and doc.warnings == []


def test_read_html_with_trafilatura_metadata(tmp_path):
    path = _write(tmp_path / "page.html", HTML_PAGE)
    [doc] = read_path(path)
    assert doc.title == "Canada hits back with steel duties"
    assert doc.published == date(2025, 3, 12)
    assert doc.outlet == "Harbour Post"
    assert "Finance Minister Dominic LeBlanc told reporters in Ottawa" in doc.text
    assert "<p>" not in doc.text and "Home" not in doc.text


def test_html_detected_by_content_in_a_txt_file(tmp_path):
    path = _write(tmp_path / "saved.txt", HTML_PAGE)
    [doc] = read_path(path)
    assert doc.title == "Canada hits back with steel duties"
    assert "<article>" not in doc.text


def test_read_json_object(tmp_path):
    rec = {"id": "cn-au-barley", "text": STORY, "title": "Barley duties", "url": "https://example.test/b",
           "outlet": "Pacific Ledger", "published": "2020-05-19"}
    path = _write(tmp_path / "one.json", json.dumps(rec))
    [doc] = read_path(path)
    assert (doc.id, doc.title, doc.url, doc.outlet) == ("cn-au-barley", "Barley duties", "https://example.test/b", "Pacific Ledger")
    assert doc.published == date(2020, 5, 19)
    assert doc.text == STORY


def test_read_json_list_reports_bad_records_by_position(tmp_path):
    path = _write(tmp_path / "many.json", json.dumps([{"text": STORY}, {"title": "no text"}]))
    docs, errors = _split(read_path(path))
    assert len(docs) == 1
    assert [e.line for e in errors] == [2]


def test_read_jsonl(tmp_path):
    recs = [{"id": "r1", "text": STORY, "published": "2025-07-14T08:00:00Z"},
            {"id": 7, "text": "India and the UK signed a trade agreement cutting whisky tariffs.", "outlet": "Delhi Desk"}]
    path = _write(tmp_path / "feed.jsonl", "\n".join(json.dumps(r) for r in recs) + "\n\n")
    docs, errors = _split(read_path(path))
    assert errors == []
    assert [d.id for d in docs] == ["r1", "7"]
    assert docs[0].published == date(2025, 7, 14)
    assert docs[1].outlet == "Delhi Desk"
    assert docs[0].path == f"{path}:1" and docs[1].path == f"{path}:2"


def test_read_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(STORY.encode("utf-8"))))
    [doc] = read_stdin()
    assert doc.text == STORY
    assert doc.path == "-"


# -- hostile input: one line naming the file (and line), never a crash ------------------------------

def _all(path: str) -> list:
    """Every item of a file, a fatal IngestError as the last item (as the ingest loop sees them)."""
    out = []
    try:
        out.extend(read_path(path))
    except IngestError as exc:
        out.append(exc)
    return out


def _one_line(err: IngestError, where: str) -> bool:
    return isinstance(err, IngestError) and str(err).startswith(where + ": ") and "\n" not in str(err)


def test_json_nested_1000_deep(tmp_path):
    path = _write(tmp_path / "deep.json", "[" * 1000 + "]" * 1000)
    [err] = _all(path)
    assert _one_line(err, path) and "nested too deeply" in str(err)


def test_jsonl_line_nested_1000_deep_names_the_line_and_the_rest_is_read(tmp_path):
    deep = '{"a": ' * 1000 + "1" + "}" * 1000
    path = _write(tmp_path / "deep.jsonl", deep + "\n" + json.dumps({"text": STORY}) + "\n")
    err, doc = _all(path)
    assert _one_line(err, f"{path}:1") and err.line == 1 and doc.text == STORY


@pytest.mark.parametrize("field,value", [("title", 123), ("url", ["https://x.example"]), ("outlet", {"name": "X"}),
                                         ("published", 20260101), ("text", 42)])
def test_record_field_of_the_wrong_type(tmp_path, field, value):
    path = _write(tmp_path / "rec.json", json.dumps({"text": STORY, field: value}))
    [err] = _all(path)
    assert _one_line(err, path) and repr(field) in str(err)


def test_numeric_id_is_a_string_id(tmp_path):
    [doc] = _all(_write(tmp_path / "rec.json", json.dumps({"text": STORY, "id": 1234})))
    assert doc.id == "1234"


def test_json_file_that_is_a_list(tmp_path):
    path = _write(tmp_path / "list.json", json.dumps([{"text": STORY}, ["not", "a", "record"], "text", {"title": "x"}]))
    doc, *errs = _all(path)
    assert doc.text == STORY
    assert [e.line for e in errs] == [2, 3, 4] and all(_one_line(e, f"{path}:{e.line}") for e in errs)
    [empty] = _all(_write(tmp_path / "empty.json", "[]"))
    assert _one_line(empty, str(tmp_path / "empty.json")) and "no records" in str(empty)


@pytest.mark.parametrize("suffix", [".txt", ".json", ".jsonl", ".html"])
def test_random_bytes(tmp_path, suffix):
    import random

    data = bytes(random.Random(5).randrange(1, 256) for _ in range(6000))   # no NUL: not caught by that test
    path = _write(tmp_path / f"noise{suffix}", data)
    items = _all(path)
    assert items and all(isinstance(i, IngestError) and "\n" not in str(i) and str(i).startswith(path) for i in items)


def test_lone_surrogates_in_json_are_replaced_with_a_warning(tmp_path):
    path = _write(tmp_path / "s.json", '{"text": "\\ud800 ' + STORY.strip() + '", "title": "T\\udfff"}')
    [doc] = _all(path)
    doc.text.encode("utf-8")
    assert doc.title.encode("utf-8") and len(doc.warnings) == 2


def test_huge_lines_are_read(tmp_path):
    """A 3 MB line in a text file, and a JSONL file whose 2 MB first line is followed by a bad one."""
    big = ("Tariffs rose again. " * 150_000).strip()
    [doc] = _all(_write(tmp_path / "big.txt", big))
    assert len(doc.text) == len(big)
    path = _write(tmp_path / "big.jsonl", json.dumps({"text": big[:2_000_000]}) + "\n{oops\n")
    doc, err = _all(path)
    assert len(doc.text) == 2_000_000 and _one_line(err, f"{path}:2")


def test_cli_ingest_goes_on_past_every_hostile_file(runner, tmp_path, db_path):
    from tradewire.cli import app

    folder = tmp_path / "in"
    folder.mkdir()
    _write(folder / "a_deep.json", "[" * 1000 + "]" * 1000)
    _write(folder / "b_title.json", json.dumps({"text": STORY, "title": 123}))
    _write(folder / "c_list.json", "[]")
    _write(folder / "d_noise.txt", bytes(range(1, 256)) * 40)
    _write(folder / "e_debris.txt", "Advertisement\nShare this article\n")
    _write(folder / "z_good.txt", STORY)
    res = runner.invoke(app, ["ingest", str(folder), "--db", db_path])
    assert res.exit_code == 1 and "Traceback" not in res.output
    errors = [ln for ln in res.output.splitlines() if ln.startswith("error:")]
    assert len(errors) == 5 and all(str(folder) in ln for ln in errors)
    assert "1 stored" in res.output and "5 failed" in res.output
