"""Panels beside the map: KPI cards, ranking of children, trend; plus breadcrumb and credit."""

from __future__ import annotations

import math

import pandas as pd
from dash import html

from warroom.app.data import AppData
from warroom.app.i18n import date_label, format_number, name, t, year_label
from warroom.app.mapview import rank_desc
from warroom.app.state import ViewState

BETTER, WORSE, FLAT = "#1a7f37", "#c62828", "#555555"


def unit_of(row: pd.Series, lang: str) -> str:
    """An indicator's unit in the chosen language."""
    return row["unit_th"] if lang == "th" else row["unit"]


def indicator_name(row: pd.Series, lang: str) -> str:
    """An indicator's name in the chosen language."""
    return row["name_th"] if lang == "th" else row["name_en"]


def _signed(value: float, lang: str, unit: str) -> str:
    arrow = "▲" if value > 0 else ("▼" if value < 0 else "■")
    text = format_number(abs(value), lang, "pp" if unit == "%" else unit)
    return f"{arrow} {text}"


def _tone(delta: float, direction: str) -> str:
    if delta == 0 or direction == "neutral" or math.isnan(delta):
        return FLAT
    worse = delta > 0 if direction == "higher_is_worse" else delta < 0
    return WORSE if worse else BETTER


def kpi_cards(data: AppData, state: ViewState) -> list:
    """This area, Thailand, the difference, and the change from the previous period."""
    ind = data.indicators.loc[state.indicator]
    lang, unit = state.lang, unit_of(ind, state.lang)
    here = data.value(state.indicator, state.period, state.area)
    country = data.value(state.indicator, state.period, "TH")
    periods = data.periods.get(state.indicator, [])
    earlier = [p for p in periods if p < state.period]
    cards = [
        _card(
            "kpi-area",
            t("value_here", lang),
            format_number(here, lang, unit),
            name(data.areas.loc[state.area], lang),
        ),
        _card(
            "kpi-country",
            t("value_country", lang),
            format_number(country, lang, unit),
            year_label(state.period, lang),
        ),
    ]
    diff = here - country
    if state.area != "TH" and ind["rollup"] == "sum" and country:
        # A count is compared by its share of the country, not by a difference.
        share = format_number(100 * here / country, lang, "%")
        cards.append(_card("kpi-diff", t("share", lang), share, ""))
    elif state.area != "TH" and not math.isnan(diff):
        cards.append(
            _card(
                "kpi-diff",
                t("difference", lang),
                _signed(diff, lang, unit),
                "",
                colour=_tone(diff, ind["direction"]),
            )
        )
    if earlier:
        before = data.value(state.indicator, earlier[-1], state.area)
        change = here - before
        text = t("no_data", lang) if math.isnan(change) else _signed(change, lang, unit)
        cards.append(
            _card(
                "kpi-change",
                t("change", lang),
                text,
                f"{year_label(earlier[-1], lang)} → {year_label(state.period, lang)}",
                colour=_tone(change, ind["direction"]),
            )
        )
    else:
        cards.append(_card("kpi-change", t("change", lang), "–", t("no_previous", lang)))
    return cards


def _card(card_id: str, label: str, value: str, note: str, colour: str | None = None):
    style = {"color": colour} if colour else None
    return html.Div(
        className="wr-kpi",
        id=card_id,
        children=[
            html.Div(label, className="wr-kpi-label"),
            html.Div(value, className="wr-kpi-value", style=style),
            html.Div(note, className="wr-kpi-note"),
        ],
    )


def ranking(data: AppData, state: ViewState) -> list:
    """Children of the area in view, highest and lowest 10, each row drills down."""
    parent = state.area[:6] if len(state.area) == 8 else state.area  # a tambon: its district
    children = data.children(parent)
    lang = state.lang
    if children.empty:
        return [html.Div(t("no_children", lang), className="wr-empty")]
    values = data.values(state.indicator, state.period, children.index).dropna()
    if values.empty:
        return [html.Div(t("no_data", lang), className="wr-empty")]
    unit = unit_of(data.indicators.loc[state.indicator], lang)
    ranks = rank_desc(values)
    ordered = values.sort_values(ascending=False)
    top = ordered.head(10)
    bottom = ordered.iloc[len(top) :].tail(10)
    blocks = [
        html.Div(
            className="wr-rank-col",
            children=[
                html.Div(f"{t('top', lang)} ({unit})", className="wr-rank-head"),
                *[_rank_row(data, c, v, ranks[c], unit, lang) for c, v in top.items()],
            ],
        )
    ]
    if len(bottom):
        blocks.append(
            html.Div(
                className="wr-rank-col",
                children=[
                    html.Div(f"{t('bottom', lang)} ({unit})", className="wr-rank-head"),
                    *[_rank_row(data, c, v, ranks[c], unit, lang) for c, v in bottom.items()],
                ],
            )
        )
    return blocks


def _rank_row(data, code, value, rank, unit, lang):
    return html.Button(
        id={"type": "rank", "code": code},
        className="wr-rank-row",
        n_clicks=0,
        children=[
            html.Span(f"{int(rank)}.", className="wr-rank-no"),
            html.Span(name(data.areas.loc[code], lang), className="wr-rank-name"),
            html.Span(
                format_number(value, lang, "%" if unit == "%" else ""), className="wr-rank-value"
            ),
        ],
    )


def trend_figure(data: AppData, state: ViewState) -> dict:
    """Values over every period, for the area and for Thailand."""
    lang = state.lang
    ind = data.indicators.loc[state.indicator]
    lines = []
    # A count of one area next to the country's total says nothing: show the area alone.
    codes = (
        ["TH"]
        if state.area == "TH"
        else ([state.area] if ind["rollup"] == "sum" else [state.area, "TH"])
    )
    for code, colour in zip(codes, ("#c62828", "#19486A"), strict=False):
        series = data.trend(state.indicator, code)
        lines.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "x": [year_label(p, lang) for p in series.index],
                "y": series.tolist(),
                "name": name(data.areas.loc[code], lang),
                "line": {"color": colour, "width": 3},
                "marker": {"size": 9},
            }
        )
    return {
        "data": lines,
        "layout": {
            "margin": {"l": 60, "r": 10, "t": 10, "b": 30},
            "height": 200,
            "font": {"family": "Sarabun, sans-serif", "size": 14},
            "legend": {"orientation": "h", "y": -0.25},
            "xaxis": {"type": "category"},
            "yaxis": {"title": {"text": unit_of(ind, lang)}},
            "paper_bgcolor": "rgba(0,0,0,0)",
            "plot_bgcolor": "rgba(0,0,0,0)",
        },
    }


def breadcrumb(data: AppData, state: ViewState) -> list:
    """ประเทศไทย › เชียงใหม่ › เมืองเชียงใหม่: every step but the last goes back up."""
    chain = data.ancestors(state.area)
    items = []
    for i, code in enumerate(chain):
        label = name(data.areas.loc[code], state.lang)
        if i:
            items.append(html.Span("›", className="wr-crumb-sep"))
        if i == len(chain) - 1:
            items.append(html.Span(label, className="wr-crumb-current"))
        else:
            items.append(
                html.Button(
                    label, id={"type": "crumb", "code": code}, className="wr-crumb", n_clicks=0
                )
            )
    return items


def credit(data: AppData, state: ViewState) -> list:
    """Boundaries credit, the indicator's source and year, and 'modelled' when it is."""
    lang = state.lang
    ind = data.indicators.loc[state.indicator]
    src = data.sources.loc[ind["source"]]
    source_name = src["name_th"] if lang == "th" else src["name_en"]
    publisher = src["publisher_th"] if lang == "th" else src["publisher_en"]
    parts = [
        html.Span(t("boundaries_credit", lang)),
        html.Span(
            f" · {t('source', lang)}: "
            + ", ".join(dict.fromkeys([source_name, publisher, year_label(state.period, lang)]))
        ),
    ]
    batch = data.latest_batch(state.indicator)
    if batch is not None:  # a user's load: say when, so nobody reads stale data as new
        when = date_label(batch["loaded_at"], lang)
        parts.append(html.Span(f" · {t('loaded_on', lang, date=when, batch=batch['id'])}"))
    if ind["modelled"]:
        parts.append(html.Span(f" · {t('modelled', lang)}", className="wr-modelled"))
    return parts


def unplaced_note(data: AppData, state: ViewState) -> str:
    """Say how much of a district's count sits on units not placed on any tambon."""
    ind = data.indicators.loc[state.indicator]
    if len(state.area) != 6 or ind["rollup"] != "sum":
        return ""
    amount = data.unplaced_value(state.indicator, state.period, state.area)
    if not amount:
        return ""
    return t(
        "unplaced", state.lang, value=format_number(amount, state.lang, unit_of(ind, state.lang))
    )


def legend_rows(legend: list[tuple[str, str]]) -> list:
    """One row per class: a colour swatch and its label."""
    return [
        html.Div(
            className="wr-legend-row",
            children=[
                html.Span(className="wr-swatch", style={"background": colour}),
                html.Span(label),
            ],
        )
        for colour, label in legend
    ]
