"""Status lights and trend arrows on small made-up series (every direction, gaps, no threshold)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from warroom.analysis.status import (
    Basis,
    Light,
    Trend,
    Versus,
    area_status,
    goal_light,
    goals_summary,
    rank_by_direction,
    status_light,
    trend_arrow,
    versus_country,
)

BETTER, WORSE, NEUTRAL = "higher_is_better", "higher_is_worse", "neutral"


@pytest.mark.parametrize(
    ("value", "light"),
    [(95, Light.GREEN), (90, Light.GREEN), (80, Light.YELLOW), (75, Light.YELLOW),
     (70, Light.ORANGE), (60, Light.RED), (10, Light.RED)],
)  # fmt: skip
def test_thresholds_when_higher_is_better(value, light):
    assert status_light(value, direction=BETTER, green=90, red=60) == (light, Basis.THRESHOLD)


@pytest.mark.parametrize(
    ("value", "light"),
    [(0.0, Light.GREEN), (2, Light.GREEN), (5, Light.YELLOW), (6, Light.YELLOW),
     (8, Light.ORANGE), (10, Light.RED), (30, Light.RED)],
)  # fmt: skip
def test_thresholds_when_higher_is_worse(value, light):
    assert status_light(value, direction=WORSE, green=2, red=10) == (light, Basis.THRESHOLD)


def test_no_value_or_no_good_side_is_grey():
    assert status_light(None, direction=WORSE, green=2, red=10) == (Light.GREY, Basis.NONE)
    assert status_light(math.nan, direction=BETTER, reference=5) == (Light.GREY, Basis.NONE)
    assert status_light(5, direction=NEUTRAL, green=2, red=10) == (Light.GREY, Basis.NONE)


def test_no_threshold_and_no_reference_is_grey():
    assert status_light(5, direction=WORSE) == (Light.GREY, Basis.NONE)
    assert status_light(5, direction=WORSE, green=2) == (Light.GREY, Basis.NONE)  # half a pair


@pytest.mark.parametrize(
    ("value", "direction", "versus"),
    [
        (10, WORSE, Versus.SAME),  # equal to the country: about the same (was yellow)
        (10.5, WORSE, Versus.SAME),  # 5 % worse: within the tolerance
        (9.5, BETTER, Versus.SAME),
        (8, WORSE, Versus.BETTER),
        (10.6, WORSE, Versus.WORSE),
        (13, WORSE, Versus.WORSE),
        (10.6, BETTER, Versus.BETTER),
        (7, BETTER, Versus.WORSE),
    ],
)
def test_without_thresholds_no_light_but_a_comparison_with_the_country(value, direction, versus):
    # Issue 20: a colour only against a stated target; the country gives a mark of its own.
    assert status_light(value, direction=direction, reference=10) == (Light.GREY, Basis.COUNTRY)
    assert status_light(value, direction=direction, green=0, reference=10)[0] == Light.GREY
    assert versus_country(value, 10, direction=direction) == versus


def test_versus_country_edges():
    assert versus_country(5, 0, direction=WORSE) == Versus.WORSE  # the country at 0
    assert versus_country(0, 0, direction=WORSE) == Versus.SAME
    assert versus_country(5, None, direction=WORSE) == Versus.NONE
    assert versus_country(5, 4, direction=NEUTRAL) == Versus.NONE


def test_thresholds_win_over_the_country():
    assert status_light(12, direction=WORSE, green=15, red=30, reference=5)[1] == Basis.THRESHOLD


def _s(pairs):
    return pd.Series(dict(pairs), dtype=float)


@pytest.mark.parametrize(
    ("series", "direction", "trend"),
    [
        (_s({2018: 10, 2019: 11, 2020: 12}), BETTER, Trend.IMPROVING),
        (_s({2018: 10, 2019: 11, 2020: 12}), WORSE, Trend.WORSENING),
        (_s({2018: 12, 2019: 11, 2020: 10}), BETTER, Trend.WORSENING),
        (_s({2018: 12, 2019: 11, 2020: 10}), WORSE, Trend.IMPROVING),
        (_s({2018: 10, 2019: 10.02, 2020: 10.01}), BETTER, Trend.STAGNATING),
        (_s({2018: 10, 2019: 11, 2020: 12}), NEUTRAL, Trend.RISING),
        (_s({2018: 12, 2019: 11, 2020: 10}), NEUTRAL, Trend.FALLING),
        (_s({2020: 10}), BETTER, Trend.NONE),
        (_s({}), BETTER, Trend.NONE),
        (_s({2018: 10, 2019: math.nan, 2020: math.nan}), WORSE, Trend.NONE),
    ],
)
def test_trend_by_direction(series, direction, trend):
    assert trend_arrow(series, direction=direction) == trend


def test_trend_fits_real_years_across_missing_ones():
    # 2010 → 2021 with gaps: only the last five years count (2017-2021), and they fall.
    series = _s({2010: 1, 2012: 50, 2014: 100, 2017: 100, 2018: 96, 2020: 90, 2021: 88})
    assert trend_arrow(series, direction=BETTER) == Trend.WORSENING
    # one year inside the window: no trend, however long the older series
    assert trend_arrow(_s({2000: 1, 2001: 2, 2010: 3}), direction=BETTER) == Trend.NONE


def test_rank_by_direction_ranks_best_first():
    values = pd.Series({"a": 5.0, "b": 1.0, "c": 3.0, "d": math.nan})
    assert rank_by_direction(values, WORSE).to_dict() == {"a": 3, "b": 1, "c": 2}
    assert rank_by_direction(values, BETTER).to_dict() == {"a": 1, "b": 3, "c": 2}


def test_goal_light_averages_the_two_worst():
    assert goal_light([]) == Light.GREY
    assert goal_light(["grey", "grey"]) == Light.GREY
    assert goal_light(["green", "red"]) == Light.ORANGE  # (0 + 3) / 2, rounded towards worse
    assert goal_light(["green", "green", "yellow"]) == Light.YELLOW
    assert goal_light(["red"]) == Light.RED


def _catalogue():
    return pd.DataFrame(
        [
            {"id": "x.rate", "goal": 1, "sdg": "1.2", "direction": WORSE, "rollup": "ratio"},
            {"id": "x.count", "goal": 1, "sdg": "1.2", "direction": WORSE, "rollup": "sum"},
            {
                "id": "y.score",
                "goal": 3,
                "sdg": "3.4",
                "direction": BETTER,
                "rollup": "weighted_mean",
                "threshold_green": "80",
                "threshold_red": "40",
                "threshold_source": "made up",
                "proxy": "true",
            },
            {"id": "ctx.pop", "goal": None, "sdg": None, "direction": NEUTRAL, "rollup": "sum"},
        ]
    )


def _observations():
    rows = []
    for area, rates, score in [
        ("TH", (10, 10), 60),
        ("TH01", (14, 13), 85),
        ("TH02", (9, 8), 50),
        ("TH03", (11, None), 70),
    ]:
        for period, rate in zip((2019, 2020), rates, strict=True):
            if rate is not None:
                rows.append(("x.rate", area, period, float(rate)))
                rows.append(("x.count", area, period, rate * 100.0))
        rows.append(("y.score", area, 2020, float(score)))
        rows.append(("ctx.pop", area, 2020, 1000.0))
    return pd.DataFrame(rows, columns=["indicator_id", "area_code", "period", "value"])


def test_area_status_table():
    table = area_status(
        _observations(), _catalogue(), area="TH01", siblings=["TH01", "TH02", "TH03"]
    ).set_index("indicator")
    assert list(table.index) == ["x.rate", "x.count", "y.score"]  # context left out
    rate = table.loc["x.rate"]
    assert (rate["value"], rate["period"], rate["country_value"]) == (13.0, 2020, 10.0)
    assert (rate["status"], rate["basis"]) == (Light.GREY, Basis.COUNTRY)  # no target: no light
    assert (rate["versus"], rate["difference"]) == (Versus.WORSE, 3.0)
    assert rate["trend"] == Trend.IMPROVING  # 14 → 13, lower is better
    assert (rate["rank"], rate["of"]) == (2, 2)  # TH03 has no 2020 value
    count = table.loc["x.count"]
    assert (count["status"], count["basis"]) == (Light.GREY, Basis.NONE)  # counts: no reference
    score = table.loc["y.score"]
    assert (score["status"], score["basis"]) == (Light.GREEN, Basis.THRESHOLD)
    assert score["proxy"] and score["threshold_source"] == "made up"
    assert score["versus"] == Versus.NONE
    assert score["trend"] == Trend.NONE
    assert (score["rank"], score["of"]) == (1, 3)


def test_a_threshold_without_its_source_gives_no_light():
    catalogue = _catalogue()
    catalogue.loc[catalogue["id"] == "y.score", "threshold_source"] = None
    table = area_status(_observations(), catalogue, area="TH01", siblings=["TH01", "TH02"])
    score = table.set_index("indicator").loc["y.score"]
    assert (score["status"], score["basis"], score["versus"]) == (
        Light.GREY,
        Basis.COUNTRY,
        Versus.BETTER,
    )


def test_rates_on_few_people_are_neither_rated_nor_ranked():
    obs = _observations()
    obs["few"] = (obs["indicator_id"] == "y.score") & (obs["area_code"] == "TH02")
    table = area_status(obs, _catalogue(), area="TH02", siblings=["TH01", "TH02", "TH03"])
    score = table.set_index("indicator").loc["y.score"]
    assert score["few_people"] and score["value"] == 50.0
    assert (score["status"], score["basis"]) == (Light.GREY, Basis.NONE)
    assert pd.isna(score["rank"])
    other = area_status(obs, _catalogue(), area="TH03", siblings=["TH01", "TH02", "TH03"])
    assert other.set_index("indicator").loc["y.score", "of"] == 2  # TH02 left out


def test_area_without_data_and_goals_without_indicators():
    table = area_status(_observations(), _catalogue(), area="TH09", siblings=["TH01", "TH09"])
    assert table["status"].eq(Light.GREY).all() and table["value"].isna().all()
    assert table["rank"].isna().all()
    summary = goals_summary(table).set_index("goal")
    assert list(summary.index) == list(range(1, 18))
    assert summary.loc[1, "indicators"] == 2 and summary.loc[1, "with_value"] == 0
    assert summary.loc[5, "indicators"] == 0 and summary.loc[5, "light"] == Light.GREY
