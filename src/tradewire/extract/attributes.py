"""Attributes of an event read off its text: tariff rates, US-dollar amounts, products."""

from __future__ import annotations

import re

_PCT = r"(\d+(?:\.\d+)?)\s*(?:%|per\s?cent\b|percent\b|pct\b)"
_FROM_TO = re.compile(rf"from\s+{_PCT}\s+to\s+{_PCT}|from\s+(\d+(?:\.\d+)?)\s+to\s+{_PCT}", re.I)
_TO_FROM = re.compile(rf"to\s+{_PCT}\s+from\s+{_PCT}", re.I)
_ANY_PCT = re.compile(_PCT, re.I)
_TO_ZERO = re.compile(rf"(?:from\s+{_PCT}\s+)?to\s+(?:zero|nil|0\s*(?:%|per\s?cent|percent))", re.I)

_SCALE = {"trillion": 1e12, "tn": 1e12, "tr": 1e12, "billion": 1e9, "bn": 1e9, "b": 1e9, "bln": 1e9,
          "million": 1e6, "mn": 1e6, "m": 1e6, "mln": 1e6, "thousand": 1e3}
# "$", "US$", "USD" but not "C$", "A$", "HK$", "NZ$", "S$"
_USD = re.compile(r"(?<![A-Za-z])(?:US\s?\$|U\.S\.\s?\$|USD\s?|\$)\s?(\d[\d,]*(?:\.\d+)?)\s*(trillion|billion|million|thousand|bn|tn|mn|bln|mln|b|m)?\b", re.I)
_DOLLARS = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(trillion|billion|million)\s+(?:US\s|U\.S\.\s)?dollars", re.I)


def rates(text: str) -> tuple[float | None, float | None]:
    """(rate_from, rate_to) of a tariff stated in text."""
    m = _FROM_TO.search(text)
    if m:
        g = [x for x in m.groups() if x is not None]
        return float(g[0]), float(g[1])
    m = _TO_FROM.search(text)
    if m:
        return float(m.group(2)), float(m.group(1))
    m = _TO_ZERO.search(text)
    if m:
        return (float(m.group(1)) if m.group(1) else None), 0.0
    for m in _ANY_PCT.finditer(text):
        if re.match(r"\s+of\b", text[m.end():]):
            continue  # "99 per cent of Indian exports" is a share of trade, not a rate
        return None, float(m.group(1))
    return None, None


def amount_usd(text: str) -> float | None:
    """The first US-dollar amount stated (other currencies stay unconverted: None)."""
    best = None
    for m in _USD.finditer(text):
        val = float(m.group(1).replace(",", ""))
        scale = _SCALE.get((m.group(2) or "").lower(), 1.0)
        best = val * scale
        break
    if best is None:
        m = _DOLLARS.search(text)
        if m:
            best = float(m.group(1).replace(",", "")) * _SCALE[m.group(2).lower()]
    return best
