"""KPIs: one area's value for an indicator and period, against the country and its parent.

Values are the tidy Series the app and the store hold: one indicator's values indexed by
``(period, area_code)``. A count (roll-up ``sum``) is compared by its share of the
reference, since a province's count next to the country's total says nothing as a
difference; every other indicator by its difference from the reference.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import pandas as pd

Comparison = Literal["share", "difference"]
Tone = Literal["better", "worse", "flat"]

COUNTRY = "TH"


@dataclass(frozen=True)
class Kpi:
    """One area's figure and how it compares (NaN where a value is missing).

    ``vs_country`` and ``vs_parent`` are a share in % of the reference for a count, and a
    difference in the indicator's unit otherwise (see ``comparison``). ``change`` is the
    difference from the latest earlier period with data (``previous_period``).
    """

    code: str
    period: int | None
    value: float
    comparison: Comparison
    country: float
    vs_country: float
    parent_code: str | None
    parent: float
    vs_parent: float
    previous_period: int | None
    change: float
    coverage: float  # share of the area's children with a value (1.0 for an own value)


def comparison_for(rollup: str) -> Comparison:
    """How an indicator compares with a reference: counts by share, the rest by difference."""
    return "share" if rollup == "sum" else "difference"


def compare(value: float, reference: float, comparison: Comparison) -> float:
    """``value`` against ``reference``: a share in %, or a difference (NaN when unknown)."""
    if comparison == "share":
        return 100 * value / reference if reference and not math.isnan(reference) else math.nan
    return value - reference


def tone(delta: float, direction: str) -> Tone:
    """Whether a difference or a change is good news, given the indicator's direction."""
    if math.isnan(delta) or delta == 0 or direction == "neutral":
        return "flat"
    worse = delta > 0 if direction == "higher_is_worse" else delta < 0
    return "worse" if worse else "better"


def value_at(values: pd.Series, period: int | None, code: str | None) -> float:
    """One area's value in one period (NaN when missing)."""
    if code is None or period is None:
        return math.nan
    found = values.get((period, code), math.nan)
    return float(found) if found is not None else math.nan


def kpi(
    values: pd.Series,
    code: str,
    period: int | None,
    *,
    parent: str | None,
    rollup: str,
    coverage: pd.Series | None = None,
) -> Kpi:
    """The KPI of area ``code`` for ``period``.

    Parameters
    ----------
    values
        One indicator's values indexed by ``(period, area_code)``.
    code, period
        The area and the period (CE year).
    parent
        The area's parent code (None for the country).
    rollup
        The indicator's roll-up rule (decides share or difference).
    coverage
        Coverage of derived values, indexed like ``values`` (missing: 1.0).
    """
    comparison = comparison_for(rollup)
    here = value_at(values, period, code)
    country = value_at(values, period, COUNTRY)
    above = value_at(values, period, parent)
    periods = sorted(values.index.get_level_values(0).unique())
    earlier = [p for p in periods if period is not None and p < period]
    previous = earlier[-1] if earlier else None
    change = here - value_at(values, previous, code) if previous is not None else math.nan
    cover = 1.0
    if coverage is not None and not math.isnan(found := value_at(coverage, period, code)):
        cover = found
    return Kpi(
        code=code,
        period=period,
        value=here,
        comparison=comparison,
        country=country,
        vs_country=compare(here, country, comparison) if code != COUNTRY else math.nan,
        parent_code=parent,
        parent=above,
        vs_parent=compare(here, above, comparison),
        previous_period=previous,
        change=change,
        coverage=cover,
    )


def kpi_table(
    values: dict[str, pd.Series],
    code: str,
    *,
    parent: str | None,
    rollups: dict[str, str],
    periods: dict[str, int] | None = None,
) -> pd.DataFrame:
    """KPIs of one area for several indicators (each at its latest period unless given).

    Returns one row per indicator id (index) with the fields of ``Kpi``.
    """
    rows = {}
    for ind, series in values.items():
        if series.empty:
            continue
        period = (periods or {}).get(ind) or int(series.index.get_level_values(0).max())
        rows[ind] = kpi(series, code, period, parent=parent, rollup=rollups[ind]).__dict__
    return pd.DataFrame.from_dict(rows, orient="index")
