"""The ingest's progress bar: articles done, per second, and the time left when the total is known."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from tradewire.read.readers import JSON_SUFFIXES, iter_paths

__all__ = ["IngestBar", "RateColumn", "article_total", "rate_and_eta"]


class RateColumn(ProgressColumn):
    """'12.3 files/s' from rich's own speed estimate (blank until it has one)."""

    def __init__(self, unit: str = "files") -> None:
        super().__init__()
        self.unit = unit

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("" if speed is None else f"{speed:.1f} {self.unit}/s", style="progress.data.speed")


def rate_and_eta(unit: str = "files") -> tuple[ProgressColumn, ProgressColumn]:
    return RateColumn(unit), TimeRemainingColumn()


def article_total(paths: Iterable[str]) -> int | None:
    """How many articles the inputs hold, when their names tell it: one per file; None (unknown)
    when a JSON/JSONL file or standard input may hold many (they are not read twice to count)."""
    n = 0
    for path, _problem in iter_paths(list(paths)):
        if path == "-" or Path(path).suffix.lower() in JSON_SUFFIXES:
            return None
        n += 1
    return n


class IngestBar:
    """Counts the ingest's items (articles, failed ones included) on `console`. With a known
    total: bar, n/total, rate and time left; unknown: the count and the rate. Off when the
    console is no terminal or for a few files (their lines say enough)."""

    def __init__(self, paths: Iterable[str], console: Console, few: int = 5) -> None:
        self.total = article_total(paths)
        if self.total is None:
            cols = [TextColumn("[bold]{task.description}"), BarColumn(), TextColumn("{task.completed} articles"),
                    TimeElapsedColumn(), RateColumn("articles")]
        else:
            cols = [TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    *rate_and_eta("articles")]
        off = (self.total is not None and self.total <= few) or not console.is_terminal
        self.progress = Progress(*cols, console=console, transient=True, disable=off)
        self.task = self.progress.add_task("ingesting", total=self.total)

    def __enter__(self) -> IngestBar:
        self.progress.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self.progress.__exit__(*exc)

    def advance(self, _item=None) -> None:
        self.progress.advance(self.task)
