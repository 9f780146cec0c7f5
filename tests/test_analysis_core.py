"""KPIs, rankings and trends: typed functions over one indicator's values."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from warroom.analysis.kpis import compare, comparison_for, kpi, kpi_table, tone
from warroom.analysis.rankings import rank_by_direction, rank_of, ranking
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
    r = ranking(values, direction="neutral", n=10)
    assert r.ranked == 25 and list(r.top.index[:2]) == ["TH34", "TH33"]
    assert len(r.bottom) == 10 and not set(r.top.index) & set(r.bottom.index)
    assert r.bottom.index[-1] == "TH10" and r.ranks["TH10"] == 25
    small = ranking(values.head(12), direction="neutral", n=10)
    assert len(small.top) == 10 and len(small.bottom) == 2
    assert rank_of(values, "TH34", direction="neutral") == (1, 25)
    assert rank_of(values, "TH99", direction="neutral") is None


def test_one_rank_rule_rank_1_is_the_best_by_direction():
    """Rank 1 was the highest value on the wall and the map but the best on the governor's
    page: one rule now, best by the direction (the highest only where there is no side)."""
    values = pd.Series({f"TH{n}": float(n) for n in range(10, 35)})
    worse = ranking(values, direction="higher_is_worse", n=3)
    assert list(worse.top.index) == ["TH10", "TH11", "TH12"] and worse.ranks["TH10"] == 1
    assert list(worse.bottom.index) == ["TH32", "TH33", "TH34"] and worse.ranks["TH34"] == 25
    better = ranking(values, direction="higher_is_better", n=3)
    assert list(better.top.index) == ["TH34", "TH33", "TH32"]
    assert rank_of(values, "TH10", direction="higher_is_worse") == (1, 25)
    assert rank_of(values, "TH10", direction="higher_is_better") == (25, 25)


def test_ties_share_the_best_rank():
    ties = pd.Series({"a": 5.0, "b": 5.0, "c": 1.0})
    assert rank_by_direction(ties, "neutral").tolist() == [1, 1, 3]
    assert rank_by_direction(ties, "higher_is_worse").tolist() == [2, 2, 1]


def test_a_trend_arrow_is_the_way_the_value_moved():
    """A tile's arrow meant better or worse, elsewhere up or down: now always up or down."""
    from warroom.analysis.status import value_arrow

    assert value_arrow("improving", "higher_is_worse") == "▼"  # poverty fell: better
    assert value_arrow("improving", "higher_is_better") == "▲"
    assert value_arrow("worsening", "higher_is_worse") == "▲"
    assert value_arrow("rising", "neutral") == "▲" and value_arrow("falling", "neutral") == "▼"
    assert value_arrow("stagnating", "higher_is_worse") == "■"
    assert value_arrow("none", "higher_is_worse") == "·"


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
