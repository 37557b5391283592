"""Stage `triggers`: candidate acts from verbs, nouns and adjectives (data/triggers.yaml),
each with the frame it is told in (speaker, governing verb, clause)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from tradewire.extract.candidate import Candidate
from tradewire.extract.registry import stage
from tradewire.extract.schemas import load_triggers  # noqa: F401 (the stage's data, re-exported)
from tradewire.extract.syntax import RESTRICTIVE, _is_time_word, _scope_tokens
from tradewire.extract.trail import Rejection, note
from tradewire.resolve.resolver import ArticleActors

if TYPE_CHECKING:
    from tradewire.extract.context import ArticleState, Context

STAGE = "triggers"


def _reject(rejected: list | None, si: int, tok: Token, rule: str, why: str) -> None:
    """A trigger word turned down before it became a candidate (shown by `explain`)."""
    if rejected is not None:
        rejected.append(Rejection(si, tok.text, tok.i, rule, why))
    return None


def _created(c: Candidate, rule: str, why: str) -> Candidate:
    note(c, STAGE, rule, "created", why)
    return c


class TriggerRules:
    """Mixed into the shared Context (uses self.verbs, self.nouns, self.lex)."""

    def _candidate(self, tok: Token, si: int, actors: ArticleActors, rejected: list | None = None) -> Candidate | None:
        """The candidate act a token triggers, or None (a trigger word turned down goes to `rejected`)."""
        lemma = tok.lemma_.lower()
        light = self._light_act(tok)
        if light is not None:  # "raised concerns over the curbs", "there will be a 25% tariff on steel"
            return _created(Candidate(light[0], tok, si, noun=False), light[1], light[2])
        if tok.pos_ == "ADJ" and tok.lower_ in self.lex.pledge_adjectives and tok.dep_ in ("acomp", "xcomp", "ccomp", "conj"):
            # "China was willing to work with ...", "Canada remains ready to negotiate ..."
            # ("ready to retaliate" is a threat: the imposition below carries it)
            retaliation = any(c.dep_ == "xcomp" and any(t == "IMPOSE" for t, _ in self.verbs.get(c.lemma_.lower(), []))
                              for c in tok.children)
            if not retaliation and any(c.dep_ == "xcomp" and self._has_measure(c, restrictive=True, generic_ok=False) and not any(
                    t in ("EASE", "PLEDGE", "CONSULT", "AGREE") for x in c.subtree for t, _ in self.verbs.get(x.lemma_.lower(), [])) for c in tok.children):
                return _created(Candidate("THREATEN", tok, si, noun=False), "ready_to_retaliate", "ready to resort to a measure")
            if any(c.dep_ in ("xcomp", "prep") for c in tok.children) and not retaliation \
                    and not any(c.dep_ == "neg" for c in tok.head.children):
                return _created(Candidate("PLEDGE", tok, si, noun=False), "pledge_adjective", "willing/ready to act")
        if tok.pos_ == "ADJ" and tok.lower_ in self.lex.grievance_adjectives and tok.dep_ in ("acomp", "xcomp") \
                and tok.head.lemma_.lower() in self.lex.copula_verbs and not any(c.dep_ == "neg" for c in tok.head.children) \
                and any(c.dep_ == "prep" and c.lower_ in self.lex.grievance_preps and self._grievance_object(c, actors) for c in tok.children):
            # "is extremely dissatisfied with the tariffs", "was very concerned by the suspension"
            return _created(Candidate("ACCUSE", tok, si, noun=False), "grievance_adjective", f"{tok.lower_!r} about an act")
        hoping = lemma in self.lex.hope_verbs or tok.lower_ in self.lex.hope_verbs
        if tok.pos_ == "VERB" and (hoping or lemma in self.lex.statement_verbs) \
                and self._demanded_clause(tok, actors, deontic=not hoping):
            # "hopes the EU will terminate the duties"; "the US should remove its controls," the ministry said
            return _created(Candidate("DEMAND", tok, si, noun=False), "hoped_or_owed_act", f"{lemma!r} another side's act")
        if (lemma in self.lex.statement_verbs or lemma in self.lex.labelling_verbs) \
                and tok.pos_ == "VERB":
            if self._accusing_statement(tok, actors):
                return _created(Candidate("ACCUSE", tok, si, noun=False), "accusing_statement", "a statement condemning an act")
        if tok.pos_ in ("VERB", "AUX") or (tok.pos_ == "ADJ" and lemma in ("committed",)):
            if tok.dep_ == "amod":
                # "a negotiated outcome", "the agreed timeframe": descriptions, not acts
                return _reject(rejected, si, tok, "description_participle", "a participle modifying a noun") if lemma in self.verbs else None
            if lemma == "committed":
                lemma = "commit"
            hits = [h for h in self.verbs.get(lemma, []) if self._verb_flags_ok(tok, h[1], h[0], actors)]
            if not hits:
                return _reject(rejected, si, tok, "verb_conditions_unmet", "no reading of the verb has its conditions (triggers.yaml)") if self.verbs.get(lemma) else None
            # The most specific reading wins: "took India to the WTO over tariffs" is a filing first.
            hits.sort(key=lambda h: (-len(set(h[1]) - {"measure"}), not h[1].get("litigation")))
            etype, flags = hits[0]
            rule, why = "verb_trigger", f"verb {lemma!r} as {etype}"
            if etype == "REJECT" and self._claim_rejected(tok):  # "dismissed the assertion": a claim, no demand or proposal
                return _reject(rejected, si, tok, "claim_rejected", "a claim rejected, not a demand, proposal or deal")
            speech = self._speech_reading(tok, etype)
            if speech is not None and speech[0] is None:
                return _reject(rejected, si, tok, speech[1], speech[2])
            if speech is not None:
                etype, rule, why = speech[0], speech[1], f"verb {lemma!r}: {speech[2]}"
            if etype == "THREATEN" and any(c.dep_ == "nsubj" and self.lex.measure_words.get(c.lemma_.lower()) for c in tok.children):
                # "the U.S. restrictions threatened the stability of supply chains": a charge against the measure
                etype, rule, why = "ACCUSE", "measure_threatens", f"a measure as subject of {lemma!r}: type THREATEN->ACCUSE"
            if etype == "AGREE" and lemma == "agree":
                # "agreed to cut the duty": the act is the cut; "agreed to meet again": planned talks;
                # "X and Y agreed to work toward ...": an agreement between them.
                for c in tok.children:
                    if c.dep_ != "xcomp":
                        continue
                    if any(tt == "CONSULT" for tt, _ in self.verbs.get(c.lemma_.lower(), [])) or any(
                            g.dep_ == "dobj" and self.nouns.get(g.lemma_.lower()) == "CONSULT" for g in c.children):
                        if c.lemma_.lower() in self.lex.talks_opening_verbs and any(
                                g.dep_ == "dobj" and self.nouns.get(g.lemma_.lower()) == "CONSULT" for g in c.children):
                            return _created(Candidate("AGREE", tok, si, noun=False), "agree_to_open_talks", "agreeing to open talks")  # agreeing to open talks is an agreement
                        return _reject(rejected, si, tok, "agreed_talks", "agreeing to meet: the talks are the act")
                    hits_x = [t for t, f in self.verbs.get(c.lemma_.lower(), []) if self._verb_flags_ok(c, f, t, actors)]
                    if hits_x and not self._plural_subject(tok):
                        return _reject(rejected, si, tok, "one_side_agrees_to_act", "one side agreeing to act: that act is the event")
                    if not hits_x and not self._plural_subject(tok) and not any(
                            ch.dep_ == "prep" and ch.lower_ in ("with", "between") for ch in tok.children):
                        return _created(Candidate("PLEDGE", tok, si, noun=False), "one_side_agrees", "one side agreeing to act")  # "Japan agreed to open procurement"
            if etype == "PLEDGE" and lemma != "agree":
                cur = tok
                for _ in range(3):
                    if cur.dep_ not in ("xcomp", "conj") or cur.head == cur:
                        break
                    cur = cur.head
                    if cur.lemma_.lower() == "agree":
                        if self._plural_subject(cur):
                            return _reject(rejected, si, tok, "pledge_in_joint_agreement", "a term of what both sides agreed")
                        break
            if etype == "PLEDGE" and any(c.dep_ == "xcomp" and any(t == "IMPOSE" and self._verb_flags_ok(c, f, t, actors)
                                                                   for t, f in self.verbs.get(c.lemma_.lower(), []))
                                         for c in tok.children):  # ("promises to increase purchases" is no imposition)
                # "vowed to retaliate": the conditional imposition below is the (threat) event
                return _reject(rejected, si, tok, "vowed_retaliation", "the retaliation it governs is the threat")
            if etype == "EASE" and lemma in self.lex.list_removal_verbs and self._inverted_list(tok):
                etype, rule, why = "IMPOSE", "inverted_list", f"verb {lemma!r}: type EASE->IMPOSE"  # taken off a white list: a restriction
            if etype == "EASE" and lemma in self.lex.ending_verbs \
                    and any(c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in self.lex.benefit_words for c in tok.children):
                etype, rule, why = "IMPOSE", "benefit_ended", f"verb {lemma!r}: type EASE->IMPOSE"  # ending a preference or an exemption restricts trade
            if etype in ("EASE", "IMPOSE") and self._quota_object(tok):
                # "cut import quotas" restricts, "raised the quota" eases: a quota runs the other way
                flipped = {"EASE": "IMPOSE", "IMPOSE": "EASE"}
                if (etype == "EASE") == (lemma in self.lex.reduction_verbs):
                    etype, rule, why = flipped[etype], "quota_polarity", f"verb {lemma!r} on a quota: type {etype}->{flipped[etype]}"
            if lemma in self.lex.permission_verbs and any(c.dep_ == "neg" for c in tok.children):
                if any(c.dep_ in ("nsubj", "nsubjpass") and self.lex.measure_words.get(c.lemma_.lower()) for c in tok.children):
                    return _reject(rejected, si, tok, "measure_not_allowed", "'the tariffs are not allowed': a verdict, no act")
                return _created(Candidate("IMPOSE", tok, si, noun=False, restriction=True), "negated_permission", f"not {lemma!r}")  # "would not be allowed to bid"
            return _created(Candidate(etype, tok, si, noun=False), rule, why)
        if tok.pos_ in ("NOUN", "PROPN") and lemma in self.nouns:
            etype = self.nouns[lemma]
            rule, why = "noun_trigger", f"noun {lemma!r} as {etype}"
            if tok.pos_ == "PROPN" or tok.ent_type_ in ("LAW", "ORG", "EVENT", "WORK_OF_ART") or (tok.text[:1].isupper() and tok.i > tok.sent.start):
                # "the North American Free Trade Agreement" names a treaty, not an act
                return _reject(rejected, si, tok, "named_treaty", "part of a name")
            if lemma == "call":
                medium = any(c.lower_ in self.lex.call_media for c in tok.children)
                # "a call on Washington to ..." asks; "a call on Wednesday between X and Y" is talks
                on_party = any(c.dep_ == "prep" and c.lower_ in ("on", "upon") and any(
                    g.dep_ == "pobj" and not _is_time_word(g) for g in c.children) for c in tok.children)
                if not medium and (on_party or any(c.dep_ == "prep" and c.lower_ == "for" for c in tok.children)):
                    etype, rule, why = "DEMAND", "call_on_party", f"noun {lemma!r}: type CONSULT->DEMAND"
                elif not (medium or any(c.dep_ == "prep" and c.lower_ == "between" for c in tok.children) or (
                        tok.dep_ == "dobj" and tok.head.lemma_.lower() in self.lex.call_holding_verbs
                        and any(c.dep_ == "prep" and c.lower_ == "with" for c in tok.children))):
                    # "held a call with Lutnick" is talks; "a call for calm" is not
                    return _reject(rejected, si, tok, "call_not_talks", "a call that is neither talks nor a demand")
            if lemma in self.lex.legal_action_nouns and not any(c.lower_ in self.lex.legal_action_modifiers
                                                          for c in tok.children):
                return _reject(rejected, si, tok, "not_legal_action", "an action that is not a legal one")
            if lemma == "round" and not any(c.lower_ == "of" for c in tok.children):
                return _reject(rejected, si, tok, "round_not_talks", "no 'round of' talks")
            if tok.dep_ == "pobj" and tok.head.lower_ in ("in", "as") and lemma in self.lex.motive_nouns:
                # "in retaliation for U.S. duties" gives the motive of another act
                return _reject(rejected, si, tok, "motive_phrase", "the motive of another act")
            if lemma in self.lex.request_nouns and self._litigation_context(tok.sent) and any(
                    c.dep_ == "prep" and c.lower_ == "for" and any(g.lemma_.lower() == "consultation" for g in c.children)
                    for c in tok.children):
                etype, rule, why = "LITIGATE", "request_for_consultations", f"noun {lemma!r}: type {etype}->LITIGATE"  # a WTO request for consultations opens a dispute
            if etype == "LITIGATE" and not self._litigation_context(tok.sent):
                return _reject(rejected, si, tok, "no_litigation_context", "no court or WTO in the sentence")
            if etype == "EASE" and lemma in self.lex.flow_stop_nouns and self._flow_of(tok):
                etype, rule, why = "IMPOSE", "flow_suspended", f"noun {lemma!r} of a trade flow: type EASE->IMPOSE"  # "a suspension of rice imports"
            elif etype in ("EASE", "IMPOSE") and lemma not in ("retaliation",) and not self._has_measure(tok, restrictive=True):
                return _reject(rejected, si, tok, "noun_without_measure", "no restrictive measure in its phrase")
            if etype == "PLEDGE" and lemma == "promise" and tok.dep_ == "dobj" and tok.head.lemma_ == "break":
                return _reject(rejected, si, tok, "broken_promise", "a promise broken is no pledge")
            if (etype == "PLEDGE" or etype in ("IMPOSE", "EASE") and tok.dep_ == "nsubj" and any(
                    c.dep_ == "attr" for c in tok.head.children)) and self._copula_noun(tok):
                # "the government's commitment is to its people", "one of his campaign pledges", "the tariff hike is part of ..."
                return _reject(rejected, si, tok, "described_pledge" if etype == "PLEDGE" else "described_act", "an act described, not made")
            return _created(Candidate(etype, tok, si, noun=True), rule, why)
        return None

    def _demanded_clause(self, verb: Token, actors: ArticleActors, deontic: bool) -> bool:
        """A clause under a government's hope or statement in which another side is to act on trade:
        "(it) hopes the EU will terminate the duties", "the US should remove its controls," (MOFCOM) said."""
        subj = [c for c in verb.children if c.dep_ == "nsubj"]
        own = self._actor_of(subj[0], actors) if subj else None
        if own is None and not (subj and (subj[0].lower_ in self.lex.speaker_pronouns or subj[0].lemma_.lower() in self.lex.spokesperson_nouns)):
            return False
        if own is not None and own.kind not in ("GOV", "IGO", "LEG"):
            return False  # analysts and firms hope; governments demand
        for cl in (c for c in verb.children if c.dep_ in ("ccomp", "parataxis")):
            aux = {k.lower_ for k in cl.children if k.dep_ == "aux"}
            if not (aux & self.lex.deontic_modals if deontic else aux & {"will", "would"}):
                continue
            other = [self._actor_of(k, actors, strict=True) for k in cl.children if k.dep_ == "nsubj"]
            if not other or other[0] is None or (own is not None and other[0].country == own.country):
                continue
            if any(self.verbs.get(x.lemma_.lower()) for x in [cl, *cl.conjuncts]) or cl.lemma_.lower() in self.lex.ending_verbs or any(
                    self.lex.measure_words.get(t.lemma_.lower()) in RESTRICTIVE for t in cl.subtree):
                return True
        return False

    def _accusing_statement(self, verb: Token, actors: ArticleActors) -> bool:
        """A statement whose content condemns ("the duties remained unjustified", Ng said)."""
        lemma = verb.lemma_.lower()
        content = [c for c in verb.children if c.dep_ in ("ccomp", "parataxis", "oprd", "xcomp")] + [
            g for c in verb.children if c.dep_ == "prep" and c.lower_ in (("as", "about", "over") if lemma == "complain" else ("as",))
            for g in c.children]
        if lemma in self.lex.labelling_verbs:
            objs = [c for c in verb.children if c.dep_ == "dobj"] + ([verb.head] if verb.dep_ == "relcl" else []) + [
                g for c in verb.children if c.dep_ in ("ccomp", "xcomp", "oprd") for g in c.children
                if g.dep_ == "nsubj" or g.dep_ == "mark" and g.lower_ in self.lex.verdict_pronouns]  # "termed that unfortunate"
            if not any(o.lower_ in self.lex.verdict_pronouns or self._actor_of(o, actors) is not None or self.lex.measure_words.get(o.lemma_.lower())
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
            content += [g for o in objs if o.head == verb for p in o.children if p.dep_ == "prep" and p.lower_ == "as" for g in p.children]
            # "called the decision to place tariffs on steel 'unacceptable'": the verdict closes the object's phrase
            content += [t for o in objs if o.head == verb for t in [max((x for x in o.subtree if not x.is_punct), key=lambda x: x.i, default=o)]
                        if t.pos_ == "ADJ" and t.i > o.i]
        if lemma == "complain" and any(c.dep_ == "ccomp" and any(
                g.dep_ == "nsubj" and self._actor_of(g, actors, strict=True) is not None for g in c.children)
                for c in verb.children):
            return True  # "complained that Seoul was stalling": a grievance against a named side
        # "the fees aim to protect against unfair competition"; "said it will suspend the punitive tariffs": its own measure
        content = [c for c in content if not self._purpose_clause(c) and not self._own_measure_clause(c, verb, actors)]
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
        return any((" " in w and w in words) or w in lemmas for w in self.lex.accusation_words | self.lex.verdict_words)

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
        if flags.get("obj_measure") and not any(  # ("taking any retaliatory action": the adjective names the measure)
                c.dep_ in ("dobj", "nsubjpass") and any(self.lex.measure_words.get(x.lemma_.lower()) in RESTRICTIVE
                                                       for x in [c, *(g for g in c.children if g.dep_ == "amod")]) for c in kids):
            return False
        if flags.get("trade_flow"):
            objs = [c for c in kids if c.dep_ in ("dobj", "nsubjpass")]
            flows = any(c.dep_ == "xcomp" and c.lemma_.lower() in self.lex.trade_flows for c in kids) or any(o.lower_ in self.lex.trade_flows or o.lemma_.lower() in self.lex.trade_flows for o in objs)
            barred = any(self._actor_of(o, actors) is not None for o in objs) and any(
                c.dep_ == "prep" and c.lower_ == "from" for c in kids)
            if not (flows or barred):
                return False
        if flags.get("ratify"):
            subj_leg = any(c.dep_ == "nsubj" and self._actor_of(c, actors) is not None
                           and self._actor_of(c, actors).kind == "LEG" for c in kids)
            obj_law = any(c.dep_ == "dobj" and c.lemma_.lower() in self.lex.law_nouns for c in kids)
            if not (subj_leg and obj_law):
                return False
        if flags.get("litigation_context") and not self._litigation_context(tok.sent):
            return False
        if flags.get("ties") and not any(c.dep_ in ("dobj", "nsubjpass") and any(
                x.lemma_.lower() in self.lex.tie_words for x in [c, *c.conjuncts]) and any(
                g.lower_ in self.lex.tie_kinds for g in c.subtree) for c in kids):
            return False
        if flags.get("relief_obj") and not any(c.dep_ == "prep" and c.lower_ == "for" and any(
                g.dep_ == "pobj" and g.lemma_.lower() in self.lex.relief_words for g in c.children) for c in kids):
            return False
        if flags.get("negated") and not any(c.dep_ == "neg" for c in kids):
            return False
        if etype == "REJECT" and tok.lemma_ == "rule":
            # "ruled out retaliating" is a denied IMPOSE, not a rejection (the parser may hang it on "out").
            for c in kids + [g for k in kids if k.dep_ == "prt" for g in k.children]:
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
                g.lower_ in self.lex.in_force_words for g in c.children) for c in kids)
            if flags.get("effect") and not (any(c.dep_ == "dobj" and c.lower_ == "effect" for c in kids)
                                            or tok.lemma_ == "kick" or into_force):
                return False
            subj = [c for c in kids if c.dep_ in ("nsubj", "nsubjpass")]
            if tok.dep_ == "relcl":
                subj = subj + [tok.head]
            if not subj and tok.dep_ == "xcomp":  # "tariffs were set to take effect in two weeks"
                subj = [c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")]
            if not any(self.lex.measure_words.get(x.lemma_.lower()) in RESTRICTIVE for x in subj for x in x.subtree):
                return False
        if flags.get("intent"):
            if not self._intent(tok):
                return False
            if flags.get("market") and not any(c.dep_ == "dobj" and c.lemma_.lower() in self.lex.market_nouns for c in kids):
                return False
            if flags.get("pledge_obj") and not any(c.dep_ == "dobj" and c.lemma_.lower() in self.lex.pledge_objects for c in kids):
                return False
        if flags.get("exemption"):
            if not any(c.dep_ == "dobj" and c.lemma_.lower() in self.lex.exemption_words for c in kids):
                return False
        return True

    def _has_measure(self, tok: Token, restrictive: bool, generic_ok: bool = True) -> bool:
        for t in _scope_tokens(tok):
            m = self.lex.measure_words.get(t.lemma_.lower()) or self.lex.measure_words.get(t.lower_)
            if m and (not restrictive or m in RESTRICTIVE) and (generic_ok or m != "other"):
                return True
        return False

    def frame(self, c: Candidate, actors: ArticleActors) -> None:
        """The frame the act is told in, read once for the later stages."""
        tok = c.trigger
        c.speaker, c.speech_verb = self._speaker(tok, actors)
        c.gov = self._governor(tok) if c.noun else None
        c.act = self._act_clause(tok) if c.noun else None
        c.clause = c.act if c.act is not None else (c.gov if c.gov is not None else tok)
        if c.restriction:
            c.frame = "restriction"
        elif not c.noun and any(f.get("patient_subject") for _t, f in self.verbs.get(tok.lemma_.lower(), [])):
            c.frame = "patient"


@stage(STAGE)
def triggers(ctx: Context, state: ArticleState, cands: list[Candidate]) -> list[Candidate]:
    out = list(cands)
    for si, sent in enumerate(state.sents):
        for tok in sent:
            c = ctx._candidate(tok, si, state.actors, state.rejected)
            if c is not None:
                ctx.frame(c, state.actors)
                out.append(c)
    return out
