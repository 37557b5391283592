"""Stages `split` (one act per coordinated measure or target: "a 100% surtax on EVs and a 25%
tariff on steel") and `filter` (a candidate without the sides or measure an event needs)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from tradewire.extract.attributes import add_goods, goods_spans, goods_text, rates
from tradewire.extract.candidate import Candidate
from tradewire.extract.dates import resolve_date
from tradewire.extract.registry import stage
from tradewire.extract.syntax import _FUTURE_PREFIX, RESTRICTIVE, _expand_date, _is_date_ent
from tradewire.extract.trail import drop, note
from tradewire.models import SYMMETRIC_TYPES
from tradewire.resolve.resolver import ArticleActors

if TYPE_CHECKING:
    from tradewire.extract.context import ArticleState, Context


_PCT_WORDS = ("%", "percent", "pct", "cent")
_RATE_PREPS = ("on", "for")

# Directed acts whose target may be a list of countries, and the prepositions that carry it.
_LIST_TYPES = ("IMPOSE", "EASE", "THREATEN", "INVESTIGATE", "LITIGATE")


def _surface_list(tok: Token, actors: ArticleActors, end: int) -> list:
    """The countries of a written list starting at tok ("from A, the B, C and D"), read off the
    surface when the parser broke the coordination; [] unless it closes with "and"/"or"."""
    m = actors.at(tok)
    if m is None:
        return []
    doc, out, closed = tok.doc, [m.actor], False
    i = m.end
    while i < end and not closed:
        if doc[i].text != "," and doc[i].lower_ not in ("and", "or"):
            break
        closed = doc[i].lower_ in ("and", "or") or (i + 1 < end and doc[i + 1].lower_ in ("and", "or"))
        i += 2 if doc[i].text == "," and i + 1 < end and doc[i + 1].lower_ in ("and", "or") else 1
        if i < end and doc[i].lower_ == "the":
            i += 1
        nxt = actors.at(doc[i]) if i < end else None
        if nxt is None or nxt.start != i or nxt.is_location or nxt.kind not in ("country", "capital") or not nxt.actor.country:
            return []
        out.append(nxt.actor)
        i = nxt.end
    return out if closed and len(out) > 1 else []


class SplitRules:
    """Mixed into the shared Context (uses self.lex, self.verbs and the actor rules)."""

    lex_list_preps = ("from", "against", "on", "into", "targeting", "to")

    def _split(self, c: Candidate, sent: Span, actors: ArticleActors, goods: list[Span], published) -> list[Candidate]:
        """One act per measure, per target and per rate with its goods."""
        parts = self._split_objects(c, sent, actors, goods, published)
        if c.type not in ("IMPOSE", "THREATEN") or c.anaphoric or len(parts) > 1:
            return parts  # (split by objects or targets: each part has its own goods already)
        return self._rate_pairs(c, sent, goods) or parts

    def _split_objects(self, c: Candidate, sent: Span, actors: ArticleActors, goods: list[Span], published) -> list[Candidate]:
        """One act per measure or per target in coordinated objects: "a 100% surtax on EVs from Oct. 1
        and a 25% tariff on steel from Oct. 15"; "hitting Canada with 25% and China with 10%"."""
        listed = self._target_list(c, sent, actors) or self._deal_partners(c, actors)
        if listed:
            return listed
        if c.type not in ("IMPOSE", "EASE", "THREATEN") or c.noun or c.anaphoric:
            return [c]
        tok = c.trigger
        objs = [ch for ch in tok.children if ch.dep_ in ("dobj", "nsubjpass")]
        for obj in objs:
            measures = [obj, *obj.conjuncts]
            if len(measures) > 1 and all(self.lex.measure_words.get(m.lemma_.lower()) in RESTRICTIVE for m in measures):
                return [self._part(c, m, measures, actors, goods, published, sent) for m in measures]
            targets = [m for m in measures if self._actor_of(m, actors, strict=True) is not None]
            countries = {self._actor_of(m, actors, strict=True).country for m in targets}
            if len(targets) > 1 and len(countries) == len(targets):
                parts = []
                for m in targets:
                    part = self._part(c, m, measures, actors, goods, published, sent)
                    part.target = self._actor_of(m, actors, strict=True)
                    parts.append(part)
                return parts
        return [c]

    def _rate_pairs(self, c: Candidate, sent: Span, goods: list[Span]) -> list[Candidate]:
        """One act per rate and its goods: "duties of 25% on steel and 10% on aluminum" (the parser reads
        the gapped second measure in many ways, so the pairs are read off the surface)."""
        scope = {t.i for t in c.trigger.subtree} | ({t.i for t in c.clause.subtree} if c.clause is not None else set())
        # ("raise duties of 25% on cars and cut those of 10% on wine": a coordinated verb is its own act)
        scope -= {t.i for ch in c.trigger.children if ch.dep_ == "conj" and ch.pos_ == "VERB" for t in ch.subtree}
        if not scope:
            return []
        pcts = [t for t in sent if t.i in scope and t.lower_ in _PCT_WORDS and t.i > sent.start
                and sent.doc[t.i - 1].like_num]
        pairs = []
        for k, p in enumerate(pcts):
            nxt = pcts[k + 1].i if k + 1 < len(pcts) else max(scope) + 1
            prep = next((t for t in sent.doc[p.i + 1:min(p.i + 4, nxt)] if t.lower_ in _RATE_PREPS), None)
            own = [g for g in goods_spans(goods, p.i, nxt, loose=self.lex.goods_loose_modifiers)
                   if prep is not None and g.start > prep.i and g.start in scope]
            if own:
                prods: list[str] = []
                add_goods(prods, [goods_text(g, self.sector_of) for g in own])
                pairs.append((float(sent.doc[p.i - 1].text.replace(",", "")), prods))
        if len(pairs) < 2 or len({r for r, _ in pairs}) < 2:
            return []
        parts = []
        for rate, prods in pairs:
            part = self._copy(c)
            part.products, part.rate_from, part.rate_to = prods, None, rate
            parts.append(part)
        return parts

    def _target_list(self, c: Candidate, sent: Span, actors: ArticleActors) -> list[Candidate]:
        """One act per country of a list its target stands in ("a probe into imports from A, B and C",
        "complaints against A, B and C", "duties on steel from A and B"): each measure has its own target."""
        if c.type not in _LIST_TYPES or c.anaphoric or c.target is None or not c.target.country:
            return []
        src = c.source.country if c.source else None
        scope = {t.i for t in c.trigger.subtree}
        if c.clause is not None:
            scope |= {t.i for t in c.clause.subtree}
        for tok in sent:
            if tok.i not in scope or tok.dep_ in ("conj", "compound"):
                continue
            act = self._actor_of(tok, actors, strict=True)
            if act is None or tok.dep_ != "pobj" or tok.head.lower_ not in self.lex_list_preps:
                continue
            members = [tok, *tok.conjuncts]
            found = [self._actor_of(m, actors, strict=True) for m in members]
            if len(members) < 2:
                found = _surface_list(tok, actors, sent.end) or found
            if c.target.country not in {a.country for a in found if a is not None}:
                continue  # (the list is of another phrase; its target is elsewhere)
            if len(found) < 2 or any(a is None or not a.country or a.country == src for a in found):
                return []
            if len({a.country for a in found}) != len(found):
                return []
            parts = []
            for a in found:
                part = self._copy(c)
                part.target = a
                part.split_target = True
                parts.append(part)
            return parts
        return []

    def _deal_partners(self, c: Candidate, actors: ArticleActors) -> list[Candidate]:
        """Deals (plural) with a list of partners are one bilateral deal per partner ("signed trade
        agreements with A, B and C"); one deal with the same list stays one pact of all of them."""
        if c.type != "AGREE" or c.anaphoric:
            return []
        deal = c.trigger if c.noun else next((ch for ch in c.trigger.children if ch.dep_ in ("dobj", "nsubjpass")
                                              and self.nouns.get(ch.lemma_.lower()) == "AGREE"), None)
        if deal is None or deal.tag_ != "NNS":
            return []
        heads = [deal, deal.head] if deal.dep_ in ("dobj", "nsubjpass") else [deal]  # "signed deals | with A and B"
        pobj = next((g for h in heads for p in h.children if p.dep_ == "prep" and p.lower_ == "with"
                     for g in p.children if g.dep_ == "pobj"), None)
        if pobj is None:
            return []
        found = [self._actor_of(m, actors, strict=True) for m in [pobj, *pobj.conjuncts]]
        if len(found) < 2 or any(a is None or not a.country for a in found) or len({a.country for a in found}) != len(found):
            return []
        listed = {a.country for a in found}
        side = [p for p in c.participants if p.country and p.country not in listed]
        if not side:
            return []
        parts = []
        for a in found:
            part = self._copy(c)
            part.participants = [*side, a]
            part.split_target = True
            parts.append(part)
        return parts

    @staticmethod
    def _copy(c: Candidate) -> Candidate:
        import copy

        part = copy.copy(c)
        part.trail = list(c.trail)
        part.participants = list(c.participants)
        part.products = list(c.products)
        part.evidence = list(c.evidence)
        return part

    def _part(self, c: Candidate, head: Token, siblings: list[Token], actors, goods, published, sent) -> Candidate:
        """A copy of c restricted to one coordinated object (its own goods, rate, date, target)."""
        import copy

        part = copy.copy(c)
        part.trail = list(c.trail)
        part.participants = list(c.participants)
        others = {t.i for s in siblings if s.i != head.i and head.is_ancestor(s) for t in s.subtree}
        own = [t for t in head.subtree if t.i not in others and t.dep_ != "cc"] or [head]
        # Attachments the parser hung on the verb but that sit between this object and the next one.
        nxt = min([s.i for s in siblings if s.i > head.i], default=sent.end)
        own += [t for ch in c.trigger.children if ch.dep_ == "prep" and head.i < ch.i < nxt for t in ch.subtree]
        lo, hi = min(t.i for t in own), max(t.i for t in own) + 1
        text = head.doc[lo:hi].text
        prods: list[str] = []
        add_goods(prods, [goods_text(g, self.sector_of) for g in goods_spans(goods, lo, hi, loose=self.lex.goods_loose_modifiers)])
        part.products = prods or ([] if len(siblings) > 1 else c.products)
        rf, rt = rates(text)
        if rt is not None:
            part.rate_from, part.rate_to = rf, rt
        for ent in sent.ents:
            if _is_date_ent(ent) and lo <= ent.start and ent.end <= hi:
                dtext = _expand_date(ent)
                val = resolve_date(dtext, published, dtext.lower().startswith(_FUTURE_PREFIX) or c.status == "planned")
                if val:
                    part.date, part.date_text = val, dtext
        tgt = [a for t in own for a in self._goods_country(t, actors)]
        if tgt and (c.source is None or tgt[0].country != c.source.country):
            part.target = tgt[0]
        return part

    def filter_reason(self, c: Candidate) -> tuple[str, str] | None:
        """(rule, why) if the candidate is not an event on its own, else None."""
        if c.anaphoric:
            return None  # a back-reference: kept for merging
        if c.type in SYMMETRIC_TYPES:
            if len(c.countries()) >= 2 or (c.type == "AGREE" and any(p.kind == "LEG" for p in c.participants)):
                return None
            if len(c.countries()) == 1 and any(a and a.kind == "IGO" and not a.country
                                               for a in [c.source, c.target, *c.participants]):
                return None  # a bloc with no ISO code is a side ("talks between Indonesia and the GCC")
            return "one_side_only", f"{c.type} needs two countries, has {sorted(c.countries()) or 'none'}"
        if c.source is None or not c.source.country:
            return "no_source_country", "no acting country"
        flow_ban = any(f.get("trade_flow") for _t, f in self.verbs.get(c.trigger.lemma_.lower(), []))
        if c.type in ("IMPOSE", "EASE") and c.measure not in RESTRICTIVE and not flow_ban:
            # ("barred Chinese firms from tenders", "halted imports" restrict trade by themselves)
            return "no_restrictive_measure", f"measure {c.measure}"
        if c.type == "THREATEN" and c.measure is None and not flow_ban:
            # (a threatened halt of a trade flow needs no measure word: "could cut off exports")
            return "threat_without_measure", "a threat of nothing named"
        return None


@stage("split")
def split(ctx: Context, state: ArticleState, cands: list[Candidate]) -> list[Candidate]:
    out = []
    for c in cands:
        parts = ctx._split(c, state.sents[c.sent_index], state.actors, state.goods, state.published)
        if len(parts) > 1:
            rule = "coordinated_objects"
            if parts[0].split_target:
                rule = "deal_partners" if parts[0].type == "AGREE" else "target_list"
            for k, p in enumerate(parts):
                what = (p.products or p.target) if rule == "coordinated_objects" else \
                    (p.participants[-1] if rule == "deal_partners" else p.target).name
                note(p, "split", rule, "split", f"part {k + 1} of {len(parts)}: {what}")
        out.extend(parts)
    return out


# A full calendar date with its year ("on Friday, Jan. 16, 2026", "November 30, 2022", "3 May 2024").
_FULL_DATE = re.compile(r"\b(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}"
                        r"|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+\d{4})\b", re.I)


def caption(sent: Span, lex) -> bool:
    """A photo caption: a present-tense line showing someone ("X meets Y at the Great Hall on Friday,
    Jan. 16, 2026."; "X gestures as he speaks ..."). The guide: never an event."""
    root = sent.root
    if root.lemma_.lower() in lex.caption_verbs and root.tag_ in ("VBZ", "VBP", "NNS"):
        return True  # (the parser often reads "gestures", "poses" as a plural noun)
    if root.tag_ not in ("VBZ", "VBP") or root.lemma_.lower() in lex.speech_verbs or root.lemma_ in ("be", "have"):
        return False
    return bool(_FULL_DATE.search(sent.text))


@stage("filter")
def filter_(ctx: Context, state: ArticleState, cands: list[Candidate]) -> list[Candidate]:
    for c in cands:
        if caption(state.sents[c.sent_index], ctx.lex):
            drop(c, "filter", "caption", "a present-tense photo caption")
            continue
        reason = ctx.filter_reason(c)
        if reason is not None:
            drop(c, "filter", *reason)
    return cands
