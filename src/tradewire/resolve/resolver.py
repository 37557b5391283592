"""Resolve the actors an article mentions: names, surnames, titles, pronouns, demonyms,
capitals used for governments, and group nouns ("South Korea's parliament").

Works on one spaCy Doc at a time and uses the article's publication date for dated roles.
"""

from __future__ import annotations

from datetime import date

from spacy.tokens import Doc, Span, Token

from tradewire.models import Actor, Mention
from tradewire.resolve.kb import KnowledgeBase, Person
from tradewire.resolve.lexicon import Lexicon
from tradewire.resolve.places import PlaceRules

_TITLE_POS = {"PROPN", "NOUN", "ADJ", "PART", "DET", "PUNCT", "ADP", "CCONJ"}


class ArticleActors:
    """All mentions of one article, with token lookups."""

    def __init__(self, doc: Doc, mentions: list[Mention]):
        self.doc = doc
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.by_token: dict[int, Mention] = {}
        for m in self.mentions:
            for i in range(m.start, m.end):
                self.by_token[i] = m

    def at(self, tok: Token) -> Mention | None:
        return self.by_token.get(tok.i)

    def in_span(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.mentions if m.start >= start and m.end <= end]


def _strip_poss(span: Span) -> Span:
    end = span.end
    while end > span.start and span.doc[end - 1].text in ("'s", "’s", "'", "’"):
        end -= 1
    return span.doc[span.start:end]


class Resolver(PlaceRules):
    def __init__(self, kb: KnowledgeBase, lex: Lexicon):
        self.kb, self.lex = kb, lex
        self.home: str | None = None
        self.role_terms = sorted(kb.all_role_terms(), key=lambda t: -len(t.split()))
        # for the suffix test of every title mention (thousands an article): terms by length, with
        # their rank in role_terms, instead of a scan of all of them each time
        self._terms_by_len: dict[int, dict[str, int]] = {}
        for rank, t in enumerate(self.role_terms):
            if t:
                self._terms_by_len.setdefault(len(t), {}).setdefault(t, rank)
        self._role_words = frozenset(w for t in self.role_terms for w in t.split())

    def role_suffix(self, words: str) -> str | None:
        """The first term of role_terms that `words` ends with (as `words.endswith(term)`), or None."""
        best = None
        for n, terms in self._terms_by_len.items():
            rank = terms.get(words[-n:]) if n <= len(words) else None
            if rank is not None and (best is None or rank < best):
                best = rank
        if best is None:
            return "" if "" in self.role_terms else None
        return self.role_terms[best]

    # -- context helpers ---------------------------------------------------------------------
    def _left_context(self, doc: Doc, start: int, limit: int = 7) -> tuple[str | None, list[Token]]:
        """Country and title words in the noun phrase just left of a name
        ("South Korea's Industry Minister | Kim Jung-kwan")."""
        toks: list[Token] = []
        i = start - 1
        while i >= 0 and start - i <= limit:
            t = doc[i]
            if t.pos_ not in _TITLE_POS or t.text in (",", ";", ":", '"', "“", "”") or t.is_sent_end:
                break
            if t.pos_ == "ADP" and t.lower_ not in ("of",):
                break
            toks.append(t)
            i -= 1
        toks.reverse()
        country = None
        for t in toks:
            if t.ent_type_ in ("GPE", "NORP", "ORG", "FAC"):
                ent = next((e for e in doc.ents if e.start <= t.i < e.end), None)
                if ent is not None:
                    for e in self.kb.lookup(_strip_poss(ent).text):
                        # "South Korea's minister", and "White House trade adviser" (the institution's country)
                        # ... and "Ontario Premier Doug Ford" (a province names its country)
                        if e.kind in ("country", "demonym", "capital", "region") or (e.kind == "institution" and e.actor.country
                                                                                    and ent.label_ in ("ORG", "FAC")):
                            country = e.actor.country
                            break
            if country is not None:
                break
        return country, toks

    def _title_of(self, toks: list[Token], country: str | None) -> str | None:
        words = " ".join(t.lower_ for t in toks if t.pos_ in ("PROPN", "NOUN", "ADJ") and t.ent_type_ not in ("GPE", "NORP"))
        for term in self.role_terms:
            if term and f" {term} " in f" {words} ":
                return term
        return None

    def _is_location(self, tok: Token) -> bool:
        if tok.dep_ != "pobj":
            return False
        prep = tok.head
        if prep.lower_ in self.lex.location_preps:
            return True
        if prep.lower_ in ("to", "into") and prep.head.lemma_ in self.lex.motion_verbs:
            return True
        return False

    # -- main --------------------------------------------------------------------------------
    def resolve(self, doc: Doc, published: date | None, home: str | None = None) -> ArticleActors:
        self.home = home  # dateline country: the default for officials named without one
        mentions: list[Mention] = []
        persons_seen: list[tuple[Mention, Person | None]] = []
        covered: set[int] = set()

        for ent in self._joined_ents(doc):
            span = _strip_poss(ent)
            if len(span) == 0:
                continue
            text = span.text.strip()
            m: Mention | None = None
            if ent.label_ == "PERSON":
                m = self._person(doc, span, text, published, persons_seen)
            elif ent.label_ in ("GPE", "NORP", "LOC"):
                m = self._place(doc, span, text, ent.label_)
            elif ent.label_ in ("ORG", "FAC"):
                m = self._org(doc, span, text)
            if m is not None:
                mentions.append(m)
                covered.update(range(m.start, m.end))

        mentions.extend(self._groups_and_titles(doc, covered, mentions, published, persons_seen))
        mentions.sort(key=lambda m: m.start)
        mentions.extend(self._pronouns(doc, mentions))
        return ArticleActors(doc, mentions)

    def _person(self, doc: Doc, span: Span, text: str, published, persons_seen) -> Mention | None:
        if text.isupper() and self._line_start(doc, span.start):
            place = next((e for e in self.kb.lookup(text.title()) if e.kind in ("capital", "country")), None)
            if place is not None:  # a dateline city the tagger took for a name ("BUENOS AIRES, Argentina —")
                return Mention(start=span.start, end=span.end, text=text, kind=place.kind, actor=place.actor, is_location=True)
        span, text = self._whole_name(doc, span, text)
        ctx_country, ctx = self._left_context(doc, span.start)
        ctx_country = ctx_country or self._appos_country(doc, span)
        title = self._title_of(ctx, ctx_country)
        if any(t.lemma_.lower() in self.lex.non_actor_nouns for t in ctx):
            return None
        p: Person | None = None
        if len(text.split()) >= 2:
            p = self.kb.person(text, published, ctx_country)
        else:
            # Surname alone: an earlier full mention in this article, else a unique office holder.
            for prev, prev_p in reversed(persons_seen):
                names = (prev_p.name if prev_p else prev.actor.name).split()
                if text in names or (prev_p and prev_p.surname == text):
                    m = Mention(start=span.start, end=span.end, text=text, kind="person", actor=prev.actor,
                                role_title=prev.role_title)
                    persons_seen.append((m, prev_p))
                    return m
            p = self.kb.by_surname(text, published, ctx_country)
            role = self.kb.role_for_title(title, ctx_country) if title and published else None
            if p is None and role is not None:
                p = self.kb.titled_name(text, role, published, ctx_country)
        if p is not None:
            actor = p.actor()
        else:
            kind = "GOV"
            if title is None and ctx_country is None and len(text.split()) < 2:
                return None  # a bare unknown name: nothing to anchor it
            office = title is not None or any(t.lemma_.lower() in self.lex.office_words for t in ctx)
            # "Ontario Premier Doug Ford": a place we cannot map to a country is no reason to use the dateline's
            local = any(t.ent_type_ in ("GPE", "LOC") for t in ctx)
            if ctx_country is None and office and not local:
                ctx_country = getattr(self, "home", None)  # "Road Transport Minister X" in a New Delhi story
            actor = Actor(name=text, country=ctx_country, kind=kind)
        m = Mention(start=span.start, end=span.end, text=text, kind="person", actor=actor, role_title=title)
        persons_seen.append((m, p))
        return m

    def _whole_name(self, doc: Doc, span: Span, text: str) -> tuple[Span, str]:
        """'Lu Kang' tagged only on 'Kang' (a KB surname): a capitalised given name just before a lone
        surname belongs to the name, so the surname alone must not pick another country's Kang."""
        if len(span) != 1 or span.start == 0:
            return span, text
        prev = doc[span.start - 1]
        if prev.pos_ != "PROPN" or not prev.text[:1].isupper() or prev.ent_type_ or prev.is_sent_start \
                or prev.lower_ in self.lex.office_words or self.kb.lookup(prev.text) \
                or prev.lower_ in self._role_words:
            return span, text
        return doc[span.start - 1:span.end], f"{prev.text} {text}"

    def _appos_country(self, doc: Doc, span: Span) -> str | None:
        """'a Chinese Foreign Ministry spokesperson, Lu Kang': the country of the noun the name stands beside."""
        root = span.root
        if root.dep_ == "appos":
            lo, hi = root.head.left_edge.i, root.head.i + 1
        else:  # "Masaaki Kanai, a director of the Japanese foreign ministry"
            appos = [c for c in root.children if c.dep_ == "appos" and c.ent_type_ != "PERSON"]
            if not appos:
                return None
            lo, hi = appos[0].left_edge.i, appos[0].right_edge.i + 1
        for ent in doc.ents:
            if lo <= ent.start and ent.end <= hi:
                for e in self.kb.lookup(_strip_poss(ent).text):
                    if e.actor.country and e.kind in ("country", "demonym", "capital", "institution"):
                        return e.actor.country
        return None

    def _place(self, doc: Doc, span: Span, text: str, label: str) -> Mention | None:
        entries = self.kb.lookup(text)
        if not entries and text.lower().startswith("the "):
            entries = self.kb.lookup(text[4:])
        if not entries:
            return None
        e = next((x for x in entries if x.kind in ("country", "capital", "demonym")), entries[0])
        if e.kind == "demonym" and span.start > 0 and doc[span.start - 1].lower_ in self.lex.continent_qualifiers:
            return None  # "South American countries" are not American
        root = span.root
        if e.kind == "institution":
            return Mention(start=span.start, end=span.end, text=text, kind="institution", actor=e.actor)
        is_loc = self._is_location(root) or self._beside_place(doc, span)
        if e.kind == "region":
            # "Ontario's surcharge" acts; "plants in Ontario", "sold to Michigan" are places
            place = is_loc or (root.dep_ == "pobj" and root.head.lower_ in ("to", "from"))
            return Mention(start=span.start, end=span.end, text=text, kind="institution", actor=e.actor, is_location=place)
        kind = e.kind
        actor = e.actor
        # "South Korean officials": the demonym names a group actor when a group noun follows
        # (but "his Australian counterpart Don Farrell" names a person).
        if kind == "demonym" and root.dep_ in ("amod", "compound") and root.head.lemma_.lower() in self.lex.group_nouns \
                and root.head.head.ent_type_ != "PERSON" and not any(
                    c.ent_type_ == "PERSON" and c.dep_ in ("appos", "compound") for c in root.head.children):
            gkind = self.lex.group_nouns[root.head.lemma_.lower()]
            head = root.head
            name = doc[span.start:head.i + 1].text
            return Mention(start=span.start, end=head.i + 1, text=name, kind="group",
                           actor=Actor(name=name, country=actor.country, kind=gkind))
        return Mention(start=span.start, end=span.end, text=text, kind=kind, actor=actor, is_location=is_loc)

    def _org(self, doc: Doc, span: Span, text: str) -> Mention | None:
        if text in self._local_acronyms(doc):
            return None  # "the Interim Trade Agreement (ITA)": this article's ITA is no agency
        entries = self.kb.lookup(text)
        if not entries and text.lower().startswith("the "):
            entries = self.kb.lookup(text[4:])
        if entries:
            e = entries[0]
            root = span.root
            ctx_country, _ = self._left_context(doc, span.start, limit=3)
            bare = text.lower().removeprefix("the ") in self.lex.generic_aliases
            if bare and ctx_country is None and e.actor.country and e.actor.country not in self._article_countries(doc):
                # "the finance ministry said" in a story about India is India's, not the KB default's.
                ctx_country = getattr(self, "home", None) or next(iter(self._article_countries(doc)), None)
            if ctx_country and e.actor.country and ctx_country != e.actor.country:
                # "Vietnam's trade ministry" is not the Korean ministry that owns the alias.
                cname = self.kb.countries.get(ctx_country, {}).get("name", ctx_country)
                return Mention(start=span.start, end=span.end, text=text, kind="institution",
                               actor=Actor(name=f"{cname} {text}", country=ctx_country, kind=e.actor.kind))
            # "at the White House", "visit the Commerce Department": a place, not a party.
            place = self._is_location(root) or (root.dep_ == "dobj" and root.head.lemma_ in self.lex.motion_verbs) or (
                root.dep_ == "compound" and root.head.lemma_ in self.lex.meeting_nouns)
            return Mention(start=span.start, end=span.end, text=text,
                           kind="institution" if e.kind == "institution" else e.kind, actor=e.actor,
                           is_location=place and e.actor.kind == "GOV" and "house" in e.actor.name.lower())
        appos = [c for c in span.root.children if c.dep_ == "appos" and c.lemma_.lower() in self.lex.office_words | {"general"}]
        if appos and 2 <= len(span) <= 4 and all(t.pos_ == "PROPN" and t.text[:1].isupper() and t.is_alpha for t in span):
            # "Masaaki Kanai, the secretary general of the ... ministry": a person the tagger took for a body
            country = self._appos_country(doc, span)
            if country is not None:
                return Mention(start=span.start, end=span.end, text=text, kind="person", actor=Actor(name=text, country=country, kind="GOV"))
        # Unknown organisation: a country inside or just before it gives its country.
        country = None
        for t in span:
            for e in self.kb.lookup(t.text):
                if e.kind in ("country", "demonym"):
                    country = e.actor.country
        if country is None:
            country, _ = self._left_context(doc, span.start, limit=3)
        if country is None:
            return None
        low = text.lower()
        kind = ("LEG" if any(w in low for w in self.lex.legislature_words)
                else "MED" if any(w in low for w in self.lex.media_name_words)
                else "BUS" if any(w in low for w in self.lex.firm_name_words)
                else "GOV")
        return Mention(start=span.start, end=span.end, text=text, kind="institution",
                       actor=Actor(name=text, country=country, kind=kind))

    def _article_countries(self, doc: Doc) -> list[str]:
        """Countries named in the article (by name, demonym or capital), most mentioned first."""
        cache = getattr(self, "_countries_cache", None)
        if cache is not None and cache[0] is doc:
            return cache[1]
        from collections import Counter

        counts: Counter = Counter()
        for ent in doc.ents:
            if ent.label_ in ("GPE", "NORP"):
                for e in self.kb.lookup(_strip_poss(ent).text):
                    if e.kind in ("country", "demonym", "capital"):
                        counts[e.actor.country] += 1
                        break
        result = [c for c, _ in counts.most_common()]
        self._countries_cache = (doc, result)
        return result

    def _country_modifier(self, tok: Token, by_token: dict[int, Mention]) -> Mention | None:
        """A country mention that modifies a noun: possessor, compound, adjective, "of/in X"."""
        for c in tok.children:
            if c.dep_ in ("poss", "compound", "amod", "nmod") and c.i in by_token:
                m = by_token[c.i]
                if m.kind in ("country", "capital", "demonym"):
                    return m
            if c.dep_ == "prep" and c.lower_ in ("of", "in", "from"):
                for g in c.children:
                    if g.dep_ == "pobj" and g.i in by_token and by_token[g.i].kind in ("country", "capital"):
                        return by_token[g.i]
        return None

    def _groups_and_titles(self, doc: Doc, covered: set[int], mentions: list[Mention], published, persons_seen) -> list[Mention]:
        by_token = {i: m for m in mentions for i in range(m.start, m.end)}
        out: list[Mention] = []
        for tok in doc:
            if tok.i in covered or tok.pos_ not in ("NOUN", "PROPN"):
                continue
            lemma = tok.lemma_.lower()
            if tok.pos_ == "PROPN" and tok.lower_ in self.lex.home_country_refs and tok.i > 0 and doc[tok.i - 1].lower_ == "the":
                home = getattr(self, "home", None) or next(iter(self._article_countries(doc)), None)
                actor = self.kb.country_actor(home) if home else None
                if actor is not None:  # "the Kingdom", "the Centre": the story's own country
                    out.append(Mention(start=tok.i, end=tok.i + 1, text=tok.text, kind="group", actor=actor))
                    covered.add(tok.i)
                continue
            if lemma in self.lex.counterpart_nouns and (cm := self._country_modifier(tok, by_token)) is not None \
                    and (m := self._counterpart(doc, tok, cm, published, mentions)) is not None:
                out.append(m)
                covered.update(range(m.start, m.end))
                continue
            if lemma in self.lex.group_nouns:
                if tok.head.ent_type_ == "PERSON" or any(c.ent_type_ == "PERSON" and c.dep_ in ("appos", "compound")
                                                         for c in tok.children):
                    continue  # "Japan's top trade negotiator Ryosei Akazawa": the person is the actor
                cm = self._country_modifier(tok, by_token)
                if cm is None:
                    ref = self._bare_ref(doc, tok, lemma, mentions + out)
                    if ref is not None:
                        out.append(ref)
                        covered.add(tok.i)
                    continue
                gkind = self.lex.group_nouns[lemma]
                iso = cm.actor.country
                name = None
                if gkind == "LEG" and lemma in self.lex.legislature_nouns:
                    name = self._legislature(iso)
                start = min(tok.i, cm.start)
                if name is None:
                    name = f"{cm.actor.name if cm.kind != 'demonym' else cm.text} {tok.text}".replace("’s", "").replace("'s", "")
                    if cm.kind == "capital":
                        name = f"{self.kb.countries.get(iso, {}).get('name', iso)} {tok.text}"
                out.append(Mention(start=start, end=tok.i + 1, text=doc[start:tok.i + 1].text, kind="group",
                                   actor=Actor(name=name, country=iso, kind=gkind)))
                covered.update(range(start, tok.i + 1))
            elif tok.dep_ not in ("compound",) and tok.head.ent_type_ != "PERSON":
                m = self._title_mention(doc, tok, by_token, published, mentions)
                if m is not None:
                    out.append(m)
                    covered.update(range(m.start, m.end))
        return out

    def _pronouns(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """he/she/his/her -> the most recent person; prefer one who was a subject."""
        persons = [m for m in mentions if m.kind in ("person", "title")]
        out = []
        covered = {i for m in mentions for i in range(m.start, m.end)}
        for tok in doc:
            if tok.lower_ not in self.lex.person_pronouns or tok.i in covered or tok.pos_ != "PRON":
                continue
            before = [m for m in persons if m.end <= tok.i]
            if not before:
                continue
            sent_start = tok.sent.start
            # Within the same sentence the latest person; else the last subject person.
            same = [m for m in before if m.start >= sent_start]
            pick = same[-1] if same else None
            if pick is None:
                subj = [m for m in before if doc[m.end - 1].dep_ in ("nsubj", "nsubjpass")]
                pick = subj[-1] if subj else before[-1]
            out.append(Mention(start=tok.i, end=tok.i + 1, text=tok.text, kind="pronoun", actor=pick.actor,
                               role_title=pick.role_title))
        return out
