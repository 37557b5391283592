"""PLOVER type, CAMEO code and cooperation–conflict weight per event (data/codes.yaml)."""

from __future__ import annotations

from tradewire.data import load_data
from tradewire.extract.schemas import CodesFile
from tradewire.models import Event


def _codes() -> CodesFile:
    return load_data("codes.yaml", CodesFile)


def code_event(ev: Event) -> Event:
    row = _codes().__pydantic_extra__[ev.type]
    ev.plover, ev.cameo, ev.weight = row.plover, row.cameo, row.weight
    special = row.by_measure.get(ev.measure or "")
    if special:
        ev.cameo, ev.weight = special.get("cameo", ev.cameo), special.get("weight", ev.weight)
    return ev


def status_factor(status: str) -> float:
    return _codes().status_factor.get(status, 1.0)
