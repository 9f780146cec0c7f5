"""The 17 goals at a glance and the chosen goal's indicators: value, light, trend, rank, the
country's value."""

from __future__ import annotations

import pandas as pd
from dash import html

from warroom.analysis.area import worst_indicator
from warroom.analysis.status import Light, goals_summary
from warroom.app.context import app_context
from warroom.export.brief import (
    LIGHT_COLOURS,
    coverage_label,
    few_people_title,
    light_label,
    no_data_text,
    source_name,
    trend_label,
    unrated,
    versus_label,
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


def status_mark(row: pd.Series, lang: str, *, compact: bool = False) -> html.Span | None:
    """A coloured dot only for a light against a target; otherwise the comparison with
    Thailand in words and without colour (a tile: the word alone, the difference on hover),
    or the "few people" mark."""
    if row["basis"] == "threshold":
        return light_dot(row["status"])
    if row.get("few_people"):
        return html.Span(
            t("gov_few_people", lang), className="gov-few", title=few_people_title(lang)
        )
    full = versus_label(row, lang)
    if not full:
        return None
    word = versus_label(row, lang, form="word") if compact else full
    return html.Span(word, className=f"gov-vs gov-vs-{row['versus']}", title=full)


def source_text(row: pd.Series, lang: str) -> str:
    """ "Source: TPMAP 2561 (...), 2561": the figure's source and year."""
    data = app_context().data
    return t(
        "gov_source_year",
        lang,
        source=source_name(data, row.get("source"), lang),
        year=year_label(int(row["period"]), lang),
    )


def indicator_line(row: pd.Series, lang: str, *, compact: bool = False) -> list:
    """Value with unit and year, light or comparison with Thailand, trend, rank, and in the
    detail the country's value, coverage and source (a tile: a star for partial coverage)."""
    if pd.isna(row["value"]):
        return [html.Span(why_text(row, lang) or t("no_data", lang), className="gov-nodata")]
    mark = status_mark(row, lang, compact=compact)
    parts = [
        *([mark] if mark is not None else []),
        html.B(value_text(row["value"], row, lang), className="gov-val"),
        html.Span(
            f" {year_label(int(row['period']), lang)}",
            className="gov-year",
            title=source_text(row, lang),
        ),
    ]
    if row["trend"] != "none":  # a tile shows the arrow, its tooltip the word
        label = trend_label(row["trend"], lang, row["direction"])
        parts.append(
            html.Span(
                f" {label.split(' ')[0] if compact else label}",
                className=f"gov-trend gov-trend-{row['trend']}",
                title=label,
            )
        )
    if not pd.isna(row["rank"]):
        rank = t("gov_rank", lang, rank=int(row["rank"]), of=int(row["of"]))
        short = f"{int(row['rank'])}/{int(row['of'])}"  # a tile: the word on hover
        parts.append(
            html.Span(" · " + (short if compact else rank), className="gov-rank", title=rank)
        )
    if not compact:  # a tile's mark says how it compares; the detail gives both values
        country = value_text(row["country_value"], row, lang)
        parts.append(
            html.Span(" · " + t("gov_country", lang, value=country), className="gov-country")
        )
    if row["proxy"]:  # the status table's one reading of the catalogue (fields.is_proxy)
        title = t("proxy_for", lang, code=row["sdg"])
        parts.append(html.Span(t("gov_proxy", lang), className="gov-proxy", title=title))
    if row.get("modelled"):
        parts.append(html.Span(t("modelled", lang), className="gov-proxy"))
    cover = coverage_label(row.get("coverage", float("nan")), row.get("finest_level"), lang)
    if cover and not compact:
        parts.append(html.Span(cover, className="gov-cover"))
    elif cover:  # a tile has no room for the words: a star, the share on hover
        parts.append(html.Span("*", className="gov-cover", title=cover))
    if not compact:
        parts.append(html.Span(" · " + source_text(row, lang), className="gov-source"))
    return parts


def goal_words(rows: pd.DataFrame, light: str, has_data: bool, lang: str) -> list:
    """A goal's light and its word; without a target, that it is compared with Thailand; a
    goal with data that nothing rates or compares says it has no threshold (no grey dot:
    grey is not a status)."""
    if light != Light.GREY:
        return [light_dot(light), light_label(light, lang)]
    if (rows["basis"] == "country").any():
        return [t("gov_goal_versus", lang)]
    if unrated(light, has_data):
        return [t("gov_goal_unrated", lang)]
    return [light_label(light, lang)]


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
                    goal_words(rows, light, worst is not None, lang), className="gov-goal-light"
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
        note = row.get(f"note_{lang}")
        # The chosen indicator says what its figure really is (a BMN rate's denominator).
        extra = (
            [html.Div(note, className="gov-ind-note")] if chosen and isinstance(note, str) else []
        )
        items.append(
            html.Button(
                [
                    html.Div(name_of(row, lang), className="gov-ind-name"),
                    html.Div(indicator_line(row, lang), className="gov-ind-line"),
                    *extra,
                ],
                id={"type": "prov-ind", "indicator": row["indicator"]},
                n_clicks=0,
                className="gov-ind" + (" gov-ind-on" if chosen else ""),
            )
        )
    return [title, html.Div(items, className="gov-ind-list"), *basis_notes(rows, lang)]


def basis_notes(rows: pd.DataFrame, lang: str) -> list:
    """Which basis the lights and marks of ``rows`` used, in words (one note per basis)."""
    notes = []
    rated = rows[rows["basis"] == "threshold"]
    if len(rated):
        column = "threshold_source_th" if lang == "th" else "threshold_source"
        sources = "; ".join(dict.fromkeys(rated[column].fillna(rated["threshold_source"])))
        notes.append(t("gov_basis_threshold", lang, source=sources))
    if (rows["basis"] == "country").any():
        notes.append(t("gov_basis_country", lang))
    if not notes:
        notes.append(t("gov_basis_none", lang))
    return [html.Div(note, className="gov-note gov-basis") for note in notes]
