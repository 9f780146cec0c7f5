"""XLSX files made by hand, part by part: tiny on disk, huge when unpacked or read."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from pathlib import Path

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_CT}.worksheet+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_CT}.sharedStrings+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" Target="xl/workbook.xml" '
        f'Type="{_REL}/officeDocument"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
        '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<Relationships xmlns="{_PKG}">'
        f'<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="{_REL}/worksheet"/>'
        f'<Relationship Id="rId2" Target="sharedStrings.xml" Type="{_REL}/sharedStrings"/>'
        "</Relationships>"
    ),
}


def _stream(archive: zipfile.ZipFile, name: str, pieces: Iterable[bytes]) -> None:
    with archive.open(name, "w", force_zip64=True) as out:
        for piece in pieces:
            out.write(piece)


def make_xlsx(path: Path, rows: Iterable[bytes], strings: Iterable[bytes] = (b"",)) -> Path:
    """An XLSX whose sheet holds ``rows`` (XML of <row> elements) and whose shared
    strings hold ``strings`` (XML of <si> elements), written piece by piece."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in PARTS.items():
            archive.writestr(name, text)
        _stream(
            archive,
            "xl/worksheets/sheet1.xml",
            [
                f'<worksheet xmlns="{_MAIN}"><sheetData>'.encode(),
                *rows,
                b"</sheetData></worksheet>",
            ],
        )
        _stream(
            archive,
            "xl/sharedStrings.xml",
            [f'<sst xmlns="{_MAIN}">'.encode(), *strings, b"</sst>"],
        )
    return path


def repeat(piece: bytes, times: int, batch: int = 100_000) -> Iterable[bytes]:
    """``piece`` ``times`` times, in batches (a generator: never held whole)."""
    for start in range(0, times, batch):
        yield piece * min(batch, times - start)


def shared_strings_bomb(path: Path, unpacked_mb: int = 300) -> Path:
    """A sheet of three cells over shared strings that unpack to ``unpacked_mb`` MB."""
    si = b"<si><t>ab</t></si>"
    header = b'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>2566</v></c></row>'
    return make_xlsx(path, [header], repeat(si, unpacked_mb * (1 << 20) // len(si)))


def many_rows(path: Path, rows: int = 3_000_000) -> Path:
    """``rows`` rows of one tiny cell each: a small file, a long sheet."""
    return make_xlsx(path, repeat(b"<row><c><v>1</v></c></row>", rows))
