"""Date phrases resolved against publication (guide section 9); phrases written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from tradewire.extract.dates import resolve_date


@pytest.mark.parametrize("phrase,published,future,expected", [
    ("on June 28 and 29", date(2019, 6, 16), True, "2019-06"),       # rule 7: days of one month -> the month
    ("on 13 and 14 March", date(2025, 5, 6), False, "2025-03"),
    ("March 13 and 14, 2024", date(2025, 5, 6), False, "2024-03"),   # its own year wins
    ("from 1 to 3 July 2018", date(2019, 1, 2), False, "2018-07"),
    ("on June 28", date(2019, 6, 16), True, "2019-06-28"),           # one day stays a day
])
def test_days_of_one_month(phrase, published, future, expected):
    assert resolve_date(phrase, published, future) == expected


def test_earlier_in_the_day_is_the_day_of_the_act_before():
    from tradewire.extract.dates import resolve_relative

    assert resolve_relative("Peru earlier in the day said it would talk", "2025-03-07") == "2025-03-07"


@pytest.mark.parametrize("phrase,published,expected", [
    ("early Tuesday", date(2025, 5, 8), "2025-05-06"),
    ("late Tuesday", date(2025, 5, 8), "2025-05-06"),
    ("late last week", date(2025, 5, 22), "2025-05"),     # the whole of last week lies in May
    ("early last week", date(2025, 5, 8), "2025"),        # 28 Apr - 4 May: only the year is sure
])
def test_parts_of_days_and_weeks(phrase, published, expected):
    assert resolve_date(phrase, published) == expected


def test_no_publication_date_no_relative_date():
    # guide rule 11: a page without a publication date keeps only absolute dates
    assert resolve_date("on Tuesday", None) is None
    assert resolve_date("last year", None) is None
    assert resolve_date("March 3, 2024", None) == "2024-03-03"
