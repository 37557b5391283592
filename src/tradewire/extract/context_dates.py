"""Stage `context_dates`: undated acts dated from their neighbours, as readers do ("Ottawa
responded within hours", a present-perfect lede dated by the next sentences, terms of a deal)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from tradewire.extract.candidate import Candidate
from tradewire.extract.dates import LEDE_REACH, STATEMENT_REACH, resolve_date, resolve_relative, shift_back
from tradewire.extract.registry import stage
from tradewire.extract.syntax import _DATED_ACTS, _FUTURE_PREFIX, SPEECH_TYPES, _ancestors, _anchor, _expand_date, _is_date_ent
from tradewire.extract.timeclues import (
    _coercive,
    _effect_day,
    _own_time,
    _past_perfect,
    _person,
    _recent_day,
    _relative_on_line,
    _same_sentence_day,
    _same_speaker,
    _simple_past,
    _statement_days,
    _told_once,
)
from tradewire.extract.trail import note, retype

if TYPE_CHECKING:
    from tradewire.extract.context import ArticleState, Context

STAGE = "context_dates"
_QUOTE_OPEN = frozenset("\"“‘«")


class ContextDateRules:
    """Mixed into the shared Context (uses self.lex, self.nouns)."""

    def _context_dates(self, cands: list[Candidate], sents: list[Span], published: date | None, actors=None) -> None:
        """Date undated acts from their neighbours, as readers do.

        "Ottawa responded within hours" takes the day of the act told just before; a lede in
        the present perfect ("The EU has launched a challenge ...") takes the day the next
        sentences give ("The request was lodged on Friday").
        """
        if published is None:
            return
        for c in cands:
            if c.type == "THREATEN" and c.date and c.date > published.isoformat() and _coercive(c.trigger):
                c.date, c.date_text = None, None  # "would follow in 21 days unless ...": the threat is not in the future
                note(c, STAGE, "coercive_threat_undated", "set", f"date {c.date}: a conditional threat is not in the future")
        last_day: str | None = None
        ordered = sorted(cands, key=lambda x: x.sent_index)
        last_days: dict[int, str | None] = {}
        for i, c in enumerate(ordered):
            if i and ordered[i - 1].sent_index != c.sent_index:
                # The anchor is the latest act dated in its own words in an earlier sentence.
                prev = [p for p in ordered[:i] if p.date and len(p.date) == 10
                        and p.date <= published.isoformat()]
                last_day = prev[-1].date if prev else None
            last_days[c.sent_index] = last_day
            if c.date is None and c.status == "occurred":
                sent = sents[c.sent_index]
                rel = resolve_relative(sent.text, _same_sentence_day(sent, published) or last_day) \
                    if _relative_on_line(c.trigger, sent) else None
                if rel is not None:
                    c.date, c.date_text, c.date_inferred = rel, None, True
                    note(c, STAGE, "relative_phrase", "set", f"date {c.date}: a relative phrase (\"within hours\") from the day before")
                elif c.type in _DATED_ACTS and (self._perfect(c.trigger) or self._in_perfect_lede(c.trigger)) and not _own_time(c.trigger, sent, self.lex.speech_verbs):
                    # (an act with its own time phrase, even "since November", is not a lede to date)
                    # The next two sentences first, then the lede's own report, then one sentence further.
                    near = range(c.sent_index + 1, min(c.sent_index + 1 + LEDE_REACH, len(sents)))
                    found = None
                    for k, sj in enumerate(near):
                        if k == 2 and c.report_date is not None:
                            break
                        found = _recent_day(sents[sj], published, c.type in ("IMPOSE", "EASE"))
                        if found is not None:
                            break
                    if found is not None:
                        (c.date, c.date_text), c.date_inferred = found, True
                        note(c, STAGE, "perfect_lede", "set", f"date {c.date}: a present-perfect lede dated by the next sentences")
                        if c.date > published.isoformat() and c.type in ("IMPOSE", "EASE"):
                            retype(c, STAGE, "lede_starts_later", status="planned")  # not yet in force
                    elif c.report_date is not None:
                        (c.date, c.date_text), c.date_inferred = c.report_date, True
                        note(c, STAGE, "perfect_report_date", "set", f"date {c.date}: a present-perfect act dated by its report")
                elif c.type in _DATED_ACTS and last_day and _simple_past(c.trigger) and not _own_time(c.trigger, sent, self.lex.speech_verbs) \
                        and (published - date.fromisoformat(last_day)).days <= 3 \
                        and not any(_is_date_ent(e) and resolve_date(_expand_date(e), published) for e in sent.ents
                                    if c.trigger.dep_ not in ("advcl", "relcl") or _anchor(e.root) in (c.trigger, c.trigger.head)):
                    # A wire story tells one news day: an act told in the past with no time of its own
                    # happened on the day last named ("A second probe was opened by USTR ...").
                    c.date, c.date_text, c.date_inferred = last_day, None, True
                    note(c, STAGE, "news_day", "set", f"date {c.date}: a simple past with no time of its own: the day last named")
        # "The duties came a week after Beijing suspended beef imports": a week before the host clause's day.
        for c in cands:
            if c.date is None and c.status == "occurred":
                shifted = self._before_host(c, last_days.get(c.sent_index), published)
                if shifted is not None:
                    c.date, c.date_text, c.date_inferred = shifted, None, True
                    note(c, STAGE, "before_host", "set", f"date {c.date}: N days after/before the host clause's day")
        # "Kallas urged Beijing during the meeting to ...": the day of that meeting.
        talks = sorted((d for d in cands if d.type == "CONSULT" and d.date and d.status == "occurred"),
                       key=lambda d: d.sent_index)
        for c in cands:
            if c.date is None and talks and self._during_talks(c.trigger):
                before = [d for d in talks if d.sent_index <= c.sent_index]
                if before:
                    c.date, c.date_text, c.date_inferred = before[-1].date, None, True
                    note(c, STAGE, "during_talks", "set", f"date {c.date}: the day of the meeting it happened at")
        # "The deal also cuts the tariff on cars": terms of a deal date from the deal.
        deals = sorted((d for d in cands if d.type == "AGREE" and d.date), key=lambda d: d.sent_index)
        for c in cands:
            if c.date is None and c.status == "occurred" and c.type in ("EASE", "IMPOSE", "PLEDGE") and deals \
                    and self._deal_term(c.trigger):
                same = [d for d in deals if d.sent_index == c.sent_index]
                d = (same or deals)[0]
                c.date, c.date_text, c.date_inferred = d.date, d.date_text, True
                note(c, STAGE, "deal_term", "set", f"date {c.date}: a term of a deal: the deal's day")
        self._effect_sentences(cands, sents, published)
        if actors is not None:
            self._same_occasion(cands, sents, published, actors)
        # "..., accusing London of ...": a participle riding on a dated act shares its day.
        for c in cands:
            host = c.trigger.head if c.trigger.dep_ in ("advcl", "xcomp") else (
                c.trigger.head.head if c.trigger.dep_ in ("pcomp", "pobj") and c.trigger.head.lower_ == "with" else None)
            if c.date is None and c.trigger.tag_ == "VBG" and host is not None:
                for d in cands:
                    if d is not c and host in (d.trigger, d.trigger.head) and d.date and d.status == "occurred" \
                            and d.sent_index == c.sent_index:
                        c.date, c.date_text = d.date, d.date_text
                        note(c, STAGE, "participle_host", "set", f"date {c.date}: a participle riding on a dated act")
                        break

    def _same_occasion(self, cands: list[Candidate], sents: list[Span], published: date, actors) -> None:
        """Guide rule 2: a statement continued in the next sentences by the same side ("The ministry
        said on Monday ... It added that it hopes ...", "He urged ...") was made that day; so was
        anything it says that is only threatened, denied or hypothetical."""
        days = _statement_days(sents, published, actors, self.lex, set(self.lex.measure_words.keys()))
        # A speech act dated in its own words ("The ministry on Thursday urged ...") is a statement too.
        days += [(d.sent_index, {d.source.country}, d.date, _person(d.speech_verb or d.trigger, actors)) for d in cands
                 if d.type in SPEECH_TYPES and d.status == "occurred" and d.date_direct and d.date and len(d.date) == 10
                 and d.date <= published.isoformat() and d.source and d.source.country]
        days.sort(key=lambda d: d[0])
        for c in cands:
            if c.date is not None or _past_perfect(c.trigger):
                continue
            # (an act told inside the statement, "Biden announced that the US was also banning ...", too)
            report = c.speech_verb or self._report_verb(c.trigger)
            reported = report is not None and report.lemma_ in self.lex.speech_verbs | self.lex.announcement_verbs \
                and not self._perfect(c.trigger)
            said = c.status == "occurred" and (c.type in SPEECH_TYPES or reported) or c.status in ("hypothetical", "denied")
            side = c.source.country if c.source else None
            # a quoted sentence is the speaker's words on that occasion, present tense or not ("Canada
            # remains open to talks."): guide rule 2's "following quote of the same speaker"
            quoted = sents[c.sent_index].text.lstrip()[:1] in _QUOTE_OPEN
            if not said or side is None or _own_time(c.trigger, sents[c.sent_index], set()) \
                    or not (quoted or _told_once(c.trigger)):
                continue
            verb = report or (c.trigger if c.trigger.pos_ in ("VERB", "AUX") else c.trigger.head)
            day = _same_speaker(days, c.sent_index, side, _person(verb, actors), STATEMENT_REACH)
            if day is not None:
                c.date, c.date_text, c.date_inferred = day, None, True
                note(c, STAGE, "same_occasion", "set", f"date {c.date}: said on the occasion of an earlier dated statement")

    def _report_verb(self, tok: Token) -> Token | None:
        """The speech verb whose report a trigger's clause is ("Biden announced that the US was banning")."""
        cur = tok if tok.pos_ in ("VERB", "AUX") else tok.head
        for _ in range(3):
            if cur.dep_ in ("ccomp", "parataxis") and cur.head.lemma_ in self.lex.speech_verbs | self.lex.announcement_verbs:
                return cur.head
            if cur.dep_ not in ("xcomp", "conj") or cur.head == cur:
                return None
            cur = cur.head
        return None

    def _effect_sentences(self, cands: list[Candidate], sents: list[Span], published: date) -> None:
        """A measure is dated by its start when the next sentences give it (guide rule 4): "China said
        on Tuesday it would cut the duties. The new rates will take effect on Wednesday" -> Wednesday,
        not the day it was announced."""
        for j, sent in enumerate(sents):
            start = _effect_day(sent, published, self.lex)
            if start is None:
                continue
            for k in (j - 1, j - 2, j - 3):
                near = [c for c in cands if c.sent_index == k and c.type in ("IMPOSE", "EASE")
                        and c.status in ("occurred", "planned") and not _past_perfect(c.trigger)
                        and (c.date is None or c.status == "planned" and not (c.date_text or "").lower().startswith(_FUTURE_PREFIX))]
                for c in near:
                    old = c.date
                    (c.date, c.date_text), c.date_inferred = start, True
                    if c.status == "occurred" and c.date > published.isoformat():
                        c.status = "planned"  # not yet in force
                    note(c, STAGE, "effect_sentence", "set", f"date {old}->{c.date}: the start the next sentence gives")
                if near:
                    break

    def _in_perfect_lede(self, tok: Token) -> bool:
        """An act in a time clause of a present-perfect lede ("Kenya has set the stage for a trade war
        after it banned maize imports") is told with the lede and dated as it is."""
        verb = tok if tok.pos_ in ("VERB", "AUX") else tok.head
        return verb.dep_ == "advcl" and verb.tag_ == "VBD" and self._perfect(verb.head) and any(
            m.dep_ == "mark" and m.lower_ in self.lex.time_clause_marks for m in verb.children)

    def _before_host(self, c: Candidate, last_day: str | None, published: date) -> str | None:
        """Date an act told as "<N weeks> after/before <act>" from the day of the clause it hangs on."""
        verb = c.trigger if c.trigger.pos_ in ("VERB", "AUX") else c.trigger.head
        marks = [ch for ch in verb.children if ch.dep_ in ("mark", "prep") and ch.lower_ in ("after", "before")]
        amounts = [ch for ch in verb.children if ch.dep_ == "npadvmod" and ch.lemma_.lower() in self.lex.duration_units]
        if not marks or not amounts or verb.dep_ != "advcl":
            return None
        amount = verb.doc[amounts[0].left_edge.i:amounts[0].i + 1].text
        host_day = None
        for e in verb.head.sent.ents:
            if _is_date_ent(e) and _anchor(e.root) == verb.head:
                host_day = resolve_date(_expand_date(e), published)
                if host_day:
                    break
        ref = host_day if host_day and len(host_day) == 10 else (last_day or published.isoformat())
        return shift_back(amount, date.fromisoformat(ref), -1 if marks[0].lower_ == "after" else 1)

    def _during_talks(self, tok: Token) -> bool:
        """Is the act placed in a meeting told before ("during the meeting", "at the talks")?"""
        for cur in (tok, *_ancestors(tok, 2)):
            for ch in cur.children:
                if ch.dep_ == "prep" and ch.lower_ in ("during", "at"):
                    for g in ch.children:
                        if g.dep_ == "pobj" and self.nouns.get(g.lemma_.lower()) == "CONSULT" and any(
                                d.lower_ in ("the", "that", "this") for d in g.children if d.dep_ == "det"):
                            return True
            if cur.pos_ in ("VERB", "AUX"):
                break
        return False

    def _deal_term(self, tok: Token) -> bool:
        """Is the act a term of a deal ("the deal cuts ...", "a deal that lowers ...", "under the deal, X will")?"""
        verb = tok if tok.pos_ in ("VERB", "AUX") else tok.head
        if any(ch.dep_ in ("nsubj", "nsubjpass") and ch.lemma_.lower() in self.lex.deal_words for ch in verb.children):
            return True
        if verb.dep_ == "relcl" and verb.head.lemma_.lower() in self.lex.deal_words:
            return True
        return any(ch.dep_ == "prep" and ch.lower_ == "under" and any(
            g.lemma_.lower() in self.lex.deal_words for g in ch.children) for ch in verb.children)

    @staticmethod
    def _perfect(tok: Token) -> bool:
        """Is the act told in the present perfect ("has launched", "have agreed to")?"""
        cur = tok
        for _ in range(4):
            if cur.pos_ in ("VERB", "AUX") and any(ch.dep_ == "aux" and ch.lower_ != "to" for ch in cur.children):
                return any(ch.dep_ == "aux" and ch.lower_ in ("has", "have", "'s", "'ve") for ch in cur.children) \
                    and cur.tag_ == "VBN"
            # Only through nouns, infinitives and participles ("has decided to impose", "have reached a
            # deal, with Seoul pledging"), not up to another clause.
            if cur.head == cur or cur.pos_ in ("VERB", "AUX", "ADJ") and cur.dep_ not in ("xcomp", "acl") \
                    and not (cur.tag_ == "VBG" and cur.dep_ in ("advcl", "pcomp")):
                return False
            cur = cur.head
        return False


@stage(STAGE)
def context_dates(ctx: Context, state: ArticleState, cands: list[Candidate]) -> list[Candidate]:
    ctx._context_dates(cands, state.sents, state.published, state.actors)
    return cands
