"""Schemas of the extractor's data files, checked at load (errors name the file and entry)."""

from __future__ import annotations

from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field

from tradewire.data import load_data, package_path
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
    litigation_context: bool | None = None   # a court or the WTO in the sentence ("appealed")
    ties: bool | None = None                 # "cut/sever trade ties"
    relief_obj: bool | None = None           # "asked for a delay/exemption"


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


VerbBlock = dict[EventType, dict[str, TriggerFlags | list[TriggerFlags] | None]]
NounBlock = dict[EventType, list[str]]


def trigger_blocks(raw: dict, file: str) -> tuple[list[VerbBlock], list[NounBlock]]:
    """The verb and noun blocks of triggers.yaml, in file order, each validated: `verbs` and
    `nouns`, plus blocks named verbs_<area> / nouns_<area> that extend them (kept apart in the
    file so that each area edits its own block). Any other top-level key is an error."""
    from tradewire.data import DataFileError, validate

    validate({k: raw.get(k) for k in ("verbs", "nouns")}, TriggersFile, file)
    verbs, nouns = [], []
    for key, block in (raw or {}).items():
        kind = key.split("_", 1)[0]
        if kind not in ("verbs", "nouns") or (key != kind and not key.startswith(kind + "_")):
            raise DataFileError(file, "unknown section (expected verbs, nouns, verbs_<area> or nouns_<area>)", key)
        if kind == "verbs":
            verbs.append(validate(block, VerbBlock, f"{file}: {key}"))
        else:
            nouns.append(validate(block, NounBlock, f"{file}: {key}"))
    return verbs, nouns


@lru_cache(maxsize=1)
def load_triggers() -> tuple[dict[str, list[tuple[str, dict]]], dict[str, str]]:
    """lemma -> [(event type, flags)] for verbs, lemma -> event type for nouns (data/triggers.yaml)."""
    verb_blocks, noun_blocks = trigger_blocks(load_data("triggers.yaml"), package_path("triggers.yaml"))
    verbs: dict[str, list[tuple[str, dict]]] = {}
    for block in verb_blocks:
        for etype, entries in block.items():
            for lemma, flags in entries.items():
                for f in flags if isinstance(flags, list) else [flags]:
                    # (only the flags set: their number ranks the readings of a verb)
                    verbs.setdefault(lemma, []).append((etype, f.model_dump(exclude_unset=True) if f is not None else {}))
    nouns: dict[str, str] = {}
    for block in noun_blocks:
        for etype, lemmas in block.items():
            for lemma in lemmas:
                nouns.setdefault(lemma, etype)
    return verbs, nouns
