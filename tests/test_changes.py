"""What changed: the areas whose value moved most since the previous period."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from warroom.analysis.changes import measure_for, previous_period, what_changed


def series(rows: dict[tuple[int, str], float]) -> pd.Series:
    index = pd.MultiIndex.from_tuples(list(rows), names=["period", "area_code"])
    return pd.Series(list(rows.values()), index=index, name="value").sort_index()


@pytest.fixture
def population() -> pd.Series:
    return series(
        {
            (2019, "TH10"): 5_600_000, (2021, "TH10"): 5_500_000,  # -100,000: -1.8 %
            (2019, "TH85"): 190_000, (2021, "TH85"): 195_000,  # +5,000: +2.6 %
            (2019, "TH50"): 1_770_000, (2021, "TH50"): 1_790_000,  # +20,000: +1.1 %
            (2019, "TH58"): 0, (2021, "TH58"): 10,  # from zero: no relative change
            (2021, "TH96"): 800_000,  # no earlier value: not compared
            (2017, "TH10"): 5_680_000,
            (2021, "TH"): 66_000_000, (2019, "TH"): 66_500_000,
        }
    )  # fmt: skip


def test_relative_change_ranks_small_and_large_areas_fairly(population):
    changes = what_changed(population, areas=["TH10", "TH85", "TH50", "TH58", "TH96"], n=3)
    assert (changes.period, changes.previous, changes.measure) == (2021, 2019, "relative")
    assert list(changes.moved.index) == ["TH85", "TH10", "TH50"]
    assert changes.compared == 4  # TH96 has no 2019 value
    row = changes.moved.loc["TH10"]
    assert (row["before"], row["after"], row["change"]) == (5_600_000, 5_500_000, -100_000)
    assert row["change_pct"] == pytest.approx(-1.7857, abs=1e-4)


def test_absolute_change_and_areas_left_out(population):
    changes = what_changed(population, areas=["TH10", "TH85", "TH50"], measure="absolute", n=2)
    assert list(changes.moved.index) == ["TH10", "TH50"]
    everything = what_changed(population, measure="absolute", n=10)
    assert everything.moved.index[0] == "TH"  # no areas given: every area in the values
    assert math.isnan(everything.moved.loc["TH58", "change_pct"])


def test_an_earlier_pair_of_periods(population):
    changes = what_changed(population, period=2019, areas=["TH10"])
    assert (changes.period, changes.previous) == (2019, 2017)
    assert changes.moved.loc["TH10", "change"] == -80_000


def test_no_previous_period_or_no_common_area():
    one_year = series({(2018, "TH10"): 1.0, (2018, "TH50"): 2.0})
    assert what_changed(one_year) is None
    disjoint = series({(2018, "TH10"): 1.0, (2019, "TH50"): 2.0})
    assert what_changed(disjoint) is None
    assert what_changed(pd.Series(dtype=float)) is None
    assert what_changed(one_year, period=2030) is None


def test_measure_and_previous_period():
    assert measure_for("%") == "absolute"
    assert measure_for("people") == "relative"
    assert measure_for("µg/m³") == "relative"
    assert previous_period([2010, 2012, 2014, 2017], 2017) == 2014
    assert previous_period([2017, 2018], 2017) is None


@pytest.mark.slow
def test_real_population_change(store):
    from warroom.app.data import AppData

    data = AppData(store)
    provinces = data.areas.index[data.areas["level"] == "province"]
    changes = what_changed(data.observations("dopa.population"), areas=provinces)
    assert changes.compared == 77
    assert changes.previous < changes.period
    assert len(changes.moved) == 5
    assert changes.moved["change_pct"].abs().is_monotonic_decreasing
