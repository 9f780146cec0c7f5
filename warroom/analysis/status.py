"""Status lights, comparisons with the country and trend arrows: how an area stands on each
indicator, and where it is heading.

A coloured light is a judgement against a stated target, so it is given only where the
catalogue states one: a green threshold (target met) and a red threshold (far off) in the
indicator's unit, with the source they come from (``threshold_source``). As in the SDSN SDG
dashboards, a value at or beyond green is **green**, at or beyond red is **red**, and the span
between them is cut at its midpoint into **yellow** (nearer green) and **orange** (nearer red);
the indicator's direction says which side is good (``basis="threshold"``).

Where no threshold stands there is no light: the area is compared with the country instead
(``basis="country"``) and the result is a mark of its own, never a colour: **better**, **about
the same** (within ``SAME_TOLERANCE``, 5 % of the country's value) or **worse** than Thailand,
with the difference. Counts (a province's number of people) are not compared with the
country's total, and neutral indicators have no good side: neither gets a light or a mark, nor
does anything without a value.

The trend is the least-squares slope over the periods of the last ``window`` years (missing
years are simply absent, the fit uses the real years), relative to the mean level: under
``tolerance`` (1 % a year) it is stagnating, otherwise improving or worsening by the direction
(rising or falling for neutral indicators). A single period gives no trend.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping
from enum import StrEnum
from typing import cast

import numpy as np
import pandas as pd

from warroom.analysis.rankings import rank_by_direction
from warroom.indicators.fields import is_proxy

GOALS = tuple(range(1, 18))
COUNTRY = "TH"
# A value within this share of the country's value is "about the same" as the country.
SAME_TOLERANCE = 0.05
TREND_WINDOW = 5  # years
TREND_TOLERANCE = 0.01  # relative change per year below which a series is stagnating


class Light(StrEnum):
    """An SDSN-style status light."""

    GREEN = "green"
    YELLOW = "yellow"
    ORANGE = "orange"
    RED = "red"
    GREY = "grey"


class Basis(StrEnum):
    """What a light was judged against."""

    THRESHOLD = "threshold"  # the catalogue's green and red thresholds, with their source
    COUNTRY = "country"  # no thresholds: compared with the country's value (no light)
    NONE = "none"  # no judgement (no value, no good side, or a count)


class Versus(StrEnum):
    """How an area compares with the country where no threshold stands (never a colour)."""

    BETTER = "better"
    SAME = "about_same"  # within SAME_TOLERANCE of the country's value
    WORSE = "worse"
    NONE = "none"  # not compared (a light instead, no value, a count, no good side)


class Trend(StrEnum):
    """A trend arrow."""

    IMPROVING = "improving"
    STAGNATING = "stagnating"
    WORSENING = "worsening"
    RISING = "rising"  # neutral indicators: no good side
    FALLING = "falling"
    NONE = "none"  # fewer than two periods


LIGHT_ORDER = (Light.GREEN, Light.YELLOW, Light.ORANGE, Light.RED)  # best to worst

STATUS_COLUMNS = [
    "indicator",
    "goal",
    "sdg",
    "value",
    "period",
    "status",
    "basis",
    "versus",
    "difference",
    "trend",
    "rank",
    "of",
    "country_value",
    "proxy",
    "few_people",
    "threshold_source",
    "threshold_source_th",
]


def _missing(x: object) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA


def status_light(
    value: float | None,
    *,
    direction: str,
    green: float | None = None,
    red: float | None = None,
    reference: float | None = None,
) -> tuple[Light, Basis]:
    """The light of one value, and what it was judged against.

    Parameters
    ----------
    value
        The area's value (None or NaN: grey).
    direction
        ``higher_is_better``, ``higher_is_worse`` or ``neutral`` (neutral: grey).
    green, red
        Thresholds in the indicator's unit; a light only when both are given (the caller
        passes them only when the catalogue names their source).
    reference
        The country's value: without thresholds the light is grey and the basis says that
        the value is compared with the country (``versus_country`` gives the mark).
    """
    if _missing(value) or direction not in ("higher_is_better", "higher_is_worse"):
        return Light.GREY, Basis.NONE
    if not _missing(green) and not _missing(red):
        assert value is not None and green is not None and red is not None
        sign = 1.0 if direction == "higher_is_better" else -1.0
        # Measured so that larger is better: green at or above g, red at or below r.
        v, g, r = sign * value, sign * green, sign * red
        if v >= g:
            return Light.GREEN, Basis.THRESHOLD
        if v <= r:
            return Light.RED, Basis.THRESHOLD
        return (Light.YELLOW if v >= (g + r) / 2 else Light.ORANGE), Basis.THRESHOLD
    if _missing(reference):
        return Light.GREY, Basis.NONE
    return Light.GREY, Basis.COUNTRY


def versus_country(
    value: float | None,
    reference: float | None,
    *,
    direction: str,
    tolerance: float = SAME_TOLERANCE,
) -> Versus:
    """Better, about the same or worse than the country (no colour: there is no target).

    "About the same" is a difference of at most ``tolerance`` times the country's value
    (5 %); a country value of 0 makes any other value better or worse.
    """
    if (
        _missing(value)
        or _missing(reference)
        or direction not in ("higher_is_better", "higher_is_worse")
    ):
        return Versus.NONE
    assert value is not None and reference is not None
    difference = value - reference
    if abs(difference) <= tolerance * abs(reference):
        return Versus.SAME
    better = difference > 0 if direction == "higher_is_better" else difference < 0
    return Versus.BETTER if better else Versus.WORSE


def trend_arrow(
    series: pd.Series,
    *,
    direction: str,
    window: int = TREND_WINDOW,
    tolerance: float = TREND_TOLERANCE,
) -> Trend:
    """The trend of a series of values indexed by year (CE), judged by the direction.

    Parameters
    ----------
    series
        Values indexed by year; NaN and missing years are left out of the fit.
    direction
        ``higher_is_better``, ``higher_is_worse`` or ``neutral``.
    window
        Only periods within ``window`` years of the latest one count.
    tolerance
        Relative change per year (of the mean level) below which the series is stagnating.
    """
    s = series.dropna()
    if s.empty:
        return Trend.NONE
    years = s.index.astype(int)
    s = s[years > years.max() - window]
    if len(s) < 2:
        return Trend.NONE
    x = s.index.astype(float).to_numpy()
    y = s.to_numpy(dtype=float)
    slope = np.polyfit(x, y, 1)[0]
    level = np.abs(y).mean()
    relative = slope / level if level > 0 else (0.0 if slope == 0 else math.copysign(1, slope))
    if abs(relative) < tolerance:
        return Trend.STAGNATING
    if direction == "higher_is_better":
        return Trend.IMPROVING if relative > 0 else Trend.WORSENING
    if direction == "higher_is_worse":
        return Trend.IMPROVING if relative < 0 else Trend.WORSENING
    return Trend.RISING if relative > 0 else Trend.FALLING


UP, DOWN, FLAT = "▲", "▼", "■"  # the value went up, went down, stayed (as on the map's cards)


def value_arrow(trend: str, direction: str) -> str:
    """A trend's arrow: the way the value moved, whatever the direction (one rule on every
    screen; the trend's word says whether that is better or worse)."""
    rises = direction == "higher_is_better"
    arrows = {
        Trend.IMPROVING: UP if rises else DOWN,
        Trend.WORSENING: DOWN if rises else UP,
        Trend.RISING: UP,
        Trend.FALLING: DOWN,
        Trend.STAGNATING: FLAT,
    }
    return arrows.get(Trend(trend), "·")


def area_status(
    observations: pd.DataFrame,
    indicators: pd.DataFrame,
    *,
    area: str,
    siblings: Iterable[str],
    country: str = COUNTRY,
    marked: Mapping[str, Collection[int]] | None = None,
) -> pd.DataFrame:
    """One row per SDG indicator: the area's latest value, light, trend, rank and country value.

    Parameters
    ----------
    observations
        Long table with ``indicator_id, area_code, period, value`` holding at least the area,
        its siblings (the areas it is ranked among, itself included) and the country; an
        optional ``few`` column marks rates from too few people (``counts.few_people``):
        those are neither rated, compared nor ranked.
    indicators
        The catalogue: ``id, sdg, goal, direction, rollup`` and, when present, ``proxy``,
        ``threshold_green``, ``threshold_red``, ``threshold_source``.
    area
        The area's code.
    siblings
        Codes of the areas it is ranked among (the 77 provinces, or a province's districts).
    country
        The country's code.
    marked
        Periods of an indicator that cannot be compared with its others (by indicator id,
        ``warroom.indicators.reasons.marked_periods``): left out of its light and trend.

    Returns
    -------
    pandas.DataFrame
        Columns ``STATUS_COLUMNS``, in catalogue order; indicators of no goal are left out.
        ``rank`` is 1 for the best among the siblings with a value in the same period.
        ``status`` is a colour only with ``basis="threshold"``; with ``basis="country"`` the
        comparison is in ``versus`` and ``difference`` (value minus the country's).
    """
    siblings = list(siblings)
    obs = observations[observations["area_code"].isin({area, country, *siblings})]
    by_indicator = dict(tuple(obs.groupby("indicator_id", sort=False)))
    rows = []
    for ind in indicators.to_dict("records"):
        goal = ind.get("goal")
        if _missing(goal):
            continue
        obs_of = by_indicator.get(ind["id"])
        left_out = (marked or {}).get(ind["id"])
        if obs_of is not None and left_out:
            obs_of = obs_of[~obs_of["period"].isin(list(left_out))]
        rows.append(_indicator_status(ind, obs_of, area, siblings, country))
    return pd.DataFrame(rows, columns=STATUS_COLUMNS)


def _number(x: object) -> float | None:
    if _missing(x) or x == "":
        return None
    return float(cast(float, x))


def stated_thresholds(ind: Mapping) -> tuple[float | None, float | None]:
    """The catalogue's green and red thresholds of an indicator, only where both are given
    with the source they come from (a threshold without its source is no target)."""
    source = ind.get("threshold_source") or None
    if source is None or _missing(source):
        return None, None
    green, red = _number(ind.get("threshold_green")), _number(ind.get("threshold_red"))
    return (green, red) if green is not None and red is not None else (None, None)


def _indicator_status(
    ind: dict, obs: pd.DataFrame | None, area: str, siblings: list[str], country: str
) -> dict:
    row = {
        "indicator": ind["id"],
        "goal": int(ind["goal"]),
        "sdg": ind.get("sdg"),
        "value": math.nan,
        "period": None,
        "status": Light.GREY,
        "basis": Basis.NONE,
        "versus": Versus.NONE,
        "difference": math.nan,
        "trend": Trend.NONE,
        "rank": None,
        "of": None,
        "country_value": math.nan,
        "proxy": is_proxy(ind),
        "few_people": False,
        "threshold_source": None,
        "threshold_source_th": None,
    }
    if obs is None:
        return row
    own = obs[obs["area_code"] == area].set_index("period")["value"].dropna().sort_index()
    if own.empty:
        return row
    period = int(own.index[-1])
    value = float(own.iloc[-1])
    direction = ind.get("direction") or "neutral"
    in_period = obs[obs["period"] == period].set_index("area_code")
    at = in_period["value"]
    few = in_period["few"].fillna(False).astype(bool) if "few" in in_period else at.isna() & False
    country_value = float(at.get(country, math.nan))
    is_count = ind.get("rollup") == "sum"
    few_here = bool(few.get(area, False))
    source = ind.get("threshold_source") or None
    green, red = stated_thresholds(ind) if not few_here else (None, None)
    reference = None if is_count or area == country or few_here else country_value
    light, basis = status_light(
        value, direction=direction, green=green, red=red, reference=reference
    )
    ranked = at.reindex(siblings)
    ranks = rank_by_direction(ranked[~few.reindex(ranked.index, fill_value=False)], direction)
    row.update(
        value=value,
        period=period,
        status=light,
        basis=basis,
        trend=trend_arrow(own, direction=direction),
        rank=int(ranks[area]) if area in ranks.index else None,
        of=len(ranks) if area in ranks.index else None,
        country_value=country_value,
        few_people=few_here,
    )
    if basis == Basis.THRESHOLD:
        row.update(
            threshold_source=source,
            threshold_source_th=ind.get("threshold_source_th") or source,
        )
    if basis == Basis.COUNTRY:
        row.update(
            versus=versus_country(value, country_value, direction=direction),
            difference=value - country_value,
        )
    return row


def goal_light(lights: Iterable[str]) -> Light:
    """A goal's light from its indicators' lights, as the SDSN dashboards do.

    The mean of the two worst lights (on the scale green 0 … red 3), rounded towards worse;
    with a single light, that light; grey when no indicator has one.
    """
    scores = sorted((LIGHT_ORDER.index(Light(x)) for x in lights if x != Light.GREY), reverse=True)
    if not scores:
        return Light.GREY
    worst = scores[:2]
    return LIGHT_ORDER[math.ceil(sum(worst) / len(worst))]


def goals_summary(status: pd.DataFrame) -> pd.DataFrame:
    """One row per goal 1-17: ``goal, light, indicators, with_value`` (goals without data too).

    A goal's light comes only from its indicators judged against a stated threshold
    (``basis`` threshold): a comparison with the country is no target, so a goal whose
    indicators have none is grey however they compare (issue 22, as issue 20 sets out).
    """
    rows = []
    for goal in GOALS:
        of_goal = status[status["goal"] == goal]
        against_threshold = of_goal.loc[of_goal["basis"] == Basis.THRESHOLD, "status"]
        rows.append(
            {
                "goal": goal,
                "light": goal_light(against_threshold),
                "indicators": len(of_goal),
                "with_value": int(of_goal["value"].notna().sum()),
            }
        )
    return pd.DataFrame(rows)
