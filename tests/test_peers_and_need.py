"""Peers (region, most alike), roll-up of a group, and the ranking of where to act."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from warroom.analysis.peers import combine, most_alike, region_members, region_of
from warroom.analysis.where_to_act import count_indicator, rank_need


def test_region_by_first_digit():
    assert region_of("TH50") == "north"
    assert region_of("TH5001") == "north"
    assert region_of("TH10") == "central"
    assert region_of("TH34") == region_of("TH40") == "northeast"
    assert region_of("TH96") == "south"
    assert region_members(["TH10", "TH20", "TH21", "TH50"], "east") == ["TH20", "TH21"]
    with pytest.raises(ValueError):
        region_of("TH")


def test_most_alike_uses_standardised_logs():
    features = pd.DataFrame(
        {
            "pop": [1e6, 1.1e6, 1e5, 1e6, 5e6, 1e6],
            "gpp": [1e5, 1e5, 1e5, 3e5, 1e5, math.nan],
        },
        index=["A", "B", "C", "D", "E", "F"],
    )
    peers = most_alike(features, "A", n=3)
    # F lacks a feature. GPP varies little among the others, so D's threefold GPP counts for
    # more than E's fivefold population once each feature is standardised.
    assert list(peers.index) == ["B", "E", "C"]
    assert peers.is_monotonic_increasing
    with pytest.raises(ValueError):
        most_alike(features, "F")


def test_combine_by_rule():
    rows = pd.DataFrame({"value": [10.0, 30.0], "numerator": [1.0, 9.0], "denominator": [10, 30]})
    assert combine(rows, rollup="sum") == 40
    assert combine(rows, rollup="ratio", scale=100) == pytest.approx(25.0)  # not mean(10, 30)
    assert combine(rows, rollup="weighted_mean") == pytest.approx(0.25)
    assert math.isnan(combine(rows, rollup="none"))
    assert math.isnan(combine(rows.iloc[:0], rollup="sum"))


def test_count_behind_a_rate():
    cat = pd.DataFrame(
        {
            "id": ["t.poor", "t.poor_rate", "t.dim", "t.dim_rate", "t.bmn", "t.mean"],
            "rollup": ["sum", "ratio", "sum", "ratio", "ratio", "weighted_mean"],
            "expression": ["P", "P / N", "D", "D / N", "B / A", "x"],
        }
    )
    assert count_indicator(cat, "t.poor_rate") == "t.poor"
    assert count_indicator(cat, "t.dim_rate") == "t.dim"
    assert count_indicator(cat, "t.poor") == "t.poor"
    assert count_indicator(cat, "t.bmn") is None
    assert count_indicator(cat, "t.mean") is None
    assert count_indicator(cat.drop(columns="expression"), "t.dim_rate") == "t.dim"
    assert count_indicator(cat, "unknown") is None


def test_rank_need_worst_first_by_direction():
    values = pd.Series({"a": 5.0, "b": 9.0, "c": math.nan, "d": 9.0})
    counts = pd.Series({"a": 50.0, "b": 10.0, "d": 90.0})
    worse = rank_need(values, direction="higher_is_worse", counts=counts)
    assert list(worse["code"]) == ["d", "b", "a", "c"]  # tie 9.0: more people first
    assert list(worse["need_rank"].astype("float").fillna(0)) == [1, 2, 3, 0]
    better = rank_need(values, direction="higher_is_better")
    assert list(better["code"]) == ["a", "b", "d", "c"]
    spots = rank_need(
        values, direction="higher_is_worse", counts=counts, hotspots=["a"], hotspots_first=True
    )
    assert list(spots["code"]) == ["a", "d", "b", "c"] and spots["hotspot"].iloc[0]


def test_rank_need_leaves_rates_on_few_people_unranked_and_last():
    values = pd.Series({"a": 100.0, "b": 40.0, "c": 60.0, "d": math.nan})
    ranked = rank_need(values, direction="higher_is_worse", few=["a"], hotspots=["a"])
    assert list(ranked["code"]) == ["c", "b", "a", "d"]  # 100 % on a handful: not first
    assert list(ranked["need_rank"].astype("float").fillna(0)) == [1, 2, 0, 0]
    assert ranked["few_people"].tolist() == [False, False, True, False]
    spots = rank_need(values, direction="higher_is_worse", few=["a"], hotspots=["a", "b"],
                      hotspots_first=True)  # fmt: skip
    assert list(spots["code"]) == ["b", "c", "a", "d"]
