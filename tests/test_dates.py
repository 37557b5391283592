"""Date phrases resolved against a publication date; tariff rates and US-dollar amounts."""

from __future__ import annotations

from datetime import date

import pytest

from tradewire.extract.attributes import amount_usd, rates
from tradewire.extract.dates import resolve_date

PUB = date(2026, 1, 30)  # a Friday
assert PUB.weekday() == 4


@pytest.mark.parametrize("phrase,expected", [
    ("on Thursday", "2026-01-29"),
    ("Monday", "2026-01-26"),
    ("on Tuesday", "2026-01-27"),
    ("Saturday", "2026-01-24"),
    ("Friday", "2026-01-30"),
    ("last Friday", "2026-01-23"),
    ("Wednesday (local time)", "2026-01-28"),
    ("on Thursday morning", "2026-01-29"),
])
def test_past_weekdays(phrase, expected):
    assert resolve_date(phrase, PUB) == expected


@pytest.mark.parametrize("phrase,expected", [
    ("on Monday", "2026-02-02"),
    ("Thursday", "2026-02-05"),
    ("next Friday", "2026-02-06"),
    ("next Monday", "2026-02-02"),
])
def test_upcoming_weekdays(phrase, expected):
    assert resolve_date(phrase, PUB, future=True) == expected


def test_next_weekday_is_forward_even_without_future():
    assert resolve_date("next Tuesday", PUB) == "2026-02-03"


@pytest.mark.parametrize("phrase,expected", [
    ("earlier in the week", "2026-01"),
    ("earlier this week", "2026-01"),
    ("this month", "2026-01"),
    ("last month", "2025-12"),
    ("last year", "2025"),
    ("this year", "2026"),
    ("next year", "2027"),
    ("yesterday", "2026-01-29"),
    ("today", "2026-01-30"),
    ("tomorrow", "2026-01-31"),
    ("late July", "2025-07"),
    ("in early March", "2025-03"),
    ("January", "2026-01"),
    ("the 29th", "2026-01-29"),
    ("on the 12th", "2026-01-12"),
    ("the 31st", "2025-12-31"),
    ("Jan. 29", "2026-01-29"),
    ("on Jan 29", "2026-01-29"),
    ("29 January", "2026-01-29"),
    ("Dec. 15", "2025-12-15"),
    ("March 2, 2025", "2025-03-02"),
    ("2 March 2025", "2025-03-02"),
    ("March 2025", "2025-03"),
    ("in 2019", "2019"),
    ("two days ago", "2026-01-28"),
])
def test_relative_and_absolute_phrases(phrase, expected):
    assert resolve_date(phrase, PUB) == expected


def test_month_names_look_forward_when_future():
    assert resolve_date("late July", PUB, future=True) == "2026-07"
    assert resolve_date("Feb. 3", PUB, future=True) == "2026-02-03"


def test_last_month_in_january_crosses_the_year():
    assert resolve_date("last month", date(2026, 1, 5)) == "2025-12"
    assert resolve_date("last month", date(2026, 3, 5)) == "2026-02"


@pytest.mark.parametrize("phrase", [
    "on Thursday", "Monday", "earlier in the week", "last year", "late July", "the 29th", "Jan. 29", "yesterday",
    "last month", "today", "next week",
])
def test_relative_phrases_without_publication_date_are_none(phrase):
    assert resolve_date(phrase, None) is None
    assert resolve_date(phrase, None, future=True) is None


def test_absolute_dates_need_no_publication_date():
    assert resolve_date("March 2, 2025", None) == "2025-03-02"
    assert resolve_date("in 2019", None) == "2019"


@pytest.mark.parametrize("phrase", ["for decades", "three years", "15 years", "the week", "in recent months", "the tariff"])
def test_non_dates_are_none(phrase):
    assert resolve_date(phrase, PUB) is None


# -- attributes: rates -----------------------------------------------------------------------

@pytest.mark.parametrize("text,expected", [
    ("cut tariffs on cars from 25% to 15%", (25.0, 15.0)),
    ("lowered its tariffs on Korean cars to 15% from 25%", (25.0, 15.0)),
    ("raised duties to 25 percent from 15 percent", (15.0, 25.0)),
    ("from 15 to 25 percent", (15.0, 25.0)),
    ("a tariff of 25 percent on steel", (None, 25.0)),
    ("a 25 per cent surtax on steel", (None, 25.0)),
    ("doubled to 50% the levy on aluminium", (None, 50.0)),
    ("a 7.5% duty", (None, 7.5)),
    ("tariffs on steel and aluminium", (None, None)),
])
def test_rates(text, expected):
    assert rates(text) == expected


# -- attributes: US-dollar amounts ------------------------------------------------------------

@pytest.mark.parametrize("text,expected", [
    ("a pledge to invest $350bn in the United States", 350e9),
    ("investment of US$350 billion", 350e9),
    ("some 350 billion dollars of purchases", 350e9),
    ("$1.5 trillion of goods", 1.5e12),
    ("$600 million in soybeans", 600e6),
    ("USD 2.5 billion", 2.5e9),
    ("a $1,200 million fund", 1.2e9),
])
def test_amount_usd(text, expected):
    assert amount_usd(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", [
    "C$30 billion of US goods",
    "KRW 1.5 trillion of support",
    "A$2 billion in barley",
    "HK$5 billion",
    "30 billion Canadian dollars",
    "€20 billion of counter-tariffs",
    "tariffs of 25 percent",
])
def test_amount_usd_other_currencies_are_none(text):
    assert amount_usd(text) is None


def test_amount_usd_takes_the_us_dollar_figure_next_to_another_currency():
    assert amount_usd("C$30 billion ($21 billion) of American goods") == pytest.approx(21e9)


@pytest.mark.parametrize("phrase,anchor,expected", [
    ("Ottawa responded within hours", "2025-03-04", "2025-03-04"),
    ("A day later the ministry opened a probe", "2026-01-06", "2026-01-07"),
    ("the next day", "2026-01-31", "2026-02-01"),
    ("two days earlier", "2025-03-04", "2025-03-02"),
    ("within hours", "2025-03", None),      # a month anchor cannot give a day
    ("within hours", None, None),
    ("the talks went on", "2025-03-04", None),
])
def test_relative_to_previous_act(phrase, anchor, expected):
    from tradewire.extract.dates import resolve_relative

    assert resolve_relative(phrase, anchor) == expected


@pytest.mark.parametrize("phrase,published,expected", [
    ("last week", date(2025, 5, 6), "2025"),          # 28 April - 4 May: only the year is sure
    ("last week", date(2019, 7, 4), "2019-06"),
    ("over the weekend", date(2025, 5, 12), "2025-05"),
    ("in recent weeks", date(2020, 7, 2), "2020"),
    ("in the coming weeks", date(2021, 3, 16), "2021"),
    ("within 30 days", date(2022, 7, 22), "2022"),
    ("earlier this week", date(2022, 9, 16), "2022-09"),
    ("next week", date(2026, 1, 30), "2026-02"),
])
def test_week_phrases_keep_what_all_their_days_share(phrase, published, expected):
    assert resolve_date(phrase, published) == expected


@pytest.mark.parametrize("amount,ref,sign,expected", [
    ("a week", date(2020, 5, 19), -1, "2020-05"),
    ("two weeks", date(2025, 7, 4), -1, "2025-06"),
    ("a week", date(2025, 7, 5), -1, "2025"),        # 25 June - 1 July: only the year is sure
    ("two days", date(2025, 7, 4), -1, "2025-07-02"),
    ("a day", date(2025, 7, 4), 1, "2025-07-05"),
    ("weeks", date(2025, 7, 4), -1, None),
])
def test_shift_back_keeps_the_precision_of_the_distance(amount, ref, sign, expected):
    from tradewire.extract.dates import shift_back

    assert shift_back(amount, ref, sign) == expected
