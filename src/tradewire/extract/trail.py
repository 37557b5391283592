"""The decision trail: what each stage decided about a candidate, and why.

Every candidate carries a list of `Decision`s. A stage records one with `note` (a setting
or a kept candidate), `retype` (type or status changed by a named rule) or `drop` (the
candidate leaves the pipeline; the runner moves it to the article's dropped list).
`tradewire explain` prints these, and a learned stage can be trained and judged on them.
"""

from __future__ import annotations

from dataclasses import dataclass

DECISIONS = ("created", "kept", "set", "retyped", "dropped", "split", "merged", "absorbed")


@dataclass(frozen=True, slots=True)
class Decision:
    stage: str       # the registered stage name ("status", "roles", ...)
    rule: str        # the rule inside the stage ("under_demand", "planned_without_effective_date")
    decision: str    # one of DECISIONS
    why: str = ""    # a short human reason ("type THREATEN->IMPOSE", "sentence 3, verb 'impose'")

    def as_dict(self) -> dict:
        # by hand: dataclasses.asdict deep-copies field by field, and every event's trail goes through here
        return {"stage": self.stage, "rule": self.rule, "decision": self.decision, "why": self.why}


@dataclass(slots=True)
class Rejection:
    """A trigger word that never became a candidate, and the rule that turned it down."""

    sent_index: int
    trigger: str
    token: int
    rule: str
    why: str = ""
    stage: str = "triggers"


def note(c, stage: str, rule: str, decision: str = "set", why: str = "") -> None:
    c.trail.append(Decision(stage, rule, decision, why))


def drop(c, stage: str, rule: str, why: str = "") -> None:
    """Mark a candidate as dropped by a named rule (the runner takes it out after the stage)."""
    c.dropped = True
    c.trail.append(Decision(stage, rule, "dropped", why))


def retype(c, stage: str, rule: str, etype: str | None = None, status: str | None = None) -> None:
    """Change a candidate's type and/or status, recording from what to what."""
    parts = []
    if etype is not None and etype != c.type:
        parts.append(f"type {c.type}->{etype}")
        c.type = etype
    if status is not None and status != c.status:
        parts.append(f"status {c.status}->{status}")
        c.status = status
    c.trail.append(Decision(stage, rule, "retyped" if parts else "kept", ", ".join(parts) or "unchanged"))
