"""Write a real Excel 97-2003 ``.xls`` file (BIFF8 in an OLE2 compound document) for tests.

xlwt, the old writer, is unmaintained; this writes the few records Excel itself writes for
a plain sheet: the workbook globals (BOF, CODEPAGE, the cell formats, the sheet's place),
then the sheet (BOF, DIMENSIONS, one LABEL or NUMBER record per cell, EOF), stored as the
``Workbook`` stream of a version-3 compound file with 512-byte sectors.
"""

from __future__ import annotations

import struct
from pathlib import Path

FREE, END, FAT_SECTOR, NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
SECTOR = 512
GENERAL, PERCENT = 0, 1  # XF indexes written below: General, and "0.00%" (built-in format 10)


def _record(code: int, data: bytes) -> bytes:
    return struct.pack("<HH", code, len(data)) + data


def _xf(format_key: int, *, style: bool) -> bytes:
    type_par = 0xFFF5 if style else 0x0001  # a style XF, or a cell XF whose parent is XF 0
    return _record(
        0x00E0, struct.pack("<HHHBBBBIiH", 0, format_key, type_par, 0x20, 0, 0, 0, 0, 0, 0x20C0)
    )


def _label(text: str) -> bytes:
    return struct.pack("<HB", len(text), 1) + text.encode("utf-16-le")


def _sheet(rows: list[list[object]], percent_columns: set[int]) -> bytes:
    cells = []
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, str):
                cells.append(_record(0x0204, struct.pack("<HHH", r, c, GENERAL) + _label(value)))
            else:
                xf = PERCENT if c in percent_columns else GENERAL
                cells.append(_record(0x0203, struct.pack("<HHHd", r, c, xf, float(value))))
    width = max((len(r) for r in rows), default=0)
    return b"".join(
        [
            _record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0x0DBB, 0x07CC, 0, 0x0600)),
            _record(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, width, 0)),
            *cells,
            _record(0x000A, b""),
        ]
    )


def _workbook(sheet_name: str, rows: list[list[object]], percent_columns: set[int]) -> bytes:
    name = struct.pack("<BB", len(sheet_name), 1) + sheet_name.encode("utf-16-le")
    head = [
        _record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 0x0600)),
        _record(0x0042, struct.pack("<H", 1200)),  # CODEPAGE: UTF-16
        _xf(0, style=True),
        _xf(10, style=False),  # built-in format 10 is "0.00%"
    ]
    sheet_record_size = 4 + 6 + len(name)
    end = _record(0x000A, b"")
    offset = sum(map(len, head)) + sheet_record_size + len(end)
    sheet_record = _record(0x0085, struct.pack("<IBB", offset, 0, 0) + name)
    return b"".join([*head, sheet_record, end, _sheet(rows, percent_columns)])


def _compound(stream: bytes) -> bytes:
    """A compound file holding one stream, ``Workbook`` (at least 4,096 bytes, so it lies in
    ordinary sectors, not the mini stream)."""
    stream = stream + b"\0" * (max(4096, -(-len(stream) // SECTOR) * SECTOR) - len(stream))
    n = len(stream) // SECTOR
    fat = [FAT_SECTOR, END, *range(3, 2 + n), END]
    fat += [FREE] * (SECTOR // 4 - len(fat))
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
    header += struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6) + b"\0" * 6
    header += struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, END, 0, END, 0)
    header += struct.pack("<I", 0) + struct.pack("<108I", *[FREE] * 108)

    def entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le") if name else b""
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", NO_STREAM, NO_STREAM, child)
            + b"\0" * 16
            + struct.pack("<I", 0)
            + b"\0" * 16
            + struct.pack("<III", start, size, 0)
        )

    directory = entry("Root Entry", 5, 1, END, 0) + entry("Workbook", 2, NO_STREAM, 2, len(stream))
    directory += (
        b"\0" * 64
        + struct.pack("<HBB", 0, 0, 0)
        + struct.pack("<III", NO_STREAM, NO_STREAM, NO_STREAM)
        + b"\0" * 48
    ) * 2
    return header + struct.pack(f"<{SECTOR // 4}I", *fat) + directory + stream


def write_xls(
    path: Path,
    rows: list[list[object]],
    *,
    sheet: str = "Sheet1",
    percent_columns: set[int] = frozenset(),  # type: ignore[assignment]
) -> Path:
    """Write ``rows`` (text or numbers; None for an empty cell) as a one-sheet ``.xls``."""
    path.write_bytes(_compound(_workbook(sheet, rows, set(percent_columns))))
    return path
