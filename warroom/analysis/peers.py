"""Peers: a province's region, and the provinces most like it.

Region: the first digit of the province's DOPA code, the Interior Ministry's own grouping
(1 Central, 2 East, 3-4 Northeast, 5-6 North, 7 West, 8-9 South).

Most alike: the nearest areas in the space of standardised features, by default the logarithm
of registered population and of gross provincial product per capita (log, because both spread
over orders of magnitude; standardised, so that each counts the same). Distances are
Euclidean; areas missing a feature are left out.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import pandas as pd

from warroom.indicators.rollup import MEASURES, rule_value, usable_rows

# First digit of the DOPA province code -> region id.
_REGION_BY_DIGIT = {
    "1": "central",
    "2": "east",
    "3": "northeast",
    "4": "northeast",
    "5": "north",
    "6": "north",
    "7": "west",
    "8": "south",
    "9": "south",
}
REGIONS: dict[str, tuple[str, str]] = {
    "central": ("ภาคกลาง", "Central"),
    "east": ("ภาคตะวันออก", "East"),
    "northeast": ("ภาคตะวันออกเฉียงเหนือ", "Northeast"),
    "north": ("ภาคเหนือ", "North"),
    "west": ("ภาคตะวันตก", "West"),
    "south": ("ภาคใต้", "South"),
}
PEER_FEATURES = ("dopa.population", "panel.gpp_per_capita")
PEER_COUNT = 5


def region_of(code: str) -> str:
    """The region id of a province, district or tambon code (``TH50`` → ``north``)."""
    try:
        return _REGION_BY_DIGIT[code[2]]
    except (IndexError, KeyError):
        raise ValueError(f"not a province, district or tambon code: {code!r}") from None


def region_members(codes: Iterable[str], region: str) -> list[str]:
    """The codes among ``codes`` that lie in ``region``."""
    return [c for c in codes if len(c) > 2 and _REGION_BY_DIGIT.get(c[2]) == region]


def most_alike(features: pd.DataFrame, code: str, *, n: int = PEER_COUNT) -> pd.Series:
    """The ``n`` areas nearest to ``code`` by standardised log features, nearest first.

    Parameters
    ----------
    features
        One row per candidate area (indexed by code), one positive numeric column per feature.
    code
        The area whose peers are wanted (must have every feature).
    n
        How many peers.

    Returns
    -------
    pandas.Series
        Distances indexed by peer code, nearest first (ties broken by code).
    """
    logged = np.log(features.where(features > 0)).dropna()
    if code not in logged.index:
        raise ValueError(f"{code} lacks a peer feature ({', '.join(features.columns)})")
    spread = logged.std(ddof=0).replace(0, 1)
    z = (logged - logged.mean()) / spread
    distance = np.sqrt(((z - z.loc[code]) ** 2).sum(axis=1)).drop(code)
    ordered = pd.DataFrame({"d": distance.to_numpy(), "code": distance.index.astype(str)})
    ordered = ordered.sort_values(["d", "code"]).head(n)
    return pd.Series(ordered["d"].to_numpy(), index=ordered["code"].to_numpy(), name="distance")


def combine(rows: pd.DataFrame, *, rollup: str, scale: float | None = None) -> float:
    """One value for a group of areas by the indicator's roll-up rule (the build's own rule,
    ``warroom.indicators.rollup``: counts summed, ratios and weighted means recomputed from
    summed numerators and denominators, never averaged).

    ``rows`` has ``value, numerator, denominator``; NaN when the rule cannot apply (``none``,
    no usable row, or a denominator of 0).
    """
    if rows.empty or rollup == "none":
        return math.nan
    summed = rows.loc[usable_rows(rows, rollup), MEASURES].sum(min_count=1).to_frame().T
    return float(rule_value(summed, rollup, scale=scale or 1.0).iloc[0])
