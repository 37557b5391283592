"""Stage `dating`: the act's own date, from the time phrases of its clause or the clauses above
it (a measure's own start beats the day it was announced; a report dates a speech act)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from tradewire.extract.candidate import Candidate
from tradewire.extract.dates import DEADLINE_NOUNS, REFERENCE_PREPS, resolve_date
from tradewire.extract.registry import stage
from tradewire.extract.syntax import _FUTURE_PREFIX, SPEECH_TYPES, _ancestors, _anchor, _expand_date, _is_date_ent, _verb_between
from tradewire.extract.timeclues import _dateline, _own_tense, _past_perfect, _subject_countries
from tradewire.extract.trail import note
from tradewire.resolve.resolver import ArticleActors

if TYPE_CHECKING:
    from tradewire.extract.context import ArticleState, Context

STAGE = "dating"


class DatingRules:
    """Mixed into the shared Context (uses self.lex, self._perfect, self._is_future)."""

    def _date(self, c: Candidate, sent: Span, clause: Token, published, actors: ArticleActors) -> tuple[str | None, str | None]:
        etype = c.dating_type or c.type
        # A date naming another thing ("beyond the August 7 deadline", "the 2019 ruling") does not date the act;
        # on the act's own noun it does ("Thursday's talks", "the March 28 call").
        dates = [e for e in sent.ents if _is_date_ent(e) and not _dateline(e) and not (
            e.root.dep_ in ("compound", "nmod", "amod", "poss") and e.root.head.pos_ in ("NOUN", "PROPN")
            and e.root.head != c.trigger and (e.root.head.lemma_.lower() in DEADLINE_NOUNS or _reference_point(e.root.head)))]
        dates += [sent.doc[t.i:t.i + 1] for t in sent if t.lower_ in self.lex.deictic_days
                  and t.ent_type_ != "DATE" and t.dep_ in ("npadvmod", "advmod")]
        if not dates:
            return None, None
        anchors: dict[int, list[Span]] = {}
        for e in dates:
            a = _anchor(e.root)
            anchors.setdefault(a.i if a is not None else -1, []).append(e)
        # A measure's own start ("duties ... for five years starting Saturday") beats the day it was announced.
        if etype in ("IMPOSE", "EASE"):
            own_toks = {t.i for t in c.trigger.subtree}
            for idx, ents in anchors.items():
                if idx in own_toks and idx != c.trigger.i and self._measure_path(c.trigger.doc[idx], c.trigger):
                    for e in ents:
                        text = _expand_date(e)
                        if text.lower().startswith(_FUTURE_PREFIX):
                            val = resolve_date(text, published, True)
                            if val is not None:
                                if published and val > published.isoformat() and c.status == "occurred":
                                    c.status = "planned"
                                return text, val
        # Walk up from the trigger: the first clause level that carries a date.
        cur = clause if clause.head == c.trigger else c.trigger
        # A perfect under a report happened before it ("have reached a deal, officials said on Thursday").
        earlier = _past_perfect(c.trigger) or self._perfect(c.trigger)
        # Whose act this is: the source for directed types, every side for talks and deals.
        sides = {c.source.country} if c.source and c.source.country else c.countries()
        prev = None
        for level in range(6):
            later = c.status == "planned" and etype not in ("IMPOSE", "THREATEN") and etype not in SPEECH_TYPES
            if level > 0 and _past_perfect(c.trigger) and c.trigger.dep_ in ("relcl", "advcl", "acl"):
                break  # "half the rate Trump had threatened": before the clause it hangs on
            if level > 0 and cur.lemma_ in self.lex.announcement_verbs and _announced_measure(c, etype):
                # "announced on Friday that it would add 23 items to its control list": a measure decided,
                # not in force, is dated by its start only (guide rule 4), never by the announcement.
                note(c, STAGE, "announced_measure", "kept", f"the day of {cur.text!r} does not date the measure")
                break
            if level > 0 and (earlier or later) and (cur.lemma_ in self.lex.speech_verbs
                                                      or later and cur.lemma_ in self.lex.announcement_verbs):
                # "said on Thursday that X had refused": the refusal predates the statement;
                # "said on Friday that talks would continue": the talks come after it (a threat,
                # though, is made the day it is said).
                if earlier and not _past_perfect(c.trigger):
                    for e in anchors.get(cur.i, []):
                        val = resolve_date(_expand_date(e), published)
                        if val is not None:
                            c.report_date = (val, _expand_date(e))  # the fallback if no sentence says more
                            break
                break
            # (the head of a coordination has its own subject: "the US will cut ... while Japan will invest")
            # (nor does a report: "X will invest, Trump announced on Tuesday" is dated by the report)
            came_by_conj = level > 0 and prev is not None and prev.dep_ in ("conj", "ccomp") \
                or cur.lemma_ in self.lex.speech_verbs or cur.lemma_ in self.lex.reporting_verbs
            subj = _subject_countries(cur, actors, self.lex.measure_words.keys()) if level > 0 and sides and not came_by_conj else set()
            if subj and not subj & sides:
                break  # "Taiwan on Thursday welcomed Trump's decision to suspend": the day of the reaction
            # "opened a probe in September and has criticised ...": another time, though a report above both
            # still dates both ("said on Friday that it regrets ... and would be forced to ...").
            other_time = level > 0 and prev is not None and prev.dep_ == "conj" and _own_tense(prev) != _own_tense(cur) \
                or level > 0 and self._earlier_clause(cur)  # "restrictions initially released on Oct. 7, 2022"
            if level > 0 and cur.i in anchors and self._earlier_clause(cur):
                note(c, STAGE, "earlier_clause", "kept", f"date of an earlier act skipped ({cur.text!r})")
            if cur.i in anchors and not other_time:
                future = self._is_future(cur)
                for e in anchors[cur.i]:
                    text = _expand_date(e)
                    effective = text.lower().startswith(_FUTURE_PREFIX)
                    if effective and etype not in ("IMPOSE", "EASE"):
                        continue  # "from Aug. 1" dates a measure, not talks or deals
                    fut = future or effective
                    val = resolve_date(text, published, fut)
                    if val is not None and fut and published and val > published.isoformat() and c.status == "occurred" and etype in ("IMPOSE", "EASE"):
                        c.status = "planned"  # a measure dated after publication is not yet in force
                    if val is not None:
                        c.date_direct = level == 0
                        return text, val
            # "announced the deal after meeting Xi on Friday": done the day of what it followed.
            for ch in cur.children:
                if ch.dep_ == "prep" and ch.lower_ == "after" and cur.pos_ in ("VERB", "AUX"):
                    for v in ch.children:
                        if v.dep_ == "pcomp" and v.tag_ == "VBG" and v.i in anchors:
                            for e in anchors[v.i]:
                                val = resolve_date(_expand_date(e), published)
                                if val is not None and len(val) == 10:
                                    return _expand_date(e), val
            if cur.head == cur:
                # "X has filed complaints ..., a minister said on Monday", parsed with the report below
                # the act: the report's day is the act's, as if it stood above it.
                rep = _trailing_report(cur, c.trigger, self.lex.speech_verbs, anchors)
                if rep is not None and not later and not _announced_measure(c, etype):
                    for e in anchors[rep.i]:
                        val = resolve_date(_expand_date(e), published)
                        if val is None:
                            continue
                        if earlier:
                            if not _past_perfect(c.trigger):
                                c.report_date = (val, _expand_date(e))
                            break
                        return _expand_date(e), val
                break
            prev, cur = cur, cur.head
        # A date on a noun phrase inside the act's own clause ("In a phone call on Wednesday, X and Y discussed").
        own = {t.i for t in c.trigger.subtree}
        if c.trigger.dep_ == "dobj" and c.trigger.head.pos_ == "VERB":
            # "opened an investigation into pork imported ... on June 17": the light verb's phrase is the act's
            verb = c.trigger.head
            own |= {t.i for ch in verb.children if ch.dep_ == "prep" for t in ch.subtree}
        for idx, ents in anchors.items():
            anchor_tok = c.trigger.doc[idx] if idx >= 0 else None
            if idx in own and idx != c.trigger.i and anchor_tok is not None and (
                    anchor_tok.pos_ in ("NOUN", "PROPN") or anchor_tok.dep_ == "acl" and not self._earlier_clause(anchor_tok)) \
                    and not _verb_between(anchor_tok, c.trigger):
                for e in ents:
                    if anchor_tok.pos_ in ("NOUN", "PROPN") and e.root.dep_ in ("compound", "nmod", "amod"):
                        continue  # "the September 2019 action" names another act, it does not date this one
                    text = _expand_date(e)
                    if text.lower().startswith(_FUTURE_PREFIX) and etype not in ("IMPOSE", "EASE"):
                        continue
                    val = resolve_date(text, published, self._is_future(c.trigger) or text.lower().startswith(_FUTURE_PREFIX))
                    if val is not None:
                        return text, val
        # "..., with both reductions taking effect by Wednesday": the day the sentence's measures apply.
        if etype in ("IMPOSE", "EASE"):
            for idx, ents in anchors.items():
                verb = c.trigger.doc[idx] if idx >= 0 else None
                if verb is not None and verb.lemma_.lower() in self.lex.effect_verbs and not any(
                        ch.dep_ == "aux" and ch.lower_ == "had" for v in (verb, *_ancestors(verb, 2)) for ch in v.children):
                    # (not "countermeasures that had been due to take effect on Aug. 7")
                    for e in ents:
                        text = _expand_date(e)
                        if text.lower().startswith(_FUTURE_PREFIX) or text.lower().startswith("on "):
                            val = resolve_date(text, published, True)
                            if val is not None:
                                return text, val
        return None, None

    def _earlier_clause(self, verb: Token) -> bool:
        """Does an adverb place this clause's act before the one told ("initially released", "first imposed")?"""
        return any(ch.dep_ == "advmod" and ch.lower_ in self.lex.earlier_act_adverbs for ch in verb.children)

    def _measure_path(self, tok: Token, trigger: Token) -> bool:
        """Is tok part of the measure's own phrase, with no other act's verb in between?
        ("starting Saturday" is; "Beijing cutting duties by March 1" and "it had planned to impose from
        Monday" are not)."""
        while tok != trigger:
            if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() not in self.lex.effect_verbs:
                return False
            if tok.head == tok:
                return False
            tok = tok.head
        return True


def _reference_point(noun: Token) -> bool:
    """Is a dated noun the point another time is counted from ("talks after Canada's April 28 election",
    "before the May 3 vote")? Its date is that thing's, not the act's."""
    prep = noun.head if noun.dep_ == "pobj" else None
    while prep is not None and prep.dep_ == "prep" and prep.head.dep_ == "prep":
        prep = prep.head  # "ahead of", "in advance of"
    return prep is not None and prep.lower_ in REFERENCE_PREPS


def _trailing_report(top: Token, trigger: Token, speech_verbs: set[str], anchors: dict) -> Token | None:
    """A dated speech verb after the act that the parser hung below the act's clause (a conjunct or
    parataxis with no "and" before it: not "imposed duties and said on Monday ...")."""
    for ch in top.children:
        if ch.dep_ in ("conj", "parataxis") and ch.lemma_ in speech_verbs and ch.i > trigger.i and ch.i in anchors \
                and ch.i > 0 and top.doc[ch.i - 1].dep_ != "cc" and not any(
                    k.dep_ == "cc" and trigger.i < k.i < ch.i for k in top.children):
            return ch
    return None


def _announced_measure(c: Candidate, etype: str) -> bool:
    """A measure told as to come: planned, or read as a threat only for its modal ("would hit")."""
    if etype in ("IMPOSE", "EASE"):
        return c.status == "planned"
    return etype == "THREATEN" and any(d.why.startswith(("type IMPOSE->THREATEN", "type EASE->THREATEN")) for d in c.trail)


@stage(STAGE)
def dating(ctx: Context, state: ArticleState, cands: list[Candidate]) -> list[Candidate]:
    for c in cands:
        status = c.status
        c.date_text, c.date = ctx._date(c, state.sents[c.sent_index], c.clause, state.published, state.actors)
        if c.status != status:
            note(c, STAGE, "dated_after_publication", "retyped", f"status {status}->{c.status}")
        note(c, STAGE, "own_time_phrase" if c.date else "no_own_date", "set",
             f"date {c.date} from {c.date_text!r}" if c.date else "undated")
    return cands
