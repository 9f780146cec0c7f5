"""The one roll-up rule on a small hierarchy: own values kept, partial parents with coverage."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from warroom.indicators.rollup import roll_up

# TH ─ TH10 ─ TH1001 ─ TH100101, TH100102
#      │    └ TH1002 ─ TH100201
#      └ TH11 ─ TH1101 ─ TH110101
AREAS = pd.DataFrame(
    [
        ("TH", "country", None),
        ("TH10", "province", "TH"),
        ("TH11", "province", "TH"),
        ("TH1001", "district", "TH10"),
        ("TH1002", "district", "TH10"),
        ("TH1101", "district", "TH11"),
        ("TH100101", "tambon", "TH1001"),
        ("TH100102", "tambon", "TH1001"),
        ("TH100201", "tambon", "TH1002"),
        ("TH110101", "tambon", "TH1101"),
    ],
    columns=["code", "level", "parent"],
)


def rows(*records: tuple) -> pd.DataFrame:
    """(area_code, value[, numerator, denominator[, exact]]) rows of period 2023."""
    out = []
    for r in records:
        num, den = (r[2], r[3]) if len(r) > 2 else (math.nan, math.nan)
        out.append(
            {
                "area_code": r[0],
                "period": 2023,
                "value": r[1],
                "numerator": num,
                "denominator": den,
                "exact": r[4] if len(r) > 4 else True,
            }
        )
    return pd.DataFrame(out)


def by_area(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.set_index("area_code")


def test_a_sum_keeps_partial_parents_with_their_coverage():
    got = by_area(
        roll_up(rows(("TH100101", 1), ("TH100102", 2), ("TH110101", 4)), AREAS, rule="sum")
    )
    assert got.loc["TH1001", ["value", "coverage"]].tolist() == [3, 1.0]
    assert "TH1002" not in got.index  # no child has a value: no value at all
    assert got.loc["TH10", ["value", "coverage"]].tolist() == [3, 0.5]  # one of two districts
    assert got.loc["TH", ["value", "coverage"]].tolist() == [7, 1.0]
    assert "TH100101" not in got.index  # only derived rows come back
    assert got["period"].dtype.kind == "i"


def test_an_own_value_is_never_replaced_and_feeds_its_parent():
    own = rows(("TH100101", 1), ("TH100102", 2), ("TH1002", 10), ("TH100201", 99))
    got = by_area(roll_up(own, AREAS, rule="sum"))
    assert "TH1002" not in got.index  # loaded for the district itself
    assert got.loc["TH10", ["value", "coverage"]].tolist() == [13, 1.0]


def test_rows_placed_on_an_ancestor_count_from_there_up():
    placed = rows(("TH100101", 1), ("TH1002", 5, math.nan, math.nan, False))
    got = by_area(roll_up(placed, AREAS, rule="sum"))
    assert got.loc["TH1002", ["value", "coverage"]].tolist() == [5, 0.0]  # no tambon has one
    assert got.loc["TH1001", "value"] == 1 and got.loc["TH10", "value"] == 6


def test_a_rate_is_recomputed_never_averaged():
    rate = rows(("TH100101", 50, 1, 2), ("TH100102", 10, 1, 10), ("TH110101", 25, 1, 4))
    got = by_area(roll_up(rate, AREAS, rule="ratio", scale=100))
    assert got.loc["TH1001", "value"] == pytest.approx(100 * 2 / 12)  # not (50 + 10) / 2
    assert got.loc["TH", "value"] == pytest.approx(100 * 3 / 16)
    assert got.loc["TH", "numerator"] == 3 and got.loc["TH", "denominator"] == 16


def test_a_weighted_mean_uses_its_weights_and_a_value_alone_is_not_enough():
    # value × weight over weight; TH100102 has a value but no weight, so it cannot enter.
    mean = rows(("TH100101", 10, 30, 3), ("TH100102", 20), ("TH110101", 40, 40, 1))
    got = by_area(roll_up(mean, AREAS, rule="weighted_mean"))
    assert got.loc["TH1001", ["value", "coverage"]].tolist() == [10, 0.5]
    assert got.loc["TH", "value"] == pytest.approx(70 / 4)


def test_none_and_nothing_roll_up_to_nothing():
    assert roll_up(rows(("TH100101", 1)), AREAS, rule="none").empty
    assert roll_up(rows(("TH100101", 1)).iloc[:0], AREAS, rule="sum").empty


def test_the_build_records_the_coverage_of_every_derived_value(store, built):
    obs = store.observations("tpmap.target_poor", period=2018)
    derived = obs["derived"].astype(bool)
    assert obs.loc[derived, "coverage"].between(0, 1).all()
    assert obs.loc[~derived, "coverage"].isna().all()  # own values carry no coverage
    partial = obs[derived & (obs["coverage"] < 1)]
    # Districts with tambons lacking a figure (their households sit on municipal
    # pseudo-units) keep their value, which still equals TPMAP's published district total.
    assert len(partial[partial["area_code"].str.len() == 6]) > 100
    assert all(check["differ"] == 0 for check in built[1].crosschecks)
