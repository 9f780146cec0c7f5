"""Tables of areas and values: one indicator (``code,name_th,name_en,period,value,unit``) or
several (one column per indicator and period), with a metadata table for the XLSX."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from warroom.analysis.coverage import stored_coverage
from warroom.export.cells import text_sheet
from warroom.indicators.fields import field, flag, source_line
from warroom.intake.report import mix_text
from warroom.store import Store

# coverage: the share of the area's units at the indicator's finest level with a figure
EXPORT_COLUMNS = ["code", "name_th", "name_en", "period", "value", "unit", "coverage"]
AREA_COLUMNS = ["code", "name_th", "name_en"]
METADATA_COLUMNS = [
    "column",
    "indicator_id",
    "name_th",
    "name_en",
    "sdg_code",
    "proxy",
    "unit",
    "unit_th",
    "period",
    "source_th",
    "source_en",
    "modelled",
]


class ExportError(ValueError):
    """The export cannot be made as asked (unknown indicator, no data for the period)."""


def resolve_period(store: Store, indicator_id: str, period: int | None) -> int:
    """The period to export: ``period`` when the indicator has data for it, else the latest."""
    if indicator_id not in set(store.indicators()["id"]):
        raise ExportError(f"unknown indicator {indicator_id!r}; `warroom indicators` lists them")
    periods = store.periods(indicator_id)
    if not periods:
        raise ExportError(f"indicator {indicator_id!r} has no data in the store")
    if period is None:
        return periods[-1]
    if period not in periods:
        raise ExportError(
            f"{indicator_id} has no data for {period}; periods: {', '.join(map(str, periods))}"
        )
    return period


def tidy_values(values: pd.Series) -> pd.Series:
    """Whole numbers as integers (counts print as 1032987, not 1032987.0), blanks kept."""
    if values.dropna().mod(1).eq(0).all():
        return values.round().astype("Int64")
    return values


def indicator_table(
    store: Store,
    indicator_id: str,
    level: str,
    period: int | None = None,
    *,
    within: str | None = None,
) -> pd.DataFrame:
    """Every area of ``level`` (inside ``within`` if given) with the indicator's value.

    ``period`` is a CE year; the latest period with data is used when it is None. Areas
    without a value keep a blank value; ``coverage`` is the share (0–1) of the area's units
    at the indicator's finest level that have a figure (``analysis.coverage.finest_coverage``:
    1 for a source's own value). When any value is derived from a mix of loads
    (README: derived values and loads), a last column ``mixed_loads`` names them.
    """
    period = resolve_period(store, indicator_id, period)
    table = store.values(indicator_id, level, period, within=within)
    table["value"] = tidy_values(table["value"])
    cover = stored_coverage(store.observations(indicator_id, period=period), store.areas())
    table["coverage"] = table["code"].map(cover).where(table["value"].notna()).round(4)
    catalogue = store.indicators().set_index("id")
    table["unit"] = catalogue.at[indicator_id, "unit"]
    mixed = table["derived_from"].fillna("").astype(str).str.contains(",")
    if not mixed.any():
        return table[EXPORT_COLUMNS]
    table["mixed_loads"] = table["derived_from"].where(mixed).map(_mixed_words, na_action="ignore")
    return table[[*EXPORT_COLUMNS, "mixed_loads"]]


def _mixed_words(loads: str) -> str:
    return f"{mix_text(loads, 'th')} / {mix_text(loads, 'en')}"


def column_name(indicator_id: str, period: int | None) -> str:
    """The column of an indicator in a table of several: ``id (period)``."""
    return indicator_id if period is None else f"{indicator_id} ({period})"


def coverage_column(column: str) -> str:
    """The coverage column beside an indicator's column in a table of several."""
    return f"{column} coverage"


def indicators_table(
    store: Store,
    selections: Sequence[tuple[str, int | None]],
    level: str,
    *,
    within: str | None = None,
) -> tuple[pd.DataFrame, list[tuple[str, int]]]:
    """Areas of ``level`` with one column per (indicator, period); and the periods used.

    Each selection's period may be None for the indicator's latest. Columns are
    ``code, name_th, name_en`` then ``id (period)`` for each selection, then ``id (period)
    coverage`` for each (the share of the area's finest units with a figure).
    """
    if not selections:
        raise ExportError("name at least one indicator")
    resolved = [(ind, resolve_period(store, ind, period)) for ind, period in selections]
    if len(set(resolved)) < len(resolved):
        raise ExportError("the same indicator and period is asked for twice")
    table: pd.DataFrame | None = None
    covers = {}
    for ind, period in resolved:
        values = store.values(ind, level, period, within=within)
        if table is None:
            table = values[AREA_COLUMNS].copy()
        table[column_name(ind, period)] = tidy_values(values["value"]).to_numpy()
        cover = stored_coverage(store.observations(ind, period=period), store.areas())
        shown = values["code"].map(cover).where(values["value"].notna()).round(4)
        covers[coverage_column(column_name(ind, period))] = shown.to_numpy()
    assert table is not None
    for name, cover_values in covers.items():  # after every value column
        table[name] = cover_values
    assert table is not None
    return table, resolved


def metadata_table(
    catalogue: pd.DataFrame,
    sources: pd.DataFrame,
    selections: Sequence[tuple[str, int | None]],
) -> pd.DataFrame:
    """One row per exported indicator: names, SDG code or proxy, unit, period, source, modelled.

    ``catalogue`` and ``sources`` are indexed by id. A source that is not in the sources
    table (a user-declared indicator) is given as written.
    """
    rows = []
    for ind, period in selections:
        meta = catalogue.loc[ind]
        source_id = meta.get("source")
        source = sources.loc[source_id] if source_id in sources.index else None
        rows.append(
            {
                "column": column_name(ind, period),
                "indicator_id": ind,
                "name_th": meta["name_th"],
                "name_en": meta["name_en"],
                "sdg_code": field(meta, "sdg_code") or field(meta, "sdg") or "",
                "proxy": flag(field(meta, "proxy")),
                "unit": field(meta, "unit") or "",
                "unit_th": field(meta, "unit_th") or "",
                "period": period,
                "source_th": source_line(source, "th") if source is not None else source_id,
                "source_en": source_line(source, "en") if source is not None else source_id,
                "modelled": flag(field(meta, "modelled")),
            }
        )
    return pd.DataFrame(rows, columns=METADATA_COLUMNS)


def with_context(table: pd.DataFrame, metadata: pd.DataFrame) -> pd.DataFrame:
    """The table with each indicator's unit and source written beside its figures, so that a
    CSV read away from the page says what they are (the XLSX has a metadata sheet instead).

    A table of one indicator (``EXPORT_COLUMNS``) gains ``indicator_id, source_th,
    source_en``; a table of one row per indicator (``indicator_id`` column) gains
    ``source_th, source_en``; a table of one column per indicator gains ``<column> unit``,
    ``<column> source_th`` and ``<column> source_en`` after its other columns.
    """
    if table.empty or metadata.empty:
        return table
    out = table.copy()
    by_id = metadata.drop_duplicates("indicator_id").set_index("indicator_id")
    if "indicator_id" in out.columns:
        for col in ("source_th", "source_en"):
            out[col] = out["indicator_id"].map(by_id[col])
        return out
    if "value" in out.columns and len(by_id) == 1:
        out["indicator_id"] = by_id.index[0]
        for col in ("source_th", "source_en"):
            out[col] = by_id[col].iloc[0]
        return out
    rows = {row["column"]: row for _, row in metadata.iterrows()}
    rows.update(dict(by_id.assign(indicator_id=by_id.index).iterrows()))
    for col in [c for c in table.columns if c in rows]:
        row = rows[col]
        out[f"{col} unit"] = row["unit"]
        out[f"{col} source_th"] = row["source_th"]
        out[f"{col} source_en"] = row["source_en"]
    return out


def store_metadata(store: Store, selections: Sequence[tuple[str, int]]) -> pd.DataFrame:
    """``metadata_table`` read from the store."""
    return metadata_table(
        store.indicators().set_index("id"),
        store.sources().set_index("id"),
        selections,
    )


def xlsx_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """An XLSX workbook with one sheet per frame, columns wide enough for their text."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, index=False, sheet_name=name)
            sheet = writer.sheets[name]
            text_sheet(sheet)  # text that looks like a formula stays text
            for i, col in enumerate(frame.columns):
                longest = max([len(str(col)), *(len(str(v)) for v in frame[col].head(500))])
                letter = sheet.cell(row=1, column=i + 1).column_letter
                sheet.column_dimensions[letter].width = min(max(longest + 2, 8), 60)
            sheet.freeze_panes = "A2"
    return buffer.getvalue()


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file, so no half-written file is left."""
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(path)
