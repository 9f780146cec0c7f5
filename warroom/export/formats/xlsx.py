"""XLSX: the table on sheet ``data``, the indicators' names, units and sources on ``metadata``."""

from __future__ import annotations

from typing import BinaryIO

from warroom.export.formats.base import ExportFormat, ExportInput
from warroom.export.table import xlsx_bytes


def write(what: ExportInput, out: BinaryIO) -> None:
    out.write(xlsx_bytes({"data": what.table(), "metadata": what.metadata()}))


XLSX = ExportFormat(
    "xlsx",
    "ex_xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".xlsx",
    ("table", "metadata"),
    write,
)
