"""The 17 goals at a glance and the chosen goal's indicators: value, light, trend, rank, the
country's value."""

from __future__ import annotations

import pandas as pd
from dash import html

from warroom.analysis.area import worst_indicator
from warroom.analysis.status import Light, goals_summary
from warroom.export.brief import (
    LIGHT_COLOURS,
    light_label,
    no_data_text,
    trend_label,
    unrated,
    why_text,
)
from warroom.indicators.goals import GOALS
from warroom.text.i18n import format_number, t, year_label


def name_of(row, lang: str) -> str:
    return row["name_th"] if lang == "th" else row["name_en"]


def unit_text(row, lang: str) -> str:
    return row["unit_th"] if lang == "th" else row["unit"]


def value_text(value: float, row, lang: str) -> str:
    return format_number(value, lang, unit_text(row, lang))


def light_dot(light: str) -> html.Span:
    return html.Span(
        className="gov-dot", style={"background": LIGHT_COLOURS[Light(light)]}, title=light
    )


def indicator_line(row: pd.Series, lang: str, *, compact: bool = False) -> list:
    """Value with unit and year, light, trend, rank and the country's value."""
    if pd.isna(row["value"]):
        return [html.Span(why_text(row, lang) or t("no_data", lang), className="gov-nodata")]
    parts = [
        light_dot(row["status"]),
        html.B(value_text(row["value"], row, lang), className="gov-val"),
        html.Span(f" {year_label(int(row['period']), lang)}", className="gov-year"),
    ]
    if row["trend"] != "none":  # a tile shows the arrow, its tooltip the word
        label = trend_label(row["trend"], lang)
        parts.append(
            html.Span(
                f" {label.split(' ')[0] if compact else label}",
                className=f"gov-trend gov-trend-{row['trend']}",
                title=label,
            )
        )
    if not pd.isna(row["rank"]):
        parts.append(
            html.Span(
                " · " + t("gov_rank", lang, rank=int(row["rank"]), of=int(row["of"])),
                className="gov-rank",
            )
        )
    if not compact or not pd.isna(row["country_value"]):
        # A tile has room for two short lines: the country's value there repeats the unit
        # only when it is '%' (the area's value just before carries a longer unit).
        unit = unit_text(row, lang)
        country = (
            format_number(row["country_value"], lang, "%" if unit == "%" else "")
            if compact
            else value_text(row["country_value"], row, lang)
        )
        parts.append(
            html.Span(" · " + t("gov_country", lang, value=country), className="gov-country")
        )
    if row["proxy"]:  # the status table's one reading of the catalogue (fields.is_proxy)
        title = t("proxy_for", lang, code=row["sdg"])
        parts.append(html.Span(t("gov_proxy", lang), className="gov-proxy", title=title))
    if row.get("modelled"):
        parts.append(html.Span(t("modelled", lang), className="gov-proxy"))
    return parts


def goal_light_label(light: str, has_data: bool, lang: str) -> list:
    """A goal's light and its word; a goal with data but no light says it has no threshold
    (no grey dot: grey is not a status)."""
    if unrated(light, has_data):
        return [t("gov_goal_unrated", lang)]
    return [light_dot(light), light_label(light, lang)]


def goal_tiles(status: pd.DataFrame, state: dict) -> list:
    """One tile per goal: its light and the indicator to watch (or why there is none)."""
    lang = state["lang"]
    summary = goals_summary(status).set_index("goal")
    tiles = []
    for number, colour, name_th, name_en in GOALS:
        rows = status[status["goal"] == number]
        worst = worst_indicator(rows)
        light = summary.at[number, "light"]
        head = html.Div(
            className="gov-tile-head",
            children=[
                html.Span(str(number), className="gov-goal-no", style={"background": colour}),
                html.Span(name_th if lang == "th" else name_en, className="gov-goal-name"),
                html.Span(
                    goal_light_label(light, worst is not None, lang), className="gov-goal-light"
                ),
            ],
        )
        if worst is None:
            body = [html.Div(no_data_text(rows, lang), className="gov-nodata")]
        else:
            body = [
                html.Div(name_of(worst, lang), className="gov-ind-name"),
                html.Div(indicator_line(worst, lang, compact=True), className="gov-ind-line"),
            ]
        tiles.append(
            html.Button(
                [head, *body],
                id={"type": "prov-goal", "goal": number},
                n_clicks=0,
                className="gov-tile" + (" gov-tile-on" if number == state["goal"] else ""),
            )
        )
    return tiles


def goal_detail(status: pd.DataFrame, state: dict) -> list:
    """Every indicator of the chosen goal; a click chooses it for peers and where to act."""
    lang = state["lang"]
    rows = status[status["goal"] == state["goal"]]
    number, _, name_th, name_en = GOALS[state["goal"] - 1]
    title = html.H2(f"{number}. {name_th if lang == 'th' else name_en}", className="gov-h2")
    if rows.empty:
        return [title, html.Div(no_data_text(rows, lang), className="gov-nodata")]
    items = []
    for _, row in rows.iterrows():
        chosen = row["indicator"] == state["indicator"]
        items.append(
            html.Button(
                [
                    html.Div(name_of(row, lang), className="gov-ind-name"),
                    html.Div(indicator_line(row, lang), className="gov-ind-line"),
                ],
                id={"type": "prov-ind", "indicator": row["indicator"]},
                n_clicks=0,
                className="gov-ind" + (" gov-ind-on" if chosen else ""),
            )
        )
    basis = rows["basis"]
    sources = rows[basis == "threshold"]
    column = "threshold_source_th" if lang == "th" else "threshold_source"
    if column not in sources or sources[column].isna().all():
        column = "threshold_source"
    if len(sources):
        note = t("gov_basis_threshold", lang, source=sources[column].dropna().iloc[0])
    elif (basis == "country").any():
        note = t("gov_basis_country", lang)
    else:
        note = t("gov_basis_none", lang)
    return [title, html.Div(items, className="gov-ind-list"), html.Div(note, className="gov-note")]
