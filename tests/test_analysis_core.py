"""KPIs, rankings and trends: typed functions over one indicator's values."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from warroom.analysis.kpis import compare, comparison_for, kpi, kpi_table, tone
from warroom.analysis.rankings import rank_desc, rank_of, ranking
from warroom.analysis.trends import latest_change, trend, trend_codes, trends


def series(rows: list[tuple[int, str, float]]) -> pd.Series:
    index = pd.MultiIndex.from_tuples([(p, c) for p, c, _ in rows], names=["period", "area_code"])
    return pd.Series([v for *_, v in rows], index=index, dtype=float).sort_index()


RATE = series(
    [
        (2020, "TH", 10.0), (2020, "TH50", 14.0), (2020, "TH5001", 9.0),
        (2022, "TH", 8.0), (2022, "TH50", 15.0), (2022, "TH5001", 7.0),
    ]
)  # fmt: skip
COUNT = series([(2022, "TH", 1000.0), (2022, "TH50", 50.0), (2022, "TH5001", 20.0)])


def test_a_rate_compares_by_difference_and_changes_since_the_last_period():
    k = kpi(RATE, "TH5001", 2022, parent="TH50", rollup="ratio")
    assert k.comparison == "difference"
    assert (k.value, k.country, k.parent) == (7.0, 8.0, 15.0)
    assert k.vs_country == -1.0 and k.vs_parent == -8.0
    assert k.previous_period == 2020 and k.change == -2.0
    assert k.coverage == 1.0


def test_a_count_compares_by_its_share():
    k = kpi(COUNT, "TH50", 2022, parent="TH", rollup="sum")
    assert k.comparison == "share" and k.vs_country == pytest.approx(5.0)
    assert k.previous_period is None and math.isnan(k.change)


def test_the_country_has_no_reference_and_missing_values_are_nan():
    k = kpi(RATE, "TH", 2022, parent=None, rollup="ratio")
    assert math.isnan(k.vs_country) and math.isnan(k.parent)
    gone = kpi(RATE, "TH5002", 2022, parent="TH50", rollup="ratio")
    assert math.isnan(gone.value) and math.isnan(gone.vs_parent)


def test_coverage_of_a_derived_value_is_reported():
    cover = series([(2022, "TH50", 0.25)])
    assert kpi(COUNT, "TH50", 2022, parent="TH", rollup="sum", coverage=cover).coverage == 0.25


def test_tone_follows_the_direction():
    assert tone(-1.0, "higher_is_worse") == "better" and tone(-1.0, "higher_is_better") == "worse"
    assert tone(2.0, "neutral") == "flat" and tone(math.nan, "higher_is_worse") == "flat"
    assert comparison_for("weighted_mean") == "difference"
    assert math.isnan(compare(5.0, 0.0, "share"))


def test_kpi_table_takes_each_indicator_at_its_latest_period():
    table = kpi_table(
        {"rate": RATE, "count": COUNT},
        "TH50",
        parent="TH",
        rollups={"rate": "ratio", "count": "sum"},
    )
    assert table.loc["rate", "period"] == 2022 and table.loc["rate", "vs_country"] == 7.0
    assert table.loc["count", "comparison"] == "share"


def test_ranking_top_and_bottom_never_overlap():
    values = pd.Series({f"TH{n}": float(n) for n in range(10, 35)})
    values["TH99"] = math.nan
    r = ranking(values, n=10)
    assert r.ranked == 25 and list(r.top.index[:2]) == ["TH34", "TH33"]
    assert len(r.bottom) == 10 and not set(r.top.index) & set(r.bottom.index)
    assert r.bottom.index[-1] == "TH10" and r.ranks["TH10"] == 25
    small = ranking(values.head(12), n=10)
    assert len(small.top) == 10 and len(small.bottom) == 2
    assert rank_of(values, "TH34") == (1, 25) and rank_of(values, "TH99") is None


def test_ties_share_the_best_rank():
    assert rank_desc(pd.Series({"a": 5.0, "b": 5.0, "c": 1.0})).tolist() == [1, 1, 3]


def test_trends():
    assert trend(RATE, "TH50").to_dict() == {2020: 14.0, 2022: 15.0}
    assert trend(RATE, "TH99").empty
    assert trend_codes("TH50", rollup="sum") == ["TH50"]
    assert trend_codes("TH50", rollup="ratio") == ["TH50", "TH"]
    assert trend_codes("TH", rollup="ratio") == ["TH"]
    frame = trends(RATE, ["TH50", "TH"])
    assert list(frame.columns) == ["TH50", "TH"] and frame.loc[2022, "TH"] == 8.0
    assert latest_change(trend(RATE, "TH")) == (2020, 2022, -2.0)
    assert latest_change(trend(COUNT, "TH")) is None
