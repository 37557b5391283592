"""`--actors` files: validated entry by entry, and a new person acts in extracted events."""

from __future__ import annotations

import pytest

from tradewire.data import DataFileError
from tradewire.resolve.kb import load_kb

PERSON = """\
- id: nor_test_minister
  name: Halvard Quistberg
  aliases: [H. Quistberg]
  surname: Quistberg
  country: CAN
  kind: GOV
  roles:
    - {role: trade_minister, title: Minister of International Trade, start: 2027-01-02, end: null}
"""


def test_new_person_becomes_source(tmp_path):
    from tradewire.extract.pipeline import Extractor

    p = tmp_path / "people.yaml"
    p.write_text(PERSON)
    ex = Extractor((str(p),))
    events = ex.extract_text("Canadian Trade Minister Halvard Quistberg on Tuesday imposed 25% tariffs on Chinese "
                             "steel.\n\nQuistberg said the duties would stay until Beijing cut its subsidies.\n",
                             published="2027-03-05")
    imposed = [e for e in events if e.type == "IMPOSE"]
    assert imposed and imposed[0].source.name == "Halvard Quistberg" and imposed[0].target.country == "CHN"


@pytest.mark.parametrize(("text", "message"), [
    (PERSON.replace("kind: GOV", "kind: GOVT"), r"people\.yaml: 0\.kind \(Halvard Quistberg\): Input should be"),
    (PERSON.replace("start: 2027-01-02", "start: [2027]"), r"people\.yaml: 0\.roles\.0\.start\S* \(Halvard Quistberg\): Input should be"),
    (PERSON.replace("  surname:", "  surnme:"), r"people\.yaml: 0\.surnme \(Halvard Quistberg\): Extra inputs"),
    ("people:\n  - just a name\n", r"people\.yaml: people\.0: entries must be mappings"),
    ("people: [{name: A, aliases: [x}\n", r"people\.yaml: line 1: not valid YAML"),
    ("countries:\n  - {iso3: ca, name: Canada}\n", r"people\.yaml: countries\.0\.iso3 \(Canada\)"),
])
def test_bad_actor_file_is_one_line_error(tmp_path, text, message):
    p = tmp_path / "people.yaml"
    p.write_text(text)
    with pytest.raises(DataFileError, match=message) as exc:
        load_kb((str(p),))
    assert "\n" not in str(exc.value) and str(p) in str(exc.value)


def test_missing_actor_file(tmp_path):
    with pytest.raises(DataFileError, match="no such file"):
        load_kb((str(tmp_path / "nope.yaml"),))
