"""Progress-bar columns for long ingests: items per second and the time left."""

from __future__ import annotations

from rich.progress import ProgressColumn, Task, TimeRemainingColumn
from rich.text import Text

__all__ = ["RateColumn", "rate_and_eta"]


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
