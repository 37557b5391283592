"""Parse-tree helpers shared by the stages (no state; their words come from data/lexicon.yaml)."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from tradewire.extract.dates import WEEKDAYS
from tradewire.resolve.lexicon import load_lexicon

LEX = load_lexicon()
# EVENTS.md measure classes that restrict trade, and the event types that are speech acts.
RESTRICTIVE = {"tariff", "quota", "export_control", "sanction", "market_access", "other"}
SPEECH_TYPES = {"THREATEN", "PLEDGE", "DEMAND", "ACCUSE", "REJECT"}

_DATE_PREFIX = LEX.date_prefix_words
_ACHIEVEMENT_VERBS = LEX.achievement_verbs
# Subordinators of a background clause whose details are another act's ("after X warned ...").
_ASIDE_MARKS = {"after", "before", "since", "while", "when", "as", "because", "until", "although", "though"}
# Acts whose day a lede leaves to the next sentences (speech acts are dated where they are said).
_DATED_ACTS = {"IMPOSE", "EASE", "LITIGATE", "INVESTIGATE", "AGREE", "CONSULT"}
_FUTURE_PREFIX = tuple(f"{w} " for w in sorted(LEX.effective_date_prefixes))  # ("from Aug. 1", "starting Monday")


def _phrase_doc(vocab, text: str) -> Doc:
    """Tokenise a goods term for the PhraseMatcher with the pipeline's own tokenizer rules."""
    return _make_doc(vocab)(text)



_tokenizers: dict[int, object] = {}


def _make_doc(vocab):
    key = id(vocab)
    if key not in _tokenizers:
        from spacy.lang.en import English

        _tokenizers[key] = English(vocab=vocab).make_doc
    return _tokenizers[key]



def _is_time_word(tok: Token) -> bool:
    """'Wednesday', 'June 22', 'the evening': a time, not a party."""
    return tok.ent_type_ in ("DATE", "TIME") or tok.lower_ in WEEKDAYS or tok.lower_ in _DAY_PARTS


def _verb_between(tok: Token, top: Token) -> bool:
    """Is there another clause's verb on the way from tok up to top ("refusing ... despite saying after a call")?"""
    cur = tok.head
    while cur != top and cur.head != cur:
        if cur.pos_ in ("VERB", "AUX"):
            return True
        cur = cur.head
    return False


def _ancestors(tok: Token, limit: int):
    """The heads above a token, nearest first, at most `limit` of them."""
    cur = tok
    for _ in range(limit):
        if cur.head == cur:
            return
        cur = cur.head
        yield cur


def _scope_tokens(tok: Token) -> list[Token]:
    """The trigger's clause: its subtree without nested reported speech of others."""
    return list(tok.subtree)


def _anchor(tok: Token) -> Token | None:
    """The verb or noun a date phrase modifies."""
    cur = tok
    for _ in range(6):
        head = cur.head
        if head == cur:
            return cur
        if head.pos_ in ("VERB", "AUX"):
            return head
        if head.lower_ in _DAY_PARTS:
            cur = head  # "Monday morning": the part of the day belongs to the date
            continue
        if head.pos_ == "NOUN" and cur.dep_ in ("poss", "npadvmod", "compound", "nmod", "pobj") and cur != tok or head.pos_ == "NOUN" and cur.dep_ in ("poss", "compound", "npadvmod"):
            return head
        cur = head
    return None


_DAY_PARTS = LEX.day_parts
_DAY_WORDS = re.compile(r"\b(" + "|".join(WEEKDAYS) + r"|yesterday|today|tonight)\b", re.I)


def _is_date_ent(ent: Span) -> bool:
    """DATE entities, and TIME ones that name a day ("Wednesday night", "Thursday evening")."""
    if ent.label_ == "DATE":
        return not ent.text.strip().isdigit()
    return ent.label_ == "TIME" and bool(_DAY_WORDS.search(ent.text))


def _expand_date(ent: Span) -> str:
    """Take in the words before a DATE entity that change its meaning ("earlier in the week")."""
    doc = ent.doc
    start = ent.start
    while start > 0 and doc[start - 1].lower_ in _DATE_PREFIX and ent.start - start < 3:
        start -= 1
    return doc[start:ent.end].text
