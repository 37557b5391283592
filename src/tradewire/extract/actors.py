"""Who acts and who is acted on: actors of tokens, speakers, subjects, objects, owners of measures."""

from __future__ import annotations

from spacy.tokens import Token

from tradewire.extract.candidate import Candidate
from tradewire.extract.syntax import _ancestors, _scope_tokens
from tradewire.models import Actor
from tradewire.resolve.resolver import ArticleActors


class ActorRules:
    """Mixed into the shared Context (uses self.lex, self.kb, self.resolver)."""

    def _actor_of(self, tok: Token, actors: ArticleActors, strict: bool = False, speaker: Actor | None = None) -> Actor | None:
        """The actor a token stands for (mention, country-modified group, 'we' in a quote)."""
        forced = getattr(self, "_group_pick", None)
        if forced is not None and tok.i == forced[0]:
            return forced[1]  # one member of "both sides" (GroupSubjectRules)
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
        if low in self.lex.possessive_it and tok.dep_ == "poss" and tok.head.lemma_.lower() in self.lex.decision_nouns:
            # "urged China to revoke its decision": the subject of the clause the possessive is in
            verb = next((h for h in _ancestors(tok, 6) if h.pos_ in ("VERB", "AUX")), None)
            for s in self._subjects(verb) if verb is not None else []:
                m = actors.at(s)
                if m is not None and not m.is_location and m.kind in ("country", "capital", "institution", "group"):
                    return m.actor
        if tok.lemma_.lower() in self.lex.own_country_nouns:
            for ch in tok.children:
                m = actors.at(ch)
                if ch.dep_ == "poss" and m is not None and m.kind in ("person", "pronoun", "title") and m.actor.country:
                    return self.kb.country_actor(m.actor.country) or m.actor  # "his country", "Xi's government"
        # "Commerce Minister | Wang Wentao" (apposition), "the minister, Kim" ...
        for ch in tok.children:
            if ch.dep_ in ("appos", "compound") and actors.at(ch) is not None and actors.at(ch).kind == "person":
                return actors.at(ch).actor
        for ch in tok.children:
            m = actors.at(ch)
            if ch.dep_ == "appos" and m is not None and not m.is_location and m.actor.country and m.actor.kind in ("GOV", "LEG"):
                return m.actor  # "the ministry's arm, the trade remedies directorate": the appositive names it
        if tok.lemma_.lower() in self.lex.spokesperson_nouns:
            for g in (g for ch in tok.children if ch.dep_ == "prep" and ch.lower_ in ("from", "of", "for") for g in ch.children):
                m = actors.at(g)
                if g.dep_ == "pobj" and m is not None and not m.is_location and m.actor.country:
                    return m.actor  # "a spokesperson from the commerce ministry"
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
        if cm is not None and not cm.is_location and tok.pos_ in ("NOUN", "PROPN"):  # ("the deal in Niamey": a place)
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
        if verb.lower_ in self.lex.commitment_adjectives:
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
                    and cur.head.lemma_.lower() in self.lex.act_document_nouns:
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
                if agents and cur.head.lemma_.lower() in self.lex.decision_nouns:
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
            if head.pos_ == "NOUN" and head.lemma_.lower() in self.lex.span_nouns | self.lex.phase_nouns:
                cur = head  # "led three days of negotiations"
                continue
            return None
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
            if ch.dep_ == "acl" and ch.lemma_.lower() in self.lex.origin_verbs:
                for p in ch.children:
                    if p.dep_ == "prep" and p.lower_ in ("in", "from", "by"):
                        for g in p.children:
                            gm = actors.at(g)
                            if g.dep_ == "pobj" and gm is not None and gm.kind in ("country", "capital", "demonym"):
                                out.append(gm.actor)
        return out


class PersonRules:
    """Most specific actor (ANNOTATION.md §6): a side given as a bare country becomes the KB person
    of that country whom the act's sentence (or its speaker clause) names."""

    def sentence_people(self, c: Candidate, sent, actors: ArticleActors, on=None, speaker: bool = True) -> dict[str, Actor]:
        """Country -> the one KB person of it the sentence names (the speaker, where several are);
        only people in office on the article's date ("former president X" speaks for no side)."""
        found: dict[str, list[Actor]] = {}
        named = [m.actor for m in actors.mentions if sent.start <= m.start < sent.end and not m.is_location
                 and m.kind in ("person", "title")]
        sp = c.speaker if speaker else None
        for a in [*([sp] if sp is not None else []), *named]:
            if a.country and a.id in self.kb.people and self.kb.people[a.id].in_office(on) and all(a.id != b.id for b in found.get(a.country, [])):
                found.setdefault(a.country, []).append(a)
        out: dict[str, Actor] = {}
        for country, people in found.items():
            if len(people) == 1:
                out[country] = people[0]
            elif sp is not None and any(sp.id == p.id for p in people):
                out[country] = sp
        return out

    def prefer_people(self, c: Candidate) -> str | None:
        """Put `c.people` in place of the bare-country sides; the names put in, for the trail."""
        if not c.people:
            return None
        changed: list[str] = []

        def pick(a: Actor | None) -> Actor | None:
            if a is None or not (a.id or "").startswith("country:") or a.country not in c.people:
                return a
            changed.append(c.people[a.country].name)
            return c.people[a.country]

        c.source, c.target = pick(c.source), pick(c.target)
        parts: list[Actor] = []
        for p in c.participants:
            new = pick(p)
            if all(new.name != q.name for q in parts):
                parts.append(new)
        c.participants = parts
        return ", ".join(changed) or None


class GroupSubjectRules:
    """'Both sides', 'the two countries', 'the three nations' as the subject of an act: the countries
    listed in this sentence or the one before, one act each for a one-sided act."""

    _NUM = {"two": 2, "three": 3, "four": 4, "five": 5}

    def group_subject(self, c: Candidate, actors: ArticleActors) -> tuple[Token, list[Actor]] | None:
        verb = c.gov if c.noun else c.trigger  # "the three countries announced their own restrictions"
        subj = self._subjects(verb) if verb is not None else []
        if not subj or subj[0].lemma_.lower() not in self.lex.plural_side_nouns | self.lex.plural_leader_nouns or subj[0].tag_ != "NNS" \
                or actors.at(subj[0]) is not None:
            return None
        tok = subj[0]
        kids = {ch.lower_ for ch in tok.children if ch.dep_ in ("det", "nummod", "predet", "preconj")}
        n = 2 if "both" in kids else next((self._NUM.get(k) or int(k) for k in kids if k in self.lex.side_counts), None)
        if n is None:
            return None
        members = self._listed_countries(tok, actors, n)
        if members is None:
            return None  # (no guess from the article's pair: "both nations" may be two others)
        # a listed KB person stays the person ("Ishiba and Trump ... the two leaders"), else the country
        out = [a for a in (x if x.id in self.kb.people else self.kb.country_actor(x.country) for x in members) if a is not None]
        return (tok, out) if len(out) == n else None

    def _listed_countries(self, tok: Token, actors: ArticleActors, n: int, back: int = 8) -> list[Actor] | None:
        """The nearest list of exactly n coordinated sides of n countries ("Poland, Slovakia and Hungary",
        "Ishiba and Trump": the people), in this sentence before `tok` or in one of the `back` sentences before it."""
        sent = tok.sent
        for _ in range(back + 1):
            ms = [m for m in actors.mentions if sent.start <= m.start and m.end <= min(sent.end, tok.i)
                  and not m.is_location and m.actor.country and m.kind in ("country", "capital", "demonym", "person", "title")]
            by_tok = {m.end - 1: m for m in ms}
            for m in reversed(ms):
                root = tok.doc[m.end - 1]
                group = [by_tok[t.i].actor for t in sorted([root, *root.conjuncts], key=lambda t: t.i) if t.i in by_tok]
                listed = list({a.country: a for a in reversed(group)}.values())[::-1]
                if len(listed) == n:
                    return listed
            if sent.start == 0:
                return None
            sent = tok.doc[sent.start - 1].sent
        return None
