"""Cleaning: scraping noise is removed (and kept with the article); story text is kept verbatim."""

from __future__ import annotations

from datetime import date

import pytest

from tradewire.models import RawDocument
from tradewire.read.clean import classify_line, clean
from tradewire.read.readers import IngestError

STORY_1 = ("South Korea's trade ministry said on Saturday it would seek talks with Washington after the United States "
           "raised tariffs on Korean steel to 50 percent from 25 percent.")
STORY_2 = "By Friday, the two sides had agreed to hold a video call on the steel levies, officials in Seoul said."
STORY_3 = ("Ottawa’s finance minister said the “counter-measures” would remain in place\u00a0until the American duties "
           "were lifted.")

NOISY = f"""\
SEOUL, Jan 31 (Yonhap) -- {STORY_1}

Read Also: Samsung shares slide on weak chip outlook
Advertisement
Trade Minister Yeo Han-koo speaks at a briefing in Seoul on Jan. 30, 2026. (Yonhap)

{STORY_2}

Read more
Related: EU weighs new quotas on imported steel
Sign up for our morning trade newsletter
Subscribe to our newsletter for the latest trade news.
{STORY_3}
($1 = 1.35 Canadian dollars)
Share this article
Facebook | Twitter | LinkedIn
Photo: Harbour Wire
By Min-ji Park
© 2026 Harbour Wire. All rights reserved.
"""


def _clean(text: str, **kw) -> object:
    return clean(RawDocument(path="test.txt", text=text, **kw))


@pytest.fixture(scope="module")
def article():
    return _clean(NOISY)


def _removed(article, kind: str) -> list[str]:
    return [r.text for r in article.removed if r.kind == kind]


@pytest.mark.parametrize("line", [
    "Read Also: Samsung shares slide on weak chip outlook",
    "Read more",
    "Related: EU weighs new quotas on imported steel",
    "Advertisement",
    "Sign up for our morning trade newsletter",
    "Subscribe to our newsletter for the latest trade news.",
    "Trade Minister Yeo Han-koo speaks at a briefing in Seoul on Jan. 30, 2026. (Yonhap)",
    "($1 = 1.35 Canadian dollars)",
    "Share this article",
    "Facebook | Twitter | LinkedIn",
    "Photo: Harbour Wire",
    "By Min-ji Park",
    "© 2026 Harbour Wire. All rights reserved.",
])
def test_noise_line_is_removed_and_kept_as_removed(article, line):
    assert line not in article.text
    assert line in [r.text for r in article.removed]


def test_removed_kinds(article):
    assert _removed(article, "related_headline") == [
        "Read Also: Samsung shares slide on weak chip outlook", "Read more", "Related: EU weighs new quotas on imported steel"]
    assert _removed(article, "advertisement") == ["Advertisement"]
    assert len(_removed(article, "subscription")) == 2
    assert _removed(article, "currency_note") == ["($1 = 1.35 Canadian dollars)"]
    assert _removed(article, "copyright") == ["© 2026 Harbour Wire. All rights reserved."]
    assert "Trade Minister Yeo Han-koo speaks at a briefing in Seoul on Jan. 30, 2026. (Yonhap)" in _removed(article, "photo_credit")
    assert "Photo: Harbour Wire" in _removed(article, "photo_credit")
    assert set(_removed(article, "share")) == {"Share this article", "Facebook | Twitter | LinkedIn"}


def test_byline_and_dateline_are_metadata(article):
    assert article.byline == "By Min-ji Park"
    assert article.dateline == "SEOUL, Jan 31 (Yonhap) --"
    assert "SEOUL, Jan 31" not in article.text
    assert article.text.startswith("South Korea's trade ministry said")
    assert _removed(article, "dateline") == ["SEOUL, Jan 31 (Yonhap) --"]


def test_story_sentences_kept_verbatim(article):
    for sentence in (STORY_1, STORY_2, STORY_3):
        assert sentence in article.text
    # typographic quotes and the non-breaking space survive as they were
    assert "“counter-measures”" in article.text and "\u00a0until" in article.text


def test_every_kept_line_is_a_substring_of_the_input(article):
    lines = [ln for ln in article.text.split("\n") if ln.strip()]
    assert len(lines) == 3
    for ln in lines:
        assert ln in NOISY


def test_by_friday_sentence_is_not_a_byline():
    text = f"{STORY_1}\n\n{STORY_2}\n"
    a = _clean(text)
    assert STORY_2 in a.text
    assert a.byline is None
    assert classify_line(STORY_2) is None


def test_short_by_sentence_is_not_a_byline():
    assert classify_line("By Monday, both sides had agreed.") is None


@pytest.mark.parametrize("line", [
    "Share prices of Korean steelmakers fell 3% after the announcement.",
    "Advertising groups warned that the digital services tax would raise costs.",
    "Email exchanges between the two trade ministries were released on Friday.",
    "Photographs of the signing ceremony were released by the ministry.",
    pytest.param("Related talks on dairy quotas are due to resume in April, officials said."),
])
def test_story_lines_that_look_like_noise_are_kept(line):
    assert classify_line(line) is None
    assert line in _clean(f"{STORY_1}\n{line}\n").text


@pytest.mark.parametrize("text,dateline,rest", [
    ("WASHINGTON: The United States imposed 25% tariffs on Canadian steel on Tuesday, officials said.",
     "WASHINGTON:", "The United States imposed"),
    ("OTTAWA, March 4 (Harbour Wire) - Canada said on Tuesday it would impose retaliatory tariffs on US goods.",
     "OTTAWA, March 4 (Harbour Wire) -", "Canada said on Tuesday"),
])
def test_dateline_forms(text, dateline, rest):
    a = _clean(text)
    assert a.dateline == dateline
    assert a.text.startswith(rest)
    assert a.text in text


def test_dateline_after_a_headline():
    a = _clean(f"Seoul weighs response to steel duties\n\nSEOUL, Jan 31 (Yonhap) -- {STORY_1}\n\n{STORY_2}\n")
    assert a.title == "Seoul weighs response to steel duties"
    assert a.dateline == "SEOUL, Jan 31 (Yonhap) --"
    assert a.text.startswith("South Korea's trade ministry")


def test_dateline_only_on_first_line():
    later = "TOKYO - Japan said it would consider similar measures on steel imports."
    a = _clean(f"{STORY_1}\n\n{later}\n")
    assert a.dateline is None
    assert later in a.text


def test_headline_becomes_title():
    a = _clean(f"Seoul weighs response to steel duties\n\n{STORY_1}\n\n{STORY_2}\n")
    assert a.title == "Seoul weighs response to steel duties"
    assert "Seoul weighs response" not in a.text
    assert STORY_1 in a.text and STORY_2 in a.text


def test_given_title_and_metadata_are_kept():
    a = _clean(STORY_1, title="Given title", url="https://example.test/x", outlet="Harbour Wire",
               published=date(2026, 1, 31), id="kor-1")
    assert (a.title, a.url, a.outlet, a.published, a.id) == ("Given title", "https://example.test/x", "Harbour Wire",
                                                             date(2026, 1, 31), "kor-1")
    assert a.text == STORY_1


def test_clean_text_without_noise_is_unchanged():
    text = f"{STORY_1}\n\n{STORY_2}"
    a = _clean(text)
    assert a.text == text
    assert a.removed == []


def test_article_id_is_content_hash_when_none_given():
    a = _clean(f"{STORY_1}\n\n{STORY_2}")
    b = _clean(f"{STORY_1}\nAdvertisement\n\n{STORY_2}\n")
    assert a.id == b.id == a.content_hash[:16]


@pytest.mark.parametrize("text", [
    "Advertisement\nShare this article\nRead more: Lumber prices climb\n",
    "By Harriet Vale\n\nSubscribe to our newsletter\n© 2026 Harbour Wire\n",
])
def test_text_that_is_all_page_debris_is_an_error(text):
    with pytest.raises(IngestError) as exc:
        clean(RawDocument(path="news/empty.txt", text=text))
    assert str(exc.value).startswith("news/empty.txt: nothing left after removing page debris")
    assert "\n" not in str(exc.value)


def test_all_debris_record_of_a_jsonl_file_names_its_line():
    with pytest.raises(IngestError) as exc:
        clean(RawDocument(path="feed.jsonl:7", text="Advertisement"))
    assert (exc.value.path, exc.value.line) == ("feed.jsonl", 7)
    assert str(exc.value).startswith("feed.jsonl:7: nothing left")


def test_all_debris_files_are_not_stored_nor_one_identity(runner, tmp_path, db_path, texts):
    """Two files of debris are two errors (not "stored" then "already stored"); a good file goes on."""
    from tradewire.cli import app

    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("Advertisement\nShare this article\n", encoding="utf-8")
    (tmp_path / "good.txt").write_text(texts["steel"], encoding="utf-8")
    res = runner.invoke(app, ["ingest", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), str(tmp_path / "good.txt"),
                              "--db", db_path])
    assert res.exit_code == 1
    assert res.output.count("nothing left after removing page debris") == 2
    assert "1 stored" in res.output and "already stored" not in res.output.replace("0 already stored", "")


# -- hard-wrapped plain text (wires and press releases broken every ~65 characters) ------------

WRAPPED = """\
Lumber Duties Rise Again as Talks Stall
OTTAWA, March 3 (Harbour Wire) - Canada's trade minister said on
Monday the government would ask the World Trade Organization to
review new U.S. duties on softwood lumber, its third request this
year.
"We will defend every sawmill town in this country," the minister
told reporters, adding that talks with Washington had stalled.
Exports of lumber to the United States fell by a fifth in the
first two months of the year, industry figures showed.
"""


def test_hard_wrapped_paragraphs_are_joined_and_kept():
    art = clean(RawDocument(text=WRAPPED, path="wrapped.txt"))
    lines = art.text.splitlines()
    assert ("Canada's trade minister said on Monday the government would ask the World Trade Organization to "
            "review new U.S. duties on softwood lumber, its third request this year.") in lines[0]
    assert lines[1].startswith('"We will defend') and lines[1].endswith("talks with Washington had stalled.")
    assert lines[2].endswith("industry figures showed.")
    assert art.title == "Lumber Duties Rise Again as Talks Stall"   # the Title Case headline stays apart
    assert art.dateline and art.dateline.startswith("OTTAWA")


def test_short_lines_of_an_ordinary_text_are_not_joined():
    text = ("Steel Talks Resume\n\nThe two governments resumed talks on steel quotas on Monday, officials said.\n"
            "Key dates\nThe next round is due in April, the ministry said.\n")
    art = clean(RawDocument(text=text, path="plain.txt"))
    assert "Key dates" not in art.text and "Steel Talks Resume" not in art.text   # headlines, as before
    assert "officials said.\nThe next round" in art.text.replace("\n\n", "\n")
