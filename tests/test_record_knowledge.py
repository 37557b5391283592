"""The record's data files (record/knowledge.py, tension's codes.yaml schema) load validated."""

from __future__ import annotations

import pytest

from tradewire.data import DataFileError, load_data


def test_record_data_files_validate_and_name_the_bad_entry():
    """The record's data files load through their schemas; a broken entry is named."""
    from tradewire.data import validate
    from tradewire.record import knowledge as k

    assert len(k.goods()) > 50 and "autos" in {g.sector for g in k.goods()}
    assert k.agreement_cues().status_rules[0].status == "terminated"
    assert "tariffs" in k.tpu_terms().trade_policy and k.countries()["KOR"].name == "South Korea"
    assert k.labels().thread_acts["CONSULT"] == "talks" and "ministry" in k.institution_words()
    bad_rule = {"deal_nouns": ["deal"], "talk_only": [], "implementation": ["(unclosed"], "status_rules": []}
    with pytest.raises(DataFileError, match=r"agreement_cues.yaml: implementation: .*bad regular expression"):
        validate(bad_rule, k.AgreementCues, "agreement_cues.yaml")
    labels = k.labels().model_dump()
    del labels["plot_labels"]["LITIGATE"]
    with pytest.raises(DataFileError, match="labels.yaml: .*no label for LITIGATE"):
        validate(labels, k.LabelsFile, "labels.yaml")
    with pytest.raises(DataFileError, match=r"codes.yaml: IMPOSE.weight: .*less than or equal to 10"):
        from tradewire.record.tension import CodesFile

        codes = load_data("codes.yaml")
        validate({**codes, "IMPOSE": {**codes["IMPOSE"], "weight": 80}}, CodesFile, "codes.yaml")
