"""Small builders of hostile tables for intake tests."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from warroom.store import Store


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` in ``encoding`` (newlines as Excel writes them)."""
    path.write_bytes(text.replace("\n", "\r\n").encode(encoding))
    return path


def current(store: Store, indicator: str) -> pd.DataFrame:
    """Current observations of an indicator, sorted, as plain columns."""
    frame = store.observations(indicator)[["area_code", "period", "value", "derived", "coverage"]]
    frame["derived"] = frame["derived"].astype(bool)
    return frame.sort_values(["area_code", "period"], ignore_index=True)


def tambon_table(codes: list[str], years: range, value=lambda i, y: i + y) -> str:
    """A long CSV: code, year (BE), value."""
    lines = ["รหัสตำบล,ปี พ.ศ.,จำนวน"]
    for i, code in enumerate(codes):
        for y in years:
            lines.append(f"{code},{y + 543},{value(i, y)}")
    return "\n".join(lines) + "\n"
