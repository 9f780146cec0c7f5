"""One row per area of a level: ``code,name_th,name_en,period,value,unit``."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Literal

import pandas as pd

from warroom.indicators.store import Store

EXPORT_COLUMNS = ["code", "name_th", "name_en", "period", "value", "unit"]
Format = Literal["csv", "xlsx"]


class ExportError(ValueError):
    """The export cannot be made as asked (unknown indicator, no data for the period)."""


def indicator_table(
    store: Store, indicator_id: str, level: str, period: int | None = None
) -> pd.DataFrame:
    """Every area of ``level`` with the indicator's value (blank where there is none).

    ``period`` is a CE year; the latest period with data is used when it is None.
    """
    catalogue = store.indicators().set_index("id")
    if indicator_id not in catalogue.index:
        raise ExportError(f"unknown indicator {indicator_id!r}; `warroom indicators` lists them")
    periods = store.periods(indicator_id)
    if not periods:
        raise ExportError(f"indicator {indicator_id!r} has no data in the store")
    if period is None:
        period = periods[-1]
    elif period not in periods:
        raise ExportError(
            f"{indicator_id} has no data for {period}; periods: {', '.join(map(str, periods))}"
        )
    table = store.values(indicator_id, level, period)
    values = table["value"]
    if values.dropna().mod(1).eq(0).all():
        table["value"] = values.round().astype("Int64")  # counts print as 1032987, not 1032987.0
    table["unit"] = catalogue.at[indicator_id, "unit"]
    return table[EXPORT_COLUMNS]


def write_table(table: pd.DataFrame, fmt: Format, output: Path | None) -> bytes | None:
    """Write ``table`` to ``output``, or return its bytes for standard output.

    CSV written to a file carries a UTF-8 byte-order mark so that Excel shows Thai text;
    standard output gets plain UTF-8 for pipes and scripts.
    """
    if fmt == "xlsx":
        buffer = io.BytesIO()
        with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
            table.to_excel(writer, index=False, sheet_name="warroom")
            sheet = writer.sheets["warroom"]
            for letter, width in zip("ABCDEF", (11, 28, 28, 8, 14, 14), strict=True):
                sheet.column_dimensions[letter].width = width
        data = buffer.getvalue()
    else:
        text = table.to_csv(index=False, lineterminator="\r\n" if output else "\n")
        data = text.encode("utf-8-sig" if output else "utf-8")
    if output is None:
        return data
    tmp = Path(output).with_name(Path(output).name + ".part")
    tmp.write_bytes(data)
    tmp.replace(output)
    return None
