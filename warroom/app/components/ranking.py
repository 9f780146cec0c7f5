"""The ranking of an area's children: the first and last ten (rank 1 = best by the
indicator's direction, highest where it has none), each row drills down."""

from __future__ import annotations

from dash import html

from warroom.analysis.rankings import ranking as rank_areas
from warroom.app.components.labels import rank_heads, unit_of
from warroom.app.data import AppData
from warroom.app.state import ViewState
from warroom.areas.codes import level_of, parent_of
from warroom.text.i18n import format_number, t

SHOWN = 10


def ranking(data: AppData, state: ViewState, *, kind: str) -> list:
    """Children of the area in view, the first and last ``SHOWN`` by rank, and the rank rule;
    ``kind`` is the row id type."""
    parent = (parent_of(state.area) if level_of(state.area) == "tambon" else None) or state.area
    children = data.children(parent)
    lang = state.lang
    if children.empty:
        return [html.Div(t("no_children", lang), className="wr-empty")]
    ind = data.indicators.loc[state.indicator]
    values = data.values(state.indicator, state.period, children.index)
    ranked = rank_areas(values, direction=ind["direction"], n=SHOWN)
    if not ranked.ranked:
        return [html.Div(t("no_data", lang), className="wr-empty")]
    unit = unit_of(ind, lang)
    ranks = ranked.ranks
    blocks = []
    heads = rank_heads(ind["direction"], SHOWN, lang)
    for head, rows in zip(heads, (ranked.top, ranked.bottom), strict=True):
        if not len(rows):
            continue
        blocks.append(
            html.Div(
                className="wr-rank-col",
                children=[
                    html.Div(f"{head} ({unit})", className="wr-rank-head"),
                    *[
                        _rank_row(data, c, v, int(ranks[c]), unit, lang, kind)
                        for c, v in rows.items()
                    ],
                ],
            )
        )
    return [html.Div(t("rank_rule", lang), className="wr-rank-rule"), *blocks]


def _rank_row(data: AppData, code: str, value: float, rank: int, unit: str, lang: str, kind: str):
    return html.Button(
        id={"type": kind, "code": code},
        className="wr-rank-row",
        n_clicks=0,
        children=[
            html.Span(f"{rank}.", className="wr-rank-no"),
            html.Span(data.area_name(code, lang), className="wr-rank-name"),
            html.Span(
                format_number(value, lang, "%" if unit == "%" else ""), className="wr-rank-value"
            ),
        ],
    )
