"""Rates from a handful of people: shown with a mark, never ranked, their counts kept private.

A share computed over fewer than ``MIN_DENOMINATOR`` people moves by five points or more with
a single person: 88 tambons show exactly 100 % "not met" on one to nineteen people, and a
ranking by value put them first. Statistical offices treat such cells the same way: a rate on
fewer than 20 is flagged as unreliable (the US National Center for Health Statistics, the UK
Office for National Statistics) and small counts are not published where anyone can read them.
So below the minimum a rate keeps its value with a "few people" mark, is left out of every
ranking and rating, and a screen open without sign-in does not show the count behind it.

The rule covers shares (roll-up ``ratio``, unit ``%``): their denominator counts people (or
things, tonnes of waste) in the area. Rates per person of money or per area of land are not
shares of a count and are left alone.
"""

from __future__ import annotations

import pandas as pd

MIN_DENOMINATOR = 20  # people behind a share, below which it is "few people"


def is_share(indicator: pd.Series | dict) -> bool:
    """True for a share of a count (roll-up ``ratio``, unit ``%``): the rule applies."""
    return indicator.get("rollup") == "ratio" and indicator.get("unit") == "%"


def few_people(denominators: pd.Series, indicator: pd.Series | dict) -> pd.Series:
    """True where a share rests on fewer than ``MIN_DENOMINATOR`` people (same index).

    A missing denominator (an own value loaded without one) is not marked.
    """
    if not is_share(indicator):
        return pd.Series(False, index=denominators.index)
    return denominators.notna() & (denominators < MIN_DENOMINATOR)
