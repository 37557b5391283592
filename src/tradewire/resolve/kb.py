"""The actor knowledge base: countries, institutions, people with dated roles, role words.

Knowledge lives in YAML under tradewire/data/actors/; users add their own file in the same
format with `--actors FILE` (a list of people/institutions, or a mapping with the keys
`people`, `institutions`, `countries`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

from tradewire.data import DataFileError, load_data, load_path, package_files, package_path, validate
from tradewire.models import Actor
from tradewire.resolve.schemas import RoleTerms, validate_entry

_ASCII_DROP = str.maketrans("", "", " \t\n\r\f\v\x1c\x1d\x1e\x1f-.'")  # what \s matches in ASCII, and -.'


def norm_key(text: str) -> str:
    """Spelling-insensitive key: accents, case, hyphens, dots, apostrophes and spaces removed."""
    if text.isascii():  # the common case, asked tens of thousands of times by the record: no regex
        t = text.lower()
        t = t[:-2] if t.endswith("'s") else t[:-3] if t.endswith("'s\n") else t  # (as re's "'s$")
        return t.translate(_ASCII_DROP)
    t = unicodedata.normalize("NFKD", text)
    t = "".join(c for c in t if not unicodedata.combining(c))
    t = t.replace("’", "'").lower()
    t = re.sub(r"'s$", "", t)
    return re.sub(r"[\s\-.'‐]", "", t)


def _as_date(v) -> date | None:
    if v in (None, ""):
        return None
    if isinstance(v, date):
        return v
    s = str(v)
    if len(s) == 7:
        s += "-01"
    if len(s) == 4:
        s += "-01-01"
    return date.fromisoformat(s)


@dataclass
class Role:
    role: str
    title: str | None
    start: date | None
    end: date | None

    def active(self, on: date | None) -> bool:
        if on is None:
            return self.end is None
        return (self.start is None or self.start <= on) and (self.end is None or on < self.end)


@dataclass
class Person:
    id: str
    name: str
    country: str | None
    kind: str
    aliases: list[str]
    surname: str | None
    roles: list[Role] = field(default_factory=list)

    def actor(self) -> Actor:
        return Actor(name=self.name, country=self.country, kind=self.kind, id=self.id)

    def has_role(self, role: str, on: date | None) -> bool:
        return any(r.role == role and r.active(on) for r in self.roles)

    def in_office(self, on: date | None) -> bool:
        return not self.roles or any(r.active(on) for r in self.roles)


@dataclass
class Entry:
    """One surface form's meaning: a country (by name, demonym or capital) or an institution."""

    kind: str  # country | demonym | capital | institution | region
    actor: Actor


class KnowledgeBase:
    def __init__(self) -> None:
        self.countries: dict[str, dict] = {}
        self.people: dict[str, Person] = {}
        self.surface: dict[str, list[Entry]] = {}
        self.person_keys: dict[str, list[str]] = {}   # norm alias -> person ids
        self.surnames: dict[str, list[str]] = {}      # lower surname -> person ids
        self.role_terms: dict[str, list[str]] = {}
        self.role_terms_by_country: dict[str, dict[str, list[str]]] = {}
        self._fuzzy_choices: list[str] | None = None
        self.institution_surfaces: set[str] = set()
        self.institution_ids: dict[str, str] = {}      # surface -> KB id of the first institution named so

    # -- loading -------------------------------------------------------------------------
    def add_country(self, c: dict) -> None:
        iso3 = c["iso3"]
        self.countries[iso3] = c
        actor = Actor(name=c["name"], country=iso3, kind="IGO" if iso3 == "EUR" else "GOV", id=f"country:{iso3}")
        for n in [c["name"], *(c.get("names") or [])]:
            self._add_surface(n, Entry("country", actor))
        for n in c.get("demonyms") or []:
            self._add_surface(n, Entry("demonym", actor))
        for n in c.get("capitals") or []:
            self._add_surface(n, Entry("capital", actor))

    def add_institution(self, d: dict) -> None:
        actor = Actor(name=d["name"], country=d.get("country"), kind=d.get("kind", "GOV"), id=d.get("id") or d["name"])
        for n in [d["name"], *(d.get("aliases") or [])]:
            self._add_surface(n, Entry("institution", actor))
            self.institution_surfaces.add(n)
            self.institution_ids.setdefault(n, actor.id)

    def add_region(self, d: dict) -> None:
        """A province or state: an actor of its country, named as a place only by location words."""
        actor = Actor(name=d["name"], country=d.get("country"), kind=d.get("kind", "GOV"), id=d.get("id") or d["name"])
        for n in [d["name"], *(d.get("aliases") or [])]:
            self._add_surface(n, Entry("region", actor))

    def add_person(self, d: dict) -> None:
        roles = [Role(r.get("role", ""), r.get("title"), _as_date(r.get("start")), _as_date(r.get("end")))
                 for r in d.get("roles") or []]
        pid = d.get("id") or d["name"]
        surname = d.get("surname") or d["name"].split()[-1]
        p = Person(pid, d["name"], d.get("country"), d.get("kind", "GOV"), list(d.get("aliases") or []), surname, roles)
        self.people[pid] = p
        for n in [p.name, *p.aliases]:
            self.person_keys.setdefault(norm_key(n), [])
            if pid not in self.person_keys[norm_key(n)]:
                self.person_keys[norm_key(n)].append(pid)
        self.surnames.setdefault(surname.lower(), []).append(pid)
        if " " in surname.strip():
            # Two-word surnames stand alone in running text ("López Obrador said").
            self.person_keys.setdefault(norm_key(surname), [])
            if pid not in self.person_keys[norm_key(surname)]:
                self.person_keys[norm_key(surname)].append(pid)
        self._fuzzy_choices = None

    def _add_surface(self, text: str, entry: Entry) -> None:
        key = norm_key(text)
        lst = self.surface.setdefault(key, [])
        if all(e.actor.id != entry.actor.id or e.kind != entry.kind for e in lst):
            lst.append(entry)

    def load_file(self, path: Path | str, data: object = None) -> None:
        """Add one actor file (already parsed as `data`, or read from `path`), validated entry by entry."""
        file = str(path)
        if data is None:
            data = load_path(path)
        if data is None:
            return
        name = Path(file).name
        if isinstance(data, dict) and not ("people" in data or "institutions" in data or "countries" in data):
            if name.startswith("roles"):
                terms = validate(data, RoleTerms, file)
                self.role_terms.update(terms.__pydantic_extra__ or {})
                self.role_terms_by_country.update(terms.by_country)
                return
        if not isinstance(data, list | dict):
            raise DataFileError(file, "must be a list of entries or a mapping of sections (people, institutions, ...)")
        sections = data if isinstance(data, dict) else {"auto": data}
        for key, items in sections.items():
            if not isinstance(items, list | None):
                raise DataFileError(file, "a section must be a list of entries", str(key))
            for i, raw in enumerate(items or []):
                kind, d = validate_entry(key, i, raw, file)
                if kind == "country":
                    self.add_country(d)
                elif kind == "region":
                    self.add_region(d)
                elif kind == "person":
                    self.add_person(d)
                else:
                    self.add_institution(d)

    # -- lookups --------------------------------------------------------------------------
    def lookup(self, text: str) -> list[Entry]:
        return self.surface.get(norm_key(text), [])

    def person(self, text: str, on: date | None = None, country: str | None = None, fuzzy: bool = True) -> Person | None:
        """A person by full name or variant; fuzzy (rapidfuzz) for spellings not listed."""
        ids = self.person_keys.get(norm_key(text))
        if ids:
            return self._pick(ids, on, country)
        if fuzzy and " " in text.strip():
            if self._fuzzy_choices is None:
                self._fuzzy_choices = list(self.person_keys)
            hit = process.extractOne(norm_key(text), self._fuzzy_choices, scorer=fuzz.ratio, score_cutoff=88)
            if hit:
                return self._pick(self.person_keys[hit[0]], on, country)
        return None

    def by_surname(self, surname: str, on: date | None, country: str | None = None) -> Person | None:
        ids = self.surnames.get(surname.lower(), [])
        return self._pick(ids, on, country, require_active=True) if ids else None

    def _pick(self, ids: list[str], on: date | None, country: str | None, require_active: bool = False) -> Person | None:
        people = [self.people[i] for i in ids]
        if country:
            people = [p for p in people if p.country == country] or ([] if require_active else people)
        active = [p for p in people if any(r.active(on) for r in p.roles)] if on else people
        if require_active:
            return active[0] if len(active) == 1 else None
        pool = active or people
        return pool[0] if pool else None

    def titled_name(self, word: str, role: str, on: date | None, country: str | None = None) -> Person | None:
        """'President Marcos': the one holder of the role on the date whose full name has that word
        (for people whose bare surname is too common to be listed as one)."""
        w = word.lower()
        found = [p for p in self.people.values() if p.has_role(role, on) and (country is None or p.country == country)
                 and w in p.name.lower().replace("-", " ").split()]
        return found[0] if len(found) == 1 else None

    def holder(self, role: str, country: str, on: date | None) -> Person | None:
        """Who held a role in a country on a date ("the U.S. president" in 2019)."""
        found = [p for p in self.people.values() if p.country == country and p.has_role(role, on)]
        return found[0] if len(found) == 1 else None

    def role_for_title(self, title: str, country: str | None) -> str | None:
        t = title.lower().strip()
        if country and country in self.role_terms_by_country:
            for role, terms in self.role_terms_by_country[country].items():
                if t in terms:
                    return role
        for role, terms in self.role_terms.items():
            if t in (terms or []):
                return role
        return None

    def all_role_terms(self) -> set[str]:
        terms = {t for ts in self.role_terms.values() for t in ts or []}
        for by in self.role_terms_by_country.values():
            terms |= {t for ts in by.values() for t in ts or []}
        return terms

    def country_actor(self, iso3: str) -> Actor | None:
        c = self.countries.get(iso3)
        if not c:
            return None
        return Actor(name=c["name"], country=iso3, kind="IGO" if iso3 == "EUR" else "GOV", id=f"country:{iso3}")


def _data_files() -> list[str]:
    # countries first so institutions can refer to them.
    order = {"countries.yaml": 0, "institutions.yaml": 1, "people.yaml": 2}
    return sorted(package_files("actors"), key=lambda f: (order.get(f.split("/")[-1], 3), f))


@lru_cache(maxsize=8)
def load_kb(extra: tuple[str, ...] = ()) -> KnowledgeBase:
    """The packaged actors plus the user's `--actors` files (a bad entry: DataFileError naming file and entry)."""
    kb = KnowledgeBase()
    for name in _data_files():
        kb.load_file(package_path(name), load_data(name))
    for path in extra:
        kb.load_file(path)
    return kb
