"""The workspace's state and its URL: two indicators with their periods, a level, an area,
a tab, the areas compared and a goal. Every parameter is checked against the data; one that
cannot be used is replaced by a default and named in a notice (``Fix``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import Any
from urllib.parse import parse_qs, urlencode

import pandas as pd

from warroom.analysis.compare import MAX_AREAS
from warroom.app.data import AppData
from warroom.app.state import Fix, _fix, _last, _year
from warroom.areas.codes import LEVELS, is_pcode, level_of
from warroom.numbers import whole_number
from warroom.text.i18n import LANGUAGES

PARAMS = ("x", "y", "xperiod", "yperiod", "level", "area", "tab", "areas", "goal", "lang")
MAP_LEVELS = ("province", "district", "tambon")
TABS = ("pair", "compare", "coverage", "years")
DEFAULT_X = "tpmap.target_poor_rate"
DEFAULT_Y = "dopa.population_density"


@dataclass(frozen=True)
class ExploreState:
    """Everything that decides what the workspace shows; mirrored in the URL."""

    x: str = DEFAULT_X
    y: str = DEFAULT_Y
    xperiod: int | None = None
    yperiod: int | None = None
    level: str = "province"
    area: str = "TH"  # only areas inside this one are drawn
    tab: str = "pair"
    areas: tuple[str, ...] = field(default_factory=tuple)  # compared areas (at most five)
    goal: int | None = None  # goal of the comparison and the coverage matrix
    lang: str = "th"

    def to_dict(self) -> dict:
        """Plain dict for a dcc.Store."""
        return asdict(self) | {"areas": list(self.areas)}

    @classmethod
    def from_dict(cls, data: Mapping | None) -> ExploreState:
        """Back from a dcc.Store dict (unknown keys ignored)."""
        fields = cls.__dataclass_fields__
        values = {k: v for k, v in (data or {}).items() if k in fields}
        values["areas"] = tuple(values.get("areas") or ())
        return cls(**values)


def read_query(query: str | Mapping[str, object] | None, data: AppData, default_lang: str):
    """A valid state from a URL query (string or Dash's ``layout(**query)`` mapping), and the
    parameters that were replaced."""
    if isinstance(query, str) or query is None:
        raw: Mapping[str, object] = parse_qs((query or "").lstrip("?"), keep_blank_values=True)
    else:
        raw = query
    q = {k: _last(v) for k, v in raw.items() if k in PARAMS and _last(v) != ""}
    fixes: list[Fix] = []
    indicators = data.indicators

    def indicator(param: str, default: str) -> str:
        value = q.get(param)
        if value is None:
            return default
        if value in indicators.index and data.periods.get(value):
            return value
        fixes.append(_fix(param, value))
        return default

    def period(param: str, ind: str) -> int:
        periods = data.periods[ind]
        value = q.get(param)
        if value is None:
            return periods[-1]
        year = _year(value)
        if year in periods:
            return year
        fixes.append(_fix(param, value))
        return periods[-1]

    x, y = indicator("x", DEFAULT_X), indicator("y", DEFAULT_Y)
    level = q.get("level", "province")
    if level not in MAP_LEVELS:
        fixes.append(_fix("level", level))
        level = "province"
    area = q.get("area", "TH").upper()
    if area not in data.areas.index or LEVELS.index(level_of(area)) >= LEVELS.index(level):
        fixes.append(_fix("area", area))
        area = "TH"
    tab = q.get("tab", "pair")
    if tab not in TABS:
        fixes.append(_fix("tab", tab))
        tab = "pair"
    compared = [c.strip().upper() for c in q.get("areas", "").split(",") if c.strip()]
    good = [c for c in dict.fromkeys(compared) if is_pcode(c) and c in data.areas.index]
    if len(good) != len(compared) or len(good) > MAX_AREAS:
        fixes.append(_fix("areas", q["areas"]))
    goal = _goal(q.get("goal"), indicators)
    if q.get("goal") is not None and goal is None:
        fixes.append(_fix("goal", q["goal"]))
    lang = q.get("lang", default_lang)
    if lang not in LANGUAGES:
        fixes.append(_fix("lang", lang))
        lang = default_lang if default_lang in LANGUAGES else "th"
    state = ExploreState(
        x=x,
        y=y,
        xperiod=period("xperiod", x),
        yperiod=period("yperiod", y),
        level=level,
        area=area,
        tab=tab,
        areas=tuple(good[:MAX_AREAS]),
        goal=goal if goal is not None else goal_of(indicators, x),
        lang=lang,
    )
    return state, fixes


def _goal(value: str | None, indicators: pd.DataFrame) -> int | None:
    goal = whole_number(value)
    if goal is None:
        return None
    return goal if goal in set(indicators["goal"].dropna().astype(int)) else None


def goal_of(indicators: pd.DataFrame, indicator: str) -> int:
    """The SDG goal of an indicator (1 when it has none, e.g. population)."""
    goal = indicators.at[indicator, "goal"]
    return 1 if pd.isna(goal) else int(goal)


def to_query(state: ExploreState) -> str:
    """The URL query of a state: ``?x=...&y=...&level=...`` and the rest when they matter."""
    params: dict[str, object] = {
        "x": state.x,
        "y": state.y,
        "xperiod": state.xperiod,
        "yperiod": state.yperiod,
        "level": state.level,
    }
    if state.area != "TH":
        params["area"] = state.area
    if state.tab != "pair":
        params["tab"] = state.tab
    if state.areas:
        params["areas"] = ",".join(state.areas)
    if state.goal is not None:
        params["goal"] = state.goal
    params["lang"] = state.lang
    return "?" + urlencode({k: v for k, v in params.items() if v is not None})


def with_change(state: ExploreState, data: AppData, **changes: Any) -> ExploreState:
    """A state after a control changed: periods follow a new indicator, the area a level."""
    new = replace(state, **changes)
    if "x" in changes and new.xperiod not in data.periods.get(new.x, []):
        new = replace(new, xperiod=data.periods[new.x][-1])
    if "y" in changes and new.yperiod not in data.periods.get(new.y, []):
        new = replace(new, yperiod=data.periods[new.y][-1])
    if new.area != "TH" and LEVELS.index(level_of(new.area)) >= LEVELS.index(new.level):
        new = replace(new, area="TH")
    return replace(new, areas=tuple(new.areas[:MAX_AREAS]))
