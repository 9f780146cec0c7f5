"""The view state (goal, indicator, area, period, language, ...) and its URL form.

Pure functions, so that the callbacks stay thin and the logic is tested without a browser.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from urllib.parse import parse_qs, urlencode

import pandas as pd

from warroom.app.data import AppData
from warroom.indicators.goals import CONTEXT, all_groups, group_members
from warroom.text.i18n import BE_OFFSET, LANGUAGES

SCHEMES = ("quantiles", "natural_breaks", "equal_interval")
DEFAULT_INDICATOR = "tpmap.target_poor_rate"
PARAMS = ("goal", "indicator", "area", "period", "lang", "classes", "tambons")
SHOWN_CHARS = 40  # of a bad value, in messages and logs
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_YEAR = re.compile(r"[0-9]{4}")
BE_FIRST = 2400  # a year from 2400 on is a Buddhist Era year (2561 = 2018)


@dataclass(frozen=True)
class Fix:
    """A URL parameter that was not understood and was replaced by a default."""

    param: str  # as written in the URL: 'period', 'area', 'classes', ...
    value: str  # what the URL said, cut to SHOWN_CHARS characters


@dataclass(frozen=True)
class ViewState:
    """Everything that decides what the screen shows; mirrored in the URL."""

    goal: str = "1"
    indicator: str = DEFAULT_INDICATOR
    area: str = "TH"
    period: int | None = None
    lang: str = "th"
    scheme: str = "quantiles"
    all_tambons: bool = False

    def to_dict(self) -> dict:
        """Plain dict for a dcc.Store."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict | None) -> ViewState:
        """Back from a dcc.Store dict (unknown keys ignored)."""
        fields = cls.__dataclass_fields__
        return cls(**{k: v for k, v in (data or {}).items() if k in fields})


def normalise(
    state: ViewState,
    indicators: pd.DataFrame,
    periods: dict[str, list[int]],
    areas: pd.Index,
    default_lang: str = "th",
    fixes: list[Fix] | None = None,
) -> ViewState:
    """Repair a state from a URL or an event: every field valid and consistent.

    Each field replaced because it is unknown is appended to ``fixes`` when given.
    """
    found: list[Fix] = []
    goal = state.goal if state.goal in all_groups() else None
    if goal is not None and not group_members(indicators, goal):
        goal = None  # a goal with no indicator yet cannot be chosen
    if goal is None:
        found.append(_fix("goal", state.goal))
    if state.indicator in indicators.index:
        # The indicator is the more specific choice: move to its group when they disagree.
        indicator = state.indicator
        if goal is None or indicator not in group_members(indicators, goal):
            goal = _group_of(indicators, indicator)
    else:
        found.append(_fix("indicator", state.indicator))
        if goal is not None:
            members = group_members(indicators, goal)
            indicator = DEFAULT_INDICATOR if DEFAULT_INDICATOR in members else members[0]
        else:
            indicator, goal = DEFAULT_INDICATOR, _group_of(indicators, DEFAULT_INDICATOR)
    available = periods.get(indicator, [])
    period = state.period if state.period in available else (available[-1] if available else None)
    if state.period is not None and period != state.period:
        found.append(_fix("period", state.period))
    area = state.area if state.area in areas else "TH"
    lang = state.lang if state.lang in LANGUAGES else default_lang
    scheme = state.scheme if state.scheme in SCHEMES else "quantiles"
    found += [
        _fix(param, given)
        for param, given, used in (
            ("area", state.area, area),
            ("lang", state.lang, lang),
            ("classes", state.scheme, scheme),
        )
        if given != used
    ]
    if fixes is not None:
        fixes += [f for f in found if f.param not in {g.param for g in fixes}]
    return ViewState(goal, indicator, area, period, lang, scheme, bool(state.all_tambons))


def _fix(param: str, value: object) -> Fix:
    return Fix(param, str(value)[:SHOWN_CHARS])


def _group_of(indicators: pd.DataFrame, indicator: str) -> str:
    goal = indicators.at[indicator, "goal"]
    return CONTEXT if pd.isna(goal) else str(int(goal))


def to_query(state: ViewState) -> str:
    """The URL query string of a state (``?goal=1&indicator=...``)."""
    params: dict[str, object] = {
        "goal": state.goal,
        "indicator": state.indicator,
        "area": state.area,
    }
    if state.period is not None:
        params["period"] = state.period
    params["lang"] = state.lang
    if state.scheme != "quantiles":
        params["classes"] = state.scheme
    if state.all_tambons:
        params["tambons"] = "all"
    return "?" + urlencode(params)


def from_query(search: str | None, default_lang: str = "th") -> ViewState:
    """Parse a URL query string; missing or malformed fields take defaults."""
    return read_query(search, default_lang)[0]


def read_query(
    query: str | Mapping[str, object] | None, default_lang: str = "th"
) -> tuple[ViewState, list[Fix]]:
    """A state from a URL query (a string, or Dash pages' ``layout(**query)`` mapping),
    and the parameters that could not be read (the state has defaults there).

    Only the form is checked here (a year is four digits, Thai digits and Buddhist Era
    years accepted); whether a value exists is ``normalise``'s job.
    """
    if isinstance(query, str) or query is None:
        raw: Mapping[str, object] = parse_qs((query or "").lstrip("?"), keep_blank_values=True)
    else:
        raw = query
    q = {k: _last(v) for k, v in raw.items() if k in PARAMS}
    fixes: list[Fix] = []
    period = None
    if q.get("period"):
        period = _year(q["period"])
        if period is None:
            fixes.append(_fix("period", q["period"]))
    tambons = q.get("tambons", "")
    if tambons not in ("", "all"):
        fixes.append(_fix("tambons", tambons))
    state = ViewState(
        goal=q.get("goal") or "1",
        indicator=q.get("indicator") or DEFAULT_INDICATOR,
        area=(q.get("area") or "TH").upper(),
        period=period,
        lang=q.get("lang") or default_lang,
        scheme=q.get("classes") or "quantiles",
        all_tambons=tambons == "all",
    )
    return state, fixes


def _last(value: object) -> str:
    """The last of repeated parameters, as text."""
    if isinstance(value, list | tuple):
        value = value[-1] if value else ""
    return str(value).strip()


def _year(text: str) -> int | None:
    """A CE year from '2018', '2561' (BE) or '๒๕๖๑'; None when it is not a year."""
    text = text.translate(_THAI_DIGITS)
    if not _YEAR.fullmatch(text):
        return None  # '²', a 4,300-digit number, '20 18', ...
    year = int(text)
    return year - BE_OFFSET if year >= BE_FIRST else year


def choose_goal(state: ViewState, goal: str, indicators: pd.DataFrame) -> ViewState:
    """Pick a goal: keep the indicator when it belongs to the goal, else its first one."""
    members = group_members(indicators, goal)
    if not members:
        return state
    indicator = state.indicator if state.indicator in members else members[0]
    return replace(state, goal=goal, indicator=indicator)


def drill(state: ViewState, code: str) -> ViewState:
    """Select an area (a click on the map, a ranking row or a breadcrumb)."""
    return replace(state, area=code, all_tambons=False if code != "TH" else state.all_tambons)


def next_state(
    data: AppData,
    current: ViewState | None,
    trigger,
    value,
    *,
    search: str | None,
    default_lang: str,
    fixes: list[Fix] | None = None,
) -> ViewState:
    """The state after one event; ``trigger`` is the id of what fired, ``value`` its value.

    When the state comes from the URL, unreadable or unknown parameters go to ``fixes``.
    """
    from_url = trigger is None or trigger == "map-url" or current is None
    if from_url:
        state, found = read_query(search, default_lang)
        if fixes is not None:
            fixes += found
        return normalise(
            state, data.indicators, data.periods, data.areas.index, default_lang, fixes
        )
    assert current is not None  # only the URL starts without a current state
    state = current
    if isinstance(trigger, dict) and trigger.get("type") == "map-goal":
        state = choose_goal(state, trigger["goal"], data.indicators)
    elif isinstance(trigger, dict) and trigger.get("type") in ("map-crumb", "map-rank"):
        if value:  # new buttons report n_clicks=0 when they appear: not a click
            state = drill(state, trigger["code"])
    elif trigger == "map-graph":
        code = ((value or {}).get("points") or [{}])[0].get("location")
        if code in data.areas.index:
            state = drill(state, code)
    elif trigger == "map-indicator":
        state = replace(state, indicator=value)
    elif trigger == "map-period":
        state = replace(state, period=value)
    elif trigger == "map-lang":
        state = replace(state, lang=value)
    elif trigger == "map-scheme":
        state = replace(state, scheme=value)
    elif trigger == "map-all-tambons":
        state = replace(state, all_tambons="all" in (value or []))
    return normalise(state, data.indicators, data.periods, data.areas.index, default_lang)
