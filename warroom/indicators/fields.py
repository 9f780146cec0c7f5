"""Reading one catalogue row: fields that may be missing or blank, yes/no flags, source lines.

Catalogue columns come and go between editions (a CSV gives text, the store gives booleans
or numbers), so screens and exports read them through these, never with ``row[key]``.
"""

from __future__ import annotations

import pandas as pd


def field(row: pd.Series | dict, key: str) -> object:
    """A catalogue field, or None when the column is missing or the cell blank."""
    value = row.get(key)
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value


def flag(value: object) -> bool:
    """A yes/no field stored as a boolean, a number or text ("true", "1", "yes").

    Missing (None, NaN, pandas' NA) is no: a blank ``proxy`` or ``modelled`` cell must not
    put a badge on screen (``bool(float("nan"))`` is True).
    """
    if isinstance(value, str):
        return value.strip().lower() in {"true", "1", "yes"}
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return False
    return bool(value)


def is_proxy(row: pd.Series | dict) -> bool:
    """True when the indicator stands in for the SDG code it names without measuring it.

    The one reading of the catalogue's ``proxy`` column for every screen (governor's page,
    wall, map credit, exports): a proxy badge is shown exactly when this is true.
    """
    return flag(field(row, "proxy"))


def source_line(source: pd.Series | dict, lang: str) -> str:
    """A source as a reader wants it: publisher, title, year."""
    parts = [
        field(source, f"publisher_{lang}"),
        field(source, f"name_{lang}"),
        field(source, "year"),
    ]
    return ", ".join(str(p) for p in parts if p)
