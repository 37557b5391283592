"""Cue tests on the parse around a trigger: asked for, conditional, considered, back-references."""

from __future__ import annotations

from spacy.tokens import Span, Token

from tradewire.extract.syntax import _ACHIEVEMENT_VERBS, _ancestors


class CueRules:
    """Mixed into the shared Context (uses self.lex, self.verbs)."""

    def _measure_head(self, tok: Token) -> str | None:
        """The class of the measure the act is about: its object's measure noun ("tariffs" ~ "duties")."""
        for ch in tok.children:
            if ch.dep_ in ("dobj", "nsubjpass", "nsubj") and self.lex.measure_words.get(ch.lemma_.lower()):
                lemma = ch.lemma_.lower()
                return "tariff" if self.lex.measure_words[lemma] == "tariff" and lemma not in self.lex.counter_measure_nouns else lemma
        return None

    def _ruled_out(self, tok: Token) -> bool:
        """'ruled out retaliating', 'is not considering countermeasures': a measure ruled out (denied)."""
        if any(c.dep_ == "neg" for c in tok.children) and any(
                c.dep_ == "aux" and c.lower_ in self.lex.future_aux for c in tok.children):
            return True  # "Brazil will not impose retaliatory tariffs": ruled out
        return any(a.lemma_ == "rule" and any(c.lower_ == "out" for c in a.children) or (
            a.lemma_.lower() in self.lex.consideration_verbs and any(c.dep_ == "neg" for c in a.children))
            for a in [tok, *_ancestors(tok, 3)])

    def _object_of_other_trigger(self, noun: Token) -> bool:
        head = noun.head
        return noun.dep_ in ("dobj", "pobj", "nsubjpass") and head != noun and bool(self.verbs.get(head.lemma_.lower()))

    def _plural_subject(self, verb: Token) -> bool:
        """'The EU and the US agreed', 'the two sides agreed'."""
        for c in verb.children:
            if c.dep_ == "nsubj":
                return bool(list(c.conjuncts)) or any(g.lower_ in self.lex.plural_side_words for g in c.subtree)
        return False

    def _intent(self, tok: Token) -> bool:
        """'will buy', 'would invest', 'agreed to purchase', 'pledged to open': a commitment."""
        if any(c.dep_ == "aux" and c.lower_ in ("will", "would", "shall", "'ll") for c in tok.children):
            return True
        cur = tok
        for _ in range(2):
            if cur.dep_ in ("xcomp", "ccomp", "conj") and cur.head.lemma_.lower() in self.lex.commitment_governors:
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
            if cur.lemma_.lower() in self.lex.request_or_promise_governors:
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

    def _considered(self, tok: Token) -> Token | None:
        """The verb of consideration the act is weighed under ("is considering removing ...")."""
        cur = tok
        for _ in range(3):
            if cur.head == cur or cur.dep_ not in ("xcomp", "dobj", "pcomp", "ccomp", "pobj"):
                return None
            cur = cur.head
            if cur.lemma_.lower() in self.lex.consideration_verbs:
                return cur
        return None

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

    def _noun_is_act(self, noun: Token, gov: Token | None) -> bool:
        """A nominal trigger states an act (not a back-reference) when governed by a light
        verb, modified by an act participle ("reached last year") or linked by between/with."""
        if self._hedged_noun(noun):
            return False
        if gov is not None and gov.lemma_.lower() in self.lex.light_verbs and noun.dep_ in ("dobj", "nsubjpass"):
            return True
        for ch in noun.children:
            if noun.lemma_.lower() in self.lex.commitment_nouns:
                break  # "commitments it had made": background, not a new pledge
            if ch.dep_ in ("acl", "relcl") and ch.lemma_.lower() in self.lex.act_participles:
                return True
            if ch.dep_ == "prep" and ch.lower_ in ("between", "with", "among"):
                return True
        if noun.dep_ in ("nsubj",) and noun.head.lemma_.lower() in self.lex.act_phase_verbs:
            return True
        return False

    def _hedged_noun(self, noun: Token) -> bool:
        """'open to further discussions', 'willing to resolve through dialogue', 'ready to resume talks'."""
        return any(a.lower_ in self.lex.hedge_words or a.lemma_.lower() in self.lex.hedge_nouns
                   for a in _ancestors(noun, 4))  # ("expressed its readiness for trade negotiations")

    def _act_clause(self, noun: Token) -> Token | None:
        """The participle that states a nominal act ("a deal struck on Sunday")."""
        for ch in noun.children:
            if noun.lemma_.lower() in self.lex.commitment_nouns:
                break  # "commitments it had made": background, not a new pledge
            if ch.dep_ == "acl" and ch.lemma_.lower() in self.lex.light_verbs | self.lex.deal_making_verbs:
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
            if head.lemma_.lower() in self.lex.threat_verbs and cur.dep_ in ("xcomp", "ccomp", "pobj", "advcl"):
                return head
            cur = head
        return None

    def _copula_noun(self, noun: Token) -> bool:
        """A noun that is the subject or predicate of 'be' (through 'one of'): described, not made."""
        cur = noun
        if cur.dep_ == "pobj" and cur.head.lower_ == "of" and cur.head.head.dep_ == "attr":
            cur = cur.head.head  # "was one of his campaign pledges"
        return cur.dep_ in ("nsubj", "attr") and cur.head.lemma_ == "be"

    def _light_act(self, tok: Token) -> tuple[str, str, str] | None:
        """An act told by a light verb or an existential rather than by its own verb: "raised
        concerns over the curbs" (ACCUSE), "said there will be a 25% tariff on steel" (IMPOSE)."""
        kids = list(tok.children)
        if tok.pos_ == "VERB" and tok.lemma_.lower() in self.lex.grievance_light_verbs and not any(c.dep_ == "neg" for c in kids) \
                and any(c.dep_ == "dobj" and c.lemma_.lower() in self.lex.grievance_nouns for c in kids):
            return "ACCUSE", "voiced_grievance", f"{tok.lemma_.lower()!r} a grievance"
        if tok.lemma_ == "be" and any(c.dep_ == "expl" for c in kids) \
                and any(c.dep_ == "aux" and c.lower_ in self.lex.future_aux for c in kids) \
                and any(c.dep_ == "attr" and (self.lex.measure_words.get(c.lemma_.lower()) in ("tariff", "quota", "export_control", "sanction")
                                              or c.lemma_.lower() in self.lex.retaliation_words)
                        and not any(d.lower_ in ("no", "zero") for d in c.children) for c in kids):
            # ("there will be no tariff if they build here": none; "there will be retaliation if ...": a threat)
            if any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children) for c in kids):
                return "THREATEN", "existential_threat", "'there will be' a measure, if ..."
            return "IMPOSE", "existential_measure", "'there will be' a measure"
        return None

    def _claim_rejected(self, tok: Token) -> bool:
        """Rejecting a claim, not a demand or proposal: "dismissed the assertion", "refused to accept
        that the curbs were retaliation", "refused to withdraw his comments"."""
        objs = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")] + ([tok.head] if tok.dep_ == "relcl" else [])
        for x in (c for c in tok.children if c.dep_ == "xcomp"):
            objs += [g for g in x.children if g.dep_ == "dobj"]
            if any(g.dep_ == "ccomp" and any(m.dep_ == "mark" and m.lower_ == "that" for m in g.children) for g in x.children):
                return True
        return any(o.lemma_.lower() in self.lex.claim_nouns for o in objs)

    def _purpose_clause(self, clause: Token) -> bool:
        """The clause gives a measure's aim: "the aim of the probe is to prevent unfair competition",
        "the fees aim to protect industry against unfair competition"."""
        subj = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
        return any(s.lemma_.lower() in self.lex.purpose_nouns for s in subj) or (
            clause.lemma_.lower() in self.lex.purpose_verbs and any(
                self.lex.measure_words.get(s.lemma_.lower()) or s.lemma_.lower() in self.lex.investigation_words for s in subj))

    def _quota_object(self, tok: Token) -> bool:
        """The verb's object or subject (passive) is a quota ("cut import quotas", "the quota was raised")."""
        return any(c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in self.lex.quota_words for c in tok.children)

    def _litigation_context(self, sent: Span) -> bool:
        # hard-wrapped copy and British spelling ("World Trade\nOrganisation") say the same
        low = " ".join(sent.text.lower().split()).replace("organisation", "organization")
        return any(w in low for w in self.lex.litigation_context)

    def _inverted_list(self, tok: Token) -> bool:
        text = " ".join(t.lower_ for c in tok.children if c.dep_ == "prep" and c.lower_ == "from" for t in c.subtree)
        if text and "list" in text and any(w in tok.sent.text.lower() for w in self.lex.inverted_lists):
            return True  # "... a month after Tokyo dropped Korea from its own list"
        return any(w in text for w in self.lex.inverted_lists)

    def _speech_reading(self, tok: Token, etype: str) -> tuple[str | None, str, str] | None:
        """A speech verb's reading by what it governs: (new type, or None for no act; rule; why)."""
        kids = list(tok.children)
        objs = [c for c in kids if c.dep_ in ("dobj", "nsubjpass")] + ([tok.head] if tok.dep_ == "relcl" else [])
        if etype == "PLEDGE":
            if any(c.dep_ == "xcomp" and c.lemma_.lower() in self.lex.defence_verbs for c in kids):
                return "THREATEN", "vow_to_defend", "a vow to defend its interests warns"  # "vowed to defend its interests"
            if tok.dep_ == "relcl" and not any(c.dep_ in ("xcomp", "ccomp", "dobj") for c in kids):
                return None, "vowed_back_reference", "what was vowed earlier ('the start date he vowed')"
            if any(s.lemma_.lower() in self.lex.deal_words or self.lex.measure_words.get(s.lemma_.lower())
                   for s in self._subjects(tok)):
                return None, "deal_as_subject", "a deal or measure offers nothing: its terms are told elsewhere"
        if etype == "ACCUSE" and tok.lemma_.lower() in self.lex.opposing_verbs and any(
                o.lemma_.lower() in self.lex.deal_words for o in objs + [c for c in kids if c.dep_ == "agent"]):
            return "REJECT", "deal_opposed", "a deal opposed is rejected"  # "the pact is opposed by France"
        if etype == "DEMAND" and tok.lemma_.lower() in self.lex.assertion_demand_verbs and any(
                c.dep_ == "ccomp" and not any(a.dep_ == "aux" and a.lower_ in self.lex.deontic_modals | {"will", "would"}
                                              for a in c.children) and any(a.dep_ in ("nsubj", "expl") for a in c.children)
                for c in kids) and not any(c.dep_ == "prep" and c.lower_ == "on" for c in kids):
            return None, "insisted_assertion", "insisted that something is so: an assertion, no demand"
        if etype == "REJECT":
            if any(o.lemma_.lower() in self.lex.acquisition_nouns for o in objs):
                return "IMPOSE", "blocked_acquisition", "a takeover rejected: an investment restriction"
            if any(self.lex.measure_words.get(o.lemma_.lower()) in ("tariff", "quota", "export_control", "sanction") for o in objs):
                return "ACCUSE", "measure_not_accepted", "not accepting a measure protests against it"
        return None

    def _grievance_object(self, prep: Token, actors) -> bool:
        """What a grievance is about is an act, a measure or a side ("concerned by the suspension"),
        not a risk or a trend ("concerned about the risk of contamination")."""
        for g in (g for g in prep.children if g.dep_ in ("pobj", "pcomp")):
            lem = g.lemma_.lower()
            if self.lex.measure_words.get(lem) or lem in self.nouns or lem in self.lex.accusation_objects \
                    or lem in self.lex.verdict_pronouns or g.pos_ == "VERB" or self._actor_of(g, actors) is not None \
                    or any(x.dep_ == "poss" and self._actor_of(x, actors) is not None for x in g.children):
                return True
        return False

    def _own_measure_clause(self, clause: Token, verb: Token, actors) -> bool:
        """The reported clause is the speaker's own measure ("China said it will suspend the punitive
        tariffs", "the EU said it would impose duties over illegal aid"): that act, no accusation."""
        if not any(t in ("IMPOSE", "EASE", "THREATEN") for t, _f in self.verbs.get(clause.lemma_.lower(), [])):
            return False
        subj = [c for c in clause.children if c.dep_ == "nsubj"]
        own = [c for c in verb.children if c.dep_ == "nsubj"]
        if not subj:
            return False
        if subj[0].lower_ in self.lex.speaker_pronouns or subj[0].lower_ in ("it", "we", "they"):
            return True
        a, b = self._actor_of(subj[0], actors), (self._actor_of(own[0], actors) if own else None)
        return a is not None and b is not None and a.country == b.country

    def _flow_of(self, noun: Token) -> bool:
        """The noun's "of" phrase is a trade flow ("a suspension of all rice importation")."""
        return any(c.dep_ == "prep" and c.lower_ == "of" and any(
            g.dep_ == "pobj" and (g.lower_ in self.lex.trade_flows or g.lemma_.lower() in self.lex.trade_flows) for g in c.children)
            for c in noun.children)
