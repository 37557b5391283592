"""The actor KB: it loads, its entries are consistent, and people added for wider coverage resolve.

Sentences below are the team's own, written for these checks.
"""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import date
from importlib import resources

import pytest
import yaml

from tradewire.resolve.kb import load_kb

# Roles several people hold at once (China's vice premiers, ministry spokespeople); South Korea
# files acting presidents and its prime minister beside the president (people.yaml header).
_SHARED_ROLES = {"vice_premier", "spokesperson"}
_SHARED_COUNTRIES = {"KOR"}
_EXTRA_ROLES = {"spokesperson", "subnational_head"}  # vocabulary roles with no generic title words


def _raw(name: str) -> list[dict]:
    return yaml.safe_load(resources.files("tradewire.data").joinpath("actors", name).read_text("utf-8"))


@pytest.fixture(scope="module")
def kb():
    return load_kb()


def test_kb_loads_with_many_people_and_institutions(kb):
    assert len(kb.people) > 450
    assert len(kb.institution_surfaces) > 900


@pytest.mark.parametrize("name", ["people.yaml", "institutions.yaml"])
def test_ids_are_unique(name):
    counts = Counter(d["id"] for d in _raw(name))
    assert [i for i, n in counts.items() if n > 1] == []


def test_no_name_or_alias_names_two_people(kb):
    """A second entry for the same person (another id, another spelling) splits their roles."""
    assert {k: ids for k, ids in kb.person_keys.items() if len(ids) > 1} == {}


def test_roles_are_in_the_vocabulary_and_dated_in_order(kb):
    vocabulary = set(kb.role_terms) | _EXTRA_ROLES
    bad = [(p.id, r.role, r.start, r.end) for p in kb.people.values() for r in p.roles
           if r.role not in vocabulary or r.start is None or (r.end is not None and r.end < r.start)]
    assert bad == []


@pytest.mark.parametrize("name", ["people.yaml", "institutions.yaml"])
def test_country_codes_are_known(kb, name):
    bad = [(d["id"], d.get("country")) for d in _raw(name) if d.get("country") is not None and d["country"] not in kb.countries]
    assert bad == []


def test_one_holder_per_role_and_country_at_a_time(kb):
    """Titles ("Kenya's trade minister") resolve by date only if terms do not overlap."""
    held: dict[tuple, list] = {}
    for p in kb.people.values():
        for r in p.roles:
            if r.role not in _SHARED_ROLES and p.country not in _SHARED_COUNTRIES:
                held.setdefault((p.country, r.role), []).append((p.id, r))
    clashes = []
    for (country, role), terms in held.items():
        for (a, r), (b, s) in itertools.combinations(terms, 2):
            lo = max(r.start, s.start)
            hi = min(r.end or date.max, s.end or date.max)
            if a != b and lo < hi:
                clashes.append((country, role, a, b, lo))
    assert clashes == []


# name as written in news, article date, KB id, country
PEOPLE = [
    ("Muhammadu Buhari", "2019-08-28", "nga_buhari_muhammadu", "NGA"),
    ("Bola Ahmed Tinubu", "2024-01-10", "nga_tinubu_bola", "NGA"),
    ("Ferdinand Marcos Jr.", "2025-04-02", "phl_marcos_ferdinand_jr", "PHL"),
    ("Bongbong Marcos", "2023-05-02", "phl_marcos_ferdinand_jr", "PHL"),
    ("Yulia Svyrydenko", "2023-04-17", "ukr_svyrydenko_yulia", "UKR"),
    ("Denys Shmyhal", "2022-03-01", "ukr_shmyhal_denys", "UKR"),
    ("Anwar Ibrahim", "2025-04-08", "mys_anwar_ibrahim", "MYS"),
    ("Tengku Zafrul Tengku Abdul Aziz", "2025-07-08", "mys_tengku_zafrul", "MYS"),
    ("Ong Kian Ming", "2019-06-01", "mys_ong_kian_ming", "MYS"),
    ("Muhammad Yunus", "2025-04-10", "bgd_yunus_muhammad", "BGD"),
    ("Mao Ning", "2024-10-01", "chn_mao_ning", "CHN"),
    ("Ji Rong", "2020-06-30", "chn_ji_rong", "CHN"),
    ("Alexander Tkachev", "2017-05-10", "rus_tkachev_alexander", "RUS"),
    ("Maxim Reshetnikov", "2024-02-01", "rus_reshetnikov_maxim", "RUS"),
    ("Ömer Bolat", "2024-06-10", "tur_bolat_omer", "TUR"),
    ("Omer Bolat", "2024-06-10", "tur_bolat_omer", "TUR"),
    ("Airlangga Hartarto", "2025-07-16", "idn_hartarto_airlangga", "IDN"),
    ("Guy Parmelin", "2025-08-01", "che_parmelin_guy", "CHE"),
    ("Uhuru Kenyatta", "2019-03-01", "ken_kenyatta_uhuru", "KEN"),
    ("Yoweri Museveni", "2020-01-01", "uga_museveni_yoweri", "UGA"),
    ("Patrice Talon", "2019-08-28", "ben_talon_patrice", "BEN"),
    ("Iván Duque", "2020-02-01", "col_duque_ivan", "COL"),
    ("Ivan Duque", "2020-02-01", "col_duque_ivan", "COL"),
    ("Sebastián Piñera", "2019-01-01", "chl_pinera_sebastian", "CHL"),
    ("Pedro Castillo", "2022-01-01", "per_castillo_pedro", "PER"),
    ("Guillermo Lasso", "2022-01-01", "ecu_lasso_guillermo", "ECU"),
    ("Ali Khamenei", "2019-05-01", "irn_khamenei_ali", "IRN"),
    ("Israel Katz", "2024-06-01", "isr_katz_israel", "ISR"),
    ("Annick Girardin", "2021-05-04", "fra_girardin_annick", "FRA"),
    ("Ian Gorst", "2021-05-04", "jey_gorst_ian", "JEY"),
    ("Jake Sullivan", "2023-09-01", "usa_sullivan_jake", "USA"),
    ("Cyril Ramaphosa", "2025-05-21", "zaf_ramaphosa_cyril", "ZAF"),
    ("Javier Milei", "2025-04-01", "arg_milei_javier", "ARG"),
    ("Mohamed bin Zayed", "2024-01-01", "are_mohamed_bin_zayed", "ARE"),
    ("Pham Minh Chinh", "2025-04-03", "vnm_pham_minh_chinh", "VNM"),
    ("Lawrence Wong", "2025-04-04", "sgp_wong_lawrence", "SGP"),
    ("Jokowi", "2019-05-01", "idn_widodo_joko", "IDN"),
]


@pytest.mark.parametrize(("text", "on", "pid", "country"), PEOPLE)
def test_added_people_resolve(kb, text, on, pid, country):
    p = kb.person(text, date.fromisoformat(on))
    assert p is not None and (p.id, p.country) == (pid, country)


# title in a country on a date -> holder: the role dates pick the right person
HOLDERS = [
    ("trade_minister", "KEN", "2023-01-12", "ken_kuria_moses"),
    ("trade_minister", "KEN", "2024-02-01", "ken_miano_rebecca"),
    ("trade_minister", "TUR", "2020-05-01", "tur_pekcan_ruhsar"),
    ("trade_minister", "TUR", "2024-06-10", "tur_bolat_omer"),
    ("head_of_state", "NGA", "2019-08-28", "nga_buhari_muhammadu"),
    ("head_of_state", "NGA", "2023-06-01", "nga_tinubu_bola"),
    ("head_of_government", "UKR", "2025-08-01", "ukr_svyrydenko_yulia"),
    ("head_of_government", "IRL", "2023-06-01", "irl_varadkar_leo"),
    ("head_of_government", "THA", "2024-08-15", None),  # Srettha removed, Paetongtarn not yet appointed
    ("trade_minister", "IDN", "2023-01-01", "idn_hasan_zulkifli"),
]


@pytest.mark.parametrize(("role", "country", "on", "pid"), HOLDERS)
def test_role_holder_by_date(kb, role, country, on, pid):
    p = kb.holder(role, country, date.fromisoformat(on))
    assert (p.id if p else None) == pid


def test_taoiseach_is_the_irish_head_of_government(kb):
    assert kb.role_for_title("taoiseach", "IRL") == "head_of_government"
    assert kb.role_for_title("first deputy prime minister", "UKR") == "vice_premier"


def test_common_surnames_do_not_stand_alone():
    """'Martin', 'Lee', 'Santos' alone are too common to tag as one particular person."""
    people = {d["id"]: d for d in _raw("people.yaml")}
    for pid in ("irl_martin_micheal", "sgp_lee_hsien_loong", "col_santos_juan_manuel"):
        assert people[pid]["surname"] == people[pid]["name"]


INSTITUTIONS = [
    ("Hongkong Post", "HKG"),
    ("Agriculture and Food Authority", "KEN"),
    ("Fiscalía Nacional Económica", "CHL"),
    ("Price Distortions Commission", "CHL"),
    ("Canadian Food Inspection Agency", "CAN"),
    ("Federal Council", "CHE"),
    ("Australian Anti-Dumping Commission", "AUS"),
    ("Cyprus House of Representatives", "CYP"),
    ("Supreme Federal Court", "BRA"),
    ("Indonesian Anti-Dumping Committee", "IDN"),
    ("International Trade Administration Commission", "ZAF"),
    ("HMRC", "GBR"),
]


@pytest.mark.parametrize(("text", "country"), INSTITUTIONS)
def test_added_institutions_resolve(kb, text, country):
    entries = [e for e in kb.lookup(text) if e.kind == "institution"]
    assert [e.actor.country for e in entries] == [country]


# -- end to end: an added person acting is the event's source (not a bare country) ----------
@pytest.fixture(scope="module")
def extractor():
    from tradewire.extract import Extractor

    return Extractor()


SENTENCES = [
    ("Turkish Trade Minister Ömer Bolat imposed an additional 40% tariff on electric vehicles imported from China on Monday.",
     "2024-06-10", "IMPOSE", "tur_bolat_omer", "CHN"),
    ("Nigerian President Muhammadu Buhari banned imports of rice from Benin on Wednesday.",
     "2019-08-28", "IMPOSE", "nga_buhari_muhammadu", "BEN"),
    ("Kenya's trade minister Moses Kuria lifted the ban on imports of genetically modified maize from the United States on Thursday.",
     "2023-01-12", "EASE", "ken_kuria_moses", "USA"),
    ("Ukraine's first deputy prime minister Yulia Svyrydenko accused Poland of breaking its international obligations by banning Ukrainian grain imports.",
     "2023-04-17", "ACCUSE", "ukr_svyrydenko_yulia", "POL"),
    ("Argentine President Mauricio Macri threatened to impose tariffs on Brazilian cars on Tuesday.",
     "2019-03-05", "THREATEN", "arg_macri_mauricio", "BRA"),
]


@pytest.mark.parametrize(("text", "published", "etype", "source_id", "target_country"), SENTENCES)
def test_added_person_is_the_source(extractor, text, published, etype, source_id, target_country):
    events = [e for e in extractor.extract_text(text, published=published) if e.type == etype]
    assert events, text
    assert events[0].source.id == source_id
    assert events[0].target is not None and events[0].target.country == target_country
