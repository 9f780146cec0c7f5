"""KPI cards: an area's value, the country's, the difference (or share), the change."""

from __future__ import annotations

import math

from dash import html

from warroom.app.components.labels import unit_of
from warroom.app.data import AppData
from warroom.app.i18n import format_number, name, t, year_label
from warroom.app.state import ViewState

BETTER, WORSE, FLAT = "#1a7f37", "#c62828", "#555555"


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
        kpi_card(
            "kpi-area",
            t("value_here", lang),
            format_number(here, lang, unit),
            name(data.areas.loc[state.area], lang),
        ),
        kpi_card(
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
        cards.append(kpi_card("kpi-diff", t("share", lang), share, ""))
    elif state.area != "TH" and not math.isnan(diff):
        cards.append(
            kpi_card(
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
            kpi_card(
                "kpi-change",
                t("change", lang),
                text,
                f"{year_label(earlier[-1], lang)} → {year_label(state.period, lang)}",
                colour=_tone(change, ind["direction"]),
            )
        )
    else:
        cards.append(kpi_card("kpi-change", t("change", lang), "–", t("no_previous", lang)))
    return cards


def kpi_card(card_id: str, label: str, value: str, note: str, colour: str | None = None):
    """One card: a label, a big value (coloured better/worse when given), a note."""
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
