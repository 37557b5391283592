"""The one loader of knowledge files: parse, validate, name the file and entry on error."""

import pytest
from pydantic import BaseModel

from tradewire.data import DataFileError, load_data, load_path


class Entry(BaseModel):
    lemma: str
    weight: float


def test_user_file_validated_and_entry_named(tmp_path):
    f = tmp_path / "words.yaml"
    f.write_text("- {lemma: tariff, weight: 1.5}\n- {lemma: duty, weight: heavy}\n", "utf-8")
    with pytest.raises(DataFileError) as info:
        load_path(f, list[Entry])
    msg = str(info.value)
    assert str(f) in msg and "1.weight" in msg and "\n" not in msg


def test_good_user_file_parses(tmp_path):
    f = tmp_path / "words.yaml"
    f.write_text("- {lemma: tariff, weight: 1.5}\n", "utf-8")
    assert load_path(f, list[Entry])[0].weight == 1.5


def test_yaml_syntax_error_names_line(tmp_path):
    f = tmp_path / "bad.yaml"
    f.write_text("a: [1, 2\nb: 3\n", "utf-8")
    with pytest.raises(DataFileError, match=r"bad\.yaml: line \d+: not valid YAML"):
        load_path(f)


def test_missing_user_file():
    with pytest.raises(DataFileError, match="no such file"):
        load_path("/nonexistent/x.yaml")


def test_packaged_file_and_csv(tmp_path):
    codes = load_data("codes.yaml")
    assert isinstance(codes, dict) and codes
    f = tmp_path / "weights.csv"  # no packaged CSV is left (tension weights come from codes.yaml)
    f.write_text("# a comment\ntype,weight\nIMPOSE,-8\n", "utf-8")
    rows = load_path(f, list[dict[str, str]])
    assert rows == [{"type": "IMPOSE", "weight": "-8"}]
