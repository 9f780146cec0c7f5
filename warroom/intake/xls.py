"""Read an old Excel 97-2003 ``.xls`` (BIFF) upload with xlrd, with the limits of an XLSX.

Many agency folders hold nothing else. A BIFF file is not compressed, so its size on disk
bounds what it holds: it is refused above ``WARROOM_XLSX_MAX_UNPACKED_MB`` before xlrd
reads it, and a sheet over the row or column limit is refused before any row is read.
Cells are read as Excel shows them (a percentage-formatted 0.6996 is "69.96%"); blank
rows after the last row with data end the sheet.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from warroom.errors import DataError, Problem
from warroom.intake.xlsx import MB, XlsxLimits, _refuse, cell_text

OLE2_MAGIC = b"\xd0\xcf\x11\xe0"  # the compound document every .xls is stored in


def xls_records(
    path: Path, *, file: str, sheet: str | None = None, limits: XlsxLimits | None = None
) -> tuple[Callable[[], Iterator[tuple[int, list[str]]]], str]:
    """Checked, then read: (a function yielding (row number, cell texts) per row, the
    sheet's name). Raises a DataError for a damaged file, a missing sheet or a limit."""
    import xlrd

    limits = limits or XlsxLimits.from_settings()
    size = Path(path).stat().st_size
    if size > limits.max_unpacked_mb * MB:
        raise _refuse(
            file,
            f"it holds {size / MB:,.0f} MB",
            f"{limits.max_unpacked_mb:,} MB",
            "XLSX_MAX_UNPACKED_MB",
        )
    try:
        book = xlrd.open_workbook(path, formatting_info=True)
    except Exception as exc:  # xlrd raises many types for damaged files
        raise DataError([Problem(file, f"cannot be opened as an Excel .xls file: {exc}")]) from exc
    names = book.sheet_names()
    if sheet is not None and sheet not in names:
        raise DataError([Problem(file, f"no sheet {sheet!r}; sheets: {', '.join(names)}")])
    name = sheet if sheet is not None else names[0]
    ws = book.sheet_by_name(name)
    for too, n, limit in (
        ("rows", ws.nrows, limits.max_rows),
        ("columns", ws.ncols, limits.max_columns),
    ):
        if n > limit:
            raise _refuse(
                file,
                f"sheet {name!r} has {n:,} {too}",
                f"{limit:,} {too}",
                f"XLSX_MAX_{too.upper()}",
            )
    formats = {i: book.format_map[xf.format_key].format_str for i, xf in enumerate(book.xf_list)}

    def text(cell) -> str:
        if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
            return ""
        if cell.ctype == xlrd.XL_CELL_NUMBER:
            return cell_text(cell.value, formats.get(cell.xf_index))
        if cell.ctype == xlrd.XL_CELL_ERROR:  # #DIV/0!, never its code as a number
            return xlrd.error_text_from_code.get(cell.value, "#ERROR")
        if cell.ctype == xlrd.XL_CELL_BOOLEAN:
            return str(bool(cell.value))
        if cell.ctype == xlrd.XL_CELL_DATE:
            return xlrd.xldate_as_datetime(cell.value, book.datemode).isoformat(sep=" ")
        return str(cell.value)

    last = ws.nrows - 1  # blank rows after the last row with data end the sheet
    while last >= 0 and not any(text(c) for c in ws.row(last)):
        last -= 1

    def records() -> Iterator[tuple[int, list[str]]]:
        for r in range(last + 1):
            yield r + 1, [text(c) for c in ws.row(r)]

    return records, name
