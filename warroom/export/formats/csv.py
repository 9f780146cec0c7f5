"""CSV of the table shown: UTF-8 with a byte-order mark and CRLF, so that Excel shows Thai."""

from __future__ import annotations

from typing import BinaryIO

from warroom.export.cells import text_cells
from warroom.export.formats.base import ExportFormat, ExportInput


def write(what: ExportInput, out: BinaryIO) -> None:
    """Plain UTF-8 with LF instead when the CSV goes to a pipe (scripts, ``| head``)."""
    text = text_cells(what.table()).to_csv(
        index=False, lineterminator="\n" if what.pipe else "\r\n"
    )
    out.write(text.encode("utf-8" if what.pipe else "utf-8-sig"))


CSV = ExportFormat("csv", "ex_csv", "text/csv", ".csv", ("table",), write)
