"""KPI cards: an area's value, the country's, the difference (or share), the change."""

from __future__ import annotations

import math

from dash import html

from warroom.analysis.kpis import COUNTRY, kpi, tone
from warroom.app.components.labels import unit_of
from warroom.app.data import AppData
from warroom.app.state import ViewState
from warroom.export.brief import coverage_label
from warroom.indicators.references import difference
from warroom.text.i18n import format_number, t, year_label

TONE_COLOURS = {"better": "#1a7f37", "worse": "#c62828", "flat": "#555555"}


def _signed(value: float, lang: str, unit: str) -> str:
    arrow = "▲" if value > 0 else ("▼" if value < 0 else "■")
    text = format_number(abs(value), lang, "pp" if unit == "%" else unit)
    return f"{arrow} {text}"


def kpi_cards(data: AppData, state: ViewState) -> list:
    """This area, Thailand, the difference (or share), and the change from the previous period."""
    ind = data.indicators.loc[state.indicator]
    lang, unit = state.lang, unit_of(ind, state.lang)
    k = kpi(
        data.observations(state.indicator),
        state.area,
        state.period,
        parent=data.parent(state.area),
        rollup=ind["rollup"],
    )
    note = data.area_name(state.area, lang)
    # Coverage at the indicator's finest level (its tambons), not of its direct children.
    finest = data.finest_coverage(state.indicator, state.period).get(state.area, float("nan"))
    cover = coverage_label(float(finest), data.finest_levels.get(state.indicator), lang)
    if cover:
        note += " · " + cover
    cards = [
        kpi_card("kpi-area", t("value_here", lang), format_number(k.value, lang, unit), note),
        kpi_card(
            "kpi-country",
            t("value_country", lang),
            format_number(k.country, lang, unit),
            year_label(state.period, lang) + _published(data, state, k.country, unit),
        ),
    ]
    if state.area != COUNTRY and not math.isnan(k.vs_country):
        if k.comparison == "share":  # a count: its share of the country's total
            share = format_number(k.vs_country, lang, "%")
            cards.append(kpi_card("kpi-diff", t("share", lang), share, ""))
        else:
            colour = TONE_COLOURS[tone(k.vs_country, ind["direction"])]
            text = _signed(k.vs_country, lang, unit)
            cards.append(kpi_card("kpi-diff", t("difference", lang), text, "", colour=colour))
    if k.previous_period is not None:
        text = t("no_data", lang) if math.isnan(k.change) else _signed(k.change, lang, unit)
        cards.append(
            kpi_card(
                "kpi-change",
                t("change", lang),
                text,
                f"{year_label(k.previous_period, lang)} → {year_label(state.period, lang)}",
                colour=TONE_COLOURS[tone(k.change, ind["direction"])],
            )
        )
    else:
        cards.append(kpi_card("kpi-change", t("change", lang), "–", t("no_previous", lang)))
    return cards


def _published(data: AppData, state: ViewState, derived: float, unit: str) -> str:
    """The source's own published national figure beside the derived one: its year, its
    source, and the difference when both are for the same period ('' when none)."""
    ref = data.reference(state.indicator, state.period, COUNTRY)
    if ref is None:
        return ""
    lang = state.lang
    source = str(ref[f"source_{lang}"]).split(",")[0].split(" ตัวเลข")[0]
    text = " · " + t(
        "published_figure",
        lang,
        figure=format_number(ref["value"], lang, unit),
        year=year_label(int(ref["period"]), lang),
        source=source,
    )
    if int(ref["period"]) == state.period:
        diff = difference(derived, float(ref["value"]))
        if not math.isnan(diff):
            text += " " + t("published_difference", lang, diff=_signed(diff, lang, unit))
    return text


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
