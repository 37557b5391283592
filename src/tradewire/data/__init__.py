"""Knowledge as data: the one loader for every file under tradewire/data/ (and user files).

Every data file is read here and validated against a pydantic schema at load, so a broken
entry fails at start-up with the file and the entry named, not deep inside a rule:

    from tradewire.data import load_data
    lexicon = load_data("lexicon.yaml", LexiconFile)     # LexiconFile: a pydantic model

`schema` may be a pydantic model or any type pydantic can validate (``dict[str, list[str]]``).
Results are cached per (name, schema): heavy files are parsed once per process.
"""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import TypeAdapter, ValidationError

from tradewire.errors import TradewireError

T = TypeVar("T")

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: the KB files are large


class DataFileError(TradewireError, ValueError):
    """A data file that cannot be read or does not match its schema (one line: file, entry, problem)."""

    def __init__(self, file: str, problem: str, entry: str | None = None):
        self.file, self.problem, self.entry = file, problem, entry
        where = f"{file}: {entry}: " if entry else f"{file}: "
        super().__init__(where + problem)


def package_path(name: str) -> str:
    """How a packaged data file is named in messages (relative to the package)."""
    return f"tradewire/data/{name}"


def read_package_text(name: str) -> str:
    try:
        return resources.files("tradewire.data").joinpath(name).read_text("utf-8")
    except (FileNotFoundError, OSError) as exc:
        raise DataFileError(package_path(name), f"cannot read ({exc.__class__.__name__})") from None


def parse(text: str, file: str) -> Any:
    """Parse YAML or CSV (by the file name); CSV gives a list of dicts, '#' lines are comments."""
    if file.endswith(".csv"):
        lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
        return list(csv.DictReader(io.StringIO("\n".join(lines))))
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 1}" if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise DataFileError(file, f"not valid YAML: {problem}", line) from None


def validate(data: Any, schema: type[T] | Any, file: str) -> T:
    """Validate parsed data against a schema; the first error names the entry (e.g. 'verbs.3.lemma')."""
    try:
        return TypeAdapter(schema).validate_python(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        entry = ".".join(str(p) for p in first["loc"]) or None
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise DataFileError(file, first["msg"] + more, entry) from None


@cache
def load_data(name: str, schema: Any = Any) -> Any:
    """A packaged data file (`name` relative to tradewire/data/), parsed, validated, cached."""
    file = package_path(name)
    return validate(parse(read_package_text(name), file), schema, file)


def load_path(path: str | Path, schema: Any = Any) -> Any:
    """A user's data file (e.g. `--actors my_people.yaml`), validated like the packaged ones."""
    p = Path(path)
    try:
        text = p.read_text("utf-8")
    except FileNotFoundError:
        raise DataFileError(str(p), "no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(str(p), f"cannot read ({exc.__class__.__name__})") from None
    return validate(parse(text, str(p)), schema, str(p))


def package_files(folder: str, suffixes: tuple[str, ...] = (".yaml", ".yml")) -> list[str]:
    """Names (relative to tradewire/data/) of the packaged files in a folder, sorted."""
    root = resources.files("tradewire.data").joinpath(folder)
    return sorted(f"{folder}/{f.name}" for f in root.iterdir() if f.name.endswith(suffixes))
