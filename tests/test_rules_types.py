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
    ("ruled_out_measure: a measure not considered is that measure, denied",
     "Thailand is not considering any countermeasures against the Cambodian duties on rice, its trade minister said.",
     date(2024, 6, 3), "IMPOSE", "denied", "THA", "KHM"),
    ("quota_polarity: cutting a quota restricts",
     "Egypt cut the import quota for Turkish steel bars by a third on Monday, the trade ministry said.",
     date(2024, 6, 3), "IMPOSE", "occurred", "EGY", "TUR"),
    ("quota_polarity: raising a quota eases",
     "India raised its import quota for Nepali sugar by 20 per cent on Monday, the trade ministry said.",
     date(2024, 6, 3), "EASE", "occurred", "IND", "NPL"),
    ("offered_easing: an easing offered is a pledge",
     "Norway has offered to eliminate import tariffs on Icelandic fish, the trade ministry said.",
     date(2024, 6, 3), "PLEDGE", "occurred", "NOR", "ISL"),
    ("offered_easing: an easing pledged is a pledge",
     "Peru is holding to its pledges to remove non-tariff barriers on Chilean fruit.",
     date(2024, 6, 3), "PLEDGE", "occurred", "PER", "CHL"),
]


def test_considering_a_measure_stays_a_threat(extractor):
    events = _events(extractor, "Thailand is considering countermeasures against the Cambodian duties on rice.",
                     date(2024, 6, 3))
    assert _has(events, "THREATEN", "THA", "KHM") and not _has(events, "IMPOSE", "THA", None), _summary(events)


def test_offered_easing_is_no_easing(extractor):
    events = _events(extractor, "Norway has offered to eliminate import tariffs on Icelandic fish, the trade ministry said.",
                     date(2024, 6, 3))
    assert not [e for e in events if e["type"] == "EASE"], _summary(events)


@pytest.mark.parametrize("rule,text,published,etype,status,src,tgt", TYPED, ids=[c[0] for c in TYPED])
def test_typed(extractor, rule, text, published, etype, status, src, tgt):
    events = _events(extractor, text, published)
    assert _has(events, etype, src, tgt, status), f"{rule}: got {_summary(events)}"
