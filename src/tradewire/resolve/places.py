"""Context rules of the resolver: places that name no side (a country written beside a place, a
dateline), bare references ("the government", "the ministry"), titles ("the minister") and
"his X counterpart", acronyms of documents and split place names."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from tradewire.models import Mention

_ACRONYM_DEF = re.compile(r"((?:[A-Z][\w-]*\s+(?:(?:of|and|for|the|on|in)\s+)?){2,8})\(([A-Z]{2,6})\)")


class PlaceRules:
    """Mixed into the Resolver (uses self.kb, self.lex, self.role_terms, self._is_location, self._country_modifier)."""

    @staticmethod
    def _line_start(doc: Doc, i: int) -> bool:
        return i == 0 or doc[i].is_sent_start or "\n" in doc[i - 1].text_with_ws

    def _beside_place(self, doc: Doc, span: Span) -> bool:
        """'signed in Niamey, Niger,' and the dateline 'BUENOS AIRES, Argentina —': a country written
        after a comma to say where a place is names no side."""
        i = span.start
        if span.text.isupper() and self._line_start(doc, i) and span.end < len(doc) and (
                doc[span.end].text == "," or doc[span.end].text in self.lex.dateline_dashes):
            return True  # the dateline city itself ("BUENOS AIRES, Argentina —", "DOHA:")
        if i < 2 or doc[i - 1].text != "," or (span.end < len(doc) and doc[span.end].text not in self.lex.place_closers):
            return False
        prev = next((e for e in doc.ents if e.end == i - 1 and (e.label_ in ("GPE", "LOC", "FAC") or e.text.isupper())), None)
        if prev is None:
            j = i - 2  # an upper-case city the tagger left untagged: a dateline when it opens a line
            while j > 0 and doc[j - 1].text.isupper() and doc[j - 1].is_alpha:
                j -= 1
            return doc[j:i - 1].text.isupper() and doc[j].is_alpha and self._line_start(doc, j) and (
                span.end >= len(doc) or doc[span.end].text in self.lex.dateline_dashes)
        if self._is_location(prev.root):
            return True
        # a dateline: the city opens its sentence and the country closes it with a dash or colon
        return self._line_start(doc, prev.start) and (span.end >= len(doc) or doc[span.end].text in self.lex.dateline_dashes)

    @staticmethod
    def _subject_like(tok: Token) -> bool:
        """A subject, or the possessor or title of one ("China's ministry said", "President Xi said")."""
        for t in (tok, tok.head):
            if t.dep_ in ("nsubj", "nsubjpass"):
                return True
            if t.dep_ not in ("poss", "compound", "appos"):
                return False
        return False

    def _counterpart(self, doc: Doc, tok: Token, cm: Mention, published, mentions) -> Mention | None:
        """'Trump and his South Korean counterpart': the holder, in that country, of the office the
        person just named holds (none where a name follows: "his counterpart Kim")."""
        if published is None or any(c.dep_ in ("appos", "compound") and c.ent_type_ == "PERSON" for c in tok.children):
            return None
        ref = next((m for m in reversed(mentions) if m.kind == "person" and m.end <= tok.i and m.start >= tok.sent.start
                    and m.actor.id in self.kb.people), None)
        if ref is None:
            return None
        for role in (r.role for r in self.kb.people[ref.actor.id].roles if r.active(published)):
            person = self.kb.holder(role, cm.actor.country, published)
            if person is not None:
                start = min(tok.i, cm.start)
                return Mention(start=start, end=tok.i + 1, text=doc[start:tok.i + 1].text, kind="title", actor=person.actor())
        return None

    def _bare_ref(self, doc: Doc, tok: Token, lemma: str, mentions: list[Mention]) -> Mention | None:
        """'the ministry said', 'the bloc will buy': the latest earlier actor of that kind."""
        want = self.lex.bare_group_refs.get(lemma)
        definite = any(c.lower_ == "the" for c in tok.children) or (
            tok.dep_ == "compound" and any(c.dep_ == "det" for c in tok.head.children))  # "a ministry spokesperson"
        if want is None or not definite or tok.tag_ == "NNS":
            return None
        if want == "country":
            # "the government of President Lopez Obrador": the leader's country, not the latest named
            leaders = [m for m in mentions if m.kind == "person" and m.actor.country and any(
                ch.dep_ == "prep" and ch.lower_ == "of" and any(g.dep_ == "pobj" and m.start <= g.i < m.end for g in ch.children)
                for ch in tok.children)]
            if leaders:
                actor = self.kb.country_actor(leaders[0].actor.country) or leaders[0].actor
                return Mention(start=tok.i, end=tok.i + 1, text=tok.text, kind="group", actor=actor)
        if want == "region":
            # "the province": the latest region named before, even one the NER left untagged
            for t in reversed(doc[:tok.i]):
                e = next((x for x in self.kb.lookup(t.text) if x.kind == "region"), None) if t.pos_ == "PROPN" else None
                if e is not None:
                    return Mention(start=tok.i, end=tok.i + 1, text=tok.text, kind="group", actor=e.actor)
            return None
        before = [m for m in mentions if m.end <= tok.i and not m.is_location]
        if want == "country":
            # "the government": the country last named as a subject, not one named in passing
            # ("standoff with China", "Georgia's breakaway regions"); (not the dateline's: a reporter
            # in Beijing writes of "the Liberal government" of Canada)
            named = [m for m in before if m.kind in ("country", "capital", "person", "title") and m.actor.country]
            pick = next((m for m in reversed(named) if self._subject_like(doc[m.end - 1])), None)
            if pick is not None:
                actor = self.kb.country_actor(pick.actor.country) or pick.actor
                return Mention(start=tok.i, end=tok.i + 1, text=tok.text, kind="group", actor=actor)
        for m in reversed(before):
            if want == "institution" and m.kind == "institution" and lemma in m.actor.name.lower():
                return Mention(start=tok.i, end=tok.i + 1, text=tok.text, kind="group", actor=m.actor)
            if want == "country" and m.kind in ("country", "capital", "person", "title") and m.actor.country:
                actor = self.kb.country_actor(m.actor.country) or m.actor
                return Mention(start=tok.i, end=tok.i + 1, text=tok.text, kind="group", actor=actor)
            if want not in ("institution", "country", "region") and m.actor.country == want:
                actor = self.kb.country_actor(want) or m.actor
                return Mention(start=tok.i, end=tok.i + 1, text=tok.text, kind="group", actor=actor)
        home = getattr(self, "home", None)
        if want == "country" and home and self.kb.country_actor(home) is not None:
            # "The government on Monday banned ...", no country named before it: the dateline's
            return Mention(start=tok.i, end=tok.i + 1, text=tok.text, kind="group", actor=self.kb.country_actor(home))
        return None

    def _legislature(self, iso: str | None) -> str | None:
        for entries in self.kb.surface.values():
            for e in entries:
                if e.kind == "institution" and e.actor.country == iso and e.actor.kind == "LEG":
                    return e.actor.name
        return None

    def _title_mention(self, doc: Doc, tok: Token, by_token, published, mentions) -> Mention | None:
        """'the minister', 'the U.S. president', 'Seoul's top negotiator' -> a person."""
        start = tok.left_edge.i
        words = " ".join(t.lower_ for t in doc[start:tok.i + 1] if t.pos_ in ("NOUN", "PROPN", "ADJ")
                         and t.i not in by_token)
        term = self.role_suffix(words)
        if term is None:
            return None
        cm = self._country_modifier(tok, by_token)
        country = cm.actor.country if cm else None
        role = self.kb.role_for_title(term, country)
        person = None
        # Most recent person in the article with this title, else the office holder at the date.
        for m in reversed([m for m in mentions if m.start < tok.i and m.kind == "person"]):
            if (m.role_title == term or (m.role_title and term in m.role_title)) and (country is None or m.actor.country == country):
                return Mention(start=start, end=tok.i + 1, text=doc[start:tok.i + 1].text, kind="title",
                               actor=m.actor, role_title=term)
        if role and country:
            person = self.kb.holder(role, country, published)
        if person is None:
            return None
        return Mention(start=start, end=tok.i + 1, text=doc[start:tok.i + 1].text, kind="title",
                       actor=person.actor(), role_title=term)

    def _local_acronyms(self, doc: Doc) -> set[str]:
        """Acronyms the article defines for something that is no actor ("Interim Trade Agreement (ITA)")."""
        cache = getattr(self, "_acronym_cache", None)
        if cache is not None and cache[0] is doc:
            return cache[1]
        found: set[str] = set()
        for m in _ACRONYM_DEF.finditer(doc.text):
            raw = m.group(1).split()
            words = [w for w in raw if w.lower() not in ("of", "and", "for", "the", "on", "in")]
            acro = m.group(2)
            phrase = words[-len(acro):]
            whole = " ".join(raw[raw.index(phrase[0]):]) if len(phrase) == len(acro) else ""
            head = phrase[-1].lower() if phrase else ""
            if whole and "".join(w[0] for w in phrase).upper() == acro and not self.kb.lookup(whole) \
                    and (head in self.lex.deal_words or head in self.lex.measure_words or head in self.lex.document_heads):
                found.add(acro)
        self._acronym_cache = (doc, found)
        return found

    def _joined_ents(self, doc: Doc) -> list[Span]:
        """Entities, with two adjacent place names the tagger split rejoined where the KB knows the whole
        ("the People's" + "Republic of China" is China, not the Republic of China)."""
        ents, out, skip = list(doc.ents), [], False
        for a, b in zip(ents, [*ents[1:], None], strict=False):  # (no entities: nothing to join)
            if skip:
                skip = False
                continue
            if b is not None and a.end == b.start and a.label_ in ("GPE", "NORP") and b.label_ == "GPE":
                start = a.start + (doc[a.start].lower_ == "the")
                if self.kb.lookup(doc[start:b.end].text):
                    out.append(Span(doc, start, b.end, label="GPE"))
                    skip = True
                    continue
            out.append(a)
        return out
