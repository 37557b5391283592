"""Stages registered by name, and the pipeline as config data (data/pipeline.yaml).

A stage is a function `(ctx, state, cands, **settings) -> cands`: candidates in, candidates
out. `ctx` is the shared `Context` (matchers, KB, lexicon: built once per extractor), `state`
the `ArticleState` of the article being read. A stage marks a candidate it rejects with
`trail.drop(...)`; the runner moves it to `state.dropped`.

    @stage("gate", settings=GateSettings)
    def gate(ctx, state, cands, short_article=60, min_hits=3): ...

`scope="doc"` stages run once per parsed text (per window of a long text), `scope="article"`
stages once per article over the candidates of all windows.

Extension point: any package can register a stage and name it in a pipeline config
(`Extractor(pipeline=...)` or the `scoring` slot of pipeline.yaml), e.g. a learned scorer
that reads `state.doc`, `state.article` and each candidate's finished `c.event` and drops
or re-scores it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tradewire.data import DataFileError, load_data, load_path


@dataclass(frozen=True)
class StageSpec:
    name: str
    func: Callable
    settings: type[BaseModel] | None
    scope: Literal["doc", "article"]


STAGES: dict[str, StageSpec] = {}


def stage(name: str, settings: type[BaseModel] | None = None, scope: Literal["doc", "article"] = "doc"):
    """Register a stage function under `name` (its settings validated by the `settings` model)."""
    def wrap(func: Callable) -> Callable:
        STAGES[name] = StageSpec(name, func, settings, scope)
        return func
    return wrap


class NoSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StageConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    settings: dict[str, Any] = Field(default_factory=dict)


class WindowConfig(BaseModel):
    """Long texts are read in paragraph windows (bounded time and memory per piece)."""
    model_config = ConfigDict(extra="forbid")
    threshold_chars: int = Field(50_000, gt=0)   # texts longer than this are windowed
    window_chars: int = Field(20_000, gt=0)       # target size of one window


class PipelineConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    stages: list[StageConfig]
    windows: WindowConfig = Field(default_factory=WindowConfig)


@dataclass(frozen=True)
class BoundStage:
    name: str
    func: Callable
    settings: dict[str, Any]
    scope: str

    def __call__(self, ctx, state, cands):
        return self.func(ctx, state, cands, **self.settings)


def _import_stages() -> None:
    # Importing the stage modules registers them.
    from tradewire.extract import (  # noqa: F401
        attributes,
        coding,
        context_dates,
        dating,
        gate,
        merge,
        roles,
        scoring,
        split,
        status,
        triggers,
    )


def bind(config: PipelineConfig, file: str = "pipeline") -> list[BoundStage]:
    """The stage functions of a config, with their settings validated (errors name file and stage)."""
    _import_stages()
    out = []
    for i, sc in enumerate(config.stages):
        spec = STAGES.get(sc.name)
        if spec is None:
            raise DataFileError(file, f"unknown stage {sc.name!r} (registered: {', '.join(sorted(STAGES))})",
                                f"stages.{i}")
        model = spec.settings or NoSettings
        try:
            settings = model.model_validate(sc.settings).model_dump()
        except ValidationError as exc:  # one line, naming the stage and the setting
            first = exc.errors()[0]
            loc = ".".join(str(p) for p in first["loc"])
            raise DataFileError(file, first["msg"], f"stages.{i}({sc.name}).{loc}") from None
        out.append(BoundStage(sc.name, spec.func, settings, spec.scope))
    return out


def load_pipeline(path: str | None = None) -> PipelineConfig:
    """The packaged data/pipeline.yaml, or a user's pipeline file."""
    if path is None:
        return load_data("pipeline.yaml", PipelineConfig)
    return load_path(path, PipelineConfig)
