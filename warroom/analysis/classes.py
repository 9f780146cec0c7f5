"""Class breaks (mapclassify) and colours by direction, shared by the maps and the exports."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import mapclassify
import numpy as np
import pandas as pd

NO_DATA_COLOUR = "#c8c8c8"
# Cool → warm. Worse values are warmer whatever the direction.
COOL_TO_WARM = ["#2c7bb6", "#abd9e9", "#ffffbf", "#fdae61", "#d7191c"]
NEUTRAL = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"]
CLASSIFIERS = {
    "quantiles": mapclassify.Quantiles,
    "natural_breaks": mapclassify.NaturalBreaks,
    "equal_interval": mapclassify.EqualInterval,
}
K = 5


@dataclass
class Classes:
    """Class of each value and the breaks that define them."""

    klass: pd.Series  # class index per area, NaN for no data
    lower: list[float]
    upper: list[float]


def classify(values: pd.Series, scheme: str = "quantiles", k: int = K) -> Classes:
    """Class breaks by mapclassify (quantiles, natural breaks or equal interval)."""
    data = values.dropna()
    if data.empty:
        return Classes(pd.Series(np.nan, index=values.index), [], [])
    distinct = data.nunique()
    if distinct < 2:
        return Classes(values.where(values.isna(), 0.0), [data.min()], [data.max()])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # mapclassify warns when ties reduce the classes
        result = CLASSIFIERS[scheme](data.to_numpy(), k=min(k, distinct))
    upper = [float(b) for b in result.bins]
    lower = [float(data.min()), *upper[:-1]]
    klass = np.full(len(values), np.nan)
    klass[values.notna().to_numpy()] = result.yb  # by position: dropna keeps the order
    return Classes(pd.Series(klass, index=values.index), lower, upper)


def palette(direction: str, n: int) -> list[str]:
    """n colours from cool to warm in the direction of 'worse'."""
    base = (
        NEUTRAL
        if direction == "neutral"
        else (COOL_TO_WARM if direction == "higher_is_worse" else COOL_TO_WARM[::-1])
    )
    if n >= len(base):
        return base
    idx = np.linspace(0, len(base) - 1, n).round().astype(int)
    return [base[i] for i in idx]


def decimals_for(values: pd.Series) -> int:
    """Decimals worth showing: none for counts and large values, more for small ones."""
    data = values.dropna()
    if data.empty or (data.mod(1) == 0).all():
        return 0
    typical = data.abs().median()
    return 0 if typical >= 1000 else (1 if typical >= 10 else 2)
