"""Remove scraping noise line by line before any NLP, keeping what was removed."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml

from tradewire.models import Article, RawDocument, Removed, content_hash
from tradewire.read.readers import IngestError

# A line with this many words or more, ending like a sentence, is story text even if it
# starts with "By" or "Photo" ("By Friday, the two sides...").
_SENTENCE_END = re.compile(r"[.!?…\"”’)]\s*$")


@lru_cache(maxsize=1)
def _rules() -> tuple[list[tuple[str, re.Pattern]], list[re.Pattern]]:
    data = _data()
    rules = [(r["kind"], re.compile(p, re.IGNORECASE)) for r in data["line_rules"] for p in r["patterns"]]
    datelines = [re.compile(p) for p in data["dateline"]]
    return rules, datelines


@lru_cache(maxsize=1)
def _data() -> dict:
    return yaml.safe_load(resources.files("tradewire.data").joinpath("boilerplate.yaml").read_text("utf-8"))


@lru_cache(maxsize=1)
def _leading_stamps() -> list[re.Pattern]:
    return [re.compile(p, re.IGNORECASE) for p in _data().get("leading_stamp", [])]


def _cut_leading_stamp(text: str, removed: list[Removed]) -> str:
    """Cut a publication stamp glued to the start of the text (" date 2024-08-22 China opened ...")
    into metadata: left in, it joins the first sentence and passes for the date of its act."""
    for pat in _leading_stamps():
        m = pat.match(text)
        if m:
            removed.append(Removed(kind="stamp", text=m.group(0).strip()))
            return text[m.end():].lstrip(" \t")
    return text


def classify_line(line: str) -> str | None:
    """The kind of noise a line is, or None when it is story text."""
    s = line.strip()
    if not s:
        return None
    rules, _ = _rules()
    for kind, pat in rules:
        if pat.match(s):
            if kind == "byline" and _SENTENCE_END.search(s):
                continue  # "By Monday, both sides had agreed." is story text; bylines end without a stop
            return kind
    return None


_ISO = re.compile(r"\b(20\d{2}|19\d{2})[-./](\d{1,2})[-./](\d{1,2})\b")
_MDY = re.compile(r"\b([A-Z][a-z]{2,8})\.? (\d{1,2}), (\d{4})\b")
_DMY = re.compile(r"\b(\d{1,2}) ([A-Z][a-z]{2,8}) (\d{4})\b")


def _stamp_date(removed: list[Removed]):
    """A publication date from a removed date stamp ("Written: 2024-03-02 12:12", "March 6, 2025")."""
    from datetime import date, datetime

    for r in removed:
        if r.kind not in ("stamp", "dateline"):
            continue
        m = _ISO.search(r.text)
        try:
            if m:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            for pat, fmt in ((_MDY, "{1} {2} {3}"), (_DMY, "{2} {1} {3}")):
                m = pat.search(r.text)
                if m:
                    g = m.groups()
                    s = fmt.format(None, *g)
                    for f in ("%B %d %Y", "%b %d %Y"):
                        try:
                            return datetime.strptime(s, f).date()
                        except ValueError:
                            continue
        except ValueError:
            continue
    return None


def _error(path: str, problem: str) -> IngestError:
    """An IngestError for a document; a JSONL record's path is "file:line"."""
    file, _, line = path.rpartition(":")
    return IngestError(file, problem, int(line)) if file and line.isdigit() else IngestError(path, problem)


def _opens_lower(line: str) -> bool:
    s = line.lstrip(" \t\"“‘'(")
    return bool(s) and s[0].islower()


def _title_case(line: str) -> bool:
    for pat in _rules()[1]:   # a dateline's place and date are capitalised in any story
        m = pat.match(line.strip())
        if m:
            line = line.strip()[m.end():]
            break
    words = [w for w in line.split() if w[:1].isalpha()]
    return bool(words) and sum(w[0].isupper() for w in words) / len(words) >= 0.5


def _unwrap(lines: list[str]) -> list[str]:
    """Join the lines of hard-wrapped paragraphs (plain-text wires and press releases break every
    ~70 characters, with no blank line between paragraphs): left apart, each line without a final
    stop passes for a headline and the story is lost. A text is hard-wrapped when several lines
    run on into a next line that opens in lower case; in it, a line without a final stop takes
    the next line when that one opens in lower case, or when it fills the text's width and is no
    Title Case headline."""
    def runs_on(i: int) -> bool:
        a, b = lines[i].strip(), lines[i + 1].strip()
        return bool(a and b) and not _SENTENCE_END.search(a)

    evidence = [len(lines[i].strip()) for i in range(len(lines) - 1) if runs_on(i) and _opens_lower(lines[i + 1])]
    nonempty = sum(1 for ln in lines if ln.strip())
    if len(evidence) < 3 or len(evidence) < 0.2 * nonempty:
        return lines
    width = sorted(evidence)[len(evidence) // 2]
    out: list[str] = []
    joined = False   # the last line of `out` takes the next one
    for i, line in enumerate(lines):
        if joined:
            out[-1] = f"{out[-1].rstrip()} {line.strip()}"
        else:
            out.append(line)
        nxt = i + 1 < len(lines) and runs_on(i)
        joined = nxt and (_opens_lower(lines[i + 1]) or (len(line.strip()) >= 0.6 * width and not _title_case(line)))
    return out


def clean(raw: RawDocument) -> Article:
    """Drop noise lines; cut a leading dateline and byline into metadata. A text that is all
    noise raises IngestError ("nothing left after removing page debris")."""
    removed: list[Removed] = []
    kept: list[str] = []
    byline = dateline = None
    body = _cut_leading_stamp(raw.text.replace("\r\n", "\n").replace("\r", "\n"), removed)
    for line in body.split("\n"):
        kind = classify_line(line)
        if kind:
            removed.append(Removed(kind=kind, text=line.strip()))
            if kind == "byline" and byline is None:
                byline = line.strip()
            continue
        kept.append(line.rstrip())
    kept = _unwrap(kept)
    title = raw.title
    # Short lines without final punctuation are headlines or subheads: metadata, not story.
    nonempty = [i for i, ln in enumerate(kept) if ln.strip()]
    if len(nonempty) > 1:
        for i in nonempty:
            head = kept[i].strip()
            if len(head.split()) <= 20 and not _SENTENCE_END.search(head):
                if title is None:
                    title = head
                removed.append(Removed(kind="headline", text=head))
                kept[i] = ""
    # The dateline can only be on the first non-empty line of the story.
    for i, line in enumerate(kept):
        if not line.strip():
            continue
        for pat in _rules()[1]:
            m = pat.match(line.strip())
            if m and len(line.strip()) > m.end() + 20:
                dateline = m.group(0).strip()
                removed.append(Removed(kind="dateline", text=dateline))
                kept[i] = line.strip()[m.end():]
                break
        break
    published = raw.published
    if published is None:
        published = _stamp_date(removed)
    text = "\n".join(kept)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    if not text:
        # Not an article: and every empty text would share one identity, so the first would be
        # stored empty and every later one called "already stored".
        raise _error(raw.path, f"nothing left after removing page debris ({len(removed)} noise line(s))")
    aid = raw.id or content_hash(text)[:16]
    return Article(
        id=aid, text=text, title=title, url=raw.url, outlet=raw.outlet, published=published,
        path=raw.path, byline=byline, dateline=dateline, removed=removed,
    )
