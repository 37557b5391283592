"""PLOVER type, CAMEO code and cooperation–conflict weight per event (data/codes.yaml)."""

from __future__ import annotations

from tradewire.models import Event
from tradewire.resolve.lexicon import load_yaml


def code_event(ev: Event) -> Event:
    table = load_yaml("codes.yaml")
    row = table[ev.type]
    ev.plover, ev.cameo, ev.weight = row["plover"], row["cameo"], row["weight"]
    special = (row.get("by_measure") or {}).get(ev.measure or "")
    if special:
        ev.cameo, ev.weight = special.get("cameo", ev.cameo), special.get("weight", ev.weight)
    return ev


def status_factor(status: str) -> float:
    return load_yaml("codes.yaml")["status_factor"].get(status, 1.0)
