"""Two indicators side by side: the joined table, correlation, fitted line, 3×3 bivariate classes.

Each indicator is read at its own period; areas missing either value are kept in the table
(so a map can say "no data") but left out of the correlation, the line and the classes.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import mapclassify
import numpy as np
import pandas as pd
from scipy import stats

from warroom.analysis.classes import NO_DATA_COLOUR

# The standard 3×3 bivariate scheme (J. Stevens): x rises to the right (pink), y rises upwards
# (blue); BIVARIATE_PALETTE[y_class][x_class], class 0 = lowest tercile.
BIVARIATE_PALETTE: tuple[tuple[str, str, str], ...] = (
    ("#e8e8e8", "#e4acac", "#c85a5a"),
    ("#b0d5df", "#ad9ea5", "#985356"),
    ("#64acbe", "#627f8c", "#574249"),
)


def join_pair(areas: pd.DataFrame, x: pd.Series, y: pd.Series) -> pd.DataFrame:
    """The areas with both indicators' values: ``code, name_th, name_en, x, y``.

    Parameters
    ----------
    areas
        Areas to show (``code, name_th, name_en``), in the order wanted.
    x, y
        Values indexed by area code (each at its own period); missing codes give NaN.
    """
    table = areas[["code", "name_th", "name_en"]].reset_index(drop=True)
    table["x"] = x.reindex(table["code"]).to_numpy(dtype=float)
    table["y"] = y.reindex(table["code"]).to_numpy(dtype=float)
    return table


def complete(pair: pd.DataFrame) -> pd.DataFrame:
    """Rows of a joined pair where both values are present."""
    return pair[pair["x"].notna() & pair["y"].notna()]


@dataclass(frozen=True)
class Correlation:
    """Pearson's r and Spearman's ρ over the ``n`` areas with both values (NaN when n < 3)."""

    n: int
    pearson: float
    pearson_p: float
    spearman: float
    spearman_p: float


def correlation(pair: pd.DataFrame) -> Correlation:
    """Pearson and Spearman correlation of ``x`` and ``y`` over areas with both values."""
    both = complete(pair)
    n = len(both)
    if n < 3 or both["x"].nunique() < 2 or both["y"].nunique() < 2:
        return Correlation(n, math.nan, math.nan, math.nan, math.nan)
    pearson = stats.pearsonr(both["x"], both["y"])
    spearman = stats.spearmanr(both["x"], both["y"])
    return Correlation(
        n,
        float(pearson.statistic),
        float(pearson.pvalue),
        float(spearman.statistic),
        float(spearman.pvalue),
    )


@dataclass(frozen=True)
class Line:
    """Least-squares line ``y = intercept + slope * x`` and its ends over the data's x range."""

    slope: float
    intercept: float
    x: tuple[float, float]
    y: tuple[float, float]


def fitted_line(pair: pd.DataFrame) -> Line | None:
    """The ordinary least-squares line of y on x; None with fewer than two distinct x."""
    both = complete(pair)
    if both["x"].nunique() < 2:
        return None
    fit = stats.linregress(both["x"], both["y"])
    lo, hi = float(both["x"].min()), float(both["x"].max())
    slope, intercept = float(fit.slope), float(fit.intercept)
    return Line(slope, intercept, (lo, hi), (intercept + slope * lo, intercept + slope * hi))


def terciles(values: pd.Series) -> tuple[pd.Series, list[float]]:
    """Tercile class (0, 1, 2; NaN where missing) by mapclassify ``Quantiles(k=3)``, and breaks.

    Ties can leave fewer than three classes; the breaks then have fewer entries.
    """
    data = values.dropna()
    klass = pd.Series(np.nan, index=values.index)
    if data.empty:
        return klass, []
    if data.nunique() < 2:
        klass[data.index] = 0
        return klass, [float(data.max())]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # mapclassify warns when ties merge classes
        result = mapclassify.Quantiles(data.to_numpy(dtype=float), k=3)
    klass[data.index] = result.yb
    return klass, [float(b) for b in result.bins]


@dataclass(frozen=True)
class BivariateClasses:
    """Per-area classes (``x_class``, ``y_class``, ``colour``) and each axis' tercile breaks."""

    table: pd.DataFrame  # the joined pair plus x_class, y_class (Int64) and colour
    x_breaks: list[float]
    y_breaks: list[float]


def bivariate_classes(pair: pd.DataFrame) -> BivariateClasses:
    """3×3 classes from each indicator's terciles over the areas that have both values.

    Areas missing either value get no class and the no-data colour.
    """
    both = complete(pair)
    x_class, x_breaks = terciles(both["x"])
    y_class, y_breaks = terciles(both["y"])
    table = pair.copy()
    table["x_class"] = x_class.reindex(table.index).astype("Int64")
    table["y_class"] = y_class.reindex(table.index).astype("Int64")
    table["colour"] = [
        NO_DATA_COLOUR if pd.isna(xc) else BIVARIATE_PALETTE[int(yc)][int(xc)]
        for xc, yc in zip(table["x_class"], table["y_class"], strict=True)
    ]
    return BivariateClasses(table, x_breaks, y_breaks)


def legend_cells() -> list[dict]:
    """The 3×3 legend as cells ``{x_class, y_class, colour}``, top row (high y) first."""
    return [
        {"x_class": xc, "y_class": yc, "colour": BIVARIATE_PALETTE[yc][xc]}
        for yc in (2, 1, 0)
        for xc in (0, 1, 2)
    ]
