"""Trends: an area's values over the periods, and which areas a trend chart compares."""

from __future__ import annotations

import pandas as pd

COUNTRY = "TH"


def trend(values: pd.Series, code: str) -> pd.Series:
    """Values of one area over every period (indexed by period, ascending; may be empty).

    ``values`` is one indicator's values indexed by ``(period, area_code)``.
    """
    if values.empty or code not in values.index.get_level_values(1):
        return pd.Series(dtype=float, name=code)
    return values.xs(code, level=1).sort_index().rename(code)


def comparable(series: pd.Series, marked: set[int] | frozenset[int]) -> pd.Series:
    """A series without its marked periods (not comparable with the others: PM2.5's 2018 of
    11 months, the physicians' broken 2015 and 2020; ``reasons.marked_periods``)."""
    if not marked or series.empty:
        return series
    return series[~series.index.isin(list(marked))]


def trend_codes(code: str, *, rollup: str) -> list[str]:
    """The areas a trend chart draws: the area, and the country unless it is a count.

    A count of one area next to the country's total says nothing, so counts show the area
    alone; the country alone stands for itself.
    """
    if code == COUNTRY or rollup == "sum":
        return [code]
    return [code, COUNTRY]


def trends(values: pd.Series, codes: list[str]) -> pd.DataFrame:
    """Values over the periods of several areas: one column per code, one row per period."""
    frame = pd.concat([trend(values, c) for c in codes], axis=1)
    return frame.reindex(columns=codes).sort_index()


def latest_change(series: pd.Series) -> tuple[int, int, float] | None:
    """(earlier period, latest period, change) between the last two periods with a value."""
    present = series.dropna().sort_index()
    if len(present) < 2:
        return None
    return (
        int(present.index[-2]),
        int(present.index[-1]),
        float(present.iloc[-1] - present.iloc[-2]),
    )
