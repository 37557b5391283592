"""Resolve date phrases against the publication date, with their precision.

dateparser handles absolute dates and simple relatives; our own rules cover what it gets
wrong here (weekday direction for planned acts, "earlier in the week", "late July",
"the 29th"). Without a publication date, relative phrases resolve to None.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field

from tradewire.data import load_data


class DateWords(BaseModel):
    """data/dates.yaml."""

    model_config = ConfigDict(extra="forbid")
    weekdays: list[str] = Field(min_length=7, max_length=7)
    months: list[str] = Field(min_length=12, max_length=12)
    today: list[str]
    yesterday: list[str]
    tomorrow: list[str]
    last_week: list[str]
    next_week: list[str]
    span_prefixes: list[str]
    numbers: dict[str, int]
    statement_reach: int = Field(ge=1)
    lede_reach: int = Field(ge=1)
    deadline_nouns: list[str]
    reference_preps: list[str]


_W = load_data("dates.yaml", DateWords)
WEEKDAYS, MONTHS = _W.weekdays, _W.months
STATEMENT_REACH, LEDE_REACH = _W.statement_reach, _W.lede_reach
DEADLINE_NOUNS, REFERENCE_PREPS = frozenset(_W.deadline_nouns), frozenset(_W.reference_preps)
_MON = {m[:3]: i + 1 for i, m in enumerate(MONTHS)} | {m: i + 1 for i, m in enumerate(MONTHS)} | {"sept": 9}
_MON_RE = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_YEAR = re.compile(r"\b(19|20)\d{2}\b")
_NOT_DATES = re.compile(r"\b(decades?|years? (ago|old|long)|\d+-(year|month|day|week)s?\b|hours?|minutes?|seasons?|quarters?|days?|weeks?|months?)\b"
                        r"|^(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty) years?$")


def _month_back(y: int, m: int, n: int = 1) -> tuple[int, int]:
    m -= n
    while m <= 0:
        m += 12
        y -= 1
    return y, m


def _month_fwd(y: int, m: int, n: int = 1) -> tuple[int, int]:
    m += n
    while m > 12:
        m -= 12
        y += 1
    return y, m


def _ym(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}"


@lru_cache(maxsize=4096)
def resolve_date(text: str, published: date | None, future: bool = False) -> str | None:
    """'on Thursday' -> '2026-01-29'; 'last year' -> '2025'; 'late July' -> '2025-07'."""
    t = " ".join(text.lower().replace("’", "'").split())
    if t.startswith(tuple(_W.span_prefixes)) or t.startswith("since ") and not re.search(
            rf"\b{_MON_RE}(\s|$)", t[6:]):
        return None  # a span the act is measured against, not when it happened
    # ("since November": an act still going on began then, and that month is its date)
    t = re.sub(r"\((local time|[a-z]{2,4} time)\)", "", t).strip()
    # A deadline or target ("by July 21", "until March 1") is as likely ahead as behind: its year is
    # the one that puts it nearest to publication.
    deadline = re.match(r"(by|until|till|no later than)\s", t) is not None
    if not re.match(r"^(in|within) \S+ (day|week)s?$", t):
        t = re.sub(r"^(on|in|by|since|from|during|at|until|till|before|after|as of|starting|effective|beginning)\s+", "", t)
    t = re.sub(r"'s$", "", t)
    # Several days of one month ("June 28 and 29", "13-14 March 2025"): what they share is the month (guide rule 7).
    multi = re.search(rf"\b{_MON_RE}\s+(\d{{1,2}})(?:st|nd|rd|th)?\s*(?:and|&|-|–|to)\s*(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+((?:19|20)\d{{2}}))?", t) \
        or re.search(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s*(?:and|&|-|–|to)\s*(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON_RE}(?:,?\s+((?:19|20)\d{{2}}))?", t)
    if multi:
        g = multi.groups()
        mon, day, yr = (g[0], g[1], g[3]) if not g[0].isdigit() else (g[2], g[0], g[3])
        first = resolve_date(f"{'by ' if deadline else ''}{mon} {day}" + (f", {yr}" if yr else ""), published, future)
        return first[:7] if first else None
    y_abs = _YEAR.search(t)
    # Absolute: "Jan. 29, 2026", "29 January 2026", "March 2025", "2019".
    m = re.search(rf"\b{_MON_RE}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+((?:19|20)\d{{2}}))?\b", t) or None
    d_first = re.search(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON_RE}(?:,?\s+((?:19|20)\d{{2}}))?\b", t)
    if m or d_first:
        if m:
            mon, day, yr = _MON[m.group(1)[:4].rstrip(".") if m.group(1)[:4] == "sept" else m.group(1)[:3]], int(m.group(2)), m.group(3)
        else:
            mon, day, yr = _MON[d_first.group(2)[:3]], int(d_first.group(1)), d_first.group(3)
        if yr:
            year = int(yr)
        elif published:
            year = published.year
            cand = _safe(year, mon, day)
            if cand and deadline and not future:
                others = [d for d in (_safe(year - 1, mon, day), _safe(year + 1, mon, day)) if d]
                year = min([cand, *others], key=lambda d: abs((d - published).days)).year
            elif cand and not future and cand > published + timedelta(days=2):
                year -= 1
            elif cand and future and cand < published - timedelta(days=60):
                year += 1
        else:
            return None
        d = _safe(year, mon, day)
        return d.isoformat() if d else None
    mm = re.search(rf"\b(early|mid|late|end of|beginning of|start of|the end of)?[\s-]*{_MON_RE}(?:\s+((?:19|20)\d{{2}}))?\b", t)
    if mm and not re.search(r"\bmay (be|have|not|also|still)\b", t) and (mm.group(2) != "may" or mm.group(1) or mm.group(3) or t == "may"):
        key = mm.group(2)
        mon = _MON["sept" if key.startswith("sept") else key[:3]]
        if mm.group(3):
            return _ym(int(mm.group(3)), mon)
        if not published:
            return None
        year = published.year
        if not future and mon > published.month:
            year -= 1
        if future and mon < published.month:
            year += 1
        return _ym(year, mon)
    if y_abs and re.fullmatch(r"(early |mid-?|late |the end of |end of )?((19|20)\d{2})", t):
        return y_abs.group(0)
    if y_abs and re.fullmatch(r"(the )?(first|second|third|fourth|last) (half|quarter) of (19|20)\d{2}", t):
        return y_abs.group(0)
    if published is None:
        return None
    p = published
    if t in _W.today:
        return p.isoformat()
    if t in _W.yesterday:
        return (p - timedelta(days=1)).isoformat()
    if t in _W.tomorrow:
        return (p + timedelta(days=1)).isoformat()
    wd = re.fullmatch(r"(last |this |next |this past |earlier on |late on |early on |early |late )?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)( (morning|afternoon|evening|night))?", t)
    if wd:
        target = WEEKDAYS.index(wd.group(2))
        mod = (wd.group(1) or "").strip()
        if mod == "next" or (future and mod != "last" and mod != "this past"):
            delta = (target - p.weekday()) % 7
            if mod == "next" and delta == 0:
                delta = 7
            return (p + timedelta(days=delta)).isoformat()
        delta = (p.weekday() - target) % 7
        if mod == "last" and delta == 0:
            delta = 7
        return (p - timedelta(days=delta)).isoformat()
    span = _week_span(t, p)
    if span is not None:
        lo, hi = span
        return _common(lo, hi) if lo != hi else _ym(lo.year, lo.month)  # a week phrase never names a day
    if re.fullmatch(r"(earlier |later |late |early )?this month|(earlier |later )?in the month|the current month", t):
        return _ym(p.year, p.month)
    if re.fullmatch(r"(late |early )?last month|the previous month|a month ago", t):
        return _ym(*_month_back(p.year, p.month))
    if t in ("next month", "the coming month", "the following month"):
        return _ym(*_month_fwd(p.year, p.month))
    if re.fullmatch(r"(earlier |later |early |late )?this year|(earlier |later )?in the year|the current year", t):
        return str(p.year)
    if re.fullmatch(r"(late |early )?last year|the previous year|a year ago|the year before", t):
        return str(p.year - 1)
    if t in ("next year", "the coming year", "the following year"):
        return str(p.year + 1)
    nth = re.fullmatch(r"the (\d{1,2})(st|nd|rd|th)", t)
    if nth:
        day = int(nth.group(1))
        y, mo = p.year, p.month
        if (day > p.day and not future) or (future and day < p.day):
            y, mo = _month_back(y, mo) if not future else _month_fwd(y, mo)
        d = _safe(y, mo, day)
        return d.isoformat() if d else None
    ahead = re.fullmatch(r"(?:in|within) (\d{1,3}|two|three|four|five|six|seven|ten|thirty) (day|week)s?", t)
    if ahead and future:
        n = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10, "thirty": 30}.get(ahead.group(1))
        n = n or int(ahead.group(1))
        d = p + timedelta(days=n * (7 if ahead.group(2) == "week" else 1))
        return d.isoformat() if ahead.group(2) == "day" else _ym(d.year, d.month)
    ago = re.fullmatch(r"(two|three|four|five|six|2|3|4|5|6) days (ago|earlier)", t)
    if ago:
        n = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}.get(ago.group(1)) or int(ago.group(1))
        return (p - timedelta(days=n)).isoformat()
    if _NOT_DATES.search(t):
        return None
    return _dateparser(t, p, future)


_NUMS = {k: v for k, v in _W.numbers.items() if v > 1}


def _week_span(t: str, p: date) -> tuple[date, date] | None:
    """The days a week-sized phrase can mean; its date is what all of them share.

    "last week" read on Tuesday 6 May is 28 April - 4 May: only the year is certain.
    """
    monday = p - timedelta(days=p.weekday())
    if t == "the week":
        return None  # "during the week" of some other story time: no anchor
    if re.fullmatch(r"(earlier |later |late |early )?(in )?(this|the) week|this week|earlier this week"
                    r"|(the )?(start|beginning|end) of (the|this) week", t):
        return (monday, p) if not t.startswith(("later", "end", "the end")) else (p, monday + timedelta(days=6))
    t = re.sub(r"^(late|early|earlier|later) (?=last week$|next week$)", "", t)  # part of the week: its whole span is safe
    if t in _W.last_week:
        return monday - timedelta(days=7), monday - timedelta(days=1)
    if t in _W.next_week:
        return monday + timedelta(days=7), monday + timedelta(days=13)
    if re.fullmatch(r"(over |during )?(the |this |last |the past )?weekend", t):
        sat = monday - timedelta(days=2) if p.weekday() < 5 else monday + timedelta(days=5)
        if t.endswith("last weekend") and p.weekday() >= 5:
            sat -= timedelta(days=7)
        return sat, sat + timedelta(days=1)
    if re.fullmatch(r"(in )?(recent|the past few|the last few|the past|the last) (weeks|days)", t):
        return p - timedelta(days=28 if t.endswith("weeks") else 7), p
    if re.fullmatch(r"(in )?the (coming|next few|next) (weeks|days)", t):
        return p, p + timedelta(days=28 if t.endswith("weeks") else 7)
    m = re.fullmatch(r"within (\d{1,3}|two|three|four|five|six|seven|ten|thirty) (day|week)s", t)
    if m and int(_NUMS.get(m.group(1)) or m.group(1)) * (7 if m.group(2) == "week" else 1) > 1:
        n = int(_NUMS.get(m.group(1)) or m.group(1)) * (7 if m.group(2) == "week" else 1)
        return p, p + timedelta(days=n)
    return None


def _common(lo: date, hi: date) -> str | None:
    """The most precise date both ends share: a day, a month or a year."""
    if lo == hi:
        return lo.isoformat()
    if (lo.year, lo.month) == (hi.year, hi.month):
        return _ym(lo.year, lo.month)
    return str(lo.year) if lo.year == hi.year else None


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _dateparser(t: str, p: date, future: bool) -> str | None:
    """Last resort for phrasings the rules above do not know."""
    if not re.search(r"\d|ago|last|next|previous", t):
        return None
    from datetime import datetime

    import dateparser

    parser = dateparser.DateDataParser(languages=["en"], settings={
        "RELATIVE_BASE": datetime(p.year, p.month, p.day),
        "PREFER_DATES_FROM": "future" if future else "past",
        "REQUIRE_PARTS": [],
    })
    try:
        data = parser.get_date_data(t)
    except Exception:  # dateparser raises assorted errors on odd fragments
        return None
    if data is None or data.date_obj is None:
        return None
    d = data.date_obj.date()
    if data.period == "year":
        return str(d.year)
    if data.period == "month":
        return _ym(d.year, d.month)
    if data.period in ("day", "time", "week") and data.period != "week":
        return d.isoformat()
    if data.period == "week":
        return _ym(d.year, d.month)
    return d.isoformat()


_REL_SAME = re.compile(r"(within|in) (a few |several )?hours|hours (earlier|later|before|after)|(later|earlier) (that|the same|in the) day"
                       r"|the same day|that day")
# ("a day after X did" is left to the clause reading: which side of "after" the act sits on decides the sign.)
_REL_SHIFT = re.compile(r"(a|one|two|three|four|five|six|\d) days? (later|earlier)|the (next|following|previous) day")
_NUM = {k: v for k, v in _W.numbers.items() if k != "an" and v <= 6}


RELATIVE_DAY = re.compile(_REL_SAME.pattern + "|" + _REL_SHIFT.pattern)


_UNIT = re.compile(r"^(a|an|one|two|three|four|five|six|\d{1,2}) (day|week|month)s?$")


def shift_back(amount: str, ref: date, sign: int = -1) -> str | None:
    """'a week' before/after a reference day, as precise as the distance allows.

    "The duties came a week after Beijing suspended beef imports": the suspension is 7 days before
    the duties, give or take the looseness of "a week" (so a month, or only a year).
    """
    m = _UNIT.match(" ".join(amount.lower().split()))
    if not m:
        return None
    n = _W.numbers.get(m.group(1)) if m.group(1) in ("a", "an", "one") else None
    n = n or _NUM.get(m.group(1)) or int(m.group(1))
    days, slack = {"day": (1, 0), "week": (7, 3), "month": (30, 15)}[m.group(2)]
    center = ref + timedelta(days=sign * n * days)
    lo, hi = center - timedelta(days=slack), center + timedelta(days=slack)
    return _common(lo, hi)


def resolve_relative(text: str, anchor: str | None) -> str | None:
    """'within hours', 'a day later', 'the next day' -> a day counted from the act told just before.

    The anchor is that act's date; only a day-precise anchor can carry a day-precise answer.
    """
    if not anchor or len(anchor) != 10:
        return None
    t = " ".join(text.lower().split())
    if _REL_SAME.search(t):
        return anchor
    m = _REL_SHIFT.search(t)
    if not m:
        return None
    base = date.fromisoformat(anchor)
    if m.group(1):
        n = _NUM.get(m.group(1)) or int(m.group(1))
        sign = 1 if m.group(2) == "later" else -1
    else:
        n, sign = 1, (1 if m.group(3) in ("next", "following") else -1)
    return (base + timedelta(days=sign * n)).isoformat()
