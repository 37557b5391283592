"""Event detection: triggers from the lexicon, roles from the dependency parse, status,
dates and attributes, then one event per act inside the article (merge) and codes.

Everything the rules know as words lives in data/triggers.yaml and data/lexicon.yaml.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta
from functools import lru_cache

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from tradewire.extract import attributes
from tradewire.extract.candidate import Candidate
from tradewire.extract.codes import code_event
from tradewire.extract.dates import RELATIVE_DAY, WEEKDAYS, resolve_date, resolve_relative, shift_back
from tradewire.extract.merge import merge, third_party_targets, to_event
from tradewire.models import SYMMETRIC_TYPES, Actor, Article, Event
from tradewire.resolve.kb import KnowledgeBase
from tradewire.resolve.lexicon import Lexicon, load_yaml
from tradewire.resolve.resolver import ArticleActors, Resolver

RESTRICTIVE = {"tariff", "quota", "export_control", "sanction", "market_access", "other"}
SPEECH_TYPES = {"THREATEN", "PLEDGE", "DEMAND", "ACCUSE", "REJECT"}
_DATE_PREFIX = {"earlier", "later", "late", "early", "mid", "last", "next", "this", "on", "in", "by", "since", "within",
                "from", "starting", "effective", "until", "beginning"}
_ACHIEVEMENT_VERBS = {"reach", "sign", "seal", "strike", "conclude", "finalize", "finalise", "clinch", "ink", "announce",
                      "launch", "file", "open", "agree"}
# Subordinators of a background clause whose details are another act's ("after X warned ...").
_ASIDE_MARKS = {"after", "before", "since", "while", "when", "as", "because", "until", "although", "though"}
# Acts whose day a lede leaves to the next sentences (speech acts are dated where they are said).
_DATED_ACTS = {"IMPOSE", "EASE", "LITIGATE", "INVESTIGATE", "AGREE", "CONSULT"}
_FUTURE_PREFIX = ("from ", "starting ", "effective ", "until ", "beginning ", "by ")



@lru_cache(maxsize=1)
def _dateline_cities() -> dict[str, str]:
    """City (lowercase) -> country, for datelines that name no capital (data/places/dateline_cities.yaml)."""
    return {city.lower(): iso3 for iso3, cities in load_yaml("places/dateline_cities.yaml").items() for city in cities}


@lru_cache(maxsize=1)
def load_triggers() -> tuple[dict[str, list[tuple[str, dict]]], dict[str, str]]:
    data = load_yaml("triggers.yaml")
    verbs: dict[str, list[tuple[str, dict]]] = {}
    for etype, entries in data["verbs"].items():
        for lemma, flags in entries.items():
            for f in flags if isinstance(flags, list) else [flags]:
                verbs.setdefault(lemma, []).append((etype, f or {}))
    nouns: dict[str, str] = {}
    for etype, lemmas in data["nouns"].items():
        for lemma in lemmas:
            nouns.setdefault(lemma, etype)
    return verbs, nouns


class EventExtractor:
    """Stateless across articles; one instance per knowledge base."""

    def __init__(self, kb: KnowledgeBase, lex: Lexicon, vocab):
        self.kb, self.lex = kb, lex
        self.resolver = Resolver(kb, lex)
        self.verbs, self.nouns = load_triggers()
        goods = load_yaml("goods.yaml") or []
        generic = load_yaml("goods_generic.yaml") or []
        self.goods = PhraseMatcher(vocab, attr="LOWER")
        terms = {t for g in goods for t in g.get("terms") or []}
        terms |= {t for t in generic if len(t.split()) > 1}
        self.goods.add("GOODS", [_phrase_doc(vocab, t) for t in sorted(terms)])
        self.sector_of = {t.lower(): g["sector"] for g in goods for t in g.get("terms") or []}

    # -- article level --------------------------------------------------------------------
    def is_trade(self, doc: Doc) -> bool:
        low = doc.text.lower()
        if sum(low.count(t) for t in self.lex.non_trade_terms) >= 2:
            strong = sum(low.count(t) for t in ("tariff", "duties", "wto", "trade talks", "trade deal", "export control"))
            if strong < 2:
                return False
        words = Counter(t.lower_ for t in doc)
        hits = sum(words[t] for t in self.lex.trade_terms if " " not in t)
        hits += sum(low.count(t) for t in self.lex.trade_terms if " " in t)
        if len(doc) < 60:  # a one-line item: one clear trade word is enough
            return hits >= 1 and any(w in low for w in ("tariff", "duties", "wto", "anti-dumping", "export control"))
        return hits >= 3

    def _weak_trade(self, doc: Doc) -> bool:
        """Some trade vocabulary and none of the sport/weather/crime words."""
        low = doc.text.lower()
        if any(t in low for t in self.lex.non_trade_terms):
            return False
        words = Counter(t.lower_ for t in doc)
        return sum(words[t] for t in self.lex.trade_terms if " " not in t) >= 1

    def _home_country(self, article: Article) -> str | None:
        """The country of the dateline city ("NEW DELHI:", "SEOUL, Jan 31 (Yonhap) --")."""
        if not article.dateline or "/" in article.dateline.split(",")[0]:
            return None  # no dateline, or a two-city one ("OTTAWA/MEXICO CITY"): no single home
        first = article.dateline.replace("—", ",").replace("--", ",").replace(":", ",").split(",")[0].split("/")[0]
        for e in self.kb.lookup(first.strip().title()):
            if e.kind in ("capital", "country"):
                return e.actor.country
        return _dateline_cities().get(first.strip().lower())

    def dyad(self, actors: ArticleActors) -> list[str]:
        counts: Counter = Counter()
        for m in actors.mentions:
            if m.actor.country and not m.is_location:
                counts[m.actor.country] += 1
        return [c for c, _ in counts.most_common(2)]

    def extract(self, doc: Doc, article: Article) -> list[Event]:
        trade = self.is_trade(doc)
        if not trade and not self._weak_trade(doc):
            return []
        actors = self.resolver.resolve(doc, article.published, self._home_country(article))
        dyad = self.dyad(actors)
        if not trade and len(dyad) < 2:
            return []  # a few trade words and no two countries facing each other: not trade policy
        goods_spans = filter_spans([doc[s:e] for _, s, e in self.goods(doc)])
        # Goods inside an actor name ("China Alcoholic Drinks Association") are not goods.
        goods_spans = [g for g in goods_spans if not any(actors.at(t) and actors.at(t).kind == "institution" for t in g)]
        cands: list[Candidate] = []
        for si, sent in enumerate(doc.sents):
            for tok in sent:
                c = self._candidate(tok, si, actors)
                if c is not None:
                    self._fill(c, sent, actors, dyad, goods_spans, article.published)
                    for part in self._split(c, sent, actors, goods_spans, article.published):
                        if self._keep(part):
                            cands.append(part)
        self._context_dates(cands, list(doc.sents), article.published)
        third_party_targets(cands, self.kb, dyad)
        merged = merge(cands)
        events = []
        for c in merged:
            if c.anaphoric:
                continue
            if c.type == "IMPOSE" and c.status == "planned" and not c.restriction and (
                    c.date is None or article.published is not None and c.date <= article.published.isoformat()):
                # "would take all necessary measures", said on Friday: a measure with no day of its own
                # to take effect is a warning (EVENTS.md), made the day it was said.
                c.type, c.status = "THREATEN", "occurred"
            ev = to_event(c)
            code_event(ev)
            events.append(ev)
        return events

    # -- triggers -------------------------------------------------------------------------
    def _candidate(self, tok: Token, si: int, actors: ArticleActors) -> Candidate | None:
        lemma = tok.lemma_.lower()
        if tok.pos_ == "ADJ" and tok.lower_ in self.lex.pledge_adjectives and tok.dep_ in ("acomp", "xcomp", "ccomp", "conj"):
            # "China was willing to work with ...", "Canada remains ready to negotiate ..."
            # ("ready to retaliate" is a threat: the imposition below carries it)
            retaliation = any(c.dep_ == "xcomp" and any(t == "IMPOSE" for t, _ in self.verbs.get(c.lemma_.lower(), []))
                              for c in tok.children)
            if any(c.dep_ in ("xcomp", "prep") for c in tok.children) and not retaliation \
                    and not any(c.dep_ == "neg" for c in tok.head.children):
                return Candidate("PLEDGE", tok, si, noun=False)
        if (lemma in ("say", "tell", "state", "add", "write", "post", "insist", "argue", "complain") or lemma in self.lex.labelling_verbs) \
                and tok.pos_ == "VERB":
            if self._accusing_statement(tok, actors):
                return Candidate("ACCUSE", tok, si, noun=False)
        if tok.pos_ in ("VERB", "AUX") or (tok.pos_ == "ADJ" and lemma in ("committed",)):
            if tok.dep_ == "amod":
                return None  # "a negotiated outcome", "the agreed timeframe": descriptions, not acts
            if lemma == "committed":
                lemma = "commit"
            hits = [h for h in self.verbs.get(lemma, []) if self._verb_flags_ok(tok, h[1], h[0], actors)]
            if not hits:
                return None
            # The most specific reading wins: "took India to the WTO over tariffs" is a filing first.
            hits.sort(key=lambda h: (-len(set(h[1]) - {"measure"}), not h[1].get("litigation")))
            etype, flags = hits[0]
            if etype == "AGREE" and lemma == "agree":
                # "agreed to cut the duty": the act is the cut; "agreed to meet again": planned talks;
                # "X and Y agreed to work toward ...": an agreement between them.
                for c in tok.children:
                    if c.dep_ != "xcomp":
                        continue
                    if any(tt == "CONSULT" for tt, _ in self.verbs.get(c.lemma_.lower(), [])) or any(
                            g.dep_ == "dobj" and self.nouns.get(g.lemma_.lower()) == "CONSULT" for g in c.children):
                        if c.lemma_.lower() in ("start", "begin", "launch", "open", "hold", "resume", "restart", "enter") and any(
                                g.dep_ == "dobj" and self.nouns.get(g.lemma_.lower()) == "CONSULT" for g in c.children):
                            return Candidate("AGREE", tok, si, noun=False)  # agreeing to open talks is an agreement
                        return None
                    hits_x = [t for t, f in self.verbs.get(c.lemma_.lower(), []) if self._verb_flags_ok(c, f, t, actors)]
                    if hits_x and not self._plural_subject(tok):
                        return None  # one side agreeing to act: the act itself is the event
                    if not hits_x and not self._plural_subject(tok) and not any(
                            ch.dep_ == "prep" and ch.lower_ in ("with", "between") for ch in tok.children):
                        return Candidate("PLEDGE", tok, si, noun=False)  # "Japan agreed to open procurement"
            if etype == "PLEDGE" and lemma != "agree":
                cur = tok
                for _ in range(3):
                    if cur.dep_ not in ("xcomp", "conj") or cur.head == cur:
                        break
                    cur = cur.head
                    if cur.lemma_.lower() == "agree":
                        if self._plural_subject(cur):
                            return None
                        break
            if etype == "PLEDGE" and any(c.dep_ == "xcomp" and any(t == "IMPOSE" for t, _ in self.verbs.get(c.lemma_.lower(), []))
                                         for c in tok.children):
                return None  # "vowed to retaliate": the conditional imposition below is the (threat) event
            if etype == "EASE" and lemma in ("remove", "drop", "exclude", "strip", "delete") and self._inverted_list(tok):
                etype = "IMPOSE"  # taken off a white list: a restriction
            if etype == "EASE" and lemma in ("end", "remove", "withdraw", "revoke", "scrap", "terminate", "suspend", "strip") \
                    and any(c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in self.lex.benefit_words for c in tok.children):
                etype = "IMPOSE"  # ending a preference or an exemption restricts trade
            if lemma in ("allow", "let", "permit") and any(c.dep_ == "neg" for c in tok.children):
                return Candidate("IMPOSE", tok, si, noun=False, restriction=True)  # "would not be allowed to bid"
            return Candidate(etype, tok, si, noun=False)
        if tok.pos_ in ("NOUN", "PROPN") and lemma in self.nouns:
            etype = self.nouns[lemma]
            if tok.pos_ == "PROPN" or tok.ent_type_ in ("LAW", "ORG", "EVENT", "WORK_OF_ART") or (tok.text[:1].isupper() and tok.i > tok.sent.start):
                return None  # "the North American Free Trade Agreement" names a treaty, not an act
            if lemma == "call":
                medium = any(c.lower_ in ("phone", "video", "telephone", "conference") for c in tok.children)
                # "a call on Washington to ..." asks; "a call on Wednesday between X and Y" is talks
                on_party = any(c.dep_ == "prep" and c.lower_ in ("on", "upon") and any(
                    g.dep_ == "pobj" and not _is_time_word(g) for g in c.children) for c in tok.children)
                if not medium and (on_party or any(c.dep_ == "prep" and c.lower_ == "for" for c in tok.children)):
                    etype = "DEMAND"
                elif not (medium or any(c.dep_ == "prep" and c.lower_ == "between" for c in tok.children) or (
                        tok.dep_ == "dobj" and tok.head.lemma_.lower() in ("hold", "have", "make")
                        and any(c.dep_ == "prep" and c.lower_ == "with" for c in tok.children))):
                    return None  # "held a call with Lutnick" is talks; "a call for calm" is not
            if lemma in ("action", "proceeding") and not any(c.lower_ in ("legal", "court", "infringement", "judicial")
                                                          for c in tok.children):
                return None
            if lemma == "round" and not any(c.lower_ == "of" for c in tok.children):
                return None
            if tok.dep_ == "pobj" and tok.head.lower_ in ("in", "as") and lemma in ("retaliation", "response", "reprisal"):
                return None  # "in retaliation for U.S. duties" gives the motive of another act
            if lemma in ("request", "call") and self._litigation_context(tok.sent) and any(
                    c.dep_ == "prep" and c.lower_ == "for" and any(g.lemma_.lower() == "consultation" for g in c.children)
                    for c in tok.children):
                etype = "LITIGATE"  # a WTO request for consultations opens a dispute
            if etype == "LITIGATE" and not self._litigation_context(tok.sent):
                return None
            if etype in ("EASE", "IMPOSE") and lemma not in ("retaliation",) and not self._has_measure(tok, restrictive=True):
                return None
            if etype == "PLEDGE" and lemma == "promise" and tok.dep_ == "dobj" and tok.head.lemma_ == "break":
                return None
            return Candidate(etype, tok, si, noun=True)
        return None

    def _litigation_context(self, sent: Span) -> bool:
        low = sent.text.lower()
        return any(w in low for w in self.lex.litigation_context)

    def _accusing_statement(self, verb: Token, actors: ArticleActors) -> bool:
        """A statement whose content condemns ("the duties remained unjustified", Ng said)."""
        lemma = verb.lemma_.lower()
        content = [c for c in verb.children if c.dep_ in ("ccomp", "parataxis", "oprd", "xcomp")] + [
            g for c in verb.children if c.dep_ == "prep" and c.lower_ in (("as", "about", "over") if lemma == "complain" else ("as",))
            for g in c.children]
        if lemma in self.lex.labelling_verbs:
            objs = [c for c in verb.children if c.dep_ == "dobj"] + ([verb.head] if verb.dep_ == "relcl" else []) + [
                g for c in verb.children if c.dep_ in ("ccomp", "xcomp", "oprd") for g in c.children if g.dep_ == "nsubj"]
            if not any(o.lower_ in ("what", "it", "them", "this") or self._actor_of(o, actors) is not None or self.lex.measure_words.get(o.lemma_.lower())
                       or o.lemma_.lower() in self.lex.accusation_objects
                       or any(g.dep_ == "poss" and self._actor_of(g, actors) is not None for g in o.children) for o in objs):
                return False  # a verdict aimed at no actor or act ("described the talks as useful" is no accusation);
                # "what he called the persecution of ...", "called it unfair": the verdict points back at an act
            # "described the curbs as politically motivated", "branded India's tariffs 'unacceptable'":
            # the parser hangs the verdict on the verb as a clause or on the object as a modifier.
            content += [c for c in verb.children if c.dep_ in ("advcl", "acomp")]
            # ("called the duties on its steel unfair": the parser may swallow the verdict into the phrase)
            content += [c for c in verb.children if c.dep_ == "prep" and objs and c.i > objs[0].i]
            content += [g for o in objs if o.head == verb for g in o.children if g.dep_ in ("amod", "oprd", "acomp") and g.i > o.i]
        if lemma == "complain" and any(c.dep_ == "ccomp" and any(
                g.dep_ == "nsubj" and self._actor_of(g, actors, strict=True) is not None for g in c.children)
                for c in verb.children):
            return True  # "complained that Seoul was stalling": a grievance against a named side
        if not content:
            return False
        # "anti-dumping", "anti-discrimination tariffs" name measures, not accusations
        toks = [t for c in content for t in c.subtree
                if not (t.i >= 2 and t.doc[t.i - 1].text == "-" and t.doc[t.i - 2].lower_ == "anti")
                and not t.lower_.startswith("anti-")]
        words = " ".join(t.lower_ for t in toks)
        lemmas = {t.lemma_.lower() for t in toks}
        if any(t.dep_ == "neg" for c in content for t in c.children):
            return False  # "is not protectionist": a defence, not an accusation
        if "lack" in lemmas and lemmas & self.lex.lacking_words:
            return True  # "the ruling lacks factual and legal basis"
        return any((" " in w and w in words) or w in lemmas for w in self.lex.accusation_words)

    def _measure_head(self, tok: Token) -> str | None:
        """The class of the measure the act is about: its object's measure noun ("tariffs" ~ "duties")."""
        for ch in tok.children:
            if ch.dep_ in ("dobj", "nsubjpass", "nsubj") and self.lex.measure_words.get(ch.lemma_.lower()):
                lemma = ch.lemma_.lower()
                return "tariff" if self.lex.measure_words[lemma] == "tariff" and lemma not in ("countermeasure", "retaliation") else lemma
        return None

    def _ruled_out(self, tok: Token) -> bool:
        return any(a.lemma_ == "rule" and any(c.lower_ == "out" for c in a.children) for a in _ancestors(tok, 3))

    def _object_of_other_trigger(self, noun: Token) -> bool:
        head = noun.head
        return noun.dep_ in ("dobj", "pobj", "nsubjpass") and head != noun and bool(self.verbs.get(head.lemma_.lower()))

    def _inverted_list(self, tok: Token) -> bool:
        text = " ".join(t.lower_ for c in tok.children if c.dep_ == "prep" and c.lower_ == "from" for t in c.subtree)
        if text and "list" in text and any(w in tok.sent.text.lower() for w in self.lex.inverted_lists):
            return True  # "... a month after Tokyo dropped Korea from its own list"
        return any(w in text for w in self.lex.inverted_lists)

    def _is_trigger_verb(self, tok: Token, actors) -> bool:
        return any(t != "AGREE" and self._verb_flags_ok(tok, f, t, actors) for t, f in self.verbs.get(tok.lemma_.lower(), []))

    def _verb_flags_ok(self, tok: Token, flags: dict, etype: str, actors: ArticleActors) -> bool:
        kids = list(tok.children)
        if etype == "THREATEN" and any(c.dep_ in ("ccomp", "xcomp") and c.lemma_.lower() in self.lex.consequence_verbs
                                       for c in kids):
            return False  # "warned that the tariffs could cost 30,000 jobs": a consequence, not a threat
        if tok.lemma_ == "raise" and etype in ("IMPOSE", "CONSULT"):
            with_actor = any(c.dep_ == "prep" and c.lower_ == "with" and any(
                g.dep_ == "pobj" and self._actor_of(g, actors, strict=True) for g in c.children)
                for k in [tok, *[o for o in kids if o.dep_ == "dobj"]] for c in k.children)
            if etype == "IMPOSE" and with_actor:
                return False  # "would raise the tariffs with Bessent": talks, not a hike
            if etype == "CONSULT":
                return with_actor
        if "particle" in flags:
            if not any(c.dep_ in ("prt", "prep", "advmod") and c.lower_ in flags["particle"] for c in kids):
                return False
        if flags.get("measure") and not self._has_measure(tok, restrictive=etype in ("IMPOSE", "EASE", "THREATEN"),
                                                          generic_ok=etype != "EASE") and not (
                etype == "EASE" and self._refused_reversal(tok)):
            return False
        if flags.get("concluded_talks"):
            # the talks must be about a deal: "concluded negotiations on a free trade agreement"
            if not any(c.dep_ in ("dobj", "nsubjpass") and self.nouns.get(c.lemma_.lower()) == "CONSULT" and any(
                    g.lemma_.lower() in self.lex.deal_words for g in c.subtree) for c in kids):
                return False
        if flags.get("deal"):
            objs = [c for c in kids if c.dep_ in ("dobj", "nsubjpass", "attr")]
            if tok.dep_ == "acl":
                objs.append(tok.head)
            objs += [g for o in objs for p in o.children if p.dep_ == "prep" and p.lower_ == "of"
                     for g in p.children if g.dep_ == "pobj"]  # "finalised the details of the package"
            if not any(o.lemma_.lower() in self.lex.deal_words or any(
                    g.lemma_.lower() in self.lex.deal_words for g in o.conjuncts) for o in objs):
                return False
        if flags.get("actor_obj"):
            # "urged Seoul to ...", and "want India to cut" where the parser makes India the clause subject
            objs = [c for c in kids if c.dep_ in ("dobj",)] + [
                g for c in kids if c.dep_ in ("ccomp", "xcomp") for g in c.children if g.dep_ == "nsubj"]
            if not any(self._actor_of(o, actors, strict=True) for o in objs):
                return False
        if flags.get("litigation"):
            if not self._litigation_context(tok.sent):
                return False
            objs = [c for c in kids if c.dep_ in ("dobj", "nsubjpass")]
            to_wto = any(c.dep_ == "prep" and c.lower_ in ("to", "at", "with", "before") and any(
                w in " ".join(g.lower_ for g in c.subtree) for w in self.lex.litigation_context) for c in kids)
            if tok.lemma_ != "challenge" and not (to_wto or any(o.lemma_.lower() in self.lex.litigation_words for o in objs)):
                return False
        if tok.lemma_ == "hit" and any(c.dep_ in ("nsubjpass", "auxpass") for c in kids) and not any(
                c.dep_ == "prep" and c.lower_ == "with" for c in kids):
            return False  # "shipments would be hit by the duties": a consequence, not an act
        if flags.get("to_list"):
            return any(c.dep_ == "prep" and c.lower_ == "to" and any(g.lemma_.lower() == "list" for g in c.subtree) for c in kids)
        if flags.get("obj_measure") and not any(
                c.dep_ in ("dobj", "nsubjpass") and self.lex.measure_words.get(c.lemma_.lower()) in RESTRICTIVE for c in kids):
            return False
        if flags.get("trade_flow"):
            objs = [c for c in kids if c.dep_ in ("dobj", "nsubjpass")]
            flows = any(o.lower_ in self.lex.trade_flows or o.lemma_.lower() in self.lex.trade_flows for o in objs)
            barred = any(self._actor_of(o, actors) is not None for o in objs) and any(
                c.dep_ == "prep" and c.lower_ == "from" for c in kids)
            if not (flows or barred):
                return False
        if flags.get("ratify"):
            subj_leg = any(c.dep_ == "nsubj" and self._actor_of(c, actors) is not None
                           and self._actor_of(c, actors).kind == "LEG" for c in kids)
            obj_law = any(c.dep_ == "dobj" and c.lemma_.lower() in ("act", "law", "bill", "legislation", "agreement", "deal",
                                                                   "treaty", "pact") for c in kids)
            if not (subj_leg and obj_law):
                return False
        if flags.get("negated") and not any(c.dep_ == "neg" for c in kids):
            return False
        if etype == "REJECT" and tok.lemma_ == "rule":
            # "ruled out retaliating" is a denied IMPOSE, not a rejection.
            for c in kids:
                if c.dep_ in ("xcomp", "dobj", "pcomp", "ccomp") and any(
                        t == "IMPOSE" for t, _ in self.verbs.get(c.lemma_.lower(), [])) or self.nouns.get(c.lemma_.lower()) == "IMPOSE":
                    return False
        if flags.get("investigation"):
            if not any(c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in self.lex.investigation_words for c in kids):
                return False
        if flags.get("actor_pobj"):
            if not any(c.dep_ == "prep" and any(g.dep_ == "pobj" and self._actor_of(g, actors, strict=True) for g in c.children) for c in kids):
                return False
        if flags.get("effect") or flags.get("subj_measure"):
            into_force = any(c.dep_ == "prep" and c.lower_ in ("into", "in") and any(
                g.lower_ in ("force", "effect") for g in c.children) for c in kids)
            if flags.get("effect") and not (any(c.dep_ == "dobj" and c.lower_ == "effect" for c in kids)
                                            or tok.lemma_ == "kick" or into_force):
                return False
            subj = [c for c in kids if c.dep_ in ("nsubj", "nsubjpass")]
            if tok.dep_ == "relcl":
                subj = subj + [tok.head]
            if not any(self.lex.measure_words.get(x.lemma_.lower()) in RESTRICTIVE for x in subj for x in x.subtree):
                return False
        if flags.get("intent"):
            if not self._intent(tok):
                return False
            if flags.get("market") and not any(c.dep_ == "dobj" and c.lemma_.lower() in ("market", "markets", "economy", "sector") for c in kids):
                return False
            if flags.get("pledge_obj") and not any(c.dep_ == "dobj" and c.lemma_.lower() in self.lex.pledge_objects for c in kids):
                return False
        if flags.get("exemption"):
            if not any(c.dep_ == "dobj" and c.lemma_.lower() in self.lex.exemption_words for c in kids):
                return False
        return True

    def _plural_subject(self, verb: Token) -> bool:
        """'The EU and the US agreed', 'the two sides agreed'."""
        for c in verb.children:
            if c.dep_ == "nsubj":
                return bool(list(c.conjuncts)) or any(g.lower_ in ("two", "both", "sides", "countries", "governments") for g in c.subtree)
        return False

    def _intent(self, tok: Token) -> bool:
        """'will buy', 'would invest', 'agreed to purchase', 'pledged to open': a commitment."""
        if any(c.dep_ == "aux" and c.lower_ in ("will", "would", "shall", "'ll") for c in tok.children):
            return True
        cur = tok
        for _ in range(2):
            if cur.dep_ in ("xcomp", "ccomp", "conj") and cur.head.lemma_.lower() in (
                    "agree", "pledge", "promise", "commit", "vow", "offer", "plan", "intend", "undertake", "continue"):
                return True
            if cur.dep_ == "conj":
                cur = cur.head
                if any(c.dep_ == "aux" and c.lower_ in ("will", "would", "shall") for c in cur.children):
                    return True
                continue
            break
        return False

    def _under_demand(self, tok: Token) -> bool:
        """An act asked for or refused ("urged Tokyo to withdraw its curbs") is not an act."""
        cur = tok
        for _ in range(3):
            if cur.dep_ not in ("xcomp", "ccomp", "conj", "pobj", "pcomp", "advcl") or cur.head == cur:
                return False
            cur = cur.head
            for t, _f in self.verbs.get(cur.lemma_.lower(), []):
                if t in ("DEMAND", "REJECT") and cur.lemma_ != "rule":  # "ruled out retaliating": a denied act
                    return True
            if cur.lemma_.lower() in ("seek", "want", "ask", "hope", "try", "commit", "committed", "pledge", "promise", "vow"):
                return True  # asked for, or promised: the demand or the pledge is the act
        return False

    def _is_future(self, tok: Token) -> bool:
        """Does this clause speak of the future ("will meet", "is expected to return")?"""
        cur = tok
        if tok.lemma_.lower() in self.lex.effect_verbs and (tok.tag_ in ("VBZ", "VBP") or any(
                c.dep_ == "aux" and c.lower_ in ("would", "could", "should", "'d") for c in tok.children)):
            return True  # "the duties, which take effect on Monday", "would take effect on Jan. 1": ahead
        for _ in range(3):
            if any(c.dep_ == "aux" and c.lower_ in ("will", "shall", "'ll") for c in cur.children):
                return True
            if cur.dep_ == "ccomp" and cur.head.lemma_ in self.lex.speech_verbs and any(
                    c.dep_ == "aux" and c.lower_ in ("would", "'d") for c in cur.children):
                return True  # "said he would meet Lutnick on Thursday": the future seen from the report
            if cur.dep_ == "xcomp" and cur.head.lemma_.lower() in self.lex.planned_governors:
                return True
            if cur.dep_ not in ("xcomp", "conj") or cur.head == cur:
                return False
            cur = cur.head
        return False

    def _considered(self, tok: Token) -> bool:
        cur = tok
        for _ in range(3):
            if cur.head == cur or cur.dep_ not in ("xcomp", "dobj", "pcomp", "ccomp", "pobj"):
                return False
            cur = cur.head
            if cur.lemma_.lower() in ("consider", "weigh", "mull", "explore", "contemplate", "study"):
                return True
        return False

    def _in_condition(self, tok: Token, marks: tuple[str, ...] = ("if", "unless", "whether")) -> bool:
        cur = tok
        for _ in range(4):
            if any(c.dep_ == "mark" and c.lower_ in marks for c in cur.children):
                return True
            if cur.head == cur or cur.dep_ in ("relcl", "acl") or cur.head.lemma_.lower() in self.lex.speech_verbs:
                return False
            cur = cur.head
        return False

    def _refused_reversal(self, tok: Token) -> bool:
        """'no intention of withdrawing them', 'would not reverse the decision', 'no plans to reconsider it'."""
        objs = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass", "prep")]
        anaph = any(o.lower_ in self.lex.reversal_objects or o.lemma_.lower() in self.lex.reversal_objects or (
            o.dep_ == "prep" and o.lower_ == "on") for o in objs)
        if not anaph:
            return False
        cur = tok
        for _ in range(4):
            if any(k.dep_ == "neg" for k in cur.children) or (cur.pos_ == "NOUN" and any(
                    k.dep_ == "det" and k.lower_ == "no" for k in cur.children)):
                return True
            if cur.head == cur:
                return False
            cur = cur.head
        return False

    def _has_measure(self, tok: Token, restrictive: bool, generic_ok: bool = True) -> bool:
        for t in _scope_tokens(tok):
            m = self.lex.measure_words.get(t.lemma_.lower()) or self.lex.measure_words.get(t.lower_)
            if m and (not restrictive or m in RESTRICTIVE) and (generic_ok or m != "other"):
                return True
        return False

    # -- roles ----------------------------------------------------------------------------
    def _actor_of(self, tok: Token, actors: ArticleActors, strict: bool = False, speaker: Actor | None = None) -> Actor | None:
        """The actor a token stands for (mention, country-modified group, 'we' in a quote)."""
        m = actors.at(tok)
        if m is not None:
            if m.is_location or m.actor.kind == "MED":
                return None
            return m.actor
        low = tok.lower_
        if speaker is not None and (low in self.lex.first_person or (low in self.lex.speaker_pronouns and tok.dep_ in ("nsubj", "nsubjpass"))):
            return speaker
        if low in ("it", "they") and tok.dep_ in ("nsubj", "nsubjpass"):
            # "Beijing opened a probe ..., after it launched another": the governing clause's subject first.
            cur = tok.head
            for _ in range(4):
                if cur.head == cur:
                    break
                cur = cur.head
                for ch in cur.children:
                    if ch.dep_ == "nsubj" and ch.i < tok.i and actors.at(ch) is not None and not actors.at(ch).is_location \
                            and actors.at(ch).kind in ("country", "capital", "institution", "group"):
                        return actors.at(ch).actor
            # "China published a list of goods that it may hit": the latest government before it;
            # at the start of a sentence, the subject of the sentence before ("It said ...").
            if tok.i == tok.sent.start or all(t.is_punct or t.i == tok.i for t in tok.doc[tok.sent.start:tok.i + 1]):
                prev = [m for m in actors.mentions if m.end <= tok.sent.start and not m.is_location
                        and m.kind in ("country", "capital", "institution", "group") and m.actor.kind in ("GOV", "IGO", "LEG")]
                prev_subj = [m for m in prev if tok.doc[m.end - 1].dep_ in ("nsubj", "nsubjpass") or
                             tok.doc[m.start].head.dep_ in ("nsubj", "nsubjpass")]
                if prev_subj and prev_subj[-1].start >= tok.sent.start - 60:
                    return prev_subj[-1].actor
            prior = [m for m in actors.mentions if m.end <= tok.i and m.start >= tok.sent.start and not m.is_location
                     and m.kind in ("country", "capital", "institution") and m.actor.kind in ("GOV", "IGO", "LEG")]
            if prior:
                return prior[-1].actor
        # "Commerce Minister | Wang Wentao" (apposition), "the minister, Kim" ...
        for ch in tok.children:
            if ch.dep_ in ("appos", "compound") and actors.at(ch) is not None and actors.at(ch).kind == "person":
                return actors.at(ch).actor
        if tok.lemma_.lower() in ("spokesperson", "spokesman", "spokeswoman", "official", "department", "ministry", "office"):
            for ch in tok.children:
                m = actors.at(ch)
                if ch.dep_ in ("compound", "poss") and m is not None and not m.is_location:
                    # "a ministry spokesperson" (the ministry), "his department" (the person's government)
                    if m.kind in ("person", "pronoun", "title") and m.actor.country:
                        return self.kb.country_actor(m.actor.country) or m.actor
                    return m.actor
        if strict:
            return None
        if tok.lemma_.lower() in self.lex.non_actor_nouns:
            return None
        cm = self.resolver._country_modifier(tok, actors.by_token)
        if cm is not None and tok.pos_ in ("NOUN", "PROPN"):
            return Actor(name=cm.actor.name, country=cm.actor.country, kind=cm.actor.kind, id=cm.actor.id)
        return None

    def _speaker(self, tok: Token, actors: ArticleActors) -> tuple[Actor | None, Token | None]:
        """The speaker of the reported speech the token == in ("Trump said ... X")."""
        cur = tok
        while cur.head != cur:
            head = cur.head
            if head.lemma_.lower() in self.lex.speech_verbs and cur.dep_ in ("ccomp", "parataxis", "dobj", "advcl", "xcomp", "conj") and head != tok:
                for c in head.children:
                    if c.dep_ in ("nsubj", "nsubjpass"):
                        a = self._actor_of(c, actors)
                        return a, head
                return None, head
            cur = head
        # "The decree doubles duties ..., Bolat said": the parser may hang the report under the statement
        for up in (tok, *_ancestors(tok, 4)):
            for ch in up.children:
                if ch.dep_ == "parataxis" and ch.lemma_.lower() in self.lex.speech_verbs:
                    for c in ch.children:
                        if c.dep_ in ("nsubj", "nsubjpass"):
                            return self._actor_of(c, actors), ch
        # "according to X"
        for t in tok.sent:
            if t.lower_ == "according" and t.nbor(1).lower_ == "to" if t.i + 1 < len(t.doc) else False:
                for g in t.nbor(1).children:
                    if g.dep_ == "pobj":
                        return self._actor_of(g, actors), None
        return None, None

    def _subjects(self, verb: Token) -> list[Token]:
        """Subject tokens of a verb, following xcomp control, conjunction and relative clauses."""
        cur = verb
        if verb.lower_ in ("committed", "determined", "prepared", "poised", "obliged", "obligated"):
            passives = [c for c in verb.children if c.dep_ == "nsubjpass"]
            if passives:
                return [passives[0], *passives[0].conjuncts]  # "India was committed to ..."
        for _ in range(6):
            subs = [c for c in cur.children if c.dep_ in ("nsubj", "csubj")]
            if subs and cur.dep_ == "relcl" and subs[0].lower_ in ("which", "that") \
                    and cur.head.lemma_.lower() in self.lex.decree_nouns and cur.head.dep_ in ("dobj", "pobj", "nsubjpass"):
                cur = cur.head.head  # "signed a memorandum that will impose duties": the signer acts
                if cur.pos_ == "ADP":
                    cur = cur.head
                continue
            if subs and cur.dep_ == "relcl" and subs[0].lower_ in ("who", "which", "that"):
                subs = [cur.head]  # "Sefcovic, who held talks with Lutnick"
            if subs:
                out = []
                for s in subs:
                    out.append(s)
                    out.extend(s.conjuncts)
                return out
            agents = [g for c in cur.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
            if agents:
                return [agents[0], *agents[0].conjuncts]
            if cur.dep_ == "xcomp" and cur.head.lemma_.lower() in self.lex.object_control:
                objs = [c for c in cur.head.children if c.dep_ == "dobj"]
                if objs:
                    return [objs[0], *objs[0].conjuncts]
            if cur.dep_ in ("xcomp", "conj", "advcl", "ccomp", "acomp") and cur.head != cur:
                if cur.dep_ == "ccomp":
                    return []
                cur = cur.head
                continue
            # "Pretoria had no intention of retaliating": the one who has the intention acts
            if cur.dep_ == "pcomp" and cur.head.dep_ == "prep" and cur.head.head.lemma_.lower() in self.lex.intention_nouns \
                    and cur.head.head.head.pos_ in ("VERB", "AUX"):
                cur = cur.head.head.head
                continue
            if cur.dep_ == "acl" and cur.head.lemma_.lower() in self.lex.intention_nouns and cur.head.head.pos_ in ("VERB", "AUX"):
                cur = cur.head.head  # "has no plans to lift the tariffs"
                continue
            if cur.dep_ == "acl" and cur.head.pos_ == "NOUN" and cur.head.dep_ in ("dobj", "pobj") \
                    and cur.head.lemma_.lower() in ("order", "decree", "proclamation", "memorandum", "measure", "plan", "decision",
                                                    "resolution", "statement", "letter", "bill", "motion"):
                owners = [ch for ch in cur.head.children if ch.dep_ == "poss"] + [
                    g for ch in cur.head.children if ch.dep_ == "prep" and ch.lower_ == "by" for g in ch.children if g.dep_ == "pobj"]
                if owners:
                    return owners  # "welcomed Trump's decision to suspend": Trump acts, not the one welcoming
                cur = cur.head.head  # "signed orders hitting Canada": the signer acts
                if cur.pos_ == "ADP":
                    cur = cur.head
                continue
            if cur.dep_ == "acl" and cur.head.pos_ == "NOUN":
                # "today's decision by the U.S. Department of Commerce to impose duties"
                agents = [g for ch in cur.head.children if ch.dep_ == "prep" and ch.lower_ == "by" for g in ch.children
                          if g.dep_ == "pobj"] + [ch for ch in cur.head.children if ch.dep_ == "poss"]
                if agents and cur.head.lemma_.lower() in ("decision", "move", "plan", "order", "attempt", "bid", "threat", "proposal"):
                    return agents
            if cur.dep_ in ("relcl", "acl") and cur.head.pos_ in ("NOUN", "PROPN", "PRON"):
                return [cur.head]
            passives = [c for c in cur.children if c.dep_ == "nsubjpass"]
            if passives and cur.head != cur and cur.dep_ == "xcomp":
                return passives
            if [c for c in cur.children if c.dep_ == "nsubjpass"]:
                # "Kim == expected to return": the raised subject of the passive governor.
                return [c for c in cur.children if c.dep_ == "nsubjpass"] if cur != verb else []
            break
        return []

    def _participle_subjects(self, verb: Token) -> list[Token]:
        """', calling the measure unacceptable': a subject-less participle set off by a comma speaks
        for the main clause's subject, even where the parser hangs it on a subordinate clause
        ("Japan demanded that China withdraw the ban, calling it unacceptable": Japan calls)."""
        if verb.tag_ != "VBG" or verb.dep_ != "advcl" or verb.i == 0 or verb.doc[verb.i - 1].text != ",":
            return []
        if any(c.dep_ in ("nsubj", "nsubjpass", "csubj") for c in verb.children):
            return []
        if verb.head.dep_ not in ("ccomp", "advcl", "xcomp", "relcl", "acl"):
            return []  # already on the main clause: the ordinary climb finds its subject
        root = verb
        while root.head != root:
            root = root.head
        return self._subjects(root) if root.pos_ in ("VERB", "AUX") else []

    def _governor(self, noun: Token) -> Token | None:
        """The verb a nominal trigger depends on ("held talks", "return for discussions")."""
        cur = noun
        for _ in range(4):
            head = cur.head
            if head == cur:
                return None
            if head.pos_ in ("VERB", "AUX"):
                return head
            if head.dep_ == "prep" or head.pos_ == "ADP":
                cur = head
                continue
            if head.pos_ == "NOUN" and head.lemma_.lower() in ("day", "week", "round", "series", "hour", "month"):
                cur = head  # "led three days of negotiations"
                continue
            return None
        return None

    def _fill(self, c: Candidate, sent: Span, actors: ArticleActors, dyad: list[str], goods: list[Span], published: date | None) -> None:
        tok = c.trigger
        speaker, speech_verb = self._speaker(tok, actors)
        gov = self._governor(tok) if c.noun else None
        act = self._act_clause(tok) if c.noun else None
        clause = act if act is not None else (gov if gov is not None else tok)
        explicit_subject = False

        if c.restriction:
            return self._fill_restriction(c, sent, clause, actors, dyad, goods, published, speaker)
        if not c.noun and any(f.get("patient_subject") for _t, f in self.verbs.get(tok.lemma_.lower(), [])):
            return self._fill_patient(c, sent, clause, actors, dyad, goods, published, speaker, speech_verb)
        # Acts that are only asked for, refused or set as conditions are not acts.
        if c.noun and gov is not None and c.type in ("AGREE", "CONSULT") \
                and gov.dep_ in ("xcomp", "ccomp") and gov.head.lemma_.lower() in ("want", "hope", "seek", "try"):
            return self._finish_drop(c)  # "they want to make a deal": a wish, not a deal
        if not c.noun and tok.head.lemma_.lower() in self.lex.wish_verbs and (
                tok.dep_ == "xcomp" and any(ch.dep_ == "dobj" for ch in tok.head.children)
                or tok.dep_ == "ccomp" and any(ch.dep_ == "aux" and ch.lower_ == "to" for ch in tok.children)):
            return self._finish_drop(c)  # "Seoul expected Washington to keep the tariff at 15%": a hope, not an act
        if c.type == "PLEDGE" and not c.noun and any(
                ch.dep_ == "xcomp" and ch.lemma_.lower() in self.lex.hostile_verbs for ch in tok.children):
            return self._finish_drop(c)  # "vowed to fight to the end" commits to nothing cooperative
        vowed = c.type == "IMPOSE" and tok.dep_ == "xcomp" and (tok.head.lemma_.lower() in ("vow", "pledge", "promise", "swear")
                                                                 or tok.head.lower_ in self.lex.pledge_adjectives)
        if c.type in ("IMPOSE", "EASE", "AGREE", "CONSULT", "PLEDGE", "INVESTIGATE", "LITIGATE") and not vowed \
                and self._under_demand(tok):
            return self._finish_drop(c)
        if c.noun and gov is not None and c.type in ("IMPOSE", "EASE", "AGREE", "CONSULT", "INVESTIGATE", "LITIGATE") \
                and tok.dep_ in ("dobj", "nsubjpass") and gov.dep_ in ("xcomp", "ccomp") and self._under_demand(gov):
            return self._finish_drop(c)  # "urged Brussels to prepare countermeasures", "asked Beijing to hold talks"
        if c.type in ("AGREE", "PLEDGE") and tok.dep_ == "relcl" and any(
                k.dep_ == "aux" and k.lower_ in ("would", "could", "might") for k in tok.children):
            return self._finish_drop(c)  # "undertakings, in which carmakers would agree to ...": a description
        if c.type in ("EASE", "AGREE", "CONSULT", "PLEDGE") and self._in_condition(tok, marks=("if", "unless", "whether", "until")) \
                or c.type == "IMPOSE" and self._in_condition(tok, marks=("unless", "if")):
            return self._finish_drop(c)  # "... until Washington drops its levies": a condition, not an act
        if self._in_condition(tok, marks=("whether",)):
            return self._finish_drop(c)
        if c.type == "REJECT" and tok.lemma_ == "rule" and any(ch.dep_ == "neg" for ch in tok.children):
            return self._finish_drop(c)  # "had not ruled out a complaint" rejects nothing
        decree = not c.noun and tok.dep_ in ("acl", "relcl") and tok.head.lemma_.lower() in self.lex.decree_nouns
        if c.type in ("IMPOSE", "EASE") and not c.noun and tok.dep_ == "acl" and not decree and not any(
                ch.dep_ == "aux" and ch.lower_ == "to" for ch in tok.children):
            c.anaphoric = True  # "duties imposed on Australian barley": a back-reference ("decision to impose" is not)
        # status first: it can turn an IMPOSE into a THREATEN
        c.status = self._status(act if act is not None else tok, c.type, speech_verb)
        if c.type == "EASE" and not c.noun and self._refused_reversal(tok):
            c.status = "denied"  # "no plans to reverse them"
        if c.status == "denied" and c.type in ("EASE", "CONSULT") and not self._in_condition(tok):
            # "no intention of withdrawing them", "no negotiations until ...": a refusal.
            c.type, c.status = "REJECT", "occurred"
        if c.noun and c.type in SYMMETRIC_TYPES and c.status in ("denied", "hypothetical"):
            c.anaphoric = True
        if c.type == "IMPOSE" and c.status == "hypothetical":
            c.type = "THREATEN"
            c.status = "occurred" if speech_verb is not None or self._threat_governed(tok) else "occurred"
        if self._considered(tok):
            # "is considering removing Korea from its white list": a threat, hypothetical.
            c.type = "THREATEN" if c.type in ("IMPOSE", "EASE") else c.type
            c.status = "hypothetical" if c.type != "THREATEN" else "hypothetical"
        if vowed:
            c.type, c.status = "THREATEN", "occurred"  # "vowed to retaliate", "ready to retaliate": threats
        if c.type == "IMPOSE" and self._threat_governed(tok):
            c.type, c.status = "THREATEN", self._status(self._threat_governed(tok), "THREATEN", speech_verb)

        # source / participants
        subj_actors: list[Actor] = []
        subj_tokens: list[Token] = []
        if c.noun:
            for ch in tok.children:
                if ch.dep_ == "poss":
                    subj_tokens.append(ch)
                if ch.dep_ == "prep" and ch.lower_ in ("from", "by"):
                    subj_tokens += [g for g in ch.children if g.dep_ == "pobj"]
                if ch.dep_ in ("compound", "amod") and actors.at(ch) is not None and c.type in ("CONSULT", "AGREE", "THREATEN", "IMPOSE", "INVESTIGATE", "PLEDGE"):
                    subj_tokens.append(ch)
            if gov is not None and (gov.lemma_.lower() in self.lex.light_verbs or gov.lemma_.lower() in self.lex.motion_verbs):
                subj_tokens += self._subjects(gov)
            if act is not None and not subj_tokens:
                subj_tokens += self._subjects(act)  # "an investigation it launched last October"
            if c.type == "AGREE" and not self._noun_is_act(tok, gov):
                subj_tokens = []
        elif any((f.get("effect") or f.get("subj_measure")) and self._verb_flags_ok(tok, f, t, actors)
                 for t, f in self.verbs.get(tok.lemma_.lower(), [])):
            # "U.S. duties on Canadian goods took effect": the measure's owner acts.
            subj = [x for x in tok.children if x.dep_ in ("nsubj", "nsubjpass")] + ([tok.head] if tok.dep_ == "relcl" else [])
            subj_tokens = [g for x in subj for g in x.children if g.dep_ in ("poss", "compound", "amod") and actors.at(g)]
        else:
            subj_tokens = (self._participle_subjects(tok) if c.type in SPEECH_TYPES else []) or self._subjects(tok)
        if c.type == "EASE" and c.noun and gov is not None and gov.lemma_.lower() in ("secure", "win", "obtain", "get", "receive", "earn", "gain", "seek"):
            beneficiaries = [a for a in (self._actor_of(t, actors, speaker=speaker) for t in subj_tokens) if a is not None]
            owners = [a for a in (self._actor_of(t, actors) for t in self._noun_owner(tok, actors)) if a is not None]
            if beneficiaries:
                c.target = beneficiaries[0]
                src = owners[0] if owners else None
                if src is None and len(dyad) == 2 and c.target.country in dyad:
                    src = self.kb.country_actor(next(x for x in dyad if x != c.target.country))
                if src is None or src.country == c.target.country:
                    return self._finish_drop(c)
                c.source = src
                self._attributes(c, sent, clause, actors, goods, published)
                return None
        # "a deal that lowers the tariff": the deal is no actor, the measure's owner is.
        subj_tokens = [t for t in subj_tokens if t.lemma_.lower() not in self.lex.deal_words
                       and not self.lex.measure_words.get(t.lemma_.lower()) and t.lower_ not in ("which", "that", "who")]
        explicit_subject = bool(subj_tokens)
        if not subj_tokens and c.type in ("IMPOSE", "EASE") and not c.noun:
            subj_tokens = self._measure_owner(tok, actors)
        for s in subj_tokens:
            a = self._actor_of(s, actors, speaker=speaker)
            if a is not None:
                subj_actors.append(a)
        if c.type == "PLEDGE" and c.status == "denied":
            return self._finish_drop(c)
        if c.type == "IMPOSE" and c.status == "denied" and not self._ruled_out(tok) and not (
                tok.lemma_.lower() in ("retaliate", "retaliation", "countermeasure") and tok.pos_ == "VERB"):
            return self._finish_drop(c)  # "no intention of imposing", "were not retaliation" (but "would not retaliate" stays)
        if c.type in ("IMPOSE", "EASE") and not c.noun and tok.dep_ == "relcl" and not decree \
                and tok.head.lemma_.lower() not in self.lex.deal_words and self._object_of_other_trigger(tok.head):
            c.anaphoric = True  # "roll back the tariffs they have imposed": the imposition is background
        # A named subject we cannot resolve ("IAG had agreed to buy") is someone else, not the speaker.
        unresolved_subject = bool(subj_tokens) and not subj_actors and all(t.pos_ == "PROPN" for t in subj_tokens)
        if c.noun and not self._noun_is_act(tok, gov):
            unresolved_subject = True  # a back-reference ("commitments it had made") is nobody's new act
        if speaker is not None and not unresolved_subject and c.type in ("THREATEN", "PLEDGE", "DEMAND", "REJECT", "ACCUSE") and (
                not subj_actors or all(a.country == speaker.country for a in subj_actors)):
            # Reported threats and pledges belong to the one who made them.
            if not subj_actors or all(a.kind == "GOV" and (a.id or "").startswith("country:") for a in subj_actors):
                subj_actors = [speaker]
                explicit_subject = True

        # objects / targets
        obj_actors = self._objects(tok, c, actors, speaker)
        if c.type in SYMMETRIC_TYPES:
            parts: list[Actor] = []
            for a in subj_actors + obj_actors:
                if a is not None and all(a.name != p.name for p in parts):
                    parts.append(a)
            if c.noun and not parts and not self._noun_is_act(tok, gov):
                c.anaphoric = True
            if c.noun and self._hedged_noun(tok):
                c.anaphoric = True
            if c.type == "CONSULT" and obj_actors and all(a.kind in ("BUS", "MED", "OTHER") for a in obj_actors):
                return self._finish_drop(c)  # a minister meeting chipmakers is not talks between governments
            parts = [p for p in parts if not (c.type == "CONSULT" and p.kind in ("BUS", "MED"))]
            if not subj_tokens and speaker is not None and parts and all(p.country != speaker.country for p in parts):
                parts.append(speaker)  # "talks with Canada and Mexico", said the U.S. secretary
            countries = {p.country for p in parts if p.country}
            if c.type == "CONSULT" and c.noun and tok.lemma_.lower() == "consultation" and self._litigation_context(sent) and (
                    tok.head.lemma_.lower() in ("request", "seek", "file") or tok.head.lower_ == "for"
                    and tok.head.head.lemma_.lower() in ("request", "call")):
                return self._finish_drop(c)  # "a request for WTO consultations" opens a dispute (LITIGATE), not talks
            if c.type == "CONSULT" and not c.noun and tok.lemma_ == "meet" and any(
                    ch.dep_ == "nsubj" and ch.tag_ == "NN" and not list(ch.conjuncts) for ch in tok.children) and not any(
                    ch.dep_ in ("dobj", "prep") and (ch.dep_ == "dobj" or ch.lower_ in ("with", "between"))
                    for ch in tok.children):
                return self._finish_drop(c)  # "where his cabinet was meeting": one side meeting alone
            if c.type == "CONSULT" and not c.noun and tok.dep_ in ("advcl", "xcomp") and tok.head.lemma_.lower() == "meet" \
                    and tok.lemma_.lower() != "meet":
                return self._finish_drop(c)  # "met the heads of Samsung to discuss ...": the meeting is the act
            non_actor_obj = any((ch.dep_ == "dobj" and tok.lemma_ in ("meet", "host", "visit")) or (
                ch.dep_ == "prep" and ch.lower_ in ("with", "between")) for ch in tok.children) and not obj_actors
            if non_actor_obj and not c.noun:
                return self._finish_drop(c)
            if c.noun and not obj_actors and any(
                    ch.dep_ == "prep" and ch.lower_ == "with" and any(
                        g.dep_ == "pobj" and g.pos_ in ("NOUN", "PROPN") for g in ch.children) for ch in tok.children):
                return self._finish_drop(c)  # "a meeting with executives from Samsung": not talks between governments
            # The missing side: the sentence's other country if it names exactly one more, else the article's pair.
            in_sentence = []
            for m in actors.mentions:
                if sent.start <= m.start < sent.end and not m.is_location and m.actor.country \
                        and m.kind in ("country", "capital", "demonym") and m.actor.country not in in_sentence:
                    in_sentence.append(m.actor.country)
            legislature = c.type == "AGREE" and any(p.kind == "LEG" for p in subj_actors)
            if len(countries) == 1 and legislature:
                pass  # a parliament ratifying: its own act, no other side to add
            elif len(countries) == 1:
                others = [x for x in in_sentence if x not in countries]
                other = others[0] if len(others) == 1 else (
                    next((x for x in dyad if x not in countries), None) if len(dyad) == 2 else None)
                if other:
                    parts.append(self.kb.country_actor(other) or Actor(name=other, country=other))
            elif not countries and not c.anaphoric and (len(in_sentence) == 2 or len(dyad) == 2):
                if c.noun and not self._noun_is_act(tok, gov):
                    c.anaphoric = True
                else:
                    pair = in_sentence if len(in_sentence) == 2 else dyad
                    parts = [self.kb.country_actor(x) or Actor(name=x, country=x) for x in pair]
            c.participants = parts
        else:
            src = subj_actors[0] if subj_actors else None
            tgt = next((a for a in obj_actors if a is not None and a.country and (src is None or a.country != src.country)), None)
            if src is None and speaker is not None and c.type in ("THREATEN", "IMPOSE") and not explicit_subject and any(
                    f.get("subj_measure") or f.get("effect") for _t, f in self.verbs.get(tok.lemma_.lower(), [])) and not any(
                    ch.dep_ in ("nsubjpass", "auxpass") for ch in tok.children):
                src = speaker  # "tariffs would follow in 21 days, Trudeau said"
            if src is None and speaker is not None and c.type in ("IMPOSE", "EASE") and any(
                    t.lemma_.lower() in self.lex.decree_nouns for t in subj_tokens):
                src = speaker  # "The decree doubles duties on U.S. cars, Bolat said": the speaker's side decreed it
            if src is None:
                if explicit_subject and not c.noun:
                    c.anaphoric = True  # a subject that is no actor ("analysts warn"): not an event
                    c.source = None
                    return self._finish_drop(c)
                if c.noun and not self._noun_is_act(tok, gov):
                    c.anaphoric = True
                elif tgt is not None and tgt.country and len(dyad) == 2 and tgt.country in dyad:
                    other = next(x for x in dyad if x != tgt.country)
                    src = self.kb.country_actor(other)
                elif c.noun and tgt is None:
                    c.anaphoric = True
                else:
                    c.anaphoric = True
            sentence_others = []
            for m in actors.mentions:
                if sent.start <= m.start < sent.end and not m.is_location and m.actor.country and src is not None \
                        and m.kind in ("country", "capital", "demonym") and m.actor.country != src.country \
                        and m.actor.country not in sentence_others:
                    sentence_others.append(m.actor.country)
            if tgt is None and src is not None and src.country and len(sentence_others) == 1:
                tgt = self.kb.country_actor(sentence_others[0])  # the one other country this sentence names
            elif tgt is None and src is not None and src.country and len(dyad) == 2 and src.country in dyad:
                other = next(x for x in dyad if x != src.country)
                tgt = self.kb.country_actor(other)
            elif tgt is None and src is not None and src.country and dyad and c.type in ("THREATEN", "IMPOSE", "EASE", "ACCUSE", "DEMAND", "REJECT"):
                # A third country acting: resolved after all events are known (see merge.third_party_targets).
                c.third_party = True
            if src is not None and tgt is not None and src.country == tgt.country:
                tgt = None
            c.source, c.target = src, tgt

        c.separate = any(t.lower_ in self.lex.separate_cues for t in tok.subtree) or any(
            t.lower_ in self.lex.separate_cues for t in tok.children)
        self._attributes(c, sent, clause, actors, goods, published)
        if speaker is not None:
            c.kb_actors += 1
        c.kb_actors += sum(1 for a in [c.source, c.target, *c.participants] if a is not None and a.id)

    def _fill_restriction(self, c: Candidate, sent, clause, actors, dyad, goods, published, speaker) -> None:
        """'Chinese companies would not be allowed to bid': a ban on the barred party's country, by the
        speaker's side (or the article's other side)."""
        tok = c.trigger
        barred = [x for ch in tok.children if ch.dep_ in ("nsubjpass", "dobj", "nsubj") for x in (ch, *ch.conjuncts)]
        targets = [a for x in barred for a in [self._actor_of(x, actors), *self._goods_country(x, actors)] if a is not None]
        if not targets or not targets[0].country:
            return self._finish_drop(c)
        c.target = targets[0]
        src = speaker
        if src is None or src.country == c.target.country:
            others = [x for x in dyad if x != c.target.country]
            src = self.kb.country_actor(others[0]) if others else None
        if src is None:
            return self._finish_drop(c)
        c.source = src
        c.status = "planned" if any(k.dep_ == "aux" and k.lower_ in ("will", "would", "shall") for k in tok.children) else "occurred"
        self._attributes(c, sent, clause, actors, goods, published)
        c.measure = c.measure if c.measure in RESTRICTIVE else "market_access"
        return None

    def _fill_patient(self, c: Candidate, sent, clause, actors, dyad, goods, published, speaker, speech_verb) -> None:
        """'India will face further penalties unless ..., he warned': the subject is the target; the one
        who warns (or the article's other side) imposes."""
        tok = c.trigger
        subj = [a for t in self._subjects(tok) for a in [self._actor_of(t, actors, speaker=speaker)] if a is not None]
        if speaker is None and tok.dep_ == "ccomp" and tok.head.lemma_ in self.lex.speech_verbs:
            # ("Trump warned that ... would face": the warner, where no reporting frame was found)
            speaker = next((a for t in self._subjects(tok.head) for a in [self._actor_of(t, actors)] if a is not None), None)
        if (not subj or not subj[0].country) and speaker is not None and speaker.country and any(
                t.lemma_.lower() in self.lex.generic_parties for t in self._subjects(tok)):
            # "countries buying Venezuelan oil would face a 25% tariff, Trump warned": a threat at no one country
            c.source, c.target = speaker, None
            c.status = "occurred"
            self._attributes(c, sent, clause, actors, goods, published)
            c.type = "THREATEN"
            return None
        if not subj or not subj[0].country:
            return self._finish_drop(c)
        c.target = subj[0]
        src = speaker if speaker is not None and speaker.country != c.target.country else None
        if src is None:
            others = [x for x in dyad if x != c.target.country]
            src = self.kb.country_actor(others[0]) if others else None
        if src is None:
            return self._finish_drop(c)
        c.source = src
        c.status = self._status(tok, c.type, speech_verb)
        if c.status in ("planned", "hypothetical") or self._in_condition(tok, marks=("unless", "if")):
            c.type, c.status = "THREATEN", "occurred"
        self._attributes(c, sent, clause, actors, goods, published)
        return None

    def _split(self, c: Candidate, sent: Span, actors: ArticleActors, goods: list[Span], published) -> list[Candidate]:
        """One act per measure or per target in coordinated objects: "a 100% surtax on EVs from Oct. 1
        and a 25% tariff on steel from Oct. 15"; "hitting Canada with 25% and China with 10%"."""
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

    def _part(self, c: Candidate, head: Token, siblings: list[Token], actors, goods, published, sent) -> Candidate:
        """A copy of c restricted to one coordinated object (its own goods, rate, date, target)."""
        import copy

        part = copy.copy(c)
        part.participants = list(c.participants)
        others = {t.i for s in siblings if s.i != head.i and head.is_ancestor(s) for t in s.subtree}
        own = [t for t in head.subtree if t.i not in others and t.dep_ != "cc"] or [head]
        # Attachments the parser hung on the verb but that sit between this object and the next one.
        nxt = min([s.i for s in siblings if s.i > head.i], default=sent.end)
        own += [t for ch in c.trigger.children if ch.dep_ == "prep" and head.i < ch.i < nxt for t in ch.subtree]
        lo, hi = min(t.i for t in own), max(t.i for t in own) + 1
        text = head.doc[lo:hi].text
        prods = [g.text.lower() for g in goods if lo <= g.start and g.end <= hi]
        part.products = prods or ([] if len(siblings) > 1 else c.products)
        rf, rt = attributes.rates(text)
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

    def _finish_drop(self, c: Candidate) -> None:
        c.type = "_DROP"

    def _noun_is_act(self, noun: Token, gov: Token | None) -> bool:
        """A nominal trigger states an act (not a back-reference) when governed by a light
        verb, modified by an act participle ("reached last year") or linked by between/with."""
        if self._hedged_noun(noun):
            return False
        if gov is not None and gov.lemma_.lower() in self.lex.light_verbs and noun.dep_ in ("dobj", "nsubjpass"):
            return True
        for ch in noun.children:
            if noun.lemma_.lower() in ("commitment", "pledge", "promise", "vow"):
                break  # "commitments it had made": background, not a new pledge
            if ch.dep_ in ("acl", "relcl") and ch.lemma_.lower() in ("reach", "sign", "seal", "strike", "conclude", "finalize", "finalise", "announce", "hold", "launch", "file", "open"):
                return True
            if ch.dep_ == "prep" and ch.lower_ in ("between", "with", "among"):
                return True
        if noun.dep_ in ("nsubj",) and noun.head.lemma_.lower() in ("begin", "start", "end", "conclude", "resume", "open", "take", "continue", "collapse", "stall", "produce", "yield"):
            return True
        return False

    def _hedged_noun(self, noun: Token) -> bool:
        """'open to further discussions', 'willing to resolve through dialogue', 'ready to resume talks'."""
        return any(a.lower_ in ("open", "willing", "ready", "committed", "prepared", "eager", "keen")
                   for a in _ancestors(noun, 4))

    def _act_clause(self, noun: Token) -> Token | None:
        """The participle that states a nominal act ("a deal struck on Sunday")."""
        for ch in noun.children:
            if noun.lemma_.lower() in ("commitment", "pledge", "promise", "vow"):
                break  # "commitments it had made": background, not a new pledge
            if ch.dep_ == "acl" and ch.lemma_.lower() in self.lex.light_verbs | {"reach", "strike", "seal"}:
                return ch
            if ch.dep_ == "relcl" and ch.lemma_.lower() in _ACHIEVEMENT_VERBS:
                return ch  # "the deal they signed"; not "an arrangement under which they will hold talks"
        return None

    def _threat_governed(self, tok: Token) -> Token | None:
        """'threatened to impose' / 'warned it would impose': the threatening verb."""
        cur = tok
        for _ in range(4):
            head = cur.head
            if head == cur:
                return None
            if head.lemma_.lower() in ("threaten", "warn") and cur.dep_ in ("xcomp", "ccomp", "pobj", "advcl"):
                return head
            cur = head
        return None

    def _objects(self, tok: Token, c: Candidate, actors: ArticleActors, speaker) -> list[Actor]:
        out: list[Actor | None] = []
        heads = [tok]
        if c.noun:
            gov = self._governor(tok)
            if gov is not None and gov.lemma_.lower() in self.lex.light_verbs:
                heads.append(gov)
        for h in heads:
            for ch in h.children:
                if ch.dep_ in ("dobj", "dative", "nsubjpass") and not (c.noun and h != tok and ch == tok):
                    for x in [ch, *ch.conjuncts]:
                        out.append(self._actor_of(x, actors, speaker=speaker))
                        out.extend(self._goods_country(x, actors))
                if ch.dep_ == "prep" and ch.lower_ in ("with", "between", "among", "against", "on", "to", "from", "into", "for", "of", "at"):
                    for g in ch.children:
                        if g.dep_ == "pobj":
                            for x in [g, *g.conjuncts]:
                                a = self._actor_of(x, actors, speaker=speaker)
                                if a is not None and ch.lower_ in ("for", "of", "at") and c.type not in ("ACCUSE", "DEMAND"):
                                    a = None if ch.lower_ != "of" else a
                                out.append(a)
                                out.extend(self._goods_country(x, actors))
                            if c.type == "CONSULT" and ch.lower_ in ("with", "between"):
                                # "talks with Lutnick and Trade Representative Greer": the parser may bury the
                                # first of two named partners inside the second's title
                                out.extend(m.actor for t in g.subtree if t.i != g.i and t.dep_ in ("nmod", "compound")
                                           and (m := actors.at(t)) is not None and m.kind == "person")
        # Measures on goods deeper in the clause ("higher duties on South Korean automobiles").
        if c.type in ("THREATEN", "IMPOSE", "EASE", "INVESTIGATE", "LITIGATE", "REJECT"):
            for t in _scope_tokens(tok):
                if t.dep_ == "pobj" and t.head.lower_ in ("on", "against", "from", "into", "of"):
                    for x in [t, *t.conjuncts]:
                        out.extend(self._goods_country(x, actors))
                        if t.head.lower_ in ("on", "against"):
                            out.append(self._actor_of(x, actors, speaker=speaker))
                if t.dep_ == "poss" and actors.at(t) is not None and actors.at(t).kind in ("country", "capital"):
                    out.append(actors.at(t).actor)
        return [a for a in out if a is not None]

    def _noun_owner(self, noun: Token, actors: ArticleActors) -> list[Token]:
        """'a pause in U.S. tariffs': the country modifying the measure inside the noun phrase."""
        return [t for t in noun.subtree if t.dep_ in ("compound", "amod", "poss", "nmod") and actors.at(t) is not None
                and actors.at(t).kind in ("country", "capital", "demonym") and self.lex.measure_words.get(t.head.lemma_.lower())]

    def _measure_owner(self, tok: Token, actors: ArticleActors) -> list[Token]:
        """'cuts the U.S. tariff on Korean cars': the country owning the measure."""
        for ch in tok.children:
            if ch.dep_ in ("dobj", "nsubjpass") and self.lex.measure_words.get(ch.lemma_.lower()):
                owners = [g for g in ch.children if g.dep_ in ("poss", "compound", "amod") and actors.at(g) is not None
                          and actors.at(g).kind in ("country", "capital", "demonym")]
                # "The 46% duty, announced by President Trump on April 2, was suspended": its announcer owns it
                owners += [g for a in ch.children if a.dep_ == "acl" for p in a.children if p.dep_ == "agent"
                           for g in p.children if g.dep_ == "pobj" and actors.at(g) is not None]
                return owners
        return []

    def _goods_country(self, tok: Token, actors: ArticleActors) -> list[Actor]:
        """'Korean exports', 'imports from China', 'Chinese EVs' -> the country."""
        out = []
        for ch in tok.children:
            m = actors.at(ch)
            if m is not None and m.kind in ("demonym", "country", "capital") and ch.dep_ in ("amod", "compound", "poss", "nmod"):
                out.append(m.actor)
            if ch.dep_ == "prep" and ch.lower_ in ("from", "of"):
                for g in ch.children:
                    gm = actors.at(g)
                    if g.dep_ == "pobj" and gm is not None and gm.kind in ("country", "capital", "demonym"):
                        out.append(gm.actor)
            if ch.dep_ == "acl" and ch.lemma_.lower() in ("make", "produce", "import", "manufacture", "build", "ship", "export"):
                for p in ch.children:
                    if p.dep_ == "prep" and p.lower_ in ("in", "from", "by"):
                        for g in p.children:
                            gm = actors.at(g)
                            if g.dep_ == "pobj" and gm is not None and gm.kind in ("country", "capital", "demonym"):
                                out.append(gm.actor)
        return out

    # -- status ---------------------------------------------------------------------------
    def _status(self, tok: Token, etype: str, speech_verb: Token | None) -> str:
        lex = self.lex
        chain = [tok]
        cur = tok
        # For speech acts the status == that of the saying, not of what == said.
        stop_at_self = etype in SPEECH_TYPES and not tok.pos_ == "NOUN"
        if not stop_at_self:
            for _ in range(5):
                if cur.head == cur or cur.head == speech_verb or cur.dep_ in ("ccomp", "parataxis", "relcl", "advcl") and cur != tok:
                    break
                if cur.dep_ == "acl" and cur.head.lemma_.lower() in self.lex.intention_nouns:
                    chain.append(cur.head)  # "no plans to lift the tariffs": the plan's fate is the act's
                    break
                if cur.dep_ in ("acl", "relcl"):
                    break  # "a deal struck on Sunday": the participle carries its own status
                if cur.dep_ in ("conj",):
                    # "will buy ... and invest": a conjunct without its own auxiliary shares the first verb's
                    if not any(k.dep_ == "aux" for k in cur.children) and cur.head.pos_ in ("VERB", "AUX"):
                        chain.append(cur.head)
                    break
                cur = cur.head
                if cur.lemma_.lower() in lex.speech_verbs:
                    break
                chain.append(cur)
        status = "occurred"
        if etype == "REJECT":
            chain = chain[1:] if tok.lemma_ in ("accept",) else chain
            chain = [t for t in chain if t.lemma_ not in ("rule",)] or []
        for i, t in enumerate(chain):
            kids = list(t.children)
            lowers = {k.lower_ for k in kids}
            if t.lemma_.lower() in lex.litotes_verbs:
                pass  # "will not hesitate to take it to the WTO" threatens, it does not deny
            elif any(k.dep_ == "neg" for k in kids) or (t.pos_ == "NOUN" and any(k.dep_ == "det" and k.lower_ == "no" for k in kids)):
                return "denied"
            # "scrapped plans to impose", "failed to reach": the governed act is denied; an act merely
            # coordinated with a scrapping ("will scrap X, while the EU will remove Y") is not.
            governed = i > 0 and chain[i - 1].dep_ in ("xcomp", "dobj", "pcomp", "ccomp", "pobj", "nsubjpass", "prep")
            # ("rejected accusations by Washington": the accusation was made; the rejection is another act)
            if governed and t.lemma_.lower() in lex.denial_governors and t.lemma_.lower() != "threaten" \
                    and not (etype in SPEECH_TYPES and tok.pos_ == "NOUN"):
                if t.lemma_.lower() == "rule" and "out" not in lowers:
                    pass
                else:
                    return "denied"
            if t.dep_ == "pobj" and t.head.lower_ == "without":
                return "denied"
            if any(k.dep_ == "mark" and k.lower_ in ("if", "unless") for k in kids) or any(
                    k.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in ("unless", "if") for g in k.children) for k in kids):
                status = "hypothetical" if status == "occurred" else status
            for k in kids:
                if k.dep_ == "aux" and k.lower_ in ("could", "might", "may", "would", "can"):
                    if k.lower_ == "would" and etype in SPEECH_TYPES:
                        continue
                    if k.lower_ == "would" and speech_verb is not None and not any(
                            x.dep_ == "mark" and x.lower_ in ("if", "unless") for x in t.children):
                        status = "planned" if status == "occurred" else status  # future in reported speech
                        continue
                    status = "hypothetical" if status in ("occurred", "planned") and k.lower_ != "can" else status
                elif k.dep_ == "aux" and k.lower_ in ("will", "shall", "'ll", "wo"):
                    if status == "occurred":
                        status = "planned"
            if i > 0:
                lem = t.lemma_.lower()
                if lem in lex.planned_governors and status == "occurred":
                    status = "planned"
                elif lem in lex.hypothetical_governors and lem not in ("threaten",):
                    status = "hypothetical"
            if "going" in lowers and "to" in lowers:
                status = "planned"
        # Nominal acts: "the planned talks", "possible increases in tariffs"
        for k in tok.children:
            if k.dep_ == "amod" and k.lower_ in ("planned", "upcoming", "proposed", "scheduled", "expected", "next"):
                status = "planned"
            if k.dep_ == "amod" and k.lower_ in ("possible", "potential", "threatened") and etype not in SPEECH_TYPES:
                status = "hypothetical"
        if etype in ("THREATEN", "PLEDGE", "DEMAND", "ACCUSE") and status == "hypothetical":
            status = "occurred"
        return status

    # -- attributes -----------------------------------------------------------------------
    def _attributes(self, c: Candidate, sent: Span, clause: Token, actors: ArticleActors, goods: list[Span], published) -> None:
        tok = c.trigger
        scope = sorted(set(_scope_tokens(clause)) | set(_scope_tokens(tok)), key=lambda t: t.i)
        lo, hi = (scope[0].i, scope[-1].i + 1) if scope else (tok.i, tok.i + 1)
        # "met Lutnick on the 29th, days after Trump threatened tariffs on cars": the goods and rates
        # of a clause told as background belong to that other act.
        aside = {t.i for head in (tok, clause) for ch in head.children if ch.dep_ == "advcl" and any(
            m.dep_ in ("mark", "advmod") and m.lower_ in _ASIDE_MARKS for m in ch.children) for t in ch.subtree}
        # "raised tariffs ... in retaliation for U.S. duties on its steel": the goods of the act answered
        aside |= {t.i for ch in tok.children if ch.dep_ == "prep" and ch.lower_ in ("in", "for", "over", "against")
                  for g in ch.children if g.dep_ == "pobj" and g.lemma_.lower() in ("retaliation", "response", "answer")
                  for t in g.subtree if t.i != g.i}
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
        # products: goods terms inside the act's clause
        if True:  # goods named inside the act's own clause, whatever the type
            prods = []
            for g in goods:
                if lo <= g.start and g.end <= hi and g.start not in aside:
                    text = g.text.lower()
                    if text not in prods:
                        prods.append(text)
            c.products = prods
        if measure in ("tariff",) or c.type in ("IMPOSE", "EASE", "THREATEN"):
            rf, rt = attributes.rates(scope_text)
            if rt is not None and rf is None and c.type == "EASE" and tok.lemma_.lower() in self.lex.removal_verbs:
                rf, rt = rt, 0.0  # "scrap its 15% tariff": from 15% to nothing
            if rt is not None and measure in ("tariff", None, "quota", "export_control"):
                c.rate_from, c.rate_to = rf, rt
        c.amount = attributes.amount_usd(scope_text)
        if c.amount is None and c.type in ("AGREE", "PLEDGE"):
            c.amount = attributes.amount_usd(sent.text)
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
        # date
        c.date_text, c.date = self._date(c, sent, clause, published, actors)

    def _date(self, c: Candidate, sent: Span, clause: Token, published, actors: ArticleActors) -> tuple[str | None, str | None]:
        dates = [e for e in sent.ents if _is_date_ent(e)]
        dates += [sent.doc[t.i:t.i + 1] for t in sent if t.lower_ in ("today", "yesterday", "tonight")
                  and t.ent_type_ != "DATE" and t.dep_ in ("npadvmod", "advmod")]
        if not dates:
            return None, None
        anchors: dict[int, list[Span]] = {}
        for e in dates:
            a = _anchor(e.root)
            anchors.setdefault(a.i if a is not None else -1, []).append(e)
        # A measure's own start ("duties ... for five years starting Saturday") beats the day it was announced.
        if c.type in ("IMPOSE", "EASE"):
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
            later = c.status == "planned" and c.type not in ("IMPOSE", "THREATEN") and c.type not in SPEECH_TYPES
            if level > 0 and _past_perfect(c.trigger) and c.trigger.dep_ in ("relcl", "advcl", "acl"):
                break  # "half the rate Trump had threatened": before the clause it hangs on
            if level > 0 and (earlier or later) and cur.lemma_ in self.lex.speech_verbs:
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
            other_time = level > 0 and prev is not None and prev.dep_ == "conj" and _own_tense(prev) != _own_tense(cur)
            if cur.i in anchors and not other_time:
                future = self._is_future(cur)
                for e in anchors[cur.i]:
                    text = _expand_date(e)
                    effective = text.lower().startswith(_FUTURE_PREFIX)
                    if effective and c.type not in ("IMPOSE", "EASE"):
                        continue  # "from Aug. 1" dates a measure, not talks or deals
                    fut = future or effective
                    val = resolve_date(text, published, fut)
                    if val is not None and fut and published and val > published.isoformat() and c.status == "occurred" and c.type in ("IMPOSE", "EASE"):
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
                    anchor_tok.pos_ in ("NOUN", "PROPN") or anchor_tok.dep_ == "acl") \
                    and not _verb_between(anchor_tok, c.trigger):
                for e in ents:
                    if anchor_tok.pos_ in ("NOUN", "PROPN") and e.root.dep_ in ("compound", "nmod", "amod"):
                        continue  # "the September 2019 action" names another act, it does not date this one
                    text = _expand_date(e)
                    if text.lower().startswith(_FUTURE_PREFIX) and c.type not in ("IMPOSE", "EASE"):
                        continue
                    val = resolve_date(text, published, self._is_future(c.trigger) or text.lower().startswith(_FUTURE_PREFIX))
                    if val is not None:
                        return text, val
        # "..., with both reductions taking effect by Wednesday": the day the sentence's measures apply.
        if c.type in ("IMPOSE", "EASE"):
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

    @staticmethod
    def _before_host(c: Candidate, last_day: str | None, published: date) -> str | None:
        """Date an act told as "<N weeks> after/before <act>" from the day of the clause it hangs on."""
        verb = c.trigger if c.trigger.pos_ in ("VERB", "AUX") else c.trigger.head
        marks = [ch for ch in verb.children if ch.dep_ in ("mark", "prep") and ch.lower_ in ("after", "before")]
        amounts = [ch for ch in verb.children if ch.dep_ == "npadvmod" and ch.lemma_.lower() in ("day", "week", "month")]
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

    def _context_dates(self, cands: list[Candidate], sents: list[Span], published: date | None) -> None:
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
                elif c.type in _DATED_ACTS and self._perfect(c.trigger) and not _own_time(c.trigger, sent, self.lex.speech_verbs):
                    # (an act with its own time phrase, even "since November", is not a lede to date)
                    for sj in range(c.sent_index + 1, min(c.sent_index + 3, len(sents))):
                        day = _recent_day(sents[sj], published, c.type in ("IMPOSE", "EASE"))
                        if day is not None:
                            (c.date, c.date_text), c.date_inferred = day, True
                            break
                    else:
                        if c.report_date is not None:
                            (c.date, c.date_text), c.date_inferred = c.report_date, True
                elif c.type in _DATED_ACTS and last_day and _simple_past(c.trigger) and not _own_time(c.trigger, sent, self.lex.speech_verbs) \
                        and (published - date.fromisoformat(last_day)).days <= 3 \
                        and not any(_is_date_ent(e) and resolve_date(_expand_date(e), published) for e in sent.ents
                                    if c.trigger.dep_ not in ("advcl", "relcl") or _anchor(e.root) in (c.trigger, c.trigger.head)):
                    # A wire story tells one news day: an act told in the past with no time of its own
                    # happened on the day last named ("A second probe was opened by USTR ...").
                    c.date, c.date_text, c.date_inferred = last_day, None, True
        # "The duties came a week after Beijing suspended beef imports": a week before the host clause's day.
        for c in cands:
            if c.date is None and c.status == "occurred":
                shifted = self._before_host(c, last_days.get(c.sent_index), published)
                if shifted is not None:
                    c.date, c.date_text, c.date_inferred = shifted, None, True
        # "Kallas urged Beijing during the meeting to ...": the day of that meeting.
        talks = sorted((d for d in cands if d.type == "CONSULT" and d.date and d.status == "occurred"),
                       key=lambda d: d.sent_index)
        for c in cands:
            if c.date is None and talks and self._during_talks(c.trigger):
                before = [d for d in talks if d.sent_index <= c.sent_index]
                if before:
                    c.date, c.date_text, c.date_inferred = before[-1].date, None, True
        # "The deal also cuts the tariff on cars": terms of a deal date from the deal.
        deals = sorted((d for d in cands if d.type == "AGREE" and d.date), key=lambda d: d.sent_index)
        for c in cands:
            if c.date is None and c.status == "occurred" and c.type in ("EASE", "IMPOSE", "PLEDGE") and deals \
                    and self._deal_term(c.trigger):
                same = [d for d in deals if d.sent_index == c.sent_index]
                d = (same or deals)[0]
                c.date, c.date_text, c.date_inferred = d.date, d.date_text, True
        # "..., accusing London of ...": a participle riding on a dated act shares its day.
        for c in cands:
            host = c.trigger.head if c.trigger.dep_ in ("advcl", "xcomp") else (
                c.trigger.head.head if c.trigger.dep_ in ("pcomp", "pobj") and c.trigger.head.lower_ == "with" else None)
            if c.date is None and c.trigger.tag_ == "VBG" and host is not None:
                for d in cands:
                    if d is not c and host in (d.trigger, d.trigger.head) and d.date and d.status == "occurred" \
                            and d.sent_index == c.sent_index:
                        c.date, c.date_text = d.date, d.date_text
                        break

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

    # -- filtering ------------------------------------------------------------------------
    def _keep(self, c: Candidate) -> bool:
        if c.type == "_DROP":
            return False
        if c.anaphoric:
            return True
        if c.type in SYMMETRIC_TYPES:
            return len(c.countries()) >= 2 or (c.type == "AGREE" and any(p.kind == "LEG" for p in c.participants))
        if c.source is None or not c.source.country:
            return False
        flow_ban = any(f.get("trade_flow") for _t, f in self.verbs.get(c.trigger.lemma_.lower(), []))
        if c.type in ("IMPOSE", "EASE") and c.measure not in RESTRICTIVE and not flow_ban:
            return False  # ("barred Chinese firms from tenders", "halted imports" restrict trade by themselves)
        if c.type == "THREATEN" and c.measure is None and not flow_ban:
            return False  # (a threatened halt of a trade flow needs no measure word: "could cut off exports")
        return True


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


_NOT_TIME = re.compile(r"^\d+$|\b(years?|months?|weeks?|days?) (old|long)\b|^(the )?(second|third|first) time\b", re.I)


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

    For a measure, the day it takes effect ("from Tuesday") wins over the day it was announced.
    """
    week_ago = (published - timedelta(days=7)).isoformat()
    found = []
    for e in sent.ents:
        if not _is_date_ent(e):
            continue
        text = _expand_date(e)
        effective = text.lower().startswith(_FUTURE_PREFIX)
        val = resolve_date(text, published, effective)
        if val and len(val) == 10 and week_ago <= val <= published.isoformat():
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


_DAY_PARTS = {"morning", "afternoon", "evening", "night"}
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
