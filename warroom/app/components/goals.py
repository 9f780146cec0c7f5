"""The SDG goal tiles (and the poverty and context group tiles)."""

from __future__ import annotations

from dash import html

from warroom.indicators.goals import CONTEXT, CONTEXT_COLOUR, GOALS, POVERTY, POVERTY_COLOUR
from warroom.text.i18n import t

GROUP_NAMES = {str(n): (th, en) for n, _, th, en in GOALS}


def group_label(group: str, lang: str) -> str:
    """Short name of a goal or group tile."""
    if group == POVERTY:
        return t("poverty", lang)
    if group == CONTEXT:
        return t("context", lang)
    th, en = GROUP_NAMES[group]
    return th if lang == "th" else en


def goal_tiles(*, kind: str) -> list[html.Button]:
    """One empty tile per goal, then poverty and context; ``tile_content`` fills them."""
    groups = [(str(n), colour) for n, colour, _, _ in GOALS]
    groups += [(POVERTY, POVERTY_COLOUR), (CONTEXT, CONTEXT_COLOUR)]
    return [
        html.Button(
            id={"type": kind, "goal": group},
            className="wr-goal",
            n_clicks=0,
            style={"--goal-colour": colour},
        )
        for group, colour in groups
    ]


def tile_content(group: str, lang: str, count: int) -> list:
    """Number, name and how many indicators a tile holds ('1 indicator', '3 indicators')."""
    number = group if group.isdigit() else ""
    return [
        html.Span(number, className="wr-goal-no"),
        html.Span(group_label(group, lang), className="wr-goal-name"),
        html.Span(
            t("indicator_count" if count == 1 else "indicators_count", lang, n=count)
            if count
            else t("no_indicator", lang),
            className="wr-goal-count",
        ),
    ]


def tile_title(group: str, lang: str) -> str:
    """The tooltip of a tile."""
    label = group_label(group, lang)
    return f"SDG {group}: {label}" if group.isdigit() else label
