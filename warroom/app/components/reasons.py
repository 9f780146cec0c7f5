"""Why a grey area is grey, and notes beside values, in the chosen language.

The reasons and notes are data (``warroom.indicators.reasons``, ``area_notes.csv``); this
module only words them for the map's hover and the panel under it.
"""

from __future__ import annotations

import pandas as pd

from warroom.app.data import AppData
from warroom.app.i18n import format_number, t
from warroom.areas.codes import LEVEL_BY_DIGITS
from warroom.indicators.reasons import area_notes, missing_reasons


def _finest_level(data: AppData, indicator_id: str) -> str:
    codes = data.observations(indicator_id).index.get_level_values(-1)
    return LEVEL_BY_DIGITS.get(int(codes.str.len().max()) - 2, "province") if len(codes) else ""


def grey_reasons(
    data: AppData, indicator_id: str, period: int, level: str, values: pd.Series, lang: str
) -> pd.Series:
    """For each area of ``values`` (index: codes) without a value, why: a short sentence."""
    ind = data.indicators.loc[indicator_id]
    u = data.unplaced
    unplaced = u[(u["indicator_id"] == indicator_id) & (u["period"] == period)]
    found = missing_reasons(
        pd.DataFrame({"code": values.index, "value": values.to_numpy()}),
        source=ind["source"],
        level=level,
        period=period,
        unplaced=unplaced,
    )
    unit = ind["unit_th"] if lang == "th" else ind["unit"]
    finest = _finest_level(data, indicator_id)

    def say(row) -> str:
        note = row.note_th if lang == "th" else row.note_en
        if note:
            return note
        if row.reason == "coarser_level" and finest:  # no values at all: no figure
            return t("reason_coarser_level", lang, level=t(f"level_{finest}", lang))
        if row.reason == "in_municipality":
            figure = "" if pd.isna(row.figure) else format_number(row.figure, lang, unit)
            return t("reason_in_municipality", lang, code=row.figure_code[2:], figure=figure)
        return t("reason_no_figure", lang)

    return pd.Series([say(r) for r in found.itertuples()], index=found.index, dtype=object)


def note_lines(data: AppData, indicator_id: str, period: int, level: str, codes, lang: str) -> list:
    """Notes to show under the map for the drawn areas (one line per distinct note)."""
    ind = data.indicators.loc[indicator_id]
    notes = area_notes(list(codes), source=ind["source"], level=level, period=period)
    column = "note_th" if lang == "th" else "note_en"
    return list(dict.fromkeys(notes[column])) if len(notes) else []
