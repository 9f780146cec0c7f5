"""Names and units in the chosen language, the breadcrumb, and the source credit."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
from dash import html
from dash.development.base_component import Component

from warroom.analysis.rankings import has_good_side
from warroom.analysis.status import stated_thresholds
from warroom.app.data import AppData
from warroom.app.state import ViewState
from warroom.areas.codes import level_of
from warroom.indicators.fields import is_proxy
from warroom.text.i18n import date_label, format_number, t, year_label


def unit_of(row: pd.Series, lang: str) -> str:
    """An indicator's unit in the chosen language."""
    return row["unit_th"] if lang == "th" else row["unit"]


def indicator_name(row: pd.Series, lang: str) -> str:
    """An indicator's name in the chosen language."""
    return row["name_th"] if lang == "th" else row["name_en"]


def anchors_of(ind: Mapping, lang: str) -> list[tuple[float, str]]:
    """The values a map's classes must honour, with their names: the catalogue's green and
    red thresholds where it states them with their source (PM2.5: the WHO guideline and the
    Thai standard)."""
    green, red = stated_thresholds(ind)
    if green is None or red is None:
        return []
    return [(green, t("anchor_green", lang)), (red, t("anchor_red", lang))]


def rank_heads(direction: str, n: int, lang: str) -> tuple[str, str]:
    """The heads of a ranking's two halves: best and worst where the indicator has a good
    side, highest and lowest where it has none (``analysis.rankings``'s one rule)."""
    if has_good_side(direction):
        return t("rank_best", lang, n=n), t("rank_worst", lang, n=n)
    return t("rank_highest", lang, n=n), t("rank_lowest", lang, n=n)


def breadcrumb(data: AppData, state: ViewState, *, kind: str) -> list:
    """ประเทศไทย › เชียงใหม่ › เมืองเชียงใหม่: every step but the last goes back up.

    ``kind`` is the pattern-id type of the buttons (prefix it on other pages).
    """
    chain = data.ancestors(state.area)
    items: list[Component] = []
    for i, code in enumerate(chain):
        label = data.area_name(code, state.lang)
        if i:
            items.append(html.Span("›", className="wr-crumb-sep"))
        if i == len(chain) - 1:
            items.append(html.Span(label, className="wr-crumb-current"))
        else:
            items.append(
                html.Button(
                    label, id={"type": kind, "code": code}, className="wr-crumb", n_clicks=0
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
    if is_proxy(ind):
        code = ind.get("sdg_code") or ind.get("sdg")
        parts.append(html.Span(f" · {t('proxy_for', lang, code=code)}", className="wr-modelled"))
    note = ind.get(f"note_{lang}")
    if isinstance(note, str) and note:
        parts.append(html.Span(f" · {note}"))
    return parts


def unplaced_note(data: AppData, state: ViewState) -> str:
    """Say how much of a district's count sits on units not placed on any tambon."""
    ind = data.indicators.loc[state.indicator]
    if state.period is None or level_of(state.area) != "district" or ind["rollup"] != "sum":
        return ""
    amount = data.unplaced_value(state.indicator, state.period, state.area)
    if not amount:
        return ""
    return t(
        "unplaced", state.lang, value=format_number(amount, state.lang, unit_of(ind, state.lang))
    )
