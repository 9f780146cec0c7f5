"""CSV of the table shown: UTF-8 with a byte-order mark and CRLF, so that Excel shows Thai;
each indicator's unit and source in columns beside its figures (``table.with_context``), so
the file carries its context and still opens as a plain table in Excel and pandas."""

from __future__ import annotations

from typing import BinaryIO

from warroom.export.cells import text_cells
from warroom.export.formats.base import ExportFormat, ExportInput, metadata_if_any
from warroom.export.table import with_context


def write(what: ExportInput, out: BinaryIO) -> None:
    """Plain UTF-8 with LF instead when the CSV goes to a pipe (scripts, ``| head``)."""
    table, meta = what.table(), metadata_if_any(what)
    if meta is not None:
        table = with_context(table, meta)
    text = text_cells(table).to_csv(index=False, lineterminator="\n" if what.pipe else "\r\n")
    out.write(text.encode("utf-8" if what.pipe else "utf-8-sig"))


CSV = ExportFormat("csv", "ex_csv", "text/csv", ".csv", ("table",), write)
