"""Small builders of hostile tables for intake tests."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sqlalchemy import select

from warroom.db import engine_for
from warroom.indicators.store import observations_t


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` in ``encoding`` (newlines as Excel writes them)."""
    path.write_bytes(text.replace("\n", "\r\n").encode(encoding))
    return path


def current(url: str, indicator: str) -> pd.DataFrame:
    """Current observations of an indicator, sorted, as plain columns."""
    with engine_for(url).connect() as conn:
        frame = pd.read_sql(
            select(
                observations_t.c.area_code,
                observations_t.c.period,
                observations_t.c.value,
                observations_t.c.derived,
            ).where(
                observations_t.c.indicator_id == indicator,
                observations_t.c.superseded_by.is_(None),
            ),
            conn,
        )
    frame["derived"] = frame["derived"].astype(bool)
    return frame.sort_values(["area_code", "period"], ignore_index=True)


def tambon_table(codes: list[str], years: range, value=lambda i, y: i + y) -> str:
    """A long CSV: code, year (BE), value."""
    lines = ["รหัสตำบล,ปี พ.ศ.,จำนวน"]
    for i, code in enumerate(codes):
        for y in years:
            lines.append(f"{code},{y + 543},{value(i, y)}")
    return "\n".join(lines) + "\n"
