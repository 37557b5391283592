"""Load the word lists of data/lexicon.yaml once."""

from __future__ import annotations

from functools import cache, lru_cache
from importlib import resources

import yaml


class Lexicon:
    def __init__(self, data: dict):
        self.data = data
        self.measure_words: dict[str, str] = data["measure_words"]
        for name in ("light_verbs", "speech_verbs", "reporting_verbs", "planned_governors",
                     "hypothetical_governors", "denial_governors", "object_control", "motion_verbs",
                     "location_preps", "deal_words", "investigation_words", "litigation_words",
                     "litigation_context", "exemption_words", "non_actor_nouns", "first_person", "speaker_pronouns", "pledge_adjectives", "inverted_lists", "accusation_words", "labelling_verbs", "accusation_objects", "lacking_words", "trade_flows", "office_words", "generic_aliases", "hostile_verbs", "benefit_words",
                     "person_pronouns", "effect_verbs", "decree_nouns", "reversal_objects", "litotes_verbs", "wish_verbs", "removal_verbs", "pledge_objects", "generic_parties", "intention_nouns", "consequence_verbs", "trade_terms", "non_trade_terms", "strong_trade_terms", "clear_trade_terms", "separate_cues"):
            setattr(self, name, set(data.get(name) or []))
        self.group_nouns: dict[str, str] = data["group_nouns"]
        self.bare_group_refs: dict[str, str] = data.get("bare_group_refs") or {}


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    text = resources.files("tradewire.data").joinpath("lexicon.yaml").read_text("utf-8")
    return Lexicon(yaml.safe_load(text))


@cache
def load_yaml(name: str):
    return yaml.safe_load(resources.files("tradewire.data").joinpath(name).read_text("utf-8"))
