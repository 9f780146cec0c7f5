"""The view state (goal, indicator, area, period, language, ...) and its URL form.

Pure functions, so that the callbacks stay thin and the logic is tested without a browser.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from urllib.parse import parse_qs, urlencode

import pandas as pd

from warroom.app.i18n import LANGUAGES
from warroom.app.sdg import CONTEXT, POVERTY

SCHEMES = ("quantiles", "natural_breaks", "equal_interval")
DEFAULT_INDICATOR = "tpmap.target_poor_rate"
POVERTY_PREFIXES = ("tpmap.target_poor", "tpmap.poor_households", "tpmap.dim.")


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


def group_members(indicators: pd.DataFrame, group: str) -> list[str]:
    """Indicator ids of a goal ('1'..'17'), the poverty group, or the context group."""
    if group == POVERTY:
        return [i for i in indicators.index if i.startswith(POVERTY_PREFIXES)]
    if group == CONTEXT:
        return list(indicators.index[indicators["goal"].isna()])
    return list(indicators.index[indicators["goal"] == int(group)])


def all_groups() -> list[str]:
    """Every group, in screen order: goals 1-17, poverty, context."""
    return [str(n) for n in range(1, 18)] + [POVERTY, CONTEXT]


def normalise(
    state: ViewState,
    indicators: pd.DataFrame,
    periods: dict[str, list[int]],
    areas: pd.Index,
    default_lang: str = "th",
) -> ViewState:
    """Repair a state from a URL or an event: every field valid and consistent."""
    goal = state.goal if state.goal in all_groups() else None
    if goal is not None and not group_members(indicators, goal):
        goal = None  # a goal with no indicator yet cannot be chosen
    if state.indicator in indicators.index:
        # The indicator is the more specific choice: move to its group when they disagree.
        indicator = state.indicator
        if goal is None or indicator not in group_members(indicators, goal):
            goal = _group_of(indicators, indicator)
    elif goal is not None:
        indicator = group_members(indicators, goal)[0]
    else:
        indicator, goal = DEFAULT_INDICATOR, _group_of(indicators, DEFAULT_INDICATOR)
    available = periods.get(indicator, [])
    period = state.period if state.period in available else (available[-1] if available else None)
    area = state.area if state.area in areas else "TH"
    lang = state.lang if state.lang in LANGUAGES else default_lang
    scheme = state.scheme if state.scheme in SCHEMES else "quantiles"
    return ViewState(goal, indicator, area, period, lang, scheme, bool(state.all_tambons))


def _group_of(indicators: pd.DataFrame, indicator: str) -> str:
    goal = indicators.at[indicator, "goal"]
    return CONTEXT if pd.isna(goal) else str(int(goal))


def to_query(state: ViewState) -> str:
    """The URL query string of a state (``?goal=1&indicator=...``)."""
    params = {"goal": state.goal, "indicator": state.indicator, "area": state.area}
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
    q = {k: v[-1] for k, v in parse_qs((search or "").lstrip("?")).items()}
    period = q.get("period", "")
    return ViewState(
        goal=q.get("goal", "1"),
        indicator=q.get("indicator", DEFAULT_INDICATOR),
        area=q.get("area", "TH").upper(),
        period=int(period) if period.isdigit() else None,
        lang=q.get("lang", default_lang),
        scheme=q.get("classes", "quantiles"),
        all_tambons=q.get("tambons") == "all",
    )


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
