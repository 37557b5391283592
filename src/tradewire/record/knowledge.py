"""The data files the record reads, each loaded through tradewire.data with its schema.

labels.yaml              how an event type or measure is named in thread titles and chart labels
institution_words.yaml   words that make a name an institution or group, not a person
goods.yaml, goods_generic.yaml   goods terms -> sectors and HS chapters (shared with the extractor)
agreement_cues.yaml      deal nouns, talk-only and implementation cues, agreement status rules
tpu_terms.yaml           trade-policy and uncertainty terms of the TPU baseline
actors/countries.yaml    country names, demonyms and capitals (TPU --country)

A broken entry fails at load with the file and the entry named (DataFileError).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from tradewire.data import load_data
from tradewire.models import EVENT_TYPES, EventType, Measure


class LabelsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    thread_acts: dict[EventType, str]
    measures: dict[Measure, str]
    plot_labels: dict[EventType, str]

    @model_validator(mode="after")
    def _every_type(self) -> LabelsFile:
        for field in ("thread_acts", "plot_labels"):
            missing = [t for t in EVENT_TYPES if t not in getattr(self, field)]
            if missing:
                raise ValueError(f"{field}: no label for {', '.join(missing)}")
        return self


@lru_cache(maxsize=1)
def labels() -> LabelsFile:
    return load_data("labels.yaml", LabelsFile)


@lru_cache(maxsize=1)
def institution_words() -> frozenset[str]:
    return frozenset(w.lower() for w in load_data("institution_words.yaml", list[str]))


def looks_like_person(name: str, min_words: int = 2, max_words: int | None = 4) -> bool:
    """A name with no knowledge-base entry: a person when it is 2-4 capitalised words none of
    which marks an institution ("Hong Gil-dong" yes; "Ministry of Commerce", "Hyundai Motor" no)."""
    words = name.split()
    if len(words) < min_words or (max_words is not None and len(words) > max_words):
        return False
    stop = institution_words()
    return all(w[:1].isupper() for w in words) and not any(w.lower().strip(".,'") in stop for w in words)


# -- goods -------------------------------------------------------------------------------------

class GoodsSector(BaseModel):
    model_config = ConfigDict(extra="allow")   # the extractor reads more fields of the same file
    sector: str
    label: str | None = None
    hs_chapters: list[str] = Field(default_factory=list)
    terms: list[str] = Field(default_factory=list)


@lru_cache(maxsize=1)
def goods() -> list[GoodsSector]:
    return load_data("goods.yaml", list[GoodsSector])


@lru_cache(maxsize=1)
def generic_goods() -> frozenset[str]:
    return frozenset(t.lower() for t in load_data("goods_generic.yaml", list[str]))


# -- agreements --------------------------------------------------------------------------------

def _compiles(patterns: list[str]) -> list[str]:
    for p in patterns:
        try:
            re.compile(p)
        except re.error as exc:
            raise ValueError(f"bad regular expression {p!r}: {exc}") from None
    return patterns


class StatusRule(BaseModel):
    model_config = ConfigDict(extra="forbid")
    status: Literal["announced", "signed", "pending", "in_force", "disputed", "suspended", "terminated"]
    types: list[EventType] | None = None
    cues: list[str] = Field(default_factory=list)

    @field_validator("cues")
    @classmethod
    def _regexes(cls, v: list[str]) -> list[str]:
        return _compiles(v)


class AgreementCues(BaseModel):
    model_config = ConfigDict(extra="forbid")
    deal_nouns: list[str]
    talk_only: list[str]
    implementation: list[str]
    status_rules: list[StatusRule]

    @field_validator("talk_only", "implementation")
    @classmethod
    def _regexes(cls, v: list[str]) -> list[str]:
        return _compiles(v)


@lru_cache(maxsize=1)
def agreement_cues() -> AgreementCues:
    return load_data("agreement_cues.yaml", AgreementCues)


# -- TPU ---------------------------------------------------------------------------------------

class TpuTerms(BaseModel):
    model_config = ConfigDict(extra="forbid")
    trade_policy: list[str] = Field(min_length=1)
    uncertainty: list[str] = Field(min_length=1)


@lru_cache(maxsize=1)
def tpu_terms() -> TpuTerms:
    return load_data("tpu_terms.yaml", TpuTerms)


class Country(BaseModel):
    model_config = ConfigDict(extra="allow")
    iso3: str
    name: str
    names: list[str] = Field(default_factory=list)
    demonyms: list[str] = Field(default_factory=list)
    capitals: list[str] = Field(default_factory=list)


@lru_cache(maxsize=1)
def countries() -> dict[str, Country]:
    return {c.iso3: c for c in load_data("actors/countries.yaml", list[Country])}
