"""Read articles from .txt, .html/.htm, .json/.jsonl files, directories and standard input."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from tradewire.errors import TradewireError
from tradewire.models import RawDocument

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
MIN_BODY_WORDS = 12
TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES


class IngestError(TradewireError):
    """A problem with one input; the message is a single line naming the file (and line)."""

    def __init__(self, path: str, problem: str, line: int | None = None):
        self.path, self.problem, self.line = path, problem, line
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {problem}")


def parse_date(value: str | None, where: str = "published") -> date | None:
    """Accept YYYY-MM-DD (optionally with a time part); raise ValueError otherwise."""
    if value in (None, ""):
        return None
    text = str(value).strip()
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}([T ][\d:.+\-Z]*)?", text):
            raise ValueError
        return date.fromisoformat(text[:10])
    except ValueError:
        raise ValueError(f"invalid {where} date {text!r} (expected YYYY-MM-DD)") from None


def iter_paths(paths: list[str]) -> Iterator[tuple[str, IngestError | None]]:
    """Expand the command-line paths into files; yield (path, error) for each problem path."""
    for p in paths:
        if p == "-":
            yield "-", None
            continue
        path = Path(p)
        if not path.exists():
            yield p, IngestError(p, "no such file or directory")
        elif path.is_dir():
            files = sorted(f for f in path.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES
                           and not f.name.endswith(".gold.jsonl") and f.name != "gold.jsonl")
            if not files:
                yield p, IngestError(p, "directory holds no readable articles (.txt, .html, .json, .jsonl)")
            for f in files:
                yield str(f), None
        else:
            yield p, None


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    size = path.stat().st_size
    if size > max_bytes:
        raise IngestError(str(path), f"file is {size:,} bytes, over the size limit of {max_bytes:,} bytes")
    return path.read_bytes()


def _decode(data: bytes, where: str, warnings: list[str]) -> str:
    if b"\x00" in data[:8192]:
        raise IngestError(where, "binary file (contains NUL bytes), not a text article")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        text = data.decode("utf-8", errors="replace")
        if _garbled(text):
            raise IngestError(where, "binary data (mostly undecodable bytes), not a text article") from None
        warnings.append(f"{where}: not valid UTF-8 (byte {exc.start}); undecodable bytes replaced")
        return text


BINARY_SHARE = 0.1   # a text in another encoding has a few bad bytes (accents); random bytes are mostly bad


def _garbled(text: str) -> bool:
    sample = text[:20000]
    bad = sum(1 for c in sample if c == "\ufffd" or (c < " " and c not in "\t\n\r\f"))
    return bad > BINARY_SHARE * max(len(sample), 1)


def _from_html(html: str, where: str, warnings: list[str]) -> RawDocument:
    import trafilatura  # imported lazily: slow to import, only HTML needs it

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
    if not text or len(text.split()) < MIN_BODY_WORDS:
        # A page whose only text is a menu link or a cookie notice is not an article.
        raise IngestError(where, "HTML page has no article body")
    meta = trafilatura.extract_metadata(html)
    published = None
    if meta is not None and meta.date:
        try:
            published = parse_date(meta.date)
        except ValueError:
            published = None
    return RawDocument(
        path=where, text=text,
        title=getattr(meta, "title", None) if meta else None,
        outlet=getattr(meta, "sitename", None) if meta else None,
        url=getattr(meta, "url", None) if meta else None,
        published=published, warnings=warnings,
    )


def _short(value: object, n: int = 40) -> str:
    r = repr(value)
    return r if len(r) <= n else r[:n] + "..."


def _scrub(value: str, field: str, warnings: list[str], where: str) -> str:
    """JSON may carry lone surrogates ("\\ud800") that no UTF-8 store or hash accepts."""
    try:
        value.encode("utf-8")
        return value
    except UnicodeEncodeError:
        warnings.append(f"{where}: field {field!r} holds invalid characters (lone surrogates); replaced")
        return value.encode("utf-8", errors="replace").decode("utf-8")


def _field(rec: dict, name: str, where: str, line: int | None, warnings: list[str], numbers: bool = False) -> str | None:
    """An optional string field; a number, list or object there is the record's error, not a crash."""
    value = rec.get(name)
    if value is None:
        return None
    if numbers and isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)  # ids are often numbers
    if not isinstance(value, str):
        raise IngestError(where, f"record field {name!r} must be a string, not {type(value).__name__} {_short(value)}", line)
    return _scrub(value, name, warnings, where) or None


def _from_record(rec: object, where: str, line: int | None, warnings: list[str]) -> RawDocument:
    if not isinstance(rec, dict):
        raise IngestError(where, f"JSON record is not an object ({type(rec).__name__})", line)
    warnings = list(warnings)
    text = rec.get("text")
    if text is None:
        raise IngestError(where, "record has no 'text' field", line)
    if not isinstance(text, str):
        raise IngestError(where, f"record field 'text' must be a string, not {type(text).__name__}", line)
    if not text.strip():
        raise IngestError(where, "record field 'text' is empty", line)
    text = _scrub(text, "text", warnings, where)
    published = rec.get("published")
    if published is not None and not isinstance(published, str):
        raise IngestError(where, f"record field 'published' must be a YYYY-MM-DD string, not {_short(published)}", line)
    try:
        published = parse_date(published)
    except ValueError as exc:
        raise IngestError(where, str(exc), line) from None
    return RawDocument(
        path=f"{where}:{line}" if line else where, text=text,
        title=_field(rec, "title", where, line, warnings), url=_field(rec, "url", where, line, warnings),
        outlet=_field(rec, "outlet", where, line, warnings), published=published,
        id=_field(rec, "id", where, line, warnings, numbers=True), warnings=warnings,
    )


def _loads(text: str, where: str, line: int | None) -> object:
    """json.loads with its failures as one-line errors (depth: the decoder recurses per level)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        what = "line is not valid JSON" if line is not None else "not valid JSON"
        raise IngestError(where, f"{what} ({exc.msg})", line if line is not None else exc.lineno) from None
    except RecursionError:
        raise IngestError(where, "JSON nested too deeply to read", line) from None


def read_text(data: bytes, where: str, suffix: str) -> Iterator[RawDocument | IngestError]:
    """Parse one input's bytes. Yields documents, and IngestErrors for bad JSONL lines."""
    warnings: list[str] = []
    text = _decode(data, where, warnings)
    if not text.strip():
        raise IngestError(where, "file is empty")
    if suffix in HTML_SUFFIXES or (suffix not in JSON_SUFFIXES and text.lstrip()[:15].lower().startswith(("<!doctype html", "<html"))):
        yield _from_html(text, where, warnings)
    elif suffix == ".json":
        obj = _loads(text, where, None)
        if isinstance(obj, list) and not obj:
            raise IngestError(where, "JSON list holds no records")
        records = obj if isinstance(obj, list) else [obj]
        for i, rec in enumerate(records, 1):
            try:
                yield _from_record(rec, where, i if isinstance(obj, list) else None, warnings)
            except IngestError as err:
                yield err
    elif suffix in (".jsonl", ".ndjson"):
        for i, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                yield _from_record(_loads(line, where, i), where, i, warnings)
            except IngestError as err:
                yield err
    else:
        yield RawDocument(path=where, text=text, id=Path(where).stem if where != "-" else None, warnings=warnings)


def read_path(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[RawDocument | IngestError]:
    """Read one file. Fatal problems raise IngestError; per-record problems are yielded."""
    p = Path(path)
    try:
        data = _read_bytes(p, max_bytes)
    except OSError as exc:
        raise IngestError(path, f"cannot read ({exc.strerror})") from None
    yield from read_text(data, path, p.suffix.lower())


def read_stdin(max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[RawDocument | IngestError]:
    data = sys.stdin.buffer.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise IngestError("-", f"standard input is over the size limit of {max_bytes:,} bytes")
    yield from read_text(data, "-", ".txt")
