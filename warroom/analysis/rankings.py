"""Rankings: areas ordered by value, their ranks, and the top and bottom of a list."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

TOP_N = 10


@dataclass(frozen=True)
class Ranking:
    """Areas with a value, highest first: the top ``n`` and the bottom ``n`` after them.

    ``top`` and ``bottom`` are Series of values indexed by area code; ``ranks`` holds every
    ranked area's rank (1 = highest; ties share the best rank). ``bottom`` never repeats an
    area of ``top``.
    """

    top: pd.Series
    bottom: pd.Series
    ranks: pd.Series
    ranked: int  # areas with a value


def rank_desc(values: pd.Series) -> pd.Series:
    """Rank among siblings, 1 = highest value (ties share the best rank)."""
    return values.rank(ascending=False, method="min")


def ranking(values: pd.Series, *, n: int = TOP_N) -> Ranking:
    """The highest and lowest ``n`` of ``values`` (indexed by area code; NaN left out)."""
    present = values.dropna()
    ordered = present.sort_values(ascending=False, kind="stable")
    top = ordered.head(n)
    bottom = ordered.iloc[len(top) :].tail(n)
    return Ranking(top=top, bottom=bottom, ranks=rank_desc(present), ranked=len(present))


def rank_of(values: pd.Series, code: str) -> tuple[int, int] | None:
    """(rank, out of) of ``code`` among ``values``; None when it has no value."""
    present = values.dropna()
    if code not in present.index:
        return None
    return int(rank_desc(present)[code]), len(present)
