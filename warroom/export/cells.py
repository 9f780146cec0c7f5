"""Text that a spreadsheet would run as a formula, written as text (OWASP's CSV injection).

A name, unit, source or file name that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or
a carriage return, which a spreadsheet skips before reading one) is a formula to Excel and
LibreOffice when they open a CSV, and openpyxl writes any string starting with ``=`` as a
real formula cell. :func:`is_formula_like` is the one rule; every table the package writes
goes through one of the two helpers:

- CSV (:func:`text_cells`): such text gets a leading apostrophe, which spreadsheets read as
  "this cell is text";
- XLSX (:func:`text_sheet`): such a cell is kept exactly, as a text cell marked the way
  Excel marks text typed after an apostrophe (``quotePrefix``), so it stays text even when
  edited.

Numbers are left as they are: ``-3.5`` is a value, not text.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: Any) -> bool:
    """Whether ``value`` is text a spreadsheet would read as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def as_text(value: Any) -> Any:
    """``value`` for a CSV cell: formula-like text gets a leading apostrophe."""
    return "'" + value if is_formula_like(value) else value


def text_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` for a CSV: text cells and column names through :func:`as_text`."""
    out = frame.rename(columns=as_text)
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(as_text)
    return out


def text_sheet(sheet: Worksheet) -> None:
    """Make every formula-like cell of an openpyxl ``sheet`` a text cell, exactly as written."""
    for row in sheet.iter_rows():
        for cell in row:
            if is_formula_like(cell.value):
                cell.data_type = "s"
                cell.quotePrefix = True
