"""Two measures of poverty side by side on goal 1: NESDC's poverty headcount 2549-2554 and
TPMAP's target poor 2561, each with its own definition and years, never one line.

They measure different things (spending below the poverty line in a sample survey; people
in households that fail a basic-needs dimension in a census of registered households) with
different methods and years, so a governor sees both and neither is read as the other's
continuation.
"""

from __future__ import annotations

import pandas as pd
from dash import html

from warroom.app.context import app_context
from warroom.areas.codes import level_of
from warroom.text.i18n import format_number, t, year_label

NESDC, NESDC_MEN, NESDC_WOMEN = (
    "nesdc.poverty_rate",
    "nesdc.poverty_rate_male",
    "nesdc.poverty_rate_female",
)
TPMAP = "tpmap.target_poor_rate"
POVERTY_GOAL = 1


def _series(values: pd.Series, lang: str) -> str:
    """'2549 24.1% · 2550 21.0% · …' (years in the reader's era)."""
    return " · ".join(
        f"{year_label(int(p), lang)} {format_number(v, lang, '%')}"
        for p, v in values.dropna().items()
    )


def _measure(title: str, definition: str, lines: list[str], why: str, cls: str) -> html.Div:
    body = [html.Div(line, className="gov-pov-values") for line in lines if line]
    if not body:
        body = [html.Div(why, className="gov-nodata")]
    return html.Div(
        className=f"gov-pov-measure {cls}",
        children=[
            html.Div(title, className="gov-pov-title"),
            *body,
            html.Div(definition, className="gov-pov-def"),
        ],
    )


def poverty_measures(state: dict, status: pd.DataFrame) -> list:
    """The two measures for the area of ``state`` (goal 1, provinces and the country only)."""
    code, lang = state["code"], state["lang"]
    if state["goal"] != POVERTY_GOAL or level_of(code) not in ("province", "country"):
        return []
    data = app_context().data
    why = status.set_index("indicator")[f"why_{lang}"] if f"why_{lang}" in status else {}
    nesdc = data.trend(NESDC, code)
    men, women = data.trend(NESDC_MEN, code).dropna(), data.trend(NESDC_WOMEN, code).dropna()
    by_sex = ""
    latest = sorted(set(men.index) & set(women.index))
    if latest:
        year = latest[-1]
        by_sex = t(
            "gov_pov_by_sex",
            lang,
            year=year_label(int(year), lang),
            men=format_number(men[year], lang, "%"),
            women=format_number(women[year], lang, "%"),
        )
    tpmap = data.trend(TPMAP, code)
    return [
        html.Div(
            className="gov-pov",
            id="prov-poverty",
            children=[
                html.Div(t("gov_pov_head", lang), className="gov-pov-head"),
                html.Div(
                    className="gov-pov-pair",
                    children=[
                        _measure(
                            t("gov_pov_nesdc", lang),
                            t("gov_pov_nesdc_def", lang),
                            [_series(nesdc, lang), by_sex],
                            str(why.get(NESDC, "")) or t("no_data", lang),
                            "gov-pov-nesdc",
                        ),
                        _measure(
                            t("gov_pov_tpmap", lang),
                            t("gov_pov_tpmap_def", lang),
                            [_series(tpmap, lang)],
                            str(why.get(TPMAP, "")) or t("no_data", lang),
                            "gov-pov-tpmap",
                        ),
                    ],
                ),
                html.Div(t("gov_pov_never_joined", lang), className="gov-note"),
            ],
        )
    ]
