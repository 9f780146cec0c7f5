"""Rankings: areas ordered best first, their ranks, and the top and bottom of a list.

One rule on every screen (the map, the wall, the governor's page and its brief): rank 1 is
the best value by the indicator's direction (the lowest where higher is worse, the highest
where higher is better) and, for an indicator with no good side (a count, a neutral
indicator), the highest value. Ties share the best rank.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

TOP_N = 10


@dataclass(frozen=True)
class Ranking:
    """Areas with a value, best first: the first ``n`` and the last ``n`` after them.

    ``top`` and ``bottom`` are Series of values indexed by area code; ``ranks`` holds every
    ranked area's rank (1 = best by the direction, highest for neutral indicators; ties share
    the best rank). ``bottom`` never repeats an area of ``top``.
    """

    top: pd.Series
    bottom: pd.Series
    ranks: pd.Series
    ranked: int  # areas with a value


def has_good_side(direction: str) -> bool:
    """Whether rank 1 means "best" (the indicator has a better side) or only "highest"."""
    return direction in ("higher_is_better", "higher_is_worse")


def lowest_first(direction: str) -> bool:
    """Whether rank 1 is the lowest value: only where higher is worse."""
    return direction == "higher_is_worse"


def rank_by_direction(values: pd.Series, direction: str) -> pd.Series:
    """Rank 1 = best by the direction (highest first for neutral); ties share the best rank."""
    ascending = lowest_first(direction)
    return values.dropna().rank(ascending=ascending, method="min").astype(int)


def ranking(values: pd.Series, *, direction: str, n: int = TOP_N) -> Ranking:
    """The first and last ``n`` of ``values`` by rank (indexed by area code; NaN left out)."""
    present = values.dropna()
    ordered = present.sort_values(ascending=lowest_first(direction), kind="stable")
    top = ordered.head(n)
    bottom = ordered.iloc[len(top) :].tail(n)
    return Ranking(
        top=top,
        bottom=bottom,
        ranks=rank_by_direction(present, direction),
        ranked=len(present),
    )


def rank_of(values: pd.Series, code: str, *, direction: str) -> tuple[int, int] | None:
    """(rank, out of) of ``code`` among ``values``; None when it has no value."""
    present = values.dropna()
    if code not in present.index:
        return None
    return int(rank_by_direction(present, direction)[code]), len(present)
