"""Read an XLSX upload safely: sizes checked before any parsing, then streamed.

An XLSX is a zip of XML parts. A small file can unpack to gigabytes (a "shared-strings
bomb") or hold millions of empty rows, and openpyxl reads the shared strings and styles
whole before the first row. So before openpyxl sees a file, :func:`check_xlsx` reads only
the zip's directory and streams the chosen sheet's XML once, counting its rows: the zip's
unpacked size, every part but the sheets (shared strings, styles), the sheet's rows and
columns are held to the limits in the settings. A file over a limit is refused with one
message: the file, what is too big and the limit (and the setting that raises it).

Then the sheet is read streaming (``read_only``), cell by cell with its number format,
so a percentage cell is read as the percentage the user sees.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

from warroom.config import Settings, get_settings
from warroom.errors import DataError, Problem

MB = 1 << 20
_READ_BYTES = MB
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_LITERALS = re.compile(r'"[^"]*"|\\.')  # quoted text and escaped characters in a format


@dataclass(frozen=True)
class XlsxLimits:
    """How big an XLSX upload may be, checked before it is parsed."""

    max_unpacked_mb: int = 400
    max_part_mb: int = 50
    max_rows: int = 1_048_576
    max_columns: int = 1_000
    max_entries: int = 10_000

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> XlsxLimits:
        """The limits of this installation (``WARROOM_XLSX_*``)."""
        s = settings or get_settings()
        return cls(
            max_unpacked_mb=s.xlsx_max_unpacked_mb,
            max_part_mb=s.xlsx_max_part_mb,
            max_rows=s.xlsx_max_rows,
            max_columns=s.xlsx_max_columns,
        )


def _refuse(
    file: str, why: str, limit: str, setting: str | None = None, when: str = "before reading"
) -> DataError:
    """The one message of a refused file: the file, what is too big, the limit."""
    where = f", setting WARROOM_{setting}" if setting else ""
    return DataError([Problem(file, f"{why}; refused {when} (limit {limit}{where})")])


@dataclass(frozen=True)
class SheetInfo:
    """Where the chosen sheet lives in the zip, and what the scan found."""

    name: str
    part: str
    rows: int
    columns: int
    filled_rows: int = 0  # the last row whose tag may hold a cell (0: not known)
    merges: tuple[tuple[int, int, int, int], ...] = ()  # merged cells: row, col, row, col (1-based)


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _sheet_parts(archive: zipfile.ZipFile, file: str) -> list[tuple[str, str]]:
    """(name, part) of every worksheet, in the workbook's order."""
    try:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError) as exc:
        raise DataError([Problem(file, f"cannot be opened as XLSX: {exc}")]) from exc
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    sheets = []
    for sheet in book.iter():
        if sheet.tag.rsplit("}", 1)[-1] != "sheet":
            continue
        target = targets.get(sheet.get(f"{{{_NS_REL}}}id"), "")
        part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        sheets.append((sheet.get("name", ""), str(PurePosixPath(part))))
    return sheets


def _letters(n: int) -> int:
    """How many letters Excel uses for column number ``n`` (1 for A-Z, 2 up to ZZ, ...)."""
    count = 0
    while n > 0:
        n, count = (n - 1) // 26, count + 1
    return count


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')
MAX_MERGES = 100_000  # merged ranges read from a sheet; more are not filled


def _merges(done: bytes, found: list[tuple[int, int, int, int]]) -> None:
    """Add the merged ranges (first row, first column, last row, last column) in ``done``."""
    for a, r1, b, r2 in _MERGE.findall(done):
        if len(found) < MAX_MERGES:
            found.append((int(r1), _column_number(a), int(r2), _column_number(b)))


_ROW_TAG = re.compile(rb"<(?:\w+:)?row\b([^>]*)>")
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')


def _last_row_with_cells(done: bytes, last: tuple[int, int]) -> tuple[int, int]:
    """(the last row number seen, the last one whose tag is not empty) after ``done``.

    An empty row tag (``<row r="1048576" ... />``, as LibreOffice ends a sheet) holds no
    cell; any other row may. A row tag without a number follows the one before it.
    """
    number, filled = last
    for match in _ROW_TAG.finditer(done):
        found = _ROW_NUMBER.search(match.group(1))
        number = int(found.group(1)) if found else number + 1
        if not match.group(1).endswith(b"/"):
            filled = number
    return number, filled


def _scan_sheet(
    stream, file: str, name: str, limits: XlsxLimits, merges: list[tuple[int, int, int, int]]
) -> tuple[int, int, int]:
    """(rows, columns, the last row that may hold a cell) of a sheet's XML, read once in
    1 MB pieces; stops past a limit. The merged ranges are added to ``merges``.

    Plain byte counts, not an XML parse: a row tag counts one row, a row or cell number
    with as many digits or letters as the limit is read and compared. (An XML row tag
    may be written ``<row>`` or ``<x:row>``; '<' never occurs inside a tag.)
    """
    big_row = re.compile(rb' r="(\d{%d,})"' % len(str(limits.max_rows)))
    wide_cell = re.compile(rb' r="([A-Z]{%d,})\d' % _letters(limits.max_columns))
    rows = columns = 0
    last = (0, 0)
    tail = b""
    while piece := stream.read(_READ_BYTES):
        buf = tail + piece
        cut = buf.rfind(b"<")
        if cut <= 0:  # one tag or text spanning the piece: keep its start only
            tail = buf[:4096]
            continue
        done, tail = buf[:cut], buf[cut : cut + 4096]
        rows += done.count(b"<row") + done.count(b":row")
        last = _last_row_with_cells(done, last)
        _merges(done, merges)
        rows = max([rows, *(int(n) for n in big_row.findall(done))])
        if rows > limits.max_rows:
            raise _refuse(
                file,
                f"sheet {name!r} has more than {limits.max_rows:,} rows",
                f"{limits.max_rows:,} rows",
                "XLSX_MAX_ROWS",
            )
        columns = max([columns, *(_column_number(x) for x in wide_cell.findall(done))])
        if columns > limits.max_columns:
            raise _refuse(
                file,
                f"sheet {name!r} has a cell in column {columns:,}",
                f"{limits.max_columns:,} columns",
                "XLSX_MAX_COLUMNS",
            )
    _merges(tail, merges)  # the sheet's last tags
    return rows, columns, last[1]


def check_xlsx(
    path: Path, *, file: str, sheet: str | None = None, limits: XlsxLimits | None = None
) -> SheetInfo:
    """Check an XLSX against the limits without parsing it; return the chosen sheet.

    Raises a DataError with one problem (file, what is too big, the limit) when the zip
    unpacks to more than ``max_unpacked_mb``, a part other than a sheet (the shared
    strings, the styles) to more than ``max_part_mb``, or the sheet has more rows or
    columns than allowed.
    """
    limits = limits or XlsxLimits.from_settings()
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise DataError([Problem(file, f"cannot be opened as XLSX: {exc}")]) from exc
    with archive:
        entries = archive.infolist()
        if len(entries) > limits.max_entries:
            raise _refuse(
                file, f"the zip holds {len(entries):,} parts", f"{limits.max_entries:,} parts"
            )
        unpacked = sum(e.file_size for e in entries)
        if unpacked > limits.max_unpacked_mb * MB:
            raise _refuse(
                file,
                f"it unpacks to {unpacked / MB:,.0f} MB",
                f"{limits.max_unpacked_mb:,} MB",
                "XLSX_MAX_UNPACKED_MB",
            )
        for e in entries:
            if e.file_size > limits.max_part_mb * MB and not e.filename.startswith(
                "xl/worksheets/"
            ):
                what = "shared strings" if "sharedStrings" in e.filename else "part"
                raise _refuse(
                    file,
                    f"its {what} ({e.filename}) unpack to {e.file_size / MB:,.0f} MB",
                    f"{limits.max_part_mb:,} MB",
                    "XLSX_MAX_PART_MB",
                )
        sheets = _sheet_parts(archive, file)
        if not sheets:
            raise DataError([Problem(file, "the workbook has no sheet")])
        if sheet is not None and sheet not in dict(sheets):
            names = ", ".join(n for n, _ in sheets)
            raise DataError([Problem(file, f"no sheet {sheet!r}; sheets: {names}")])
        name, part = next((n, p) for n, p in sheets if sheet is None or n == sheet)
        try:
            with archive.open(part) as stream:
                merges: list[tuple[int, int, int, int]] = []
                rows, columns, filled = _scan_sheet(stream, file, name, limits, merges)
        except (KeyError, zipfile.BadZipFile, OSError, EOFError) as exc:
            raise DataError([Problem(file, f"cannot be opened as XLSX: {exc}")]) from exc
    return SheetInfo(name, part, rows, columns, filled, tuple(merges))


def xlsx_records(
    path: Path, *, file: str, sheet: str | None = None, limits: XlsxLimits | None = None
) -> tuple[Callable[[], Iterator[tuple[int, list[str]]]], SheetInfo]:
    """Checked, then streamed: (a function yielding (row number, cell texts) per row, the
    sheet: its name and merged cells).

    openpyxl is asked for one row more than the limit, so a sheet whose row numbers the
    scan could not bound is still refused, never cut short.
    """
    limits = limits or XlsxLimits.from_settings()
    info = check_xlsx(path, file=file, sheet=sheet, limits=limits)

    def records() -> Iterator[tuple[int, list[str]]]:
        from openpyxl import load_workbook

        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many types for damaged files
            raise DataError([Problem(file, f"cannot be opened as XLSX: {exc}")]) from exc
        try:
            ws = book[info.name]
            ws.reset_dimensions()  # the stored <dimension> may lie
            # Empty row tags after the last row that holds cells are not read at all.
            last = min(info.filled_rows or limits.max_rows + 1, limits.max_rows + 1)
            rows = ws.iter_rows(max_row=last, max_col=info.columns or None)
            gap: tuple = ()  # openpyxl fills rows missing from the XML with one shared tuple
            blank_from = None  # the first of the blank rows seen since the last row with data
            for number, cells in enumerate(rows, start=1):
                if number > limits.max_rows or len(cells) > limits.max_columns:
                    too = "rows" if number > limits.max_rows else "columns"
                    limit = getattr(limits, f"max_{too}")
                    raise _refuse(
                        file,
                        f"sheet {info.name!r} has more than {limit:,} {too}",
                        f"{limit:,} {too}",
                        f"XLSX_MAX_{too.upper()}",
                        when="while reading; nothing was loaded",
                    )
                if cells is gap or all(c.value is None for c in cells):
                    gap = cells if cells and not gap else gap
                    blank_from = blank_from or number
                    continue
                if blank_from is not None:  # blank rows between rows with data are rows
                    yield from ((n, []) for n in range(blank_from, number))
                    blank_from = None
                yield number, [cell_text(c.value, getattr(c, "number_format", None)) for c in cells]
            # Blank rows after the last row with data end the sheet: a sheet saved by
            # LibreOffice declares all 1,048,576 rows.
        finally:
            book.close()

    return records, info


def is_percent_format(number_format: str | None) -> bool:
    """Whether Excel shows a number in this format ×100 with '%' (a quoted "%" does not)."""
    return bool(number_format) and "%" in _LITERALS.sub("", number_format or "")


def _number_text(x: float) -> str:
    x = float(f"{x:.15g}")  # as Excel shows it: 0.6996 * 100 is 69.96000000000001
    return str(int(x)) if x.is_integer() else repr(x)


def cell_text(value: object, number_format: str | None = None) -> str:
    """A cell as the text the user sees: a percentage-formatted 0.6996 is "69.96%"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        if is_percent_format(number_format):
            return _number_text(float(value) * 100) + "%"
        return _number_text(value) if isinstance(value, float) else str(value)
    return str(value)
