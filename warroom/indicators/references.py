"""Published national figures kept beside the derived ones (``reference_figures.csv``).

A source's own published total (TPMAP's 983,316 target poor in 2562) is a reference: the
build reads it, checks its indicator and area exist, and stores it; the map's country card
shows it with its source beside the figure derived from the areas, and the difference where
both are for the same period (``difference``).
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from warroom.errors import DataError, Problem

FILE = "reference_figures.csv"
COLUMNS = [
    "indicator_id",
    "area",
    "period",
    "value",
    "source_th",
    "source_en",
    "note_th",
    "note_en",
]


def read_references(folder: Path, indicators: set[str], areas: set[str]) -> pd.DataFrame:
    """The reference figures in ``folder`` (columns ``COLUMNS``), each checked: a known
    indicator and area, a year, a number and a source; every problem at once."""
    path = Path(folder) / FILE
    if not path.is_file():
        return pd.DataFrame(columns=COLUMNS)
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    problems = [Problem(str(path), "missing column", None, c) for c in COLUMNS if c not in df]
    if problems:
        raise DataError(problems)
    df.index = pd.RangeIndex(2, 2 + len(df))
    period = pd.to_numeric(df["period"], errors="coerce")
    value = pd.to_numeric(df["value"], errors="coerce")
    checks = (
        ("indicator_id", ~df["indicator_id"].isin(indicators), "unknown indicator"),
        ("area", ~df["area"].isin(areas), "unknown area"),
        ("period", period.isna(), "not a year"),
        ("value", value.isna(), "not a number"),
        ("source_en", df["source_en"].str.strip() == "", "a reference names its source"),
    )
    for column, bad, why in checks:
        problems += [
            Problem(str(path), why, int(r), column, df.at[r, column]) for r in df.index[bad]
        ]
    if problems:
        raise DataError(problems)
    return df.assign(period=period.astype(int), value=value.astype(float))[COLUMNS].reset_index(
        drop=True
    )


def difference(derived: float, published: float) -> float:
    """Derived minus published (NaN when either is missing)."""
    if derived is None or published is None or math.isnan(derived) or math.isnan(published):
        return math.nan
    return derived - published
