"""Coverage of indicators by area and year, and areas compared across a goal (made-up frames)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from warroom.analysis.compare import compare_areas
from warroom.analysis.coverage import area_coverage, coverage_grid, coverage_matrix

AREAS = pd.DataFrame(
    {
        "code": ["TH", "TH10", "TH11", "TH12", "TH1001", "TH1101"],
        "level": ["country", "province", "province", "province", "district", "district"],
    }
)
CATALOGUE = pd.DataFrame({"id": ["b.rate", "a.count", "c.other"], "goal": [1, 1, 3]})


def obs(rows: list[tuple[str, int, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["indicator_id", "period", "area_code", "value"])


OBS = obs(
    [
        ("a.count", 2020, "TH10", 1.0),
        ("a.count", 2020, "TH11", 2.0),
        ("a.count", 2020, "TH12", float("nan")),  # a blank is not data
        ("a.count", 2021, "TH10", 3.0),
        ("a.count", 2021, "TH", 30.0),
        ("b.rate", 2021, "TH1001", 5.0),  # districts only
        ("c.other", 2019, "TH10", 7.0),
        ("c.other", 2019, "TH", 6.0),
        ("zz.unknown", 2019, "TH10", 1.0),  # not in the catalogue
    ]
)


def test_coverage_matrix_counts_areas_with_data_in_catalogue_order():
    m = coverage_matrix(OBS, AREAS, CATALOGUE, "province")
    assert list(m["indicator_id"]) == ["b.rate", "a.count", "a.count", "c.other"]
    rows = {(r.indicator_id, r.period): r for r in m.itertuples()}
    assert rows[("a.count", 2020)].areas_with_data == 2
    assert rows[("a.count", 2020)].share == pytest.approx(2 / 3)
    assert rows[("a.count", 2021)].areas_with_data == 1
    assert rows[("b.rate", 2021)].areas_with_data == 0  # data, but not at this level
    assert set(m["areas_total"]) == {3}
    assert list(m["goal"]) == [1, 1, 1, 3]
    grid = coverage_grid(m)
    assert list(grid.index) == ["b.rate", "a.count", "c.other"]
    assert math.isnan(grid.loc["c.other", 2020]) and grid.loc["a.count", 2020] == pytest.approx(
        2 / 3
    )


def test_area_coverage_counts_periods_per_area():
    one = OBS[OBS["indicator_id"] == "a.count"]
    table = area_coverage(one, AREAS, "province").set_index("code")
    assert table.loc["TH10", "periods"] == 2
    assert (table.loc["TH10", "first"], table.loc["TH10", "last"]) == (2020, 2021)
    assert table.loc["TH11", "periods"] == 1
    assert table.loc["TH12", "periods"] == 0 and pd.isna(table.loc["TH12", "last"])


def test_compare_areas_takes_each_indicators_latest_period_and_the_country():
    table = compare_areas(OBS, CATALOGUE, ["TH10", "TH11"], goal=1).set_index("indicator_id")
    assert list(table.columns) == ["period", "TH10", "TH11", "TH"]
    assert table.loc["a.count", "period"] == 2021
    assert table.loc["a.count", "TH10"] == 3.0 and math.isnan(table.loc["a.count", "TH11"])
    assert table.loc["a.count", "TH"] == 30.0
    assert "b.rate" not in table.index  # no value for these areas or the country
    fixed = compare_areas(OBS, CATALOGUE, ["TH10", "TH11"], goal=1, periods={"a.count": 2020})
    assert fixed.set_index("indicator_id").loc["a.count", "TH11"] == 2.0


def test_compare_at_most_five_areas():
    with pytest.raises(ValueError, match="1 to 5"):
        compare_areas(OBS, CATALOGUE, [f"TH{i}" for i in range(10, 16)])
