"""Schemas of the extractor's data files, checked at load (errors name the file and entry)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from tradewire.models import EventType, Measure


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TriggerFlags(_Strict):
    """Conditions on a verb trigger (see the head of triggers.yaml); only the ones set count."""

    measure: bool | None = None
    particle: list[str] | None = None
    actor_obj: bool | None = None
    actor_pobj: bool | None = None
    deal: bool | None = None
    intent: bool | None = None
    market: bool | None = None
    pledge_obj: bool | None = None
    obj_measure: bool | None = None
    subj_measure: bool | None = None
    trade_flow: bool | None = None
    litigation: bool | None = None
    investigation: bool | None = None
    effect: bool | None = None
    concluded_talks: bool | None = None
    exemption: bool | None = None
    negated: bool | None = None
    ratify: bool | None = None
    patient_subject: bool | None = None
    to_list: bool | None = None


class TriggersFile(_Strict):
    verbs: dict[EventType, dict[str, TriggerFlags | list[TriggerFlags] | None]]
    nouns: dict[EventType, list[str]]


class GoodsEntry(_Strict):
    sector: str
    label: str | None = None
    hs_section: str | None = None
    hs_chapters: list[str] = Field(default_factory=list)
    terms: list[str] = Field(default_factory=list)


class CodeRow(_Strict):
    plover: str
    cameo: str
    weight: float
    by_measure: dict[Measure, dict[str, str | float]] = Field(default_factory=dict)


class CodesFile(BaseModel):
    """codes.yaml: one row per event type, and the confidence factor per status."""

    model_config = ConfigDict(extra="allow")
    __pydantic_extra__: dict[EventType, CodeRow]
    status_factor: dict[str, float] = Field(default_factory=dict)
