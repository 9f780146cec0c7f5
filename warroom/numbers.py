"""Whole numbers read from text a person or a URL gave: one rule for every screen and command.

``str.isdigit()`` accepts superscripts and other digits (``"²"``, ``"²⁰¹⁸"``) that ``int()``
refuses, which ended ``?goal=³``, ``--indicator ID@²⁰¹⁸`` and ``header_row="²"`` in a
traceback; and ``1e999`` is a float (infinity) that ``int()`` cannot take either.
"""

from __future__ import annotations

import math


def whole_number(value: object) -> int | None:
    """``value`` as a whole number, or None when it is not one: decimal digits as text
    (ASCII or Thai, as ``int()`` reads them), an int, or a finite float without a fraction."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if math.isfinite(value) and value.is_integer() else None
    if isinstance(value, str):
        text = value.strip()
        return int(text) if text.isdecimal() and len(text) <= 18 else None
    return None
