"""Stage `roles`: source, target and participants from the parse and the resolved mentions
(negated permissions and patient subjects, "India will face penalties", have their own rules)."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from tradewire.extract.actors import GroupSubjectRules, PersonRules
from tradewire.extract.candidate import Candidate
from tradewire.extract.registry import stage
from tradewire.extract.syntax import SPEECH_TYPES
from tradewire.extract.trail import drop, note, retype
from tradewire.models import SYMMETRIC_TYPES, Actor
from tradewire.resolve.resolver import ArticleActors

if TYPE_CHECKING:
    from tradewire.extract.context import ArticleState, Context

STAGE = "roles"


class RoleRules(PersonRules, GroupSubjectRules):
    """Mixed into the shared Context (uses self.lex, self.kb and the actor rules)."""

    def assign_roles(self, c: Candidate, sent: Span, actors: ArticleActors, dyad: list[str]) -> None:
        tok, speaker, gov, act = c.trigger, c.speaker, c.gov, c.act
        decree = c.decree
        explicit_subject = False

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
        if c.type == "EASE" and c.noun and gov is not None and gov.lemma_.lower() in self.lex.obtain_verbs:
            beneficiaries = [a for a in (self._actor_of(t, actors, speaker=speaker) for t in subj_tokens) if a is not None]
            owners = [a for a in (self._actor_of(t, actors) for t in self._noun_owner(tok, actors)) if a is not None]
            if beneficiaries:
                c.target = beneficiaries[0]
                src = owners[0] if owners else None
                if src is None and len(dyad) == 2 and c.target.country in dyad:
                    src = self.kb.country_actor(next(x for x in dyad if x != c.target.country))
                if src is None or src.country == c.target.country:
                    return drop(c, STAGE, "beneficiary_no_granter", "no other side to grant the relief")
                c.source = src
                c.frame = "beneficiary"  # (its attributes follow; no kb count, as before)
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
            return drop(c, STAGE, "denied_pledge", "a pledge denied is no pledge")
        if c.type == "IMPOSE" and c.status == "denied" and not self._ruled_out(tok) and not (
                tok.lemma_.lower() in self.lex.retaliation_words and tok.pos_ == "VERB"):
            return drop(c, STAGE, "denied_measure", "no intention of imposing: not an act")  # "no intention of imposing", "were not retaliation" (but "would not retaliate" stays)
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
            self._participants(c, sent, actors, dyad, subj_actors, subj_tokens, obj_actors)
        else:
            self._source_target(c, sent, actors, dyad, subj_actors, subj_tokens, obj_actors, explicit_subject)
        if c.dropped:
            return None

        c.separate = any(t.lower_ in self.lex.separate_cues for t in tok.subtree) or any(
            t.lower_ in self.lex.separate_cues for t in tok.children)
        if speaker is not None:
            c.kb_actors += 1
        c.kb_actors += sum(1 for a in [c.source, c.target, *c.participants] if a is not None and a.id)

    def _participants(self, c: Candidate, sent: Span, actors: ArticleActors, dyad: list[str], subj_actors: list[Actor],
                      subj_tokens: list[Token], obj_actors: list[Actor]) -> None:
        """The sides of talks and deals: subjects and objects, and the missing side from the sentence or article."""
        tok, gov, speaker = c.trigger, c.gov, c.speaker
        parts: list[Actor] = []
        members = self._member_list(subj_tokens, actors) + self._destination(c, actors)
        subj_actors = [a for a in subj_actors if not (members and a.country in {m.country for m in members} and not a.id)]
        for a in subj_actors + members + obj_actors:
            if a is not None and all(a.name != p.name for p in parts):
                parts.append(a)
        if c.noun and not parts and not self._noun_is_act(tok, gov):
            c.anaphoric = True
        if c.noun and self._hedged_noun(tok):
            c.anaphoric = True
        if c.type == "CONSULT" and obj_actors and all(a.kind in ("BUS", "MED", "OTHER") for a in obj_actors):
            return drop(c, STAGE, "talks_with_business", "a minister meeting firms is not talks between governments")  # a minister meeting chipmakers is not talks between governments
        parts = [p for p in parts if not (c.type == "CONSULT" and p.kind in ("BUS", "MED"))]
        if not subj_tokens and speaker is not None and parts and all(p.country != speaker.country for p in parts):
            parts.append(speaker)  # "talks with Canada and Mexico", said the U.S. secretary
        countries = {p.country for p in parts if p.country}
        if c.type == "CONSULT" and c.noun and tok.lemma_.lower() == "consultation" and self._litigation_context(sent) and (
                tok.head.lemma_.lower() in self.lex.request_verbs or tok.head.lower_ == "for"
                and tok.head.head.lemma_.lower() in self.lex.request_nouns):
            return drop(c, STAGE, "wto_consultations", "a request for WTO consultations opens a dispute, not talks")  # "a request for WTO consultations" opens a dispute (LITIGATE), not talks
        if c.type == "CONSULT" and not c.noun and tok.lemma_ == "meet" and any(
                ch.dep_ == "nsubj" and ch.tag_ == "NN" and not list(ch.conjuncts) for ch in tok.children) and not any(
                ch.dep_ in ("dobj", "prep") and (ch.dep_ == "dobj" or ch.lower_ in ("with", "between"))
                for ch in tok.children):
            return drop(c, STAGE, "meeting_alone", "one side meeting alone")  # "where his cabinet was meeting": one side meeting alone
        if c.type == "CONSULT" and not c.noun and tok.dep_ in ("advcl", "xcomp") and tok.head.lemma_.lower() == "meet" \
                and tok.lemma_.lower() != "meet":
            return drop(c, STAGE, "purpose_of_meeting", "the meeting is the act, not its purpose")  # "met the heads of Samsung to discuss ...": the meeting is the act
        non_actor_obj = any((ch.dep_ == "dobj" and tok.lemma_ in self.lex.meeting_verbs) or (
            ch.dep_ == "prep" and ch.lower_ in ("with", "between")) for ch in tok.children) and not obj_actors
        if non_actor_obj and not c.noun:
            return drop(c, STAGE, "meeting_non_actor", "met or talked with no actor")
        if c.noun and not obj_actors and any(
                ch.dep_ == "prep" and ch.lower_ == "with" and any(
                    g.dep_ == "pobj" and g.pos_ in ("NOUN", "PROPN") for g in ch.children) for ch in tok.children):
            return drop(c, STAGE, "meeting_with_non_actor", "a meeting with people who are no government")  # "a meeting with executives from Samsung": not talks between governments
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

    def _destination(self, c: Candidate, actors: ArticleActors) -> list[Actor]:
        """'a delegation will be sent to the US for negotiations': the government travelled to is a side
        of the talks (a place otherwise), and the speaker's the other where no one else is named."""
        gov = c.gov
        if c.type != "CONSULT" or not c.noun or gov is None or gov.lemma_.lower() not in self.lex.motion_verbs:
            return []
        out = [m.actor for p in gov.children if p.dep_ == "prep" and p.lower_ in ("to", "into") for g in p.children
               if g.dep_ == "pobj" and (m := actors.at(g)) is not None and m.kind in ("country", "capital") and m.actor.country]
        sp = c.speaker
        if out and sp is not None and sp.country and sp.country not in {a.country for a in out} and not self._subjects(gov):
            out.append(sp)
        return out

    def _member_list(self, subj_tokens: list[Token], actors: ArticleActors) -> list[Actor]:
        """'The leaders of the United States, Canada and Mexico signed': every listed country is a side."""
        out: list[Actor] = []
        for t in subj_tokens:
            if t.tag_ != "NNS":
                continue
            for g in (g for ch in t.children if ch.dep_ == "prep" and ch.lower_ == "of" for g in ch.children if g.dep_ == "pobj"):
                listed = [m for x in (g, *g.conjuncts) if (m := actors.at(x)) is not None and not m.is_location
                          and m.kind in ("country", "capital") and m.actor.country]
                if len(listed) >= 2:
                    out += [m.actor for m in listed]
        return out

    def _source_target(self, c: Candidate, sent: Span, actors: ArticleActors, dyad: list[str], subj_actors: list[Actor],
                       subj_tokens: list[Token], obj_actors: list[Actor], explicit_subject: bool) -> None:
        """Who acts on whom: the subject, else the speaker or the article's other side; the target likewise."""
        tok, gov, speaker = c.trigger, c.gov, c.speaker
        src = subj_actors[0] if subj_actors else None
        bare = subj_tokens and (m := actors.at(subj_tokens[0])) is not None and m.kind == "group" and m.end - m.start == 1 \
            and subj_tokens[0].lemma_.lower() in self.lex.bare_group_refs  # ("the government", not "the Russian government")
        if bare and src is not None and c.type in ("IMPOSE", "THREATEN", "INVESTIGATE") and len(dyad) == 2 \
                and any(a.country == src.country for a in obj_actors) and src.country in dyad:
            # "the government banned 59 Chinese apps" after China spoke: a government does not ban its own
            # country's goods; the bare reference is the article's other side
            src = self.kb.country_actor(next(x for x in dyad if x != src.country))
            note(c, STAGE, "bare_ref_not_target", "set", src.name if src else "-")
        tgt = next((a for a in obj_actors if a is not None and a.country and (src is None or a.country != src.country)), None)
        if src is None and speaker is not None and c.type in ("THREATEN", "IMPOSE") and not explicit_subject and any(
                f.get("subj_measure") or f.get("effect") for _t, f in self.verbs.get(tok.lemma_.lower(), [])) and not any(
                ch.dep_ in ("nsubjpass", "auxpass") for ch in tok.children):
            src = speaker  # "tariffs would follow in 21 days, Trudeau said"
        if src is None and speaker is not None and c.type in ("IMPOSE", "EASE") and any(
                t.lemma_.lower() in self.lex.decree_nouns for t in subj_tokens):
            src = speaker  # "The decree doubles duties on U.S. cars, Bolat said": the speaker's side decreed it
        if src is None and explicit_subject and not c.noun and tok.dep_ == "acl" and tok.head.lemma_.lower() in self.lex.made_decision_nouns:
            # "urged China to revoke its decision to impose curbs": the owner of the decision acts
            owner = [g for g in tok.head.children if g.dep_ == "poss"]
            src = self._actor_of(owner[0], actors, speaker=speaker) if owner else None
            if src is None and owner and owner[0].lower_ in ("its", "their") and tok.head.head.pos_ in ("VERB", "AUX"):
                src = next((a for a in (self._actor_of(t, actors, speaker=speaker) for t in self._subjects(tok.head.head)) if a), None)
            if src is not None:
                note(c, STAGE, "decided_act_owner", "set", f"source {src.name}: the decision's owner")
        if src is None:
            if explicit_subject and not c.noun:
                c.anaphoric = True  # a subject that is no actor ("analysts warn"): not an event
                c.source = None
                return drop(c, STAGE, "subject_not_actor", "its subject is no actor (\"analysts warn\")")
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


    def _fill_restriction(self, c: Candidate, actors: ArticleActors, dyad: list[str], speaker: Actor | None) -> None:
        """'Chinese companies would not be allowed to bid': a ban on the barred party's country, by the
        speaker's side (or the article's other side)."""
        tok = c.trigger
        barred = [x for ch in tok.children if ch.dep_ in ("nsubjpass", "dobj", "nsubj") for x in (ch, *ch.conjuncts)]
        targets = [a for x in barred for a in [self._actor_of(x, actors), *self._goods_country(x, actors)] if a is not None]
        if not targets or not targets[0].country:
            return drop(c, STAGE, "restriction_no_target", "the barred party has no country")
        c.target = targets[0]
        src = speaker
        if src is None or src.country == c.target.country:
            others = [x for x in dyad if x != c.target.country]
            src = self.kb.country_actor(others[0]) if others else None
        if src is None:
            return drop(c, STAGE, "restriction_no_source", "no side to impose the ban")
        c.source = src
        c.status = "planned" if any(k.dep_ == "aux" and k.lower_ in ("will", "would", "shall") for k in tok.children) else "occurred"
        return None

    def _fill_patient(self, c: Candidate, actors: ArticleActors, dyad: list[str], speaker: Actor | None, speech_verb) -> None:
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
            c.dating_type = c.type  # (dated as the measure it threatens)
            retype(c, STAGE, "threat_at_generic_parties", "THREATEN")
            return None
        if not subj or not subj[0].country:
            return drop(c, STAGE, "patient_no_country", "the side to face the measure has no country")
        c.target = subj[0]
        src = speaker if speaker is not None and speaker.country != c.target.country else None
        if src is None:
            others = [x for x in dyad if x != c.target.country]
            src = self.kb.country_actor(others[0]) if others else None
        if src is None:
            return drop(c, STAGE, "patient_no_source", "no side to impose the measure")
        c.source = src
        c.status = self._status(tok, c.type, speech_verb)
        if c.status in ("planned", "hypothetical") or self._in_condition(tok, marks=("unless", "if")):
            retype(c, STAGE, "conditional_penalty_is_threat", "THREATEN", "occurred")
        return None


def _group_members(ctx: Context, state: ArticleState, c: Candidate) -> list[Candidate]:
    """'Both sides remain committed to ...': one candidate per side for a one-sided act (the group
    token stands for each member in turn); talks and deals keep one candidate with all members."""
    if c.frame != "main" or c.speaker is not None:
        return [c]  # ("Trump said the two countries would work ...": the speaker's rule decides)
    group = ctx.group_subject(c, state.actors)
    if group is None:
        return [c]
    tok, members = group
    sides = members if c.type not in SYMMETRIC_TYPES else [members[0]]
    copies = [c] + [dataclasses.replace(c, trail=list(c.trail), products=list(c.products), evidence=list(c.evidence))
                    for _ in sides[1:]]  # (copied before any is filled)
    out = []
    for one, a in zip(copies, sides, strict=True):
        one.participants = []
        ctx._group_pick = (tok.i, a)
        try:
            ctx.assign_roles(one, state.sents[c.sent_index], state.actors, state.dyad)
        finally:
            ctx._group_pick = None
        if c.type in SYMMETRIC_TYPES and not one.dropped:
            one.participants = list(members)
        note(one, STAGE, "group_subject", "set", f"{tok.text!r} -> {a.name}")
        out.append(one)
    return out


@stage(STAGE)
def roles(ctx: Context, state: ArticleState, cands: list[Candidate]) -> list[Candidate]:
    done: list[Candidate] = []
    for c0 in cands:
        group = _group_members(ctx, state, c0)
        done.extend(group)
        if len(group) > 1 or any(d.rule == "group_subject" for d in c0.trail):
            for c in group:
                if not c.dropped:
                    c.people = ctx.sentence_people(c, state.sents[c.sent_index], state.actors, state.published)
            continue
        c = c0
        sent = state.sents[c.sent_index]
        if c.frame == "restriction":
            ctx._fill_restriction(c, state.actors, state.dyad, c.speaker)
        elif c.frame == "patient":
            ctx._fill_patient(c, state.actors, state.dyad, c.speaker, c.speech_verb)
        else:
            ctx.assign_roles(c, sent, state.actors, state.dyad)
        if not c.dropped:
            c.people = ctx.sentence_people(c, sent, state.actors, state.published)
            who = c.participants if c.type in SYMMETRIC_TYPES else [c.source, c.target]
            note(c, STAGE, f"{c.frame}_roles", "set", " / ".join(a.name if a else "-" for a in who) or "no sides")
    return done


@stage("people", scope="article")
def people(ctx: Context, state: ArticleState, cands: list[Candidate]) -> list[Candidate]:
    """After merging (so that two readings of one act still join): a side given as a bare country
    becomes the person of that country the act's sentence names (ANNOTATION.md §6)."""
    by_text = {s.text.strip(): s for s in state.sents}
    for c in cands:
        # The other sentences merged into this act name its people too ("Trump announced a tariff" + a recap).
        for text in c.evidence[1:]:
            sent = by_text.get(text)
            if sent is not None and state.actors is not None:
                for country, person in ctx.sentence_people(c, sent, state.actors, state.published, speaker=False).items():
                    c.people.setdefault(country, person)
        named = ctx.prefer_people(c)
        if named:
            note(c, "people", "person_over_country", "set", named)
    return cands
