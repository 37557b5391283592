"""Stage `status`: acts only wished for, asked for, refused or set as conditions are dropped;
the rest get their status (occurred, planned, hypothetical, denied), which can retype them
("could impose" is a threat, "no intention of withdrawing" a rejection)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from tradewire.extract.candidate import Candidate
from tradewire.extract.registry import stage
from tradewire.extract.syntax import SPEECH_TYPES
from tradewire.extract.trail import drop, note, retype
from tradewire.models import SYMMETRIC_TYPES

if TYPE_CHECKING:
    from tradewire.extract.context import ArticleState, Context

STAGE = "status"


class StatusRules:
    """Mixed into the shared Context (uses self.lex and the cue tests)."""

    def frame_filters(self, c: Candidate) -> bool:
        """Drop acts that are wishes, demands, conditions or descriptions; True if c survives."""
        tok, gov = c.trigger, c.gov
        if not c.noun and c.type in ("AGREE", "EASE", "CONSULT") and any(ch.dep_ == "auxpass" for ch in tok.children) and any(
                ch.dep_ == "aux" and ch.lower_ in self.lex.deontic_modals for ch in tok.children):
            return drop(c, STAGE, "requirement", "'must be ratified by all members': a requirement, not an act")
        if not c.noun and c.type in ("IMPOSE", "EASE", "DEMAND") and not any(ch.dep_ == "neg" for ch in tok.children) and any(
                ch.dep_ == "aux" and ch.lower_ in self.lex.ability_modals for ch in tok.children):
            return drop(c, STAGE, "ability_not_act", "'can' act: a capability or a rule, not an act")
        if c.noun and gov is not None and c.type in ("AGREE", "CONSULT") \
                and gov.dep_ in ("xcomp", "ccomp") and gov.head.lemma_.lower() in self.lex.wish_governors:
            return drop(c, STAGE, "wished_noun", f"{gov.head.lemma_!r} to {gov.lemma_!r}: a wish, not a deal")
        if not c.noun and tok.head.lemma_.lower() in self.lex.wish_verbs and (
                tok.dep_ == "xcomp" and any(ch.dep_ == "dobj" for ch in tok.head.children)
                or tok.dep_ == "ccomp" and any(ch.dep_ == "aux" and ch.lower_ == "to" for ch in tok.children)):
            # "Seoul expected Washington to keep the tariff at 15%": a hope, not an act
            return drop(c, STAGE, "wish_verb", f"under {tok.head.lemma_!r}: a hope, not an act")
        if c.type in ("EASE", "AGREE", "CONSULT", "INVESTIGATE", "LITIGATE") and not c.noun and c.speech_verb is not None \
                and tok.dep_ in ("ccomp", "parataxis") and any(k.dep_ == "aux" and k.lower_ in self.lex.deontic_modals for k in tok.children):
            # '"The US should remove its controls," the ministry said': asked for (the DEMAND), not done
            return drop(c, STAGE, "owed_act", "should/must in reported speech: not the act itself")
        if c.type == "PLEDGE" and not c.noun and any(
                ch.dep_ == "xcomp" and ch.lemma_.lower() in self.lex.hostile_verbs for ch in tok.children):
            return drop(c, STAGE, "hostile_pledge", "vowed to fight: commits to nothing cooperative")
        c.vowed = c.type == "IMPOSE" and tok.dep_ == "xcomp" and (
            tok.head.lemma_.lower() in self.lex.vow_verbs or tok.head.lower_ in self.lex.pledge_adjectives)
        if c.type in ("IMPOSE", "EASE", "AGREE", "CONSULT", "PLEDGE", "INVESTIGATE", "LITIGATE") and not c.vowed \
                and self._under_demand(tok):
            return drop(c, STAGE, "under_demand", "asked for, refused or promised: not the act itself")
        if c.noun and gov is not None and c.type in ("IMPOSE", "EASE", "AGREE", "CONSULT", "INVESTIGATE", "LITIGATE") \
                and tok.dep_ in ("dobj", "nsubjpass") and gov.dep_ in ("xcomp", "ccomp") and self._under_demand(gov):
            # "urged Brussels to prepare countermeasures", "asked Beijing to hold talks"
            return drop(c, STAGE, "noun_under_demand", f"object of {gov.lemma_!r}, which is asked for")
        if c.type in ("AGREE", "PLEDGE") and tok.dep_ == "relcl" and any(
                k.dep_ == "aux" and k.lower_ in ("would", "could", "might") for k in tok.children):
            return drop(c, STAGE, "described_undertaking", "a relative clause with would/could: a description")
        if c.type in ("EASE", "AGREE", "CONSULT", "PLEDGE") and self._in_condition(tok, marks=("if", "unless", "whether", "until")) \
                or c.type == "IMPOSE" and self._in_condition(tok, marks=("unless", "if")):
            return drop(c, STAGE, "condition", "inside an if/unless/until clause: a condition, not an act")
        if self._in_condition(tok, marks=("whether",)):
            return drop(c, STAGE, "whether_clause", "inside a whether clause")
        if c.type == "REJECT" and tok.lemma_ == "rule" and any(ch.dep_ == "neg" for ch in tok.children):
            return drop(c, STAGE, "not_ruled_out", "had not ruled out: rejects nothing")
        return True

    def set_status(self, c: Candidate) -> None:
        tok, act, speech_verb = c.trigger, c.act, c.speech_verb
        c.decree = not c.noun and tok.dep_ in ("acl", "relcl") and tok.head.lemma_.lower() in self.lex.decree_nouns
        if c.type in ("IMPOSE", "EASE") and not c.noun and tok.dep_ == "acl" and not c.decree and not any(
                ch.dep_ == "aux" and ch.lower_ == "to" for ch in tok.children):
            c.anaphoric = True  # "duties imposed on Australian barley": a back-reference ("decision to impose" is not)
            note(c, STAGE, "participle_back_reference", "set", "anaphoric")
        # status first: it can turn an IMPOSE into a THREATEN
        c.status = self._status(act if act is not None else tok, c.type, speech_verb)
        note(c, STAGE, "status_cues", "set", f"status {c.status}")
        if c.type == "EASE" and not c.noun and self._refused_reversal(tok):
            retype(c, STAGE, "refused_reversal", status="denied")  # "no plans to reverse them"
        verb = tok.head if c.noun and tok.dep_ in ("dobj", "nsubjpass") else tok
        if c.type == "EASE" and c.status == "denied" and verb.lemma_.lower() in self.lex.renewal_verbs and any(
                ch.dep_ in ("dobj", "nsubjpass") and ch.lemma_.lower() in self.lex.benefit_words for ch in verb.children):
            # "decided not to extend the tariff exemptions": the relief lapses, the measure applies
            decided = verb.dep_ == "xcomp" and verb.head.lemma_.lower() in self.lex.decision_verbs
            retype(c, STAGE, "lapsed_relief", "IMPOSE", "occurred" if decided else "planned")
        if c.status == "denied" and c.type in ("EASE", "CONSULT") and not self._in_condition(tok):
            # "no intention of withdrawing them", "no negotiations until ...": a refusal.
            retype(c, STAGE, "denied_is_rejection", "REJECT", "occurred")
        if c.type == "EASE" and not c.noun and c.status != "denied" and self._offered(tok):
            # "offered to eliminate tariffs", "its pledges to remove barriers": the easing is promised
            retype(c, STAGE, "offered_easing", "PLEDGE", "occurred")
        if c.noun and c.type in SYMMETRIC_TYPES and c.status in ("denied", "hypothetical"):
            c.anaphoric = True
            note(c, STAGE, "unreal_symmetric_noun", "set", "anaphoric")
        if c.type == "IMPOSE" and c.status == "hypothetical":
            retype(c, STAGE, "hypothetical_measure_is_threat", "THREATEN", "occurred")
        if c.type == "ACCUSE" and c.status == "denied":
            return drop(c, STAGE, "denied_accusation", "has not condemned: no accusation made")
        considering = self._considered(tok)
        if considering is not None and c.type in ("IMPOSE", "EASE") and any(k.dep_ == "neg" for k in considering.children):
            # "is not considering countermeasures": the measure ruled out, denied (EVENTS.md)
            retype(c, STAGE, "ruled_out_measure", status="denied")
        elif considering is not None:
            # "is considering removing Korea from its white list": a threat, hypothetical.
            retype(c, STAGE, "considered", "THREATEN" if c.type in ("IMPOSE", "EASE") else c.type, "hypothetical")
        elif c.type == "THREATEN" and not c.noun and tok.lemma_.lower() in self.lex.consideration_verbs \
                and c.status == "denied":
            retype(c, STAGE, "ruled_out_measure", "IMPOSE", "denied")  # "not weighing tariffs": no threat
        if c.vowed:
            retype(c, STAGE, "vowed_measure_is_threat", "THREATEN", "occurred")  # "vowed to retaliate", "ready to retaliate"
        if c.type == "IMPOSE" and self._threat_governed(tok):
            retype(c, STAGE, "threat_governed", "THREATEN", self._status(self._threat_governed(tok), "THREATEN", speech_verb))

    def _offered(self, tok: Token) -> bool:
        """An act offered or pledged: the xcomp of an offering verb, or the infinitive of a pledge noun."""
        head = tok.head
        if tok.dep_ == "xcomp" and head.lemma_.lower() in self.lex.offer_verbs:
            return True
        to = [k for k in tok.children if k.dep_ == "aux" and k.lower_ == "to"]
        if not to or tok.dep_ not in ("acl", "advcl"):
            return False
        # (the parser may hang "its pledges to remove" on the main verb: the noun just before "to" counts)
        before = tok.doc[to[0].i - 1] if to[0].i > 0 else None
        return head.lemma_.lower() in self.lex.commitment_nouns and tok.dep_ == "acl" or (
            before is not None and before.lemma_.lower() in self.lex.commitment_nouns)

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
                if cur.dep_ == "advcl" and any(k.dep_ == "mark" and k.lower_ in self.lex.time_clause_marks for k in cur.children):
                    break  # "... after it banned maize imports": a time clause has its own tense
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
        if etype in ("REJECT", "ACCUSE"):  # ("will not accept the levies": the negation is the act)
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
            governed = i > 0 and chain[i - 1].dep_ in ("xcomp", "dobj", "pcomp", "ccomp", "pobj", "nsubjpass", "prep", "prt")
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
            if k.dep_ == "amod" and k.lower_ in self.lex.planned_modifiers:
                status = "planned"
            if k.dep_ == "amod" and k.lower_ in self.lex.hypothetical_modifiers and etype not in SPEECH_TYPES:
                status = "hypothetical"
        if etype in ("THREATEN", "PLEDGE", "DEMAND", "ACCUSE") and status == "hypothetical":
            status = "occurred"
        return status


@stage(STAGE)
def status(ctx: Context, state: ArticleState, cands: list[Candidate]) -> list[Candidate]:
    for c in cands:
        # (restrictions and patient-subject acts get their status with their roles)
        if c.frame == "main" and ctx.frame_filters(c):
            ctx.set_status(c)
    return cands
