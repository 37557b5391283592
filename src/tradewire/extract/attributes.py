"""Stage `attributes`: evidence, measure, goods, tariff rates, US-dollar amounts and location of
each act, read off its clause (rates and amounts from the text, below)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from tradewire.extract.candidate import Candidate
from tradewire.extract.registry import stage
from tradewire.extract.syntax import _ASIDE_MARKS, RESTRICTIVE, _scope_tokens
from tradewire.extract.trail import note

if TYPE_CHECKING:
    from tradewire.extract.context import ArticleState, Context

STAGE = "attributes"

_PCT = r"(\d+(?:\.\d+)?)\s*(?:%|per\s?cent\b|percent\b|pct\b)"
_FROM_TO = re.compile(rf"from\s+{_PCT}\s+to\s+{_PCT}|from\s+(\d+(?:\.\d+)?)\s+to\s+{_PCT}", re.I)
_TO_FROM = re.compile(rf"to\s+{_PCT}\s+from\s+{_PCT}", re.I)
_ANY_PCT = re.compile(_PCT, re.I)
_TO_ZERO = re.compile(rf"(?:from\s+{_PCT}\s+)?to\s+(?:zero|nil|0\s*(?:%|per\s?cent|percent))", re.I)

_SCALE = {"trillion": 1e12, "tn": 1e12, "tr": 1e12, "billion": 1e9, "bn": 1e9, "b": 1e9, "bln": 1e9,
          "million": 1e6, "mn": 1e6, "m": 1e6, "mln": 1e6, "thousand": 1e3}
# "$", "US$", "USD" but not "C$", "A$", "HK$", "NZ$", "S$"
_USD = re.compile(r"(?<![A-Za-z])(?:US\s?\$|U\.S\.\s?\$|USD\s?|\$)\s?(\d[\d,]*(?:\.\d+)?)\s*(trillion|billion|million|thousand|bn|tn|mn|bln|mln|b|m)?\b", re.I)
_DOLLARS = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(trillion|billion|million)\s+(?:US\s|U\.S\.\s)?dollars", re.I)


def rates(text: str) -> tuple[float | None, float | None]:
    """(rate_from, rate_to) of a tariff stated in text."""
    m = _FROM_TO.search(text)
    if m:
        g = [x for x in m.groups() if x is not None]
        return float(g[0]), float(g[1])
    m = _TO_FROM.search(text)
    if m:
        return float(m.group(2)), float(m.group(1))
    m = _TO_ZERO.search(text)
    if m:
        return (float(m.group(1)) if m.group(1) else None), 0.0
    for m in _ANY_PCT.finditer(text):
        if re.match(r"\s+of\b", text[m.end():]):
            continue  # "99 per cent of Indian exports" is a share of trade, not a rate
        return None, float(m.group(1))
    return None, None


def amount_usd(text: str) -> float | None:
    """The first US-dollar amount stated (other currencies stay unconverted: None)."""
    best = None
    for m in _USD.finditer(text):
        val = float(m.group(1).replace(",", ""))
        scale = _SCALE.get((m.group(2) or "").lower(), 1.0)
        best = val * scale
        break
    if best is None:
        m = _DOLLARS.search(text)
        if m:
            best = float(m.group(1).replace(",", "")) * _SCALE[m.group(2).lower()]
    return best


_TRADE_FLOW = (" imports", " exports")


def _with_modifiers(g: Span, lo: int, loose) -> Span:
    """A good with the nouns of its name as written before it ("concrete nails", "peanut butter",
    "chlorine-washed chicken"): compounds and hyphenated words, not a side's name, a number, a loose
    word or a bare adjective or participle ("Chinese-made", "cheap", "incoming")."""
    doc, start = g.doc, g.start

    def fine(t) -> bool:
        return t.is_alpha and not t.ent_type_ and t.lower_ not in loose and t.pos_ in ("NOUN", "ADJ", "VERB")

    while start - 1 >= lo:
        t = doc[start - 1]
        word = [t]  # a hyphenated word ("chip-making") joins whole or not at all
        while word[0].i - 2 >= lo and doc[word[0].i - 1].text == "-" and not doc[word[0].i - 1].whitespace_:
            word[:0] = [doc[word[0].i - 2], doc[word[0].i - 1]]
        parts = [w for w in word if w.text != "-"]
        if not (g.start <= t.head.i < g.end or t.head.i == start) or t.dep_ not in ("amod", "compound") \
                or not all(fine(w) for w in parts) or (len(parts) == 1 and not (t.dep_ == "compound" and t.pos_ == "NOUN")):
            break
        start = word[0].i
    return doc[start:g.end]


def goods_spans(goods: list[Span], lo: int, hi: int, skip=(), loose=frozenset()) -> list[Span]:
    """The goods inside [lo, hi), each widened over the goods coordinated before it ("agricultural
    and industrial goods", "iron and steel products": one phrase as written), without the
    abbreviation of a good named just before it ("liquefied natural gas (LNG)")."""
    out: list[Span] = []
    for g in goods:
        if not (lo <= g.start and g.end <= hi) or g.start in skip:
            continue
        first, doc = g[0], g.doc
        if len(g) > 1 and first.dep_ == "conj" and first.head.i < first.i and g.start < first.head.head.i < g.end \
                and first.head.dep_ in ("amod", "compound", "nmod") and first.head.i >= lo:
            g = doc[first.head.left_edge.i:g.end]  # ("agricultural" <- conj "industrial" in "... goods")
        g = _with_modifiers(g, lo, loose)
        if out and g.start >= 2 and doc[g.start - 1].text == "(" and out[-1].end == g.start - 1:
            continue
        if not any(o.start <= g.start and g.end <= o.end for o in out):
            out = [o for o in out if not (g.start <= o.start and o.end <= g.end)] + [g]
    return out


def goods_text(g: Span, sector_of: dict[str, str]) -> str:
    """A good as the act names it: "steel imports" names steel (the flow word says nothing more)."""
    text = g.text.lower()
    for suffix in _TRADE_FLOW:
        if text.endswith(suffix) and text[: -len(suffix)] in sector_of:
            return text[: -len(suffix)]
    return text


def sector_key(p: str, sectors: dict[str, str]) -> str | None:
    """The sector of a good as written, by its longest known ending ("river sand" -> sand's)."""
    words = p.split()
    return next((sectors[w] for w in (" ".join(words[i:]) for i in range(len(words))) if w in sectors), None)


def add_goods(prods: list[str], more: list[str], sectors: dict[str, str] | None = None) -> None:
    """Add goods not already named (a plural of one named counts as named: "chip", "chips"; with
    `sectors`, so does another word for a good of a sector named: "meat" after "meat products")."""
    seen = {p.rstrip("s") for p in prods} | {sector_key(p, sectors) for p in prods} - {None} if sectors else \
        {p.rstrip("s") for p in prods}
    for p in more:
        key = sector_key(p, sectors) if sectors else None
        if p not in prods and p.rstrip("s") not in seen and (key is None or key not in seen):
            prods.append(p)
            seen |= {p.rstrip("s"), key} - {None}


class AttributeRules:
    """Mixed into the shared Context (uses self.lex, self.resolver)."""

    def _attributes(self, c: Candidate, sent: Span, clause: Token, goods: list[Span]) -> None:
        tok = c.trigger
        scope = sorted(set(_scope_tokens(clause)) | set(_scope_tokens(tok)), key=lambda t: t.i)
        lo, hi = (scope[0].i, scope[-1].i + 1) if scope else (tok.i, tok.i + 1)
        # "met Lutnick on the 29th, days after Trump threatened tariffs on cars": the goods and rates
        # of a clause told as background belong to that other act.
        aside = {t.i for head in (tok, clause) for ch in head.children if ch.dep_ == "advcl" and any(
            m.dep_ in ("mark", "advmod") and m.lower_ in _ASIDE_MARKS for m in ch.children) for t in ch.subtree}
        # "raised tariffs ... in retaliation for U.S. duties on its steel" ("as retaliation against"):
        # the goods of the act answered (also when told on the verb of a noun act: "In retaliation for
        # ..., China announced an investigation into canola")
        aside |= {t.i for head in {tok, clause, c.gov} - {None} for ch in head.children
                  if ch.dep_ == "prep" and ch.lower_ in ("in", "for", "over", "against", "as")
                  for g in ch.children if g.dep_ == "pobj" and g.lemma_.lower() in self.lex.response_nouns
                  for t in g.subtree if t.i != g.i}
        # (the parser may hang "In retaliation for Canada planning tariffs on EVs" as a clause of its own)
        aside |= {t.i for head in {tok, clause, c.gov} - {None} for ch in head.children if ch.dep_ == "advcl"
                  and any(g.lemma_.lower() in self.lex.response_nouns and g.dep_ == "pobj" for g in ch.subtree)
                  for t in ch.subtree}
        # "curbs on gallium, a metal used in chips and phones": what a good goes into is not acted on
        aside |= {t.i for u in scope if u.dep_ in ("acl", "relcl") and u.lemma_.lower() in self.lex.usage_verbs
                  and u.i != tok.i for t in u.subtree}
        # "scrap its tariff on wine and phase out duties on cheese": a coordinated verb is its own act
        if not c.noun:
            aside |= {t.i for ch in tok.children if ch.dep_ == "conj" and ch.pos_ == "VERB" for t in ch.subtree}
        scope_text = "".join(t.text_with_ws for t in tok.doc[lo:hi] if t.i not in aside)
        c.evidence = [sent.text.strip()]
        # measure
        measure = None
        for t in scope + list(sent):
            m = self.lex.measure_words.get(t.lemma_.lower()) or self.lex.measure_words.get(t.lower_)
            if m:
                measure = m
                break
        c.measure = measure
        c.measure_head = self._measure_head(tok)
        # products: goods named inside the act's own clause, whatever the type
        if c.type in ("AGREE", "CONSULT"):
            # "a deal that will cut tariffs on whisky": goods of its terms, each its own act; the deal or
            # the talks name the goods they are about ("talks on steel", "a dispute over duties on barley")
            heads = [h for h in (tok, c.gov) if h is not None]
            heads += [ch for h in heads for ch in h.children if ch.dep_ in ("dobj", "nsubjpass", "attr")]
            heads += [v for h in heads for v in h.children if v.dep_ in ("advcl", "xcomp", "acl", "relcl")
                      and v.lemma_.lower() in self.lex.topic_verbs]  # "met ... to discuss the tariff on steel"
            topic = {t.i for h in heads for ch in h.children if ch.dep_ == "prep" and ch.lower_ in self.lex.topic_preps
                     or h.lemma_.lower() in self.lex.topic_verbs and ch.dep_ == "dobj" for t in ch.subtree}
            aside = aside | {i for i in range(lo, hi) if i not in topic}
        prods: list[str] = []
        add_goods(prods, [goods_text(g, self.sector_of) for g in goods_spans(goods, lo, hi, aside, self.lex.goods_loose_modifiers)])
        c.products = prods
        if measure in ("tariff",) or c.type in ("IMPOSE", "EASE", "THREATEN"):
            rf, rt = rates(scope_text)
            if rt is not None and rf is None and c.type == "EASE" and tok.lemma_.lower() in self.lex.removal_verbs:
                rf, rt = rt, 0.0  # "scrap its 15% tariff": from 15% to nothing
            if rt is not None and measure in ("tariff", None, "quota", "export_control"):
                c.rate_from, c.rate_to = rf, rt
        c.amount = amount_usd(scope_text)
        if c.amount is None and c.type in ("AGREE", "PLEDGE"):
            c.amount = amount_usd(sent.text)
        # location: a place the act happened in ("talks in Washington", "traveled to Washington")
        for ent in sent.ents:
            if ent.label_ in ("GPE", "LOC", "FAC") and lo <= ent.start and ent.end <= hi + 0:
                root = ent.root
                if self.resolver._is_location(root) and c.type in ("CONSULT", "AGREE"):
                    c.location = ent.text.removeprefix("the ")
                    break
        if c.location is None and c.type in ("CONSULT", "AGREE"):
            for ent in sent.ents:
                if ent.label_ in ("GPE", "LOC") and self.resolver._is_location(ent.root):
                    h = ent.root.head.head
                    if h == tok or h == clause or h in tok.subtree or (tok.head == h):
                        c.location = ent.text
                        break


@stage(STAGE)
def attributes(ctx: Context, state: ArticleState, cands: list[Candidate]) -> list[Candidate]:
    for c in cands:
        ctx._attributes(c, state.sents[c.sent_index], c.clause, state.goods)
        if c.frame == "restriction":
            c.measure = c.measure if c.measure in RESTRICTIVE else "market_access"  # a ban on bidding restricts access
        note(c, STAGE, "clause_attributes", "set", ", ".join(
            f"{k}={v}" for k, v in (("measure", c.measure), ("products", c.products), ("rate_to", c.rate_to),
                                    ("amount", c.amount), ("location", c.location)) if v not in (None, [])) or "none")
    return cands
