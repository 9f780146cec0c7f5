"""The words on an exported map, in the user's language (exports sit below the app)."""

from __future__ import annotations

import pandas as pd

from warroom.export.mapdata import MapText
from warroom.indicators.fields import field, flag, source_line
from warroom.text.i18n import t, year_label


def source_text(indicator: pd.Series | dict, sources: pd.DataFrame, lang: str) -> str:
    """The indicator's source as a reader wants it: publisher, title, year."""
    source_id = field(indicator, "source")
    if source_id not in sources.index:
        return str(source_id or "")
    return source_line(sources.loc[source_id], lang)


def indicator_notes(indicator: pd.Series | dict, lang: str) -> list[str]:
    """What must be said about the figures: modelled, or a proxy for an SDG indicator."""
    notes = []
    if flag(field(indicator, "modelled")):
        notes.append(t("modelled", lang))
    code = field(indicator, "sdg_code") or field(indicator, "sdg")
    if flag(field(indicator, "proxy")) and code:
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
    unit = str(field(indicator, "unit_th" if lang == "th" else "unit") or "")
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
