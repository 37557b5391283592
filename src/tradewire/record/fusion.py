"""Event fusion: the events of different articles that report one real act become one canonical event.

The rules, in short (README "Record" has them in full):
- Events meet only inside a *block*: a family of types (THREATEN and IMPOSE are one family; a
  denied act only meets denied acts of its type) and the sides (directed types: the source
  country, targets compared pairwise; CONSULT/AGREE: the set of countries).
- `consistent` (every pair inside a canonical event): types agree (THREATEN ~ planned IMPOSE ~
  IMPOSE, never THREATEN ~ IMPOSE that occurred), targets equal or one unknown, rates equal,
  amounts within 0.5%, goods sectors overlapping, the same people per country, dated events with
  compatible dates (equal or prefix; a day apart only for directed measures with shared goods,
  rate or amount), no undated report of an act dated after the report, and different articles
  (unless one article plainly repeats an act with the same figures).
- `compatible` (a link that may join two clusters): consistent, and for undated events published
  (or dated) within CLOSE_DAYS, or within WINDOW_DAYS with positive evidence (`support`).
- One measure told at its stages and by many outlets (issue 9): the same kind of measure on close
  days (same_measure_close), announced then told as done (announced_then_done), an announcement
  naming the day in force (stages_named), a target the sentence does not name (inferred_target),
  a measure of no stated kind (unspecified_measure), an act dated by its dateline (report_day).
- `cluster`: deterministic agglomeration over links, best score first, ties by content keys;
  two clusters merge only if all pairs across them are consistent.
- `refresh_blocks`: after an article, the events connected to its events are clustered again
  from the store and the changed canonical events rewritten; the result depends on the stored
  events only, not on their arrival order.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from itertools import combinations
from typing import get_args

from pydantic import BaseModel, model_validator
from sqlalchemy import delete, select

from tradewire.data import load_data
from tradewire.models import EVENT_TYPES, SYMMETRIC_TYPES, EventType, Status
from tradewire.record.features import MEASURE_TYPES, Ev, date_span, family, is_person, load_events, sectors
from tradewire.record.statements import chunks, q
from tradewire.store import schema

WINDOW_DAYS = 30          # undated events: articles (or act and article) at most this far apart ...
CLOSE_DAYS = 3            # ... and closer than this, no shared attribute is needed
AMOUNT_TOLERANCE = 0.005
UNSPECIFIED_MEASURE = "other"   # the measure of an act whose kind the text does not tell
SIMILAR_WORDING = 0.6     # evidence word-set Jaccard that counts as a shared attribute
RECAP_DAYS = 7            # an undated recap of a dated act, in articles at most this far apart (one news cycle) ...
MEASURE_RECAP_DAYS = 14   # ... two for a measure (one act, recalled for weeks; talks and statements recur)
# Measures are a government's acts: which of its people announced one does not make it another act
# (a minister and the president both announcing the ban). Speech acts and talks keep their people.


# -- pairwise rules -----------------------------------------------------------------------------

def types_agree(a: Ev, b: Ev) -> bool:
    if a.fam != b.fam:
        return False
    if a.fam == "COERCE":
        kinds = {_coerce_kind(a), _coerce_kind(b)}
        return kinds != {"threat", "imposed"}
    return True


def _coerce_kind(e: Ev) -> str:
    """threat | planned | imposed. A planned imposition without a date is a stated intention, not
    a scheduled measure: it may be the threat, not the measure later in force."""
    if e.type == "THREATEN" or (e.status != "occurred" and not e.date):
        return "threat"
    return "imposed" if e.status == "occurred" else "planned"


def _evidence_similarity(a: Ev, b: Ev) -> float:
    best = 0.0
    for wa in a.words:
        for wb in b.words:
            if wa and wb:
                best = max(best, len(wa & wb) / len(wa | wb))
    return best


def specific_support(a: Ev, b: Ev) -> bool:
    """A stated attribute of the act, the same in both: goods, rate or amount."""
    return bool((a.sectors and b.sectors and a.sectors & b.sectors)
                or (a.rate_to is not None and a.rate_to == b.rate_to)
                or (a.amount_usd is not None and b.amount_usd is not None and _close(a.amount_usd, b.amount_usd, AMOUNT_TOLERANCE)))


def _same_figure(a: Ev, b: Ev) -> bool:
    return ((a.rate_to is not None and a.rate_to == b.rate_to)
            or (a.amount_usd is not None and b.amount_usd is not None and _close(a.amount_usd, b.amount_usd, AMOUNT_TOLERANCE)))


def support(a: Ev, b: Ev) -> bool:
    """Positive evidence that two events are one act, beyond type, sides and date: shared goods,
    the same amount, a person on both sides of the same talks or deal, or close wording. (A rate
    alone is not enough: 25% is the rate of many measures; nor is the president who orders them.)"""
    return (bool(a.sectors and b.sectors and a.sectors & b.sectors)
            or (a.amount_usd is not None and b.amount_usd is not None and _close(a.amount_usd, b.amount_usd, AMOUNT_TOLERANCE))
            or (a.type in SYMMETRIC_TYPES and any(a.persons[c] & b.persons[c] for c in a.persons.keys() & b.persons.keys()))
            or _evidence_similarity(a, b) >= SIMILAR_WORDING)


def dates_agree(a: Ev, b: Ev, window: int = WINDOW_DAYS) -> bool:
    if a.date and b.date:
        if a.date.startswith(b.date) or b.date.startswith(a.date):
            return True
        # the same measure dated a day apart (time zones, "on Monday (U.S. time)"), when goods,
        # rate or amount agree; never for talks, where rounds on consecutive days are common
        if (len(a.date) == len(b.date) == 10 and a.type not in SYMMETRIC_TYPES
                and abs((a.span[0] - b.span[0]).days) == 1 and specific_support(a, b)):
            return True
        if len(a.date) == len(b.date) == 10:
            # rule report_day: an act dated only by its article's day (or dateline) and the same act
            # dated, by words of its own, the day before
            for late, early in ((a, b), (b, a)):
                if late.dated_by_report and not early.dated_by_report and (late.span[0] - early.span[0]).days == 1:
                    return True
        return _lifecycle(a, b) or _lifecycle(b, a) or _stages_named(a, b) or _stages_named(b, a)
    if a.published is None or b.published is None:
        return False
    pub_gap = abs((a.published - b.published).days)      # between the two articles
    act_gap = None
    if a.date or b.date:
        dated, undated = (a, b) if a.date else (b, a)
        first, last = dated.span
        p = undated.published
        if first == last:  # a dated day: how far from the undated article's publication
            act_gap = max((p - last).days, (first - p).days, 0)
        elif a.type == "CONSULT" and max((p - last).days, (first - p).days) > RECAP_DAYS:
            # rule talks_of_their_week: undated talks in an article are the talks of its days; a
            # round dated by a month that ended (or starts) weeks away is another round (talks
            # recur, while a deal is recalled for years)
            return False
    gaps = [pub_gap] if act_gap is None else [pub_gap, act_gap]
    if max(gaps) <= CLOSE_DAYS and (a.type in SYMMETRIC_TYPES or act_gap is not None or _same_speaker(a, b)
                                    or _same_measure(a, b)):
        # talks or a deal reported at the same time; a dated act near the undated report; the
        # same person's statement reported on close days (rule same_speaker_close); the same
        # kind of measure by the same government, reported on close days (rule same_measure_close)
        return True
    if _recap_of(a, b) or _recap_of(b, a) or _announced_then_done(a, b) or _announced_then_done(b, a):
        return True
    return min(gaps) <= window and support(a, b)


_STAGE = {"threat": 0, "planned": 1, "imposed": 2}


def _lifecycle(early: Ev, late: Ev) -> bool:
    """rule lifecycle: one measure at two stages, each dated by its own day: a threat (or the
    announcement) dated by the day it was made, the planned measure dated by its effective day,
    or the measure in force dated by the day it took effect. The same measure when the later
    stage's day is after the earlier one's, within the window, with the same goods, rate or
    amount; and a threat meets the planned measure only when both were reported the same days
    (the announcement of the threatened measure, not a later decision)."""
    if early.fam == "COERCE":
        ke, kl = _coerce_kind(early), _coerce_kind(late)
    elif early.fam == "EASE":
        ke, kl = ("imposed" if e.status == "occurred" else "planned" for e in (early, late))
    else:
        return False
    if not (_STAGE[ke] < _STAGE[kl] and len(early.date) == len(late.date) == 10):
        return False
    gap = (late.span[0] - early.span[0]).days
    if not (0 < gap <= WINDOW_DAYS and specific_support(early, late)):
        return False
    if ke == "threat":
        return (early.published is not None and late.published is not None
                and abs((early.published - late.published).days) <= CLOSE_DAYS)
    return True


def _stages_named(a: Ev, b: Ev) -> bool:
    """rule stages_named: one report dates a measure by one day and names, in the same sentence,
    the day the other report dates it by ("announced on Friday the ban from April 28" and "the ban
    took effect on April 28"): one measure at two stages, when kind and goods, rate or amount agree."""
    return (len(b.date) == 10 and b.date in a.days_named and _same_measure(a, b) and specific_support(a, b)
            and abs((a.span[0] - b.span[0]).days) <= WINDOW_DAYS)


def _recap_of(undated: Ev, dated: Ev) -> bool:
    """rule recap: an undated report of an act told as done, in the same news cycle as a dated
    report of the act (dated before the undated report was published), is that act told again
    as background ("after Ottawa scrapped the tax, ..."), not a new act."""
    if undated.type not in MEASURE_TYPES | SYMMETRIC_TYPES and dated.date is not None and len(dated.date) < 10:
        return False  # a statement recalled undated is matched to a statement of a known day only
    return (undated.date is None and dated.span is not None and undated.status == "occurred"
            and undated.published is not None and dated.published is not None
            and abs((undated.published - dated.published).days)
            <= (MEASURE_RECAP_DAYS if undated.type in MEASURE_TYPES else RECAP_DAYS)
            and dated.span[0] <= undated.published)


def _same_measure(a: Ev, b: Ev) -> bool:
    """Both a government measure of the same stated kind (a levy, an export ban): one government
    rarely takes two measures of one kind against one side within a few days, while outlets
    report the one measure with other words and other people named."""
    return a.type in MEASURE_TYPES and b.type in MEASURE_TYPES and a.measure is not None and a.measure == b.measure


def _announced_then_done(done: Ev, planned: Ev) -> bool:
    """rule announced_then_done: an undated (or only yearly dated) report of a measure as done,
    published at most MEASURE_RECAP_DAYS after an undated report of the same kind of measure as
    planned ("Ottawa will scrap the tax" on Monday, "after Ottawa scrapped the tax" a week later):
    the announced measure, now in force, not a second one."""
    return (done.type in MEASURE_TYPES and done.status == "occurred" and _vague(done)
            and planned.status == "planned" and planned.date is None
            and done.published is not None and planned.published is not None
            and 0 <= (done.published - planned.published).days <= MEASURE_RECAP_DAYS
            and (_same_measure(done, planned) or specific_support(done, planned)))


def _same_speaker(a: Ev, b: Ev) -> bool:
    """Both name the same person as the source (a directed act)."""
    c = a.source_country
    return bool(c and a.persons.get(c) and b.persons.get(c) and a.persons[c] & b.persons[c]
                and any(x["role"] == "source" and x["name"] in a.persons[c] for x in a.actors)
                and any(x["role"] == "source" and x["name"] in b.persons[c] for x in b.actors))


def _close(x: float | None, y: float | None, tol: float = 0.0) -> bool:
    if x is None or y is None:
        return True
    return abs(x - y) <= tol * max(abs(x), abs(y))


def figures_agree(a, b) -> bool:
    """The part of `attributes_agree` on the event's own columns (measure, rates, amount): it needs
    no goods, actors or evidence, so it can rule out a pair before those are loaded."""
    if (a.type not in SYMMETRIC_TYPES and a.measure and b.measure and a.measure != b.measure
            and not _same_figure(a, b) and not _unspecified_same_day(a, b)):
        # e.g. a pledge to pass a law vs a pledge to invest, a levy vs an export ban, unless rate or
        # amount agree (rule measure_kind; shared goods are not enough: every act of a palm oil
        # story is on palm oil)
        return False
    if not (_close(a.rate_to, b.rate_to) and _close(a.rate_from, b.rate_from)):
        return False
    return _close(a.amount_usd, b.amount_usd, AMOUNT_TOLERANCE)


def _unspecified_same_day(a, b) -> bool:
    """rule unspecified_measure: "other" names no kind of measure ("the measures on steel"): it may
    be the tariff another report names, on the same day and the same goods (a kind named on both
    sides, or goods or a day apart, is not enough)."""
    if not (UNSPECIFIED_MEASURE in (a.measure, b.measure) and a.date is not None and len(a.date) == 10
            and a.date == b.date):
        return False
    if not (hasattr(a, "sectors") and hasattr(b, "sectors")):
        return True   # the light columns (`_may_be_compatible`) carry no goods: decided on the full events
    return bool(a.sectors and b.sectors and a.sectors & b.sectors)


def attributes_agree(a: Ev, b: Ev) -> bool:
    if not figures_agree(a, b):
        return False
    if a.sectors is not None and b.sectors is not None and not (a.sectors & b.sectors):
        return False
    if a.source_kind and b.source_kind and a.source_kind != b.source_kind:
        return False  # rule source_kind: the tech firms' complaint is not the ambassador's
    if a.type in MEASURE_TYPES and b.type in MEASURE_TYPES:
        return True  # rule measure_people: see MEASURE_TYPES
    for country in a.persons.keys() & b.persons.keys():
        if not (a.persons[country] & b.persons[country]):
            return False
    return True


def sides_agree(a: Ev, b: Ev) -> bool:
    """Same block (family and source, or family and country set); directed: the targets are equal
    or one is unknown (a measure on all imports and the same measure reported against one country)."""
    if a.block != b.block:
        return False
    if a.type in SYMMETRIC_TYPES:
        return True
    return (a.target_country is None or b.target_country is None or a.target_country == b.target_country
            or _inferred_target(a, b))


def _inferred_target(a: Ev, b: Ev) -> bool:
    """rule inferred_target: a measure whose evidence does not name its target (an export ban
    "on palm oil", its target taken from the story's other country) may be the one measure another
    outlet reports with another such target: the same kind of measure on the same goods."""
    return ((not a.target_stated or not b.target_stated) and _same_measure(a, b)
            and bool(a.sectors and b.sectors and a.sectors & b.sectors))


def _not_before_report(a: Ev, b: Ev) -> bool:
    """An article cannot report as done an act dated after it was published: an undated report
    (or one dated by the year alone), or talks or a deal dated less precisely ("in June", rule not_before_report), is not the act
    of a day after its article appeared (the talks of 29 June are not the June summit an
    article of 27 June told of). A measure dated by the month may be the one announced then
    and in force later: its day is not checked."""
    for vague, dated in ((a, b), (b, a)):
        if (dated.span is not None and vague.published is not None
                and (_vague(vague) or (vague.type in SYMMETRIC_TYPES and len(vague.date) < len(dated.date)))
                and vague.status == "occurred" and dated.status == "occurred"
                and dated.span[0] > vague.published + timedelta(days=1)):
            return False
    return True


def same_article_repeat(a: Ev, b: Ev) -> bool:
    """Two events of ONE article are one act only when the extractor plainly failed to merge
    them: both dated, and the same amount, or the same rate on the same goods. (An article that
    reports three rounds of talks, or two measures, has two events on purpose.)"""
    if not (a.date and b.date):
        return False
    same_amount = a.amount_usd is not None and b.amount_usd is not None and _close(a.amount_usd, b.amount_usd, AMOUNT_TOLERANCE)
    same_rate_goods = (a.rate_to is not None and a.rate_to == b.rate_to and bool(a.sectors and b.sectors)
                       and a.sectors == b.sectors)
    return same_amount or same_rate_goods


def consistent(a: Ev, b: Ev) -> bool:
    """The constraints every pair inside one canonical event must meet (complete linkage):
    types, sides and attributes agree, and two dated events have agreeing dates."""
    if not (types_agree(a, b) and sides_agree(a, b) and attributes_agree(a, b) and _not_before_report(a, b)):
        return False
    if a.article_id == b.article_id and not same_article_repeat(a, b):
        return False
    return dates_agree(a, b) if (a.date and b.date) else True


def compatible(a: Ev, b: Ev, window: int = WINDOW_DAYS) -> bool:
    """A pair that may join two clusters: consistent, and dates agree (for an undated event, the
    publication window). An undated event needs one such link into its cluster, not one to each
    member: a late report of an act may be far from the first reports but close to another."""
    return consistent(a, b) and dates_agree(a, b, window)


def score(a: Ev, b: Ev) -> float:
    """How strongly two compatible events look like one act (orders the agglomeration)."""
    s = 0.0
    if a.date and b.date:
        # the same year alone tells little ("earlier this year" and "in April" of one year's story)
        s += {10: 3.0, 7: 2.0, 4: 1.0}[min(len(a.date), len(b.date))] + (0.5 if a.date == b.date and len(a.date) > 4 else 0.0)
    if a.sectors and b.sectors:
        s += len(a.sectors & b.sectors) / len(a.sectors | b.sectors)
    if a.rate_to is not None and b.rate_to is not None:
        s += 1.0
    if a.amount_usd is not None and b.amount_usd is not None:
        s += 1.0
    if any(a.persons[c] & b.persons[c] for c in a.persons.keys() & b.persons.keys()):
        s += 1.0
    if a.measure and a.measure == b.measure:
        s += 0.5
    if a.status == b.status:
        s += 0.25
    return round(s + 2.0 * _evidence_similarity(a, b), 6)


# -- clustering ---------------------------------------------------------------------------------

class _Neighbours:
    """Which events of a block could be compatible with a given one (dates and targets), from indexes
    instead of all pairs: dated events of the same year and same or unknown target; for undated
    events, events published (or dated) within the window."""

    def __init__(self, evs: list[Ev], window: int):
        self.evs, self.window = evs, window
        self.by_year: dict[str, dict[str | None, list[int]]] = {}
        self.by_measure: dict[tuple[str, str], list[int]] = {}
        days, pubs = [], []
        for i, e in enumerate(evs):
            if e.date:
                self.by_year.setdefault(e.date[:4], {}).setdefault(e.target_country, []).append(i)
                if e.type in MEASURE_TYPES and e.measure:   # rule inferred_target: any target
                    self.by_measure.setdefault((e.date[:4], e.measure), []).append(i)
                if e.span and e.span[0] == e.span[1]:
                    days.append((e.span[0], i))
            if e.published:
                pubs.append((e.published, i))
        self.days, self.pubs = sorted(days), sorted(pubs)
        self._day_keys = [d for d, _ in self.days]
        self._pub_keys = [p for p, _ in self.pubs]

    def _near(self, keys, items, when: date) -> list[int]:
        lo = bisect_left(keys, when - timedelta(days=self.window))
        hi = bisect_right(keys, when + timedelta(days=self.window))
        return [j for _, j in items[lo:hi]]

    def __call__(self, i: int) -> set[int]:
        e = self.evs[i]
        out: set[int] = set()
        if e.date:
            targets = self.by_year.get(e.date[:4], {})
            if e.target_country is None:
                for idx in targets.values():
                    out.update(idx)
            else:
                out.update(targets.get(e.target_country, []))
                out.update(targets.get(None, []))
                if e.type in MEASURE_TYPES and e.measure:
                    out.update(self.by_measure.get((e.date[:4], e.measure), []))
            near = []
            if e.published:
                near += self._near(self._pub_keys, self.pubs, e.published)
            if e.span and e.span[0] == e.span[1]:
                near += self._near(self._pub_keys, self.pubs, e.span[0])
            out.update(j for j in near if not self.evs[j].date)
        elif e.published:
            out.update(self._near(self._pub_keys, self.pubs, e.published))
            out.update(self._near(self._day_keys, self.days, e.published))
        out.discard(i)
        return out


def _candidate_pairs(evs: list[Ev], window: int) -> set[tuple[int, int]]:
    near = _Neighbours(evs, window)
    return {(min(i, j), max(i, j)) for i in range(len(evs)) for j in near(i)}


@dataclass
class _Light:
    """An event's own columns (no goods, actors or evidence): enough to find its candidate
    neighbours and to rule pairs out by type and figures, without loading the whole block."""
    id: int
    article_id: int
    type: str
    status: str
    date: str | None
    published: date | None
    target_country: str | None
    measure: str | None
    rate_from: float | None
    rate_to: float | None
    amount_usd: float | None
    span: tuple[date, date] | None = None

    @property
    def fam(self) -> str:
        return family(self.type, self.status)


def _may_be_compatible(a, b) -> bool:
    """A necessary condition of `compatible` (types and figures), on the light columns."""
    return types_agree(a, b) and figures_agree(a, b)


def _light_blocks(conn, blocks: list[str]) -> dict[str, tuple[dict[int, int], list[_Light]]]:
    """Per block, the events of its canonical events (event id -> canonical id) and their light
    columns: one query for many blocks (writing one block changes no other block's rows)."""
    out: dict[str, tuple[dict[int, int], list[_Light]]] = {b: ({}, []) for b in blocks}
    for part in chunks(blocks):
        for r in conn.execute(q().light_blocks, {"ids": part}):
            old_of, light = out[r.block]
            old_of[r.event_id] = r.canonical_id
            x = _Light(r.event_id, r.article_id, r.type, r.status, r.date, r.published, r.target_country, r.measure,
                       r.rate_from, r.rate_to, r.amount_usd)
            if x.date:
                try:
                    x.span = date_span(x.date)
                except ValueError:   # as `load_events` does
                    x.date, x.span = None, None
            light.append(x)
    return out


def _block_component(conn, block: str, new: list[Ev], light: list[_Light], refresh_articles: set[int],
                     window: int) -> list[Ev]:
    """The events connected by compatible pairs to the new events (and to the events of
    `refresh_articles`) in the block: the only ones whose canonical events can change. Loads
    the full features only of the events it reaches or must test: the same events as loading the
    whole block, since the neighbour index and the prefilter use the same columns and rules."""
    new_ids = {e.id for e in new}
    index: list = list(new) + [x for x in light if x.id not in new_ids]
    full: dict[int, Ev | None] = {i: e for i, e in enumerate(new)}

    def fetch(idx) -> None:
        want = sorted({i for i in idx if i not in full})
        if not want:
            return
        loaded = {e.id: e for e in load_events(conn, [index[i].id for i in want])}
        for i in want:
            e = loaded.get(index[i].id)
            full[i] = e if e is not None and e.block == block else None   # as the whole-block load filtered

    fetch(i for i, x in enumerate(index) if x.article_id in refresh_articles)
    seeds = {i for i in range(len(index)) if full.get(i) is not None
             and (i < len(new) or index[i].article_id in refresh_articles)}
    near = _Neighbours(index, window)
    seen, todo = set(seeds), sorted(seeds)
    while todo:
        cand = {i: [j for j in near(i) if j not in seen and _may_be_compatible(index[i], index[j])] for i in todo}
        fetch(j for js in cand.values() for j in js)
        todo = []
        for i, js in cand.items():
            for j in js:
                if j not in seen and full[j] is not None and compatible(full[i], full[j], window):
                    seen.add(j)
                    todo.append(j)
    return [full[i] for i in sorted(seen)]


def cluster(evs: list[Ev], window: int = WINDOW_DAYS) -> list[list[Ev]]:
    """Complete-linkage agglomeration of one block's events; deterministic in their content keys."""
    evs = sorted(evs, key=lambda e: e.key)
    edges = []
    for i, j in _candidate_pairs(evs, window):
        if compatible(evs[i], evs[j], window):
            edges.append((-score(evs[i], evs[j]), evs[i].key, evs[j].key, i, j))
    edges.sort()
    memo: dict[tuple[int, int], bool] = {}

    def ok(x: int, y: int) -> bool:
        k = (min(x, y), max(x, y))
        if k not in memo:
            memo[k] = consistent(evs[k[0]], evs[k[1]])
        return memo[k]

    root = list(range(len(evs)))
    members = {i: [i] for i in range(len(evs))}

    def find(x: int) -> int:
        while root[x] != x:
            root[x] = root[root[x]]
            x = root[x]
        return x

    def join(ri: int, rj: int) -> None:
        keep, gone = min(ri, rj), max(ri, rj)
        root[gone] = keep
        members[keep] = sorted(members[keep] + members.pop(gone))

    # First the reports that date the act (a day or a month), best link first ...
    vague_edges = []
    for edge in edges:
        _, _, _, i, j = edge
        if _vague(evs[i]) or _vague(evs[j]):
            vague_edges.append(edge)
            continue
        ri, rj = find(i), find(j)
        if ri != rj and all(ok(x, y) for x in members[ri] for y in members[rj]):
            join(ri, rj)
    # ... then the undated (or only yearly dated) ones (rule vague_last): a recap "after the ban
    # in April" then meets the act as the dated reports built it, and its link to another act of
    # that year a single report mentions cannot split the dated reports first.
    for _, _, _, i, j in vague_edges:
        ri, rj = find(i), find(j)
        if ri != rj and all(ok(x, y) for x in members[ri] for y in members[rj]):
            join(ri, rj)
    return sorted(([evs[i] for i in m] for m in members.values()), key=lambda c: c[0].key)


def _vague(e: Ev) -> bool:
    """Undated, or dated by the year alone: such a report may be any act of the story."""
    return e.date is None or len(e.date) == 4


# -- canonical events ---------------------------------------------------------------------------

@dataclass
class Source:
    article_id: int
    outlet: str | None
    url: str | None
    published: date | None
    title: str | None
    ext_id: str | None
    copy: bool = False


@dataclass
class Canonical:
    block: str
    members: list[Ev]
    sources: list[Source] = field(default_factory=list)
    row: dict = field(default_factory=dict)


def _most_common(values: list, default=None):
    values = [v for v in values if v is not None]
    if not values:
        return default
    counts = Counter(values)
    return sorted(counts, key=lambda v: (-counts[v], str(v)))[0]


def _codes(type_: str, measure: str | None) -> tuple[str | None, str | None, float | None]:
    table = load_data("codes.yaml")
    row = table.get(type_) or {}
    plover, cameo, weight = row.get("plover"), row.get("cameo"), row.get("weight")
    special = (row.get("by_measure") or {}).get(measure or "")
    if special:
        cameo, weight = special.get("cameo", cameo), special.get("weight", weight)
    return plover, cameo, weight


def _actor_name(members: list[Ev], role: str) -> str | None:
    names = [x["name"] for e in members for x in e.actors if x["role"] == role]
    return _most_common(names)


def _participants(members: list[Ev]) -> list[dict]:
    seen: dict[tuple, dict] = {}
    for e in members:
        for x in e.actors:
            if e.type in SYMMETRIC_TYPES or x["role"] == "participant":
                seen.setdefault((x["country"] or "", x["name"]),
                                {"name": x["name"], "country": x["country"], "kind": x["kind"],
                                 "person": is_person(x["key"], x["name"])})
    return [seen[k] for k in sorted(seen)]


def _products(members: list[Ev]) -> list[str]:
    """One term per sector (the most used one: "cars" and "autos" are one sector), most reported first."""
    counts = Counter(p.lower() for e in members for p in dict.fromkeys(e.products))
    groups: dict[str, list[str]] = {}
    for term in counts:
        sec = sectors([term])
        groups.setdefault(next(iter(sec)) if sec else term, []).append(term)
    best = [sorted(terms, key=lambda t: (-counts[t], t))[0] for terms in groups.values()]
    weight = {b: sum(counts[t] for t in g) for b, g in zip(best, groups.values(), strict=True)}
    return sorted(best, key=lambda t: (-weight[t], t))


def _canonical_type(members: list[Ev]) -> tuple[str, str]:
    fam = members[0].fam
    statuses = [e.status for e in members]
    if fam == "COERCE":
        if any(e.type == "IMPOSE" and e.status == "occurred" for e in members):
            return "IMPOSE", "occurred"
        planned = [e for e in members if e.type == "IMPOSE"]
        if planned:
            return "IMPOSE", "planned" if any(e.status == "planned" for e in planned) else "hypothetical"
        return "THREATEN", _best_status(statuses)
    return members[0].type, _best_status(statuses)


def _best_status(statuses: list[str]) -> str:
    for s in ("occurred", "planned", "hypothetical", "denied"):
        if s in statuses:
            return s
    return statuses[0]


def _date(members: list[Ev], status: str) -> str | None:
    """The most precise date; when two precise dates differ (a day apart, or a planned measure
    and the same measure in force), the one of the members with the canonical status, then the
    one the members' evidence names, then the most reported, then the earliest."""
    dated = [e for e in members if e.date]
    if not dated:
        return None
    longest = max(len(e.date) for e in dated)
    best = [e for e in dated if len(e.date) == longest]
    preferred = [e.date for e in best if e.status == status] or [e.date for e in best]
    counts = Counter(preferred)
    # a day another report names for the act ("announced on Friday the ban from April 28") first
    named = Counter(d for e in members for d in e.days_named if d in counts) if len(counts) > 1 else Counter()
    return sorted(counts, key=lambda d: (-named[d], -counts[d], d))[0]


def confidence(members: list[Ev]) -> float:
    """1 - prod(1 - c_s) over independent sources s (distinct outlets; copies are not sources of
    their own), c_s the best extraction confidence of the source's events in the cluster."""
    best: dict[str, float] = {}
    for e in members:
        best[e.outlet_key] = max(best.get(e.outlet_key, 0.0), e.confidence)
    miss = 1.0
    for c in best.values():
        miss *= 1.0 - min(max(c, 0.0), 0.99)
    return round(1.0 - miss, 4)


def _fmt_rate(x: float) -> str:
    return f"{x:g}%"


def _fmt_money(x: float) -> str:
    for unit, div in (("trillion", 1e12), ("billion", 1e9), ("million", 1e6)):
        if abs(x) >= div:
            return f"${x / div:g} {unit}"
    return f"${x:,.0f}"


class TitleWords(BaseModel):
    """data/titles.yaml: every type has a phrase for every status (checked at load)."""

    verbs: dict[EventType, dict[Status, str]]
    measures: dict[str, str]
    default_measure: dict[EventType, str]
    other_measure: str

    @model_validator(mode="after")
    def _complete(self) -> TitleWords:
        missing = [f"{t}.{st}" for t in EVENT_TYPES for st in get_args(Status) if st not in self.verbs.get(t, {})]
        if missing:
            raise ValueError(f"verbs lack {', '.join(missing)}")
        return self


def _words() -> TitleWords:
    return load_data("titles.yaml", TitleWords)


def _who(name: str | None, country: str | None) -> str:
    if not name and not country:
        return "?"
    if name and country and country not in name:
        return f"{name} ({country})"
    return name or country


def _sides(participants: list[dict]) -> str:
    """People where named, else the country or institution, per country."""
    by_country: dict[str, list[dict]] = {}
    for p in participants:
        by_country.setdefault(p["country"] or "?", []).append(p)
    parts = []
    for c in sorted(by_country):
        ps = by_country[c]
        people = [p["name"] for p in ps if p.get("person")]
        names = people or [sorted(ps, key=lambda p: (p["kind"] != "GOV", len(p["name"])))[0]["name"]]
        parts.append(_who(", ".join(names), None if c == "?" else c))
    return " and ".join(parts) or "?"


def title(row: dict) -> str:
    """A headline made from type + sides + measure + goods + figures (no language model)."""
    t, st = row["type"], row["status"]
    words = _words()
    phrase = words.verbs[t].get(st) or words.verbs[t]["occurred"]
    measure = words.measures.get(row["measure"] or "", words.default_measure.get(t, words.other_measure))
    if t in SYMMETRIC_TYPES:
        head = f"{_sides(row['participants'])} {phrase}"
    else:
        target = _who(row["target_name"], row["target_country"]) if (row["target_name"] or row["target_country"]) else "others"
        head = f"{_who(row['source_name'], row['source_country'])} " + phrase.format(t=target, m=measure)
    bits = []
    if t in SYMMETRIC_TYPES and row["measure"] and row["measure"] in words.measures:
        bits.append(words.measures[row["measure"]])
    if row["products"]:
        bits.append(", ".join(row["products"][:4]) + (" ..." if len(row["products"]) > 4 else ""))
    if row["rate_to"] is not None:
        bits.append((f"{_fmt_rate(row['rate_from'])} -> " if row["rate_from"] is not None else "") + _fmt_rate(row["rate_to"]))
    if row["amount_usd"] is not None:
        bits.append(_fmt_money(row["amount_usd"]))
    return head + (f" ({'; '.join(bits)})" if bits else "")


def build_row(c: Canonical) -> dict:
    m = c.members
    type_, status = _canonical_type(m)
    measure = _most_common([e.measure for e in m])
    row = {
        "block": c.block, "type": type_, "status": status, "date": _date(m, status),
        "source_country": _most_common([e.source_country for e in m]),
        "target_country": _most_common([e.target_country for e in m]),
        "countries": "|".join(sorted(set().union(*(e.countries for e in m)))),
        "source_name": None if type_ in SYMMETRIC_TYPES else _actor_name(m, "source"),
        "target_name": None if type_ in SYMMETRIC_TYPES else _actor_name(m, "target"),
        "participants": _participants(m), "measure": measure, "products": _products(m),
        "rate_from": _most_common([e.rate_from for e in m]), "rate_to": _most_common([e.rate_to for e in m]),
        "amount_usd": _most_common([e.amount_usd for e in m]),
        "n_mentions": len(m), "n_articles": len({e.article_id for e in m}),
        "n_sources": len({(s.article_id, s.outlet, s.url, s.copy, s.ext_id) for s in c.sources}),
        "n_outlets": len({e.outlet_key for e in m}), "confidence": confidence(m),
        "members": hashlib.sha1("\n".join(e.key for e in m).encode()).hexdigest(),
    }
    pubs = [s.published for s in c.sources if s.published]
    row["first_report"] = min(pubs) if pubs else None
    row["last_report"] = max(pubs) if pubs else None
    row["sort_date"] = row["date"] or (row["first_report"].isoformat() if row["first_report"] else None)
    row["plover"], row["cameo"], row["weight"] = _codes(type_, measure)
    row["title"] = title(row)
    return row


def _sources(conn, article_ids: set[int]) -> dict[int, list[Source]]:
    out: dict[int, list[Source]] = {i: [] for i in article_ids}
    for part in chunks(sorted(article_ids)):
        for r in conn.execute(q().article_sources, {"ids": part}):
            out[r.id].append(Source(r.id, r.outlet, r.url, r.published, r.title, r.ext_id))
        for r in conn.execute(q().copy_sources, {"ids": part}):
            out[r.article_id].append(Source(r.article_id, r.outlet, r.url, r.published, r.title, r.ext_id, copy=True))
    return out


# -- keeping the store's record current ---------------------------------------------------------

@dataclass
class SyncResult:
    new_events: int = 0
    blocks: int = 0
    canonical_created: int = 0
    canonical_removed: int = 0
    pairs: set[tuple[str, str]] = field(default_factory=set)          # country pairs whose events changed
    countries: set[str] = field(default_factory=set)                  # ... and single countries


def _pairs_of(countries: str) -> list[tuple[str, str]]:
    cs = sorted(c for c in countries.split("|") if c)
    return list(combinations(cs, 2))


def refresh_blocks(conn, blocks: set[str], new_events: list[Ev], window: int = WINDOW_DAYS,
                   refresh_articles: set[int] | None = None) -> SyncResult:
    """Cluster again, in each block, the events connected to the new events (and to the events of
    `refresh_articles`, whose sources changed), and write the canonical events that changed,
    keeping the id of the old canonical event that shares most members with a new one. The
    result is the one a clustering of the whole block would give: clusters never span two
    connected components, and the other components did not change."""
    res = SyncResult(new_events=len(new_events), blocks=len(blocks))
    refresh_articles = refresh_articles or set()
    by_block: dict[str, list[Ev]] = {}
    for e in new_events:
        by_block.setdefault(e.block, []).append(e)
    now = datetime.now(UTC).replace(tzinfo=None)
    order = sorted(blocks)
    # Reads first, for all blocks at once (a window touches dozens): writing one block's canonical
    # events changes no other block's events, sources or canonical rows.
    lights = _light_blocks(conn, order)
    parts: dict[str, list[Ev]] = {}
    for block in order:
        # Only the events connected to the new ones are loaded in full (a block has thousands).
        parts[block] = _block_component(conn, block, by_block.get(block, []), lights[block][1], refresh_articles, window)
    sources = _sources(conn, {e.article_id for part in parts.values() for e in part})
    old_ids = sorted({lights[b][0][e.id] for b in order for e in parts[b] if e.id in lights[b][0]})
    old_rows = {r.id: dict(r._mapping) for part in chunks(old_ids) for r in conn.execute(q().canonical_rows, {"ids": part})}
    relinked, touched, gone_all, links, pair_rows = [], set(), [], [], []
    for block in order:
        old_of, part = lights[block][0], parts[block]
        old_members: dict[int, set[int]] = {}
        for eid, cid in old_of.items():
            if cid in old_rows:
                old_members.setdefault(cid, set()).add(eid)
        used: set[int] = set()
        changed, updates, inserts = [], [], []
        for members in cluster(part, window):
            overlap = Counter(old_of[e.id] for e in members if e.id in old_of and old_of[e.id] not in used)
            cid = sorted(overlap, key=lambda i: (-overlap[i], i))[0] if overlap else None
            srcs = [s for aid in sorted({e.article_id for e in members}) for s in sources[aid]]
            row = build_row(Canonical(block, members, srcs))
            ids = {e.id for e in members}
            if cid is not None:
                used.add(cid)
                before = old_rows[cid]
                if old_members.get(cid) == ids and all(before.get(k) == v for k, v in row.items()):
                    continue  # unchanged
                updates.append({**row, "updated_at": now, "_cid": cid})
                changed.append([cid, members, row])
            else:
                inserts.append({**row, "updated_at": now})
                changed.append([None, members, row])
        if updates:
            conn.execute(q().update_canonical, updates)
        if inserts:   # ids in insertion order, as one insert per cluster gave them
            new_ids = iter(conn.execute(q().insert_canonical_returning, inserts).scalars().all())
            for c in changed:
                if c[0] is None:
                    c[0] = next(new_ids)
            res.canonical_created += len(inserts)
        gone = sorted({old_of[e.id] for e in part if e.id in old_of} & set(old_rows) - used)
        for cid in gone:
            res.pairs.update(_pairs_of(old_rows[cid]["countries"]))
            if "|" not in old_rows[cid]["countries"]:
                res.countries.add(old_rows[cid]["countries"])
        relinked += [e.id for _, members, _ in changed for e in members]
        touched |= {cid for cid, _, _ in changed} | set(gone)
        if gone:   # before the next block's inserts, which may reuse a freed id (SQLite rowids)
            conn.execute(q().unlink_canonical, {"ids": gone})
            conn.execute(q().delete_canonical, {"ids": gone})
            gone_all += gone
            res.canonical_removed += len(gone)
        for cid, members, row in changed:
            links += [{"event_id": e.id, "canonical_id": cid} for e in members]
            for c1, c2 in _pairs_of(row["countries"]):
                pair_rows.append({"canonical_id": cid, "c1": c1, "c2": c2, "sort_date": row["sort_date"]})
                res.pairs.add((c1, c2))
            if row["countries"] and "|" not in row["countries"]:
                res.countries.add(row["countries"])
            before = old_rows.get(cid)
            if before is not None:
                res.pairs.update(_pairs_of(before["countries"]))
    # The links and pairs of every block at once (each block's rows are its own)
    for part in chunks(relinked):
        conn.execute(q().unlink_events, {"ids": part})
    for part in chunks(sorted(touched)):
        conn.execute(q().delete_pairs, {"ids": part})
    if links:
        conn.execute(q().insert_links, links)
    if pair_rows:
        conn.execute(q().insert_pairs, pair_rows)
    return res


def drop_orphans(conn, res: SyncResult) -> None:
    """Remove the canonical events left without members (their events were replaced), noting
    their country pairs in `res` for the agreements."""
    ce, ec = schema.canonical_events, schema.event_canonical
    rows = conn.execute(select(ce.c.id, ce.c.countries).outerjoin(ec, ec.c.canonical_id == ce.c.id)
                        .where(ec.c.canonical_id.is_(None))).all()
    for r in rows:
        res.pairs.update(_pairs_of(r.countries))
        if r.countries and "|" not in r.countries:
            res.countries.add(r.countries)
    ids = [r.id for r in rows]
    for part in chunks(ids):
        conn.execute(q().delete_pairs, {"ids": part})
        conn.execute(q().delete_canonical, {"ids": part})
    res.canonical_removed += len(ids)


def unlinked_event_ids(conn) -> list[int]:
    return list(conn.execute(q().unlinked).scalars())


def blocks_of_articles(conn, article_ids: list[int]) -> set[str]:
    if not article_ids:
        return set()
    return set(conn.execute(q().blocks_of_articles, {"ids": list(article_ids)}).scalars())


def sync(conn, refresh_articles: list[int] | None = None, window: int = WINDOW_DAYS) -> SyncResult:
    """Fuse every stored event not yet in a canonical event, and re-cluster the blocks of
    `refresh_articles` (e.g. after a copy of one of them added a source)."""
    new = load_events(conn, unlinked_event_ids(conn))
    blocks = {e.block for e in new} | blocks_of_articles(conn, refresh_articles or [])
    if not blocks:
        return SyncResult()
    return refresh_blocks(conn, blocks, new, window, set(refresh_articles or []))


def rebuild(conn, window: int = WINDOW_DAYS) -> SyncResult:
    """Forget every canonical event and fuse the whole store again."""
    for t in (schema.agreement_status, schema.agreements, schema.canonical_pairs, schema.event_canonical,
              schema.canonical_events):
        conn.execute(delete(t))
    return sync(conn, window=window)
