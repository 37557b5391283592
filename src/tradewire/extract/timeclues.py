"""Tense and time-phrase tests the dating stages share (no state)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from spacy.tokens import Span, Token

from tradewire.extract.dates import RELATIVE_DAY, resolve_date
from tradewire.extract.syntax import _FUTURE_PREFIX, _ancestors, _anchor, _expand_date, _is_date_ent
from tradewire.resolve.resolver import ArticleActors


def _simple_past(tok: Token) -> bool:
    """A main clause in the simple past ("A second probe was opened", "Ottawa hit back")."""
    cur = tok if tok.pos_ in ("VERB", "AUX") else tok.head
    if cur.dep_ in ("advcl", "relcl") and cur.head.dep_ in ("ROOT", "nsubj") and cur.tag_ == "VBD" and (
            cur.dep_ == "relcl" and cur.head.ent_type_ == "PERSON" or any(
            m.dep_ == "mark" and m.lower_ in ("after", "when", "as") for m in cur.children)):
        return True  # "von der Leyen, who met Biden at the summit", "told reporters after the leaders met"
    if not (cur.dep_ == "ROOT" or cur.dep_ == "conj" and cur.head.dep_ == "ROOT"):
        return False
    return cur.tag_ == "VBD" or (cur.tag_ == "VBN" and any(ch.dep_ == "auxpass" and ch.lower_ in ("was", "were") for ch in cur.children))


def _own_time(trigger: Token, sent: Span, speech_verbs: set[str]) -> bool:
    """Does a time phrase of the sentence modify the act or a clause above it (other than its report)?"""
    line = {trigger.i, *(t.i for t in _ancestors(trigger, 6) if t.lemma_ not in speech_verbs)}
    for e in sent.ents:
        if _is_date_ent(e) or e.label_ == "DATE":
            a = _anchor(e.root)
            if a is not None and a.i in line and not _NOT_TIME.search(e.text):
                return True
    return False


_NOT_TIME = re.compile(r"^\d+$|\b(years?|months?|weeks?|days?) (old|long)\b|^(the )?(second|third|first) time\b"
                       r"|^(a |an |the )?[\w.]+-(year|month|week|day)s?(-long)?$"
                       r"|^(many |several |some |a few |few )?(years|months|weeks|decades|days)$", re.I)  # "a one-year investigation" lasts, it is not dated


def _relative_on_line(trigger: Token, sent: Span) -> bool:
    """Does the sentence's relative phrase ("within hours") modify the act or a clause above it?
    ("Liu, who arrived a day later than planned, told ..." does not date what Liu told.)"""
    m = RELATIVE_DAY.search(sent.text.lower())
    if m is None:
        return False
    line = {trigger.i, *(t.i for t in _ancestors(trigger, 6))}
    for tok in sent:
        if tok.idx - sent.start_char >= m.start():
            a = _anchor(tok)
            return a is not None and a.i in line
    return False


def _same_sentence_day(sent: Span, published: date) -> str | None:
    """A day named earlier in the sentence that a relative phrase ("the same day") may lean on."""
    m = RELATIVE_DAY.search(sent.text.lower())
    if m is None:
        return None
    for e in sent.ents:
        if _is_date_ent(e) and e.end_char - sent.start_char <= m.start():
            val = resolve_date(_expand_date(e), published)
            if val and len(val) == 10:
                return val
    return None


def _recent_day(sent: Span, published: date, measure: bool) -> tuple[str, str] | None:
    """The day-precise date of a sentence within the week before publication.

    For a measure, the day it takes effect ("from Tuesday", even after publication) wins over the
    day it was announced.
    """
    week_ago = (published - timedelta(days=7)).isoformat()
    found = []
    for e in sent.ents:
        if not _is_date_ent(e) or _dateline(e):
            continue
        text = _expand_date(e)
        effective = text.lower().startswith(_FUTURE_PREFIX)
        val = resolve_date(text, published, effective)
        ahead = measure and effective and val is not None and published.isoformat() < val <= (published + timedelta(days=92)).isoformat()
        if val and len(val) == 10 and (week_ago <= val <= published.isoformat() or ahead):  # ("from March 29": its start)
            found.append((measure and effective, val, text))
    if not found:
        return None
    best = max(found, key=lambda f: f[0])
    return best[1], best[2]


def _subject_countries(verb: Token, actors: ArticleActors, skip: set[str]) -> set[str]:
    """The countries of a verb's acting subject ("Taiwan's government welcomed" -> TWN).

    Subjects that are measures ("the EU's duties came into force") act for no one.
    """
    out: set[str] = set()
    for ch in verb.children:
        if ch.dep_ in ("nsubj", "nsubjpass") and ch.lemma_.lower() not in skip:
            for head in (ch, *ch.conjuncts):
                for t in (head, *(g for g in head.children if g.dep_ in ("poss", "compound", "amod"))):
                    m = actors.at(t)
                    if m is not None and m.actor.country:
                        out.add(m.actor.country)
    return out


def _past_perfect(tok: Token) -> bool:
    """'had refused', 'had pressed', 'had agreed to cut': an act placed before the time of its report."""
    for _ in range(3):
        if tok.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ in ("had", "'d") for c in tok.children):
            return True
        if tok.dep_ not in ("xcomp", "conj"):
            return False
        tok = tok.head
    return False


def _coercive(tok: Token) -> bool:
    """Is the act made to depend on what another side does ("unless Washington lifts", "if Ottawa
    retaliates"), rather than on a procedure ("if approved")?"""
    for t in tok.sent:
        if t.dep_ == "mark" and t.lower_ in ("unless", "if") and any(
                ch.dep_ in ("nsubj", "nsubjpass") for ch in t.head.children):
            return True
    return False


def _own_tense(verb: Token) -> tuple[str, ...]:
    """The auxiliaries that set a verb's time ("has", "will"), to tell coordinated clauses apart."""
    return tuple(sorted(c.lower_ for c in verb.children if c.dep_ == "aux" and c.lower_ in (
        "has", "have", "had", "will", "would", "shall", "'s", "'ve", "'ll")))


def _effect_day(sent: Span, published: date, lex) -> tuple[str, str] | None:
    """The start a sentence gives the measure told before it: a definite measure noun as subject of
    an effect phrase with a date ("The new duties take effect from Sunday", "The decision will be
    effective from July 7"); not a start that was due and is past ("had been due to take effect")."""
    for v in sent:
        if v.pos_ not in ("VERB", "AUX"):
            continue
        effect = v.lemma_ == "be" and any(ch.dep_ == "acomp" and ch.lower_ == "effective" for ch in v.children) or (
            v.lemma_ in lex.effect_verbs and any(g.lemma_ in lex.in_force_words for ch in v.subtree for g in (ch,)
                                                 if ch.dep_ in ("dobj", "pobj")))
        if not effect or any(ch.dep_ == "aux" and ch.lower_ in ("had", "'d") for ch in v.children):
            continue
        subj = [ch for ch in v.children if ch.dep_ in ("nsubj", "nsubjpass")]
        if not subj or subj[0].lemma_.lower() not in lex.effect_subject_nouns or not any(
                d.dep_ in ("det", "poss") and d.lower_ in ("the", "this", "these", "its", "their") for d in subj[0].children):
            continue
        for e in sent.ents:
            if _is_date_ent(e) and _anchor(e.root) == v:
                text = _expand_date(e)
                val = resolve_date(text, published, True)
                if val is not None:
                    return val, text
    return None


def _statement_days(sents: list[Span], published: date, actors: ArticleActors, lex, skip: set[str]) -> list[tuple[int, set[str], str, str | None]]:
    """The dated statements of an article: (sentence, the speaker's countries, day, the speaker's
    surname if a person).

    "The ministry said on Monday that ...", "In a statement issued on April 20, the spokesman
    said ...": a speech verb with a day of its own and a subject that resolves to a country.
    """
    out = []
    for si, sent in enumerate(sents):
        for e in sent.ents:
            if not _is_date_ent(e) or _dateline(e):
                continue
            verb = _speech_above(_anchor(e.root), lex) or _speech_just_before(e, lex)
            if verb is None:
                continue
            val = resolve_date(_expand_date(e), published)
            if not val or len(val) != 10 or val > published.isoformat():
                continue
            who = _subject_countries(verb, actors, skip)
            if who:
                out.append((si, who, val, _person(verb, actors)))
                break
    return out


def _speech_just_before(e: Span, lex) -> Token | None:
    """'Canada said on Monday it was filing ...': the parser often hangs the day on the reported
    clause; a day right after the speech verb (only 'on', 'late', 'early' between) is the statement's."""
    doc = e.doc
    i = e.start - 1
    while i >= 0 and doc[i].lower_ in ("on", "late", "early", "earlier", "this", "last"):
        i -= 1
    if i < 0:
        return None
    verb = doc[i]
    if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in lex.speech_verbs | lex.announcement_verbs:
        return None
    return verb if _anchor(e.root) in verb.subtree else None


def _person(verb: Token | None, actors: ArticleActors) -> str | None:
    """The surname of a verb's subject when it is a named person ("Rong urged" -> "rong")."""
    if verb is None:
        return None
    for ch in verb.children:
        if ch.dep_ in ("nsubj", "nsubjpass") and ch.ent_type_ == "PERSON":
            m = actors.at(ch)
            name = m.actor.name if m is not None else ch.text
            return name.split()[-1].lower()
    return None


def _same_speaker(days: list[tuple[int, set[str], str, str | None]], si: int, side: str, person: str | None, reach: int) -> str | None:
    """The day of the statement an undated one continues: the latest of the same side within reach;
    a named speaker continues only their own words, or their side's with no other speaker between."""
    for d in reversed([d for d in days if 0 < si - d[0] <= reach and side in d[1]]):
        if person is None or d[3] == person:
            return d[2]
        if d[3] is not None:
            return None  # someone else of that side spoke in between ("Modi said on Thursday ... Goyal said")
        return d[2]
    return None


def _speech_above(tok: Token | None, lex) -> Token | None:
    """The speech verb a date phrase hangs on, directly or through the statement it names
    ("said on Monday"; "in a statement issued on Monday, ... said")."""
    for _ in range(4):
        if tok is None:
            return None
        if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in lex.speech_verbs | lex.announcement_verbs:
            return tok
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ != "acl" or tok.head == tok:
            return None
        tok = tok.head
    return None


def _told_once(tok: Token) -> bool:
    """Is the sentence told as one occasion, not as a habit or a state ("has repeatedly accused",
    "is considering", "says")? Its main verb is not in the present or the present perfect."""
    root = tok.sent.root
    if root.tag_ in ("VBZ", "VBP"):
        return False
    auxes = [ch.lower_ for ch in root.children if ch.dep_ in ("aux", "auxpass")]
    return not any(a in ("has", "have", "'s", "'ve", "is", "are", "am", "'re") for a in auxes)


_DATELINE_HEAD = re.compile(r"^[\W_]*(?:[A-Z][\w.'’-]*\s*(?:\[[^\]]{1,40}\]\s*)?)+[,(]\s*$")
_DATELINE_TAIL = re.compile(r"^\s*(?:[)(:/.–—-]|[A-Z])")


def _dateline(e: Span) -> bool:
    """Is a date the filing line of the story ("NEW YORK, June 28 -", "JAKARTA (April 27):")? It dates the
    report, never an act: only capitalised place words before it, and a separator or a new sentence after."""
    sent, doc = e.sent, e.doc
    if e.start_char - sent.start_char > 60:
        return False
    # spans' own text, never doc.text (it joins every token of the article on each call)
    head = sent.text_with_ws[:e.start_char - sent.start_char]
    if not head or not _DATELINE_HEAD.match(head):
        return False
    tail = e[-1].whitespace_ + doc[e.end:min(e.end + 3, len(doc))].text_with_ws
    return bool(_DATELINE_TAIL.match(tail[:3]))
