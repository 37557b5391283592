"""acc-types rules (types, status, triggers, coverage, the trade gate): short articles in our own words."""

from __future__ import annotations

from datetime import date

import pytest

from tradewire.models import RawDocument
from tradewire.read.clean import clean


@pytest.fixture(scope="module")
def extractor():
    from tradewire.extract.pipeline import Extractor

    return Extractor()


def _events(extractor, text: str, published: date) -> list[dict]:
    art = clean(RawDocument(path="t", text=text, published=published))
    return [e.model_dump(mode="json") for e in extractor.extract(art)]


def _has(events: list[dict], etype: str, src: str | None, tgt: str | None, status: str | None = None) -> bool:
    return any(e["type"] == etype and (e["source"] or {}).get("country") == src
               and (tgt is None or (e["target"] or {}).get("country") == tgt)
               and (status is None or e["status"] == status) for e in events)


def _summary(events: list[dict]) -> list[tuple]:
    return [(e["type"], e["status"], (e["source"] or {}).get("country"), (e["target"] or {}).get("country"))
            for e in events]


# (rule, text, published, type, status, source, target)
TYPED = [
    ("decided_measure: a decided measure is imposed",
     "Peru has decided to impose anti-dumping duties on Brazilian steel wire, the trade ministry said.",
     date(2024, 6, 3), "IMPOSE", "occurred", "PER", "BRA"),
    ("decided_measure: a ban with immediate effect is imposed",
     "Chile will ban exports of lithium concentrate to Argentina with immediate effect, the mining ministry said.",
     date(2024, 6, 3), "IMPOSE", "occurred", "CHL", "ARG"),
    ("planned_without_effective_date: an undated pledge of measures stays a threat",
     "Kenya said it would take all necessary measures against the Ugandan tariffs on its milk.",
     date(2024, 6, 3), "THREATEN", None, "KEN", "UGA"),
]


@pytest.mark.parametrize("rule,text,published,etype,status,src,tgt", TYPED, ids=[c[0] for c in TYPED])
def test_typed(extractor, rule, text, published, etype, status, src, tgt):
    events = _events(extractor, text, published)
    assert _has(events, etype, src, tgt, status), f"{rule}: got {_summary(events)}"
