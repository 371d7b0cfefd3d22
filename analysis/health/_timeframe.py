"""Reading a stated success timeframe ("60 days", "3 meses", "2 tygodnie", "۹۰ روز") as days."""

from __future__ import annotations

import math
import re

from ..text import normalize_text

_UNITS = {
    "day": 1,
    "days": 1,
    "dia": 1,
    "dias": 1,
    "día": 1,
    "días": 1,
    "dzień": 1,
    "dni": 1,
    "dnia": 1,
    "روز": 1,
    "d": 1,
    "week": 7,
    "weeks": 7,
    "semana": 7,
    "semanas": 7,
    "tydzień": 7,
    "tygodnie": 7,
    "tygodni": 7,
    "tygodnia": 7,
    "هفته": 7,
    "w": 7,
    "wk": 7,
    "wks": 7,
    "month": 30,
    "months": 30,
    "mês": 30,
    "mes": 30,
    "meses": 30,
    "miesiąc": 30,
    "miesiące": 30,
    "miesięcy": 30,
    "miesiąca": 30,
    "ماه": 30,
    "m": 30,
    "mo": 30,
    "quarter": 90,
    "quarters": 90,
    "trimestre": 90,
    "trimestres": 90,
    "kwartał": 90,
    "year": 365,
    "years": 365,
    "ano": 365,
    "anos": 365,
    "año": 365,
    "años": 365,
    "rok": 365,
    "lata": 365,
    "lat": 365,
    "سال": 365,
}
_AMOUNT = re.compile(r"(\d+(?:[.,]\d+)?)\s*([^\W\d_]+)?")


def parse_timeframe_days(answer: object) -> float | None:
    """Days in a stated timeframe, or None when the answer states none.

    A bare number counts as days (the value-definition bank asks "in how many days").
    Digits in any script are read (``int("۹۰") == 90``); the first amount wins.

    Examples
    --------
    >>> parse_timeframe_days("within 3 months")
    90.0
    >>> parse_timeframe_days("2 tygodnie")
    14.0
    """
    if answer is None or (isinstance(answer, float) and math.isnan(answer)):
        return None
    if isinstance(answer, int | float):
        return float(answer) if answer > 0 else None
    for amount, unit in _AMOUNT.findall(normalize_text(str(answer))):
        number = float(amount.replace(",", "."))
        factor = _UNITS.get(unit, 1 if not unit else None)
        if factor is not None and number > 0:
            return number * factor
    return None
