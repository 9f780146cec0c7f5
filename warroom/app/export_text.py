"""The words on an exported map, in the user's language (exports sit below the app)."""

from __future__ import annotations

import pandas as pd

from warroom.app.i18n import t, year_label
from warroom.export.mapdata import MapText


def _field(row: pd.Series | dict, key: str) -> object:
    value = row.get(key)
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value


def _flag(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"true", "1", "yes"}
    return bool(value)


def source_text(indicator: pd.Series | dict, sources: pd.DataFrame, lang: str) -> str:
    """The indicator's source as a reader wants it: publisher, title, year."""
    source_id = _field(indicator, "source")
    if source_id not in sources.index:
        return str(source_id or "")
    row = sources.loc[source_id]
    parts = [_field(row, f"publisher_{lang}"), _field(row, f"name_{lang}"), _field(row, "year")]
    return ", ".join(str(p) for p in parts if p)


def indicator_notes(indicator: pd.Series | dict, lang: str) -> list[str]:
    """What must be said about the figures: modelled, or a proxy for an SDG indicator."""
    notes = []
    if _flag(_field(indicator, "modelled")):
        notes.append(t("modelled", lang))
    code = _field(indicator, "sdg_code") or _field(indicator, "sdg")
    if _flag(_field(indicator, "proxy")) and code:
        notes.append(t("ex_proxy", lang, code=code))
    return notes


def map_text(
    indicator: pd.Series | dict,
    sources: pd.DataFrame,
    *,
    level: str,
    period: int | None,
    lang: str,
    area_name: str | None = None,
) -> MapText:
    """Title, subtitle (level, area, year), notes and source lines of an exported map.

    ``indicator`` is a catalogue row; ``sources`` the sources table indexed by id.
    """
    levels = t(f"level_{level}", lang)
    where = t("ex_in_area", lang, level=levels, area=area_name) if area_name else levels
    unit = str(_field(indicator, "unit_th" if lang == "th" else "unit") or "")
    title = str(indicator["name_th" if lang == "th" else "name_en"])
    return MapText(
        title=f"{title} ({unit})" if unit and unit not in title else title,
        subtitle=f"{where} · {year_label(period, lang)}",
        no_data=t("no_data", lang),
        sources=[
            t("ex_source_line", lang, source=source_text(indicator, sources, lang)),
            t("boundaries_credit", lang),
        ],
        notes=indicator_notes(indicator, lang),
        lang=lang,
    )
