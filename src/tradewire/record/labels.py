"""Words the record uses about events and actors, loaded from data files (validated at load).

labels.yaml: how an event type or measure is named in thread titles and chart labels.
institution_words.yaml: words that make a name an institution or group, not a person.
"""

from __future__ import annotations

from functools import lru_cache

from pydantic import BaseModel, ConfigDict, model_validator

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
