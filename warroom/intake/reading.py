"""Read an uploaded table, whatever its encoding and header shape, as rows of text.

CSV and TSV may be UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode text"),
or Windows-874 / TIS-620; XLSX is read from its first sheet or a named one. Title lines
and merged, multi-row headers above the table are recognised: the header is the block of
rows right above the first row that names an area. Rows are numbered as a spreadsheet
numbers them (1 = first line), so every message can point at the exact row.

Files are streamed in chunks, so a million-row file is never held in memory at once.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from operator import itemgetter
from pathlib import Path

import numpy as np
import pandas as pd

from warroom.allocation import gc_paused
from warroom.errors import DataError, Problem
from warroom.intake.values import is_figure
from warroom.intake.xls import OLE2_MAGIC, xls_records
from warroom.intake.xlsx import XlsxLimits, xlsx_records

HEADER_SEARCH_ROWS = 60
CHUNK_ROWS = 100_000
CHUNK_CELLS = 5_000_000
_THAI = re.compile(r"[\u0e00-\u0e7f]")
# Thai text decoded as Latin-1 or Windows-874 and saved again as UTF-8 ("à¸\xa1...").
_MOJIBAKE = re.compile(r"(à¸|à¹)[\x80-\xbf\u0080-\u00bf\u2018-\u203a\u0152-\u0178]")


@dataclass
class RawTable:
    """A table's header and a way to stream its data rows as text."""

    path: Path
    display_name: str
    format: str  # csv | tsv | xlsx | xls
    encoding: str | None
    columns: list[str]  # one name per column, header rows joined
    header_rows: list[int]
    data_start: int  # spreadsheet row number of the first row after the header
    skipped: list[tuple[int, str, str]] = field(default_factory=list)  # title lines above
    named_width: int = 0  # columns up to the last one the header names
    sheet_name: str | None = None  # XLSX: the sheet read
    merges: tuple[tuple[int, int, int, int], ...] = ()  # XLSX merged cells (1-based, inclusive)
    _records: Callable[[], Iterator[tuple[int, list[str]]]] | None = None
    # A text file's rows in blocks: (number of the first, rows), ``size`` at a time.
    _blocks: Callable[[int], Iterator[tuple[int, list[list[str]]]]] | None = None

    def chunks(self, size: int = CHUNK_ROWS) -> Iterator[pd.DataFrame]:
        """Data rows as text DataFrames of ``size`` rows, indexed by spreadsheet row.

        In a CSV or TSV, a row with fewer cells than the header names (a line cut short)
        is listed in the frame's ``attrs["short"]`` (row → cells); XLSX rows end at their
        last filled cell, so there a short row is normal.
        """
        width = len(self.columns)
        size = min(size, max(1_000, CHUNK_CELLS // max(width, 1)))  # wide tables: fewer rows
        merged = _merged_cells(self.merges, self.data_start)
        tops: dict[tuple[int, int], str] = {}
        batches = self._batches(size)
        while True:
            # The collector stays paused until the chunk's lists of cells are freed: it
            # would otherwise walk all of them, again and again (see warroom.allocation).
            with gc_paused():
                batch = next(batches, None)
                if batch is None:
                    return
                taken = self._grid(*batch, merged, tops)
                del batch
            if len(taken[0]):
                yield _frame(*taken, self.columns)

    def _batches(self, size: int) -> Iterator[tuple[np.ndarray, list[list[str]]]]:
        """(row numbers, rows of cells), ``size`` rows at a time, from the first data row."""
        if self._blocks is not None:  # a text file: numbered as read, no tuple per row
            for first, rows in self._blocks(size):
                yield np.arange(first, first + len(rows)), rows
            return
        assert self._records is not None, "a table read from a file has its records"
        records = self._records()
        while batch := list(islice(records, size)):
            numbers = np.fromiter(map(itemgetter(0), batch), np.int64, len(batch))
            yield numbers, list(map(itemgetter(1), batch))

    def _grid(
        self,
        numbers: np.ndarray,
        rows: list[list[str]],
        merged: dict[int, list[tuple[int, int, int]]],
        tops: dict[tuple[int, int], str],
    ) -> tuple[np.ndarray, np.ndarray, dict[int, int]]:
        """Rows from the first data row as (row numbers, grid of cells, short rows)."""
        width, text = len(self.columns), self.format not in ("xlsx", "xls")
        if len(numbers) and numbers[0] < self.data_start:  # the header's rows (first chunk)
            after = int(np.searchsorted(numbers, self.data_start))
            numbers, rows = numbers[after:], rows[after:]
        if merged:
            for i in np.flatnonzero(np.isin(numbers, list(merged))):
                rows[i] = _fill_merged(int(numbers[i]), rows[i], merged, tops)
        lengths = np.fromiter(map(len, rows), np.int64, len(rows))
        short: dict[int, int] = {}
        for i in np.flatnonzero(lengths != width):  # only the rows of another length
            cells = rows[i]
            if text and 0 < len(cells) < self.named_width and any(cells):
                short[int(numbers[i])] = len(cells)
            rows[i] = (cells + [""] * width)[:width]
        grid = np.empty((len(rows), width), dtype=object)
        grid[:] = rows
        return numbers, grid, short


def _merged_cells(
    merges: tuple[tuple[int, int, int, int], ...], data_start: int
) -> dict[int, list[tuple[int, int, int]]]:
    """Row number → (first row, first column, last column) of each merged range of data
    rows that covers it (0-based columns); ranges in the header are the header's."""
    by_row: dict[int, list[tuple[int, int, int]]] = {}
    for r1, c1, r2, c2 in merges:
        if r1 >= data_start and (r2 > r1 or c2 > c1):
            for r in range(r1, r2 + 1):
                by_row.setdefault(r, []).append((r1, c1 - 1, c2 - 1))
    return by_row


def _fill_merged(
    number: int,
    cells: list[str],
    merged: dict[int, list[tuple[int, int, int]]],
    tops: dict[tuple[int, int], str],
) -> list[str]:
    """A merged cell's text in every cell it covers, as the reader sees it: "ไม่มีพื้นที่ป่าไม้"
    over the area and the percentage, a province over its rows by category."""
    spans = merged.get(number)
    if not spans:
        return cells
    cells = list(cells)
    for r1, c1, c2 in spans:
        if number == r1:
            tops[(r1, c1)] = cells[c1] if c1 < len(cells) else ""
        text = tops.get((r1, c1), "")
        if len(cells) <= c2:
            cells += [""] * (c2 + 1 - len(cells))
        for c in range(c1, c2 + 1):
            cells[c] = cells[c] or text
    return cells


def _frame(
    numbers: np.ndarray, cells: np.ndarray, short: dict[int, int], columns: list[str]
) -> pd.DataFrame:
    """A grid of text cells as a DataFrame indexed by spreadsheet row."""
    frame = pd.DataFrame(cells, columns=range(len(columns)), copy=False)
    frame.columns = columns
    frame.index = pd.Index(numbers, name="row")
    frame.attrs["short"] = short
    return frame


def detect_encoding(path: Path, display_name: str) -> str:
    """The text encoding of a CSV/TSV file: UTF-8 (BOM or not), UTF-16 (BOM), or Windows-874.

    Raises a DataError naming the line when the file is none of these, or when it holds
    Thai text that was already garbled ("mojibake") by an earlier wrong conversion.
    """
    raw = path.read_bytes()[: 1 << 20]
    if raw.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = None
        for candidate in ("utf-8", "cp874"):
            try:
                text = raw.decode(candidate)
            except UnicodeDecodeError as exc:
                if candidate == "utf-8" and exc.start >= len(raw) - 3 and len(raw) == 1 << 20:
                    encoding = candidate  # a character cut by the 1 MB sample
                    break
                continue
            if candidate == "cp874" and not _THAI.search(text):
                continue
            encoding = candidate
            break
        if encoding is None:
            line = _line_of_bad_byte(raw)
            raise DataError(
                [
                    Problem(
                        display_name,
                        "the file is not text in UTF-8, UTF-16 or Windows-874/TIS-620; "
                        "save it from Excel as 'CSV UTF-8' and load it again",
                        line,
                    )
                ]
            )
    assert encoding is not None
    return encoding


def _line_of_bad_byte(raw: bytes) -> int:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return raw[: exc.start].count(b"\n") + 1
    return 1


def _text_records(
    path: Path, display_name: str, encoding: str, delimiter: str
) -> Callable[[], Iterator[tuple[int, list[str]]]]:
    def records() -> Iterator[tuple[int, list[str]]]:
        for first, rows in _text_blocks(path, display_name, encoding, delimiter)(1):
            yield first, rows[0]

    return records


def _text_blocks(
    path: Path, display_name: str, encoding: str, delimiter: str
) -> Callable[[int], Iterator[tuple[int, list[list[str]]]]]:
    """A text file's records in blocks of ``size``: (record number of the first, rows);
    a byte that is not ``encoding`` text or broken quoting is a DataError at its line."""

    def blocks(size: int) -> Iterator[tuple[int, list[list[str]]]]:
        with path.open(encoding=encoding, newline="") as f:
            reader = csv.reader(f, delimiter=delimiter)
            first = 1
            while True:
                rows: list[list[str]] = []
                try:
                    rows.extend(islice(reader, size))  # what was read stays on an error
                except UnicodeDecodeError as exc:
                    line, byte = _first_bad_byte(path, encoding)
                    raise DataError(
                        [
                            Problem(
                                display_name,
                                f"not valid {encoding} text: byte {byte} on this line "
                                f"({exc.reason}); the file mixes encodings or is damaged",
                                line,
                            )
                        ]
                    ) from exc
                except csv.Error as exc:
                    raise DataError(
                        [Problem(display_name, f"broken CSV quoting: {exc}", first + len(rows))]
                    ) from exc
                if not rows:
                    return
                yield first, rows
                first += len(rows)

    return blocks


def _first_bad_byte(path: Path, encoding: str) -> tuple[int, str]:
    """(line number, the byte in hex) of the first byte that is not ``encoding`` text."""
    decoder = codecs.getincrementaldecoder(encoding)()
    line = 1
    with path.open("rb") as f:
        while block := f.read(1 << 16):
            try:
                decoder.decode(block)
            except UnicodeDecodeError as exc:
                start = max(exc.start, 0)
                line += block[:start].count(b"\n")
                return line, f"0x{block[start]:02x}" if start < len(block) else "?"
            line += block.count(b"\n")
    return line, "?"


def _sniff_delimiter(path: Path, encoding: str) -> str:
    with path.open(encoding=encoding, newline="") as f:
        head = f.read(64 * 1024)
    counts = {d: head.count(d) for d in ("\t", ",", ";")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def open_table(
    path: Path,
    *,
    is_header_row: Callable[[list[str]], bool],
    is_data_row: Callable[[list[str]], bool],
    display_name: str | None = None,
    sheet: str | None = None,
    header_row: int | None = None,
    limits: XlsxLimits | None = None,
) -> RawTable:
    """Open ``path`` and find its header.

    ``is_data_row`` says whether a row names an area (so the header lies above it);
    ``is_header_row`` recognises a header row by a column name given by the user; an XLSX
    is checked against ``limits`` (default: the settings) before it is parsed.
    """
    path = Path(path)
    display_name = display_name or path.name
    with path.open("rb") as f:
        magic = f.read(4)
    blocks = None
    if magic == b"PK\x03\x04":
        fmt, encoding = "xlsx", None
        records, info = xlsx_records(path, file=display_name, sheet=sheet, limits=limits)
        sheet_name, merges = info.name, info.merges
    elif magic == OLE2_MAGIC:  # Excel 97-2003 (BIFF)
        fmt, encoding = "xls", None
        records, sheet_name = xls_records(path, file=display_name, sheet=sheet, limits=limits)
        merges = ()
    else:
        encoding = detect_encoding(path, display_name)
        delimiter = "\t" if path.suffix.lower() == ".tsv" else _sniff_delimiter(path, encoding)
        fmt = "tsv" if delimiter == "\t" else "csv"
        records, sheet_name = _text_records(path, display_name, encoding, delimiter), None
        blocks = _text_blocks(path, display_name, encoding, delimiter)
        merges = ()
    head = []
    search = max(HEADER_SEARCH_ROWS, (header_row or 0) + 1)
    for number, cells in records():
        head.append((number, [c.strip() for c in cells]))
        if len(head) >= search:
            break
    _check_mojibake(head, display_name)
    header_rows, data_start, skipped = _find_header(
        head, is_header_row, is_data_row, display_name, header_row
    )
    by_number = dict(head)
    header = [by_number[n] for n in header_rows]
    columns = _join_header(header)
    return RawTable(
        path=path,
        display_name=display_name,
        format=fmt,
        encoding=encoding,
        columns=columns,
        header_rows=header_rows,
        data_start=data_start,
        skipped=skipped,
        named_width=max(_last_filled(row) for row in header),
        sheet_name=sheet_name,
        merges=merges,
        _records=records,
        _blocks=blocks,
    )


def _check_mojibake(head: list[tuple[int, list[str]]], display_name: str) -> None:
    for number, cells in head:
        for cell in cells:
            if _MOJIBAKE.search(cell):
                raise DataError(
                    [
                        Problem(
                            display_name,
                            "Thai text in this file is already garbled (it was opened in the "
                            "wrong encoding and saved again); export it again from the original",
                            number,
                            None,
                            cell[:40],
                        )
                    ]
                )


def _filled(cells: list[str]) -> int:
    return sum(1 for c in cells if c)


def _last_filled(cells: list[str]) -> int:
    return max((i + 1 for i, c in enumerate(cells) if c), default=0)


def is_label_row(cells: list[str]) -> bool:
    """A row of labels (words, or years such as 2566): no figure and no "no figure" mark."""
    return not any(is_figure(c) for c in cells if c)


def _find_header(
    head: list[tuple[int, list[str]]],
    is_header_row: Callable[[list[str]], bool],
    is_data_row: Callable[[list[str]], bool],
    display_name: str,
    header_row: int | None = None,
) -> tuple[list[int], int, list[tuple[int, str, str]]]:
    """(header row numbers, first row after the header, title lines above it).

    The header is the last row of two or more labels (no figure among them) above the
    first data row (or the row the user named, or the row holding a column the user
    named), with up to two rows of labels right above it when the header is merged over
    several rows. Rows between it and the first data row stay data: a misspelt area on the
    first data row is a problem at its cell, not a header.
    """
    if header_row is not None:
        bottom = next((i for i, (n, _) in enumerate(head) if n == header_row), None)
        if bottom is None or _filled(head[bottom][1]) < 2:
            why = "is empty" if bottom is None else "has fewer than two filled cells"
            raise DataError(
                [Problem(display_name, f"--header-row {header_row}: that row {why}", header_row)]
            )
    else:
        first_data = next((i for i, (_, cells) in enumerate(head) if is_data_row(cells)), None)
        named = next((i for i, (_, cells) in enumerate(head) if is_header_row(cells)), None)
        if first_data is None and named is None:
            raise DataError(
                [
                    Problem(
                        display_name,
                        f"no table found: none of the first {len(head)} rows names an area "
                        "(a province, district or tambon, by code or name) next to a figure",
                    )
                ]
            )
        if named is not None and (first_data is None or named < first_data):
            bottom = named
        else:
            assert first_data is not None  # no header and no data was refused above
            # The header is the nearest row of labels above the first data row: a row with
            # figures in it is data whose area did not resolve (a misspelt name), never a
            # header, so it stays in the table and is reported at its cell.
            bottom = first_data - 1
            while bottom >= 0 and (
                _filled(head[bottom][1]) < 2 or not is_label_row(head[bottom][1])
            ):
                bottom -= 1
            if bottom < 0:
                raise DataError(
                    [
                        Problem(
                            display_name,
                            "no header row above the first data row: add one, or name it "
                            "with --header-row",
                            head[first_data][0],
                        )
                    ]
                )
    # Merged header rows: the multi-cell rows of labels right above the bottom one.
    top = bottom
    while (
        top - 1 >= 0
        and _filled(head[top - 1][1]) >= 2
        and is_label_row(head[top - 1][1])
        and bottom - (top - 1) < 3
    ):
        top -= 1
    skipped = [
        (number, "title or note above the table", " ".join(c for c in cells if c)[:80])
        for number, cells in head[:top]
        if _filled(cells)
    ]
    header_rows = [head[i][0] for i in range(top, bottom + 1)]
    return header_rows, head[bottom][0] + 1, skipped


def _join_header(rows: list[list[str]]) -> list[str]:
    """One name per column from stacked header rows; merged cells fill to their right."""
    width = max(len(r) for r in rows)
    filled = []
    for i, row in enumerate(rows):
        row = row + [""] * (width - len(row))
        if i < len(rows) - 1:  # a merged cell above spans the empty cells to its right
            last = ""
            for j, cell in enumerate(row):
                row[j] = last = cell or last
        filled.append(row)
    names = []
    for j in range(width):
        parts = []
        for row in filled:
            if row[j] and row[j] not in parts:
                parts.append(row[j])
        names.append(" ".join(parts) or f"column {j + 1}")
    seen: dict[str, int] = {}
    unique = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        unique.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return unique
