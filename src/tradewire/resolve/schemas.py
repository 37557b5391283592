"""Schemas of the actor knowledge files (data/actors/*.yaml and `--actors` files), validated at
load so that a broken entry is reported as `file: section.N.field: problem`."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tradewire.data import DataFileError
from tradewire.models import Kind


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CountryEntry(_Entry):
    iso3: str = Field(pattern=r"^[A-Z]{3}$")
    name: str = Field(min_length=1)
    names: list[str] = Field(default_factory=list)
    demonyms: list[str] = Field(default_factory=list)
    capitals: list[str] = Field(default_factory=list)


class InstitutionEntry(_Entry):
    name: str = Field(min_length=1)
    id: str | None = None
    aliases: list[str] = Field(default_factory=list)
    country: str | None = None
    kind: Kind = "GOV"


class RoleEntry(_Entry):
    role: str = ""
    title: str | None = None
    start: date | int | str | None = None   # a day, "YYYY-MM" or a year
    end: date | int | str | None = None


class PersonEntry(_Entry):
    name: str = Field(min_length=1)
    id: str | None = None
    aliases: list[str] = Field(default_factory=list)
    surname: str | None = None
    country: str | None = None
    kind: Kind = "GOV"
    roles: list[RoleEntry] = Field(default_factory=list)


class RoleTerms(BaseModel):
    """roles.yaml: title words per role, and per country (`by_country: {KOR: {role: [...]}}`)."""
    model_config = ConfigDict(extra="allow")
    __pydantic_extra__: dict[str, list[str] | None]
    by_country: dict[str, dict[str, list[str]]] = Field(default_factory=dict)


def entry_kind(section: str, d: dict) -> str:
    """Which kind of entry a mapping is (the rule the loader has always used)."""
    if "iso3" in d:
        return "country"
    if section == "regions":
        return "region"
    if "roles" in d or section == "people" or "surname" in d:
        return "person"
    return "institution"


_MODELS = {"country": CountryEntry, "region": InstitutionEntry, "person": PersonEntry, "institution": InstitutionEntry}


def validate_entry(section: str, index: int, d: object, file: str) -> tuple[str, dict]:
    """(kind, the entry as a plain dict with defaults) or a DataFileError naming file and entry."""
    where = f"{section}.{index}" if section != "auto" else str(index)
    if not isinstance(d, dict):
        raise DataFileError(file, "entries must be mappings", where)
    kind = entry_kind(section, d)
    try:
        model = _MODELS[kind].model_validate(d)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"])
        name = d.get("name") or d.get("id")
        label = f"{where}.{loc}" + (f" ({name})" if name else "")
        raise DataFileError(file, first["msg"], label) from None
    return kind, model.model_dump(exclude_unset=True)
