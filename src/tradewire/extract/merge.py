"""One event per act inside an article: merging mentions, third-party targets, and the final
Event (codes and confidence)."""

from __future__ import annotations

import bisect
from collections import Counter
from typing import TYPE_CHECKING

from tradewire.extract.attributes import add_goods, sector_key
from tradewire.extract.candidate import Candidate
from tradewire.extract.deals import _deal_term, _deal_terms, _named, deal_term_measure
from tradewire.extract.registry import stage
from tradewire.extract.trail import drop, note
from tradewire.models import SYMMETRIC_TYPES, Event
from tradewire.resolve.kb import KnowledgeBase
from tradewire.resolve.lexicon import load_lexicon

if TYPE_CHECKING:
    from tradewire.extract.context import ArticleState, Context


def third_party_targets(cands: list[Candidate], kb: KnowledgeBase, dyad: list[str]) -> None:
    """A third country's counter-measure aims at whoever imposes most in the article."""
    imposers = Counter(c.source.country for c in cands if c.source and c.source.country and c.type in ("IMPOSE", "THREATEN")
                       and not c.third_party and not c.anaphoric)
    for c in cands:
        if not c.third_party or c.source is None:
            continue
        ranked = [x for x, _ in imposers.most_common() if x != c.source.country] or [x for x in dyad if x != c.source.country]
        if ranked:
            c.target = kb.country_actor(ranked[0])
            note(c, "third_party", "main_imposer", "set", f"target {ranked[0]}: the article's main imposer")


# A side's verdicts on one measure name its goods as they come ("the probe into EVs" / "harms the
# car industry"): goods do not tell two of them apart.
_VERDICTS = ("ACCUSE", "REJECT")
_GENERIC_HEADS = frozenset(load_lexicon().generic_measure_heads)


# -- one event per act ---------------------------------------------------------------------
def _norm_type(c: Candidate) -> str:
    if c.type == "IMPOSE" and c.status in ("planned", "hypothetical"):
        return "THREATEN"
    return c.type


def _dates_compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a.startswith(b) or b.startswith(a)


def _persons(c: Candidate) -> set[str]:
    return {p.name for p in c.participants if p.id and not p.id.startswith("country:") and p.kind == "GOV"
            and " " in p.name and not p.name.endswith("officials")}


def _nested(a: Candidate, b: Candidate) -> bool:
    """One trigger governs the other in one sentence ("warned ... would face tariffs"): one act told once."""
    if a.sent_index != b.sent_index or a.type != b.type:
        return False
    return a.trigger in b.trigger.ancestors or b.trigger in a.trigger.ancestors


def _one_reading(a: Candidate, b: Candidate) -> bool:
    """A verb and the deal or talks noun it governs ("signed a pact with A, B and C") are one act even
    when the parse gave them different partner lists (the list of one holds the other's)."""
    if a.split_target or b.split_target or not _nested(a, b):
        return False
    ca, cb = a.countries(), b.countries()
    return ca <= cb or cb <= ca


def _goods_key(p: str, sectors: dict[str, str]) -> str:
    return sector_key(p, sectors) or p.rstrip("s")


def _same_goods(a: Candidate, b: Candidate, sectors: dict[str, str]) -> bool:
    """Two mentions name the same goods when they share one, in its plural or by its sector
    ("chips" / "semiconductors", "meat" / "meat products"): the words vary, the goods do not.
    Inside one sentence two goods of a sector are listed apart on purpose ("cars and car parts")."""
    if a.sent_index == b.sent_index:
        sectors = {}
    return bool({_goods_key(p, sectors) for p in a.products} & {_goods_key(p, sectors) for p in b.products})


def _own_terms(a: Candidate, b: Candidate, sectors: dict[str, str]) -> bool:
    """b names a measure of its own beside a's: another rate, or other goods of a sector (IMPOSE, EASE,
    THREATEN); "all goods" covers the goods of any term."""
    if _norm_type(b) not in ("IMPOSE", "EASE", "THREATEN"):
        return False
    return (a.rate_to is not None and b.rate_to is not None and a.rate_to != b.rate_to) or (
        any(sector_key(p, sectors) for p in a.products) and any(sector_key(p, sectors) for p in b.products)
        and not _same_goods(a, b, sectors))


def _restated(a: Candidate, b: Candidate, sectors: dict[str, str] | None = None) -> bool:
    """One act told in another sentence as announced and as done ("will sign the pact" / "signed
    the pact"; guide: a measure announced and the same measure in force are one act). A measure
    must share its goods, rate or amount to count as the same one."""
    if a.type != b.type or a.sent_index == b.sent_index or {a.status, b.status} != {"occurred", "planned"} or b.separate:
        return False
    if a.type in ("IMPOSE", "EASE", "THREATEN"):
        return _same_goods(a, b, sectors or {}) or (a.rate_to is not None and a.rate_to == b.rate_to) \
            or (a.amount is not None and a.amount == b.amount)
    return True


def compatible(a: Candidate, b: Candidate, sectors: dict[str, str] | None = None) -> bool:
    sectors = sectors or {}
    same_sentence = a.sent_index == b.sent_index and a.type == b.type and a.type in ("IMPOSE", "EASE")
    restated = _restated(a, b, sectors)
    if _norm_type(a) != _norm_type(b) and not same_sentence and not restated:
        return False
    if b.separate and a.sent_index != b.sent_index:
        return False  # "a second investigation" is a new act, though its verb and noun in one sentence are one
    if a.type in SYMMETRIC_TYPES:
        if a.countries() != b.countries() and not _one_reading(a, b):
            return False
        pa, pb = _persons(a), _persons(b)
        if pa and pb and not (pa & pb):
            return False
    else:
        if (a.source and a.source.country) != (b.source and b.source.country):
            return False
        ta, tb = a.target and a.target.country, b.target and b.target.country
        if ta and tb and ta != tb and (not _nested(a, b) or a.split_target or b.split_target):
            return False
        if a.type in ("ACCUSE", "DEMAND", "REJECT") and _named(a.source) and _named(b.source) \
                and a.source.id != b.source.id and a.sent_index != b.sent_index:
            return False  # USTR's complaint and Trump's post are two accusations, though both American
    if a.status != b.status and not (a.status in ("planned", "hypothetical") and b.status in ("planned", "hypothetical")) \
            and not (same_sentence and "denied" not in (a.status, b.status)) and not restated:
        return False
    if not _dates_compatible(a.date, b.date) and not same_sentence:
        return False  # (one measure told once may carry its start day and the day it was announced)
    if a.type == "CONSULT" and a.date and b.date and a.date != b.date and a.date_text and b.date_text:
        return False  # talks "today" and talks "last week" are two meetings, however vague one date is
    if a.rate_to is not None and b.rate_to is not None and a.rate_to != b.rate_to:
        return False
    if same_sentence and a.trigger.i == b.trigger.i and a.products != b.products:
        return False  # coordinated objects of one verb, split on purpose
    if a.measure_head and b.measure_head and a.measure_head != b.measure_head \
            and not {a.measure_head, b.measure_head} & _GENERIC_HEADS:
        return False  # cutting tariffs and suspending countermeasures are two acts
    if a.type not in (*SYMMETRIC_TYPES, *_VERDICTS) and a.products and b.products and not _same_goods(a, b, sectors):
        return False  # cuts on industrial goods and on beef are two concessions
    if a.amount is not None and b.amount is not None and abs(a.amount - b.amount) > 0.01 * a.amount:
        return False
    if a.type == "PLEDGE" and a.measure and b.measure and a.measure != b.measure:
        return False
    return True


def _absorb(into: Candidate, other: Candidate, anaphor: bool = False, sectors: dict[str, str] | None = None) -> None:
    for s in other.evidence:
        if s not in into.evidence:
            into.evidence.append(s)
    into.mentions += 1
    if anaphor:
        # A back-reference dates the act only with its own date ("Thursday's talks").
        if other.date is not None and other.date_direct and (
                into.date is None or (other.date.startswith(into.date) and len(other.date) > len(into.date))):
            # ("slapped last month" + "the duties, which were imposed on June 16": the day refines the month)
            into.date, into.date_text = other.date, other.date_text
        return
    if into.date is None or (other.date and len(other.date) > len(into.date)):
        if other.date is not None:
            into.date, into.date_text = other.date, other.date_text
    add_goods(into.products, other.products, sectors)  # (the same goods told again in other words: once)
    if into.type in SYMMETRIC_TYPES:
        names = {p.name for p in into.participants}
        for p in other.participants:
            if p.name not in names:
                into.participants.append(p)
                names.add(p.name)
        # Keep named people and institutions over the bare country they belong to.
        specific = {p.country for p in into.participants if not (p.id or "").startswith("country:")}
        into.participants = [p for p in into.participants
                             if not ((p.id or "").startswith("country:") and p.country in specific)]
    else:
        # A named person beats a country or group as the source.
        if other.source and other.source.id and not other.source.id.startswith("country:") and (
                into.source is None or not into.source.id or into.source.id.startswith("country:")):
            into.source = other.source
        if into.target is None or (other.target and (into.target.id or "").startswith("country:") and other.target.kind != "GOV"):
            into.target = other.target or into.target
        elif other.target and into.trigger in other.trigger.ancestors:
            into.target = other.target  # the governed clause names the side acted on ("warned ... India will face")
    if other.status == "planned" and into.status == "occurred" and other.date and into.sent_index == other.sent_index:
        into.status = "planned"  # "retaliated, announcing tariffs from Feb. 10": in force later
    for attr in ("rate_from", "rate_to", "amount", "location", "measure"):
        if getattr(into, attr) is None and getattr(other, attr) is not None:
            setattr(into, attr, getattr(other, attr))
    into.kb_actors = max(into.kb_actors, other.kb_actors)


def _merged(into: Candidate, c: Candidate, rule: str) -> None:
    note(c, "merge", rule, "merged", f"into the {into.type} of sentence {into.sent_index} ({into.trigger.text!r})")
    note(into, "merge", rule, "absorbed", f"the {c.type} of sentence {c.sent_index} ({c.trigger.text!r})")


def _key(c: Candidate) -> tuple:
    """What two mentions of one act must share (see `compatible`): a bucket, so that merging
    looks only at the acts it could join and stays linear in a long article."""
    if c.type in SYMMETRIC_TYPES:
        return _norm_type(c), frozenset(c.countries())
    return _norm_type(c), c.source and c.source.country


_BY_SENT = ("IMPOSE", "EASE", *SYMMETRIC_TYPES)


def _raw_key(c: Candidate) -> tuple:
    return (c.type, *_key(c)[1:])


class _Index:
    """The merged acts so far, in order, found by key, by type and by sentence."""

    def __init__(self, sectors: dict[str, str] | None = None) -> None:
        self.sectors = sectors or {}
        self.out: list[Candidate] = []
        self.keys: list[tuple] = []
        self.by_key: dict[tuple, list[int]] = {}
        self.by_type: dict[str, list[int]] = {}
        # IMPOSE/EASE acts: one sentence may join across types; talks and deals: a verb and its noun
        self.by_sent: dict[int, list[int]] = {}
        self.by_raw: dict[tuple, list[int]] = {}  # by the told type: an act announced and done (`_restated`)
        self.raw_keys: list[tuple] = []

    def add(self, c: Candidate) -> None:
        i = len(self.out)
        self.out.append(c)
        self.keys.append(_key(c))
        self.by_key.setdefault(self.keys[i], []).append(i)
        self.by_type.setdefault(self.keys[i][0], []).append(i)
        if c.type in _BY_SENT:
            self.by_sent.setdefault(c.sent_index, []).append(i)
        self.raw_keys.append(_raw_key(c))
        self.by_raw.setdefault(self.raw_keys[i], []).append(i)

    def rekey(self, i: int) -> None:
        """After an absorb changed an act's status or sides."""
        raw = _raw_key(self.out[i])
        if raw != self.raw_keys[i]:
            self.by_raw[self.raw_keys[i]].remove(i)
            bisect.insort(self.by_raw.setdefault(raw, []), i)
            self.raw_keys[i] = raw
        old, new = self.keys[i], _key(self.out[i])
        if old == new:
            return
        self.by_key[old].remove(i)
        bisect.insort(self.by_key.setdefault(new, []), i)
        if old[0] != new[0]:
            self.by_type[old[0]].remove(i)
            bisect.insort(self.by_type.setdefault(new[0], []), i)
        self.keys[i] = new

    def latest_compatible(self, c: Candidate) -> int | None:
        """The last act in order that c may join (as scanning all acts backwards would find)."""
        pool = set(self.by_key.get(_key(c), ()))
        if c.type in _BY_SENT:
            pool.update(self.by_sent.get(c.sent_index, ()))
        pool.update(self.by_raw.get(_raw_key(c), ()))
        return next((i for i in sorted(pool, reverse=True) if compatible(self.out[i], c, self.sectors)), None)

    def deal_of(self, c: Candidate) -> int | None:
        """The deal a term belongs to: the one told in its sentence, else the latest one."""
        here = [i for i in self.by_sent.get(c.sent_index, ()) if self.out[i].type == "AGREE"]
        if here:
            return here[-1]
        deals = self.by_type.get("AGREE", [])
        return deals[-1] if deals else None

    def antecedent(self, c: Candidate) -> int | None:
        """The act a back-reference refers to: the latest of its type (with its date, when direct)."""
        same = self.by_type.get(_norm_type(c), [])
        if c.date and c.date_direct:
            exact = next((i for i in reversed(same) if self.out[i].date == c.date), None)
            if exact is not None:
                return exact
            return next((i for i in reversed(same) if self.out[i].date is None or c.date.startswith(self.out[i].date)), None)
        return same[-1] if same else None


def merge(cands: list[Candidate], gone: list[Candidate] | None = None, is_deal=None,
          kb: KnowledgeBase | None = None, sectors: dict[str, str] | None = None) -> list[Candidate]:
    """Mentions of the same act inside one article become one event (the others go to `gone`).
    With `is_deal` (a token test) and `kb`, an easing told as a deal's term becomes each side's act;
    `sectors` (good -> sector) lets two words for one good count as the same goods."""
    idx = _Index(sectors)
    gone = [] if gone is None else gone
    terms: list[Candidate] = []
    for c in cands:
        if is_deal is not None and kb is not None and _deal_term(c, is_deal):
            i = idx.deal_of(c)
            parts = _deal_terms(c, idx.out[i], kb) if i is not None else []
            if parts:
                terms.extend(parts)
                continue
        if c.anaphoric:
            i = idx.antecedent(c)
            if i is not None and c.type == "EASE" and _own_terms(idx.out[i], c, idx.sectors):
                # "The deal cuts India's tariffs to 3%. Whisky tariffs will be halved to 75%.": concessions
                # listed one by one, each a cut between the same sides with its own goods or rate (a
                # measure back-referred to may be anyone's: only cuts)
                c.anaphoric = False
                c.source, c.target = idx.out[i].source, idx.out[i].target
                note(c, "merge", "own_terms_back_reference", "kept",
                     f"its own goods or rate: another act of the sides of sentence {idx.out[i].sent_index}")
                idx.add(c)
            elif i is not None:
                _absorb(idx.out[i], c, anaphor=True)
                _merged(idx.out[i], c, "back_reference")
                gone.append(c)
            elif c.type in ("IMPOSE", "EASE") and c.source is not None and c.source.country and c.date and c.date_direct:
                # "the levies Washington imposed on June 5": an owned, dated measure told in passing is an act
                c.anaphoric = False
                note(c, "merge", "owned_dated_back_reference", "kept", "an owned, dated measure told in passing")
                idx.add(c)
            else:
                drop(c, "merge", "orphan_back_reference", "a back-reference to no act of this article")
                gone.append(c)
            continue
        # Same sentence, same trigger type, same sides: one act told twice ("warned ... impose").
        i = idx.latest_compatible(c)
        if i is not None:
            rule = "restated" if _restated(idx.out[i], c, idx.sectors) else "same_act"
            _absorb(idx.out[i], c, sectors=idx.sectors)
            _merged(idx.out[i], c, rule)
            idx.rekey(i)
            gone.append(c)
        else:
            idx.add(c)
    for t in terms:
        # A deal's terms told in general ("will cut tariffs") and in detail elsewhere are one act per side:
        # the detail of the same goods first, else one with no other rate ("cut tariffs on farm goods" is
        # told in detail as "remove its tariff on coffee").
        sides = [o for o in idx.out if o.type == "EASE" and o.source and o.target and t.source and t.target
                 and o.source.country == t.source.country and o.target.country == t.target.country]
        same = next((o for o in sides if _same_goods(o, t, idx.sectors)), None) or next(
            (o for o in sides if o.rate_to is None or t.rate_to is None or o.rate_to == t.rate_to), None)
        if same is not None:
            _absorb(same, t, anaphor=True)
            _merged(same, t, "deal_term_detail")
            gone.append(t)
        else:
            idx.add(t)
    return idx.out


def to_event(c: Candidate) -> Event:
    conf = 0.45 + (0.15 if not c.noun else 0.05) + 0.05 * min(c.kb_actors, 3) + (0.05 if c.date else 0.0) \
        + 0.05 * min(c.mentions - 1, 2)
    ev = Event(
        type=c.type, source=c.source if c.type not in SYMMETRIC_TYPES else None,
        target=c.target if c.type not in SYMMETRIC_TYPES else None,
        participants=c.participants if c.type in SYMMETRIC_TYPES else [],
        date=c.date, date_text=c.date_text, status=c.status, measure=c.measure, products=c.products,
        rate_from=c.rate_from, rate_to=c.rate_to, amount_usd=c.amount, location=c.location,
        evidence=c.evidence, confidence=round(min(conf, 0.95), 2),
    )
    return ev


@stage("third_party", scope="article")
def third_party(ctx: Context, state: ArticleState, cands: list[Candidate]) -> list[Candidate]:
    third_party_targets(cands, ctx.kb, state.dyad)
    return cands


@stage("merge", scope="article")
def merge_stage(ctx: Context, state: ArticleState, cands: list[Candidate]) -> list[Candidate]:
    gone: list[Candidate] = []
    for c in cands:
        deal_term_measure(c, lambda t: ctx.nouns.get(t.lemma_.lower()) == "AGREE", ctx.lex.deal_term_preps,
                          ctx.lex.deal_term_marks)
    out = merge(cands, gone, lambda t: ctx.nouns.get(t.lemma_.lower()) == "AGREE", ctx.kb, ctx.sector_of)
    state.dropped.extend(gone)  # merged mentions and orphan back-references: kept for explain, not events
    return out
