"""Two indicators together: joins, correlation, fitted line, bivariate classes (made-up frames)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from warroom.analysis.bivariate import (
    BIVARIATE_PALETTE,
    bivariate_classes,
    correlation,
    fitted_line,
    join_pair,
    legend_cells,
    terciles,
)
from warroom.analysis.classes import NO_DATA_COLOUR


def areas(n: int) -> pd.DataFrame:
    codes = [f"TH{10 + i}" for i in range(n)]
    return pd.DataFrame({"code": codes, "name_th": codes, "name_en": codes})


def test_join_keeps_every_area_in_order_with_blanks():
    a = areas(4)
    x = pd.Series({"TH11": 2.0, "TH10": 1.0, "TH99": 5.0})  # TH99 is not drawn
    y = pd.Series({"TH10": 10.0, "TH13": 30.0})
    pair = join_pair(a, x, y)
    assert list(pair["code"]) == ["TH10", "TH11", "TH12", "TH13"]
    assert pair["x"].tolist()[:2] == [1.0, 2.0] and math.isnan(pair["x"][2])
    assert pair["y"][0] == 10.0 and math.isnan(pair["y"][1]) and pair["y"][3] == 30.0


def test_correlation_matches_pandas_and_counts_complete_pairs():
    rng = np.random.default_rng(7)
    x = pd.Series(rng.normal(size=40))
    y = 2 * x + rng.normal(scale=0.5, size=40)
    x[3] = np.nan
    y[5] = np.nan
    a = areas(40)
    pair = join_pair(a, x.set_axis(a["code"]), y.set_axis(a["code"]))
    result = correlation(pair)
    both = pair.dropna(subset=["x", "y"])
    assert result.n == 38
    assert result.pearson == pytest.approx(both["x"].corr(both["y"]), abs=1e-12)
    assert result.spearman == pytest.approx(both["x"].corr(both["y"], method="spearman"), abs=1e-12)
    assert 0 <= result.pearson_p < 0.001


def test_correlation_is_undefined_for_too_few_or_constant_values():
    a = areas(3)
    two = join_pair(a, pd.Series({"TH10": 1.0, "TH11": 2.0}), pd.Series({"TH10": 1.0, "TH11": 3.0}))
    assert correlation(two).n == 2 and math.isnan(correlation(two).pearson)
    flat = join_pair(a, pd.Series(1.0, index=a["code"]), pd.Series([1.0, 2.0, 3.0], a["code"]))
    assert math.isnan(correlation(flat).spearman)


def test_fitted_line_is_least_squares():
    a = areas(5)
    pair = join_pair(
        a, pd.Series([0.0, 1, 2, 3, 4], a["code"]), pd.Series([1.0, 3, 5, 7, 9], a["code"])
    )
    line = fitted_line(pair)
    assert line.slope == pytest.approx(2.0) and line.intercept == pytest.approx(1.0)
    assert line.x == (0.0, 4.0) and line.y == pytest.approx((1.0, 9.0))
    assert fitted_line(pair.assign(x=1.0)) is None


def test_bivariate_classes_on_a_made_up_table():
    a = areas(10)
    x = pd.Series([1, 2, 3, 4, 5, 6, 7, 8, 9, np.nan], a["code"], dtype=float)
    y = pd.Series([9, 8, 7, 6, 5, 4, 3, 2, 1, 5], a["code"], dtype=float)
    result = bivariate_classes(join_pair(a, x, y))
    table = result.table
    assert table["x_class"].tolist()[:9] == [0, 0, 0, 1, 1, 1, 2, 2, 2]
    assert table["y_class"].tolist()[:9] == [2, 2, 2, 1, 1, 1, 0, 0, 0]
    # low x, high y: top-left of the legend; high x, low y: bottom-right
    assert table["colour"][0] == BIVARIATE_PALETTE[2][0] == "#64acbe"
    assert table["colour"][8] == BIVARIATE_PALETTE[0][2] == "#c85a5a"
    assert table["colour"][4] == BIVARIATE_PALETTE[1][1]
    assert pd.isna(table["x_class"][9]) and table["colour"][9] == NO_DATA_COLOUR
    assert result.x_breaks == pytest.approx([11 / 3, 19 / 3, 9])
    assert result.y_breaks == pytest.approx([11 / 3, 19 / 3, 9])


def test_terciles_with_ties_and_empty():
    klass, breaks = terciles(pd.Series([5.0, 5.0, 5.0]))
    assert klass.tolist() == [0, 0, 0] and breaks == [5.0]
    klass, breaks = terciles(pd.Series([np.nan, np.nan]))
    assert klass.isna().all() and breaks == []


def test_legend_has_nine_distinct_cells_high_y_first():
    cells = legend_cells()
    assert len(cells) == 9 and len({c["colour"] for c in cells}) == 9
    assert cells[0] == {"x_class": 0, "y_class": 2, "colour": "#64acbe"}
    assert cells[-1] == {"x_class": 2, "y_class": 0, "colour": "#c85a5a"}
