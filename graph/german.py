"""German number words for everything a user reads: decimal comma, digit grouping, per cent, singular/plural.

One place, so that the CLI, the app and the report write numbers the same way.
"""

from __future__ import annotations


def number(value: float, digits: int = 0) -> str:
    """A number in German notation: decimal comma, a point between thousands.

    Examples
    --------
    >>> number(12345)
    '12.345'
    >>> number(0.3930028, 2)
    '0,39'
    >>> number(-1234.5, 1)
    '-1.234,5'
    """
    text = f"{value:,.{digits}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def percent(share: float, digits: int = 0) -> str:
    """A share (0–1) as German per cent, with the space DIN 5008 asks for.

    Examples
    --------
    >>> percent(0.425)
    '42 %'
    >>> percent(0.4256, 1)
    '42,6 %'
    """
    return f"{number(share * 100, digits)} %"


def count(n: int, singular: str, plural: str) -> str:
    """``n`` with the right form of the noun phrase.

    Examples
    --------
    >>> count(1, "gemeinsamer Partner", "gemeinsame Partner")
    '1 gemeinsamer Partner'
    >>> count(2, "gemeinsamer Partner", "gemeinsame Partner")
    '2 gemeinsame Partner'
    >>> count(0, "Akteur", "Akteure")
    '0 Akteure'
    """
    return f"{number(n)} {singular if n == 1 else plural}"
