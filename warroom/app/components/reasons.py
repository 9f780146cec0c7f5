"""Why a grey area is grey, and notes beside values, in the chosen language.

The reasons and notes are data (``warroom.indicators.reasons``, ``area_notes.csv``); this
module only words them for the map's hover and the panel under it.
"""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from warroom.app.data import AppData
from warroom.indicators.reasons import area_notes, marked_periods, missing_reasons
from warroom.text.i18n import format_number, t


def grey_reasons(
    data: AppData, indicator_id: str, period: int | None, level: str, values: pd.Series, lang: str
) -> pd.Series:
    """For each area of ``values`` (index: codes) without a value, why: a short sentence."""
    if values.notna().all():
        return pd.Series([], index=pd.Index([], name="code"), dtype=object)
    ind = data.indicators.loc[indicator_id]
    found = missing_reasons(
        pd.DataFrame({"code": values.index, "value": values.to_numpy()}),
        source=ind["source"],
        level=level,
        period=period,
        unplaced=data.unplaced_of(indicator_id, period),
        excluded=data.excluded_of(indicator_id, period),
    )
    unit = ind["unit_th"] if lang == "th" else ind["unit"]
    finest = data.finest_levels.get(indicator_id, "")

    def say(row) -> str:
        note = row.note_th if lang == "th" else row.note_en
        if note:
            return note
        if row.reason == "coarser_level" and finest:  # no values at all: no figure
            return t("reason_coarser_level", lang, level=t(f"level_{finest}", lang))
        if row.reason in ("implausible", "sampling_zero"):
            name = ind["name_th"] if lang == "th" else ind["name_en"]
            figure = format_number(row.figure, lang, unit)
            return t(f"reason_{row.reason}", lang, figure=figure, name=name)
        if row.reason == "in_municipality":
            figure = "" if pd.isna(row.figure) else format_number(row.figure, lang, unit)
            return t("reason_in_municipality", lang, code=row.figure_code[2:], figure=figure)
        return t("reason_no_figure", lang)

    # Hundreds of grey tambons share a handful of distinct reasons: word each one once.
    keys = ["reason", "note_th", "note_en", "figure", "figure_code"]
    worded: dict[tuple, str] = {}
    said = []
    for row in zip(*(found[k].to_numpy(dtype=object) for k in keys), strict=True):
        key = tuple(v if v == v else None for v in row)  # NaN never equals itself
        if key not in worded:
            worded[key] = say(SimpleNamespace(**dict(zip(keys, row, strict=True))))
        said.append(worded[key])
    return pd.Series(said, index=found.index, dtype=object)


def note_lines(data: AppData, indicator_id: str, period: int, level: str, codes, lang: str) -> list:
    """Notes to show under the map for the drawn areas (one line per distinct note), and the
    indicator's periods left out of its trend and lights, with why."""
    ind = data.indicators.loc[indicator_id]
    notes = area_notes(codes, source=ind["source"], level=level, period=period)
    column = "note_th" if lang == "th" else "note_en"
    lines = list(notes[column]) if len(notes) else []
    lines += list(marked_periods(str(ind["source"]))[column])
    return list(dict.fromkeys(lines))
