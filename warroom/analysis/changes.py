"""What changed: the areas whose value moved most since the previous period.

Typed functions over the tidy values the store holds (a Series indexed by period and area
code); nothing here knows about Dash or the screen.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

Measure = Literal["absolute", "relative"]


@dataclass(frozen=True)
class Changes:
    """The biggest movers between two periods.

    ``moved`` is indexed by area code, largest move first, with the columns ``before``,
    ``after``, ``change`` (after - before, in the indicator's unit) and ``change_pct``
    (relative change in %, NaN when ``before`` is zero).
    """

    period: int
    previous: int
    measure: Measure
    moved: pd.DataFrame
    compared: int  # areas with a value in both periods


def measure_for(unit: str) -> Measure:
    """How to compare two periods: percentage points for a rate in %, else relative change.

    A count or an amount moves in proportion to its size (Bangkok's population gains more
    people than Ranong's), so counts are compared by their relative change; a rate already
    is a share, and its change in points is what people read.
    """
    return "absolute" if unit.strip() == "%" else "relative"


def previous_period(periods: Iterable[int], period: int) -> int | None:
    """The latest period before ``period`` among ``periods`` (None when there is none)."""
    earlier = [p for p in periods if p < period]
    return max(earlier) if earlier else None


def what_changed(
    values: pd.Series,
    *,
    areas: Iterable[str] | None = None,
    period: int | None = None,
    previous: int | None = None,
    measure: Measure = "relative",
    n: int = 5,
) -> Changes | None:
    """The ``n`` areas whose value moved most between ``previous`` and ``period``.

    Parameters
    ----------
    values
        Values indexed by (period, area code), as ``AppData.observations`` returns them.
    areas
        The areas to compare (e.g. the provinces on the map); all areas when None.
    period
        The later period; the latest period in ``values`` when None.
    previous
        The earlier period; the latest one before ``period`` when None.
    measure
        ``"absolute"`` ranks by the size of ``change``, ``"relative"`` by ``change_pct``.
    n
        How many areas to return.

    Returns
    -------
    Changes or None
        None when there is no earlier period, or no area has a value in both.
    """
    if values.empty:
        return None
    periods = sorted(values.index.get_level_values(0).unique())
    period = periods[-1] if period is None else period
    previous = previous_period(periods, period) if previous is None else previous
    if previous is None or period not in periods or previous not in periods:
        return None
    after, before = values.loc[period], values.loc[previous]
    if areas is not None:
        wanted = pd.Index(list(areas))
        after, before = after.reindex(wanted), before.reindex(wanted)
    both = pd.DataFrame({"before": before, "after": after}).dropna()
    if both.empty:
        return None
    both["change"] = both["after"] - both["before"]
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = 100 * both["change"] / both["before"].abs()
    both["change_pct"] = pct.where(both["before"] != 0)
    key = both["change"] if measure == "absolute" else both["change_pct"]
    ranked = key.dropna().abs().sort_values(ascending=False, kind="stable")
    moved = both.loc[ranked.index[:n]]
    moved.index.name = "area_code"
    return Changes(int(period), int(previous), measure, moved, compared=len(both))
