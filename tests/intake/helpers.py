"""Builders of tables and stores for intake tests: hostile tables, built series to load into."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from warroom.store import Store, indicators_t, insert_frame, observations_t, sources_t, unplaced_t


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


def built_tables(store: Store, ids: list[str]) -> dict[str, pd.DataFrame]:
    """What the real build wrote for some TPMAP indicators, as ``write_build`` takes it."""
    indicators = store.indicators()
    indicators = indicators[indicators["id"].isin(ids)]
    sources = store.sources()
    observations = store.observations(ids).drop(columns=["id"])
    unplaced = store.unplaced()
    return {
        "sources": sources[sources["id"].isin(indicators["source"])],
        "indicators": indicators,
        "observations": observations,
        "unplaced": unplaced[unplaced["indicator_id"].isin(ids)].drop(columns=["id"]),
    }


def copy_built(target: Store, built: Store, ids: list[str]) -> Store:
    """``target`` holding built indicators exactly as the real build wrote them."""
    tables = built_tables(built, ids)
    with target.begin() as conn:
        for table, name in (
            (sources_t, "sources"),
            (indicators_t, "indicators"),
            (observations_t, "observations"),
            (unplaced_t, "unplaced"),
        ):
            insert_frame(conn, table, tables[name])
    return target


INCOME = "panel.household_income"  # built-in: weighted by households, a source column
KINGDOM = {2004: 14_963.40, 2023: 29_030.24}  # NSO household income, whole kingdom


def income_table(real_areas: pd.DataFrame, years: list[int], kingdom: bool = True) -> str:
    """An NSO-style table: province, year (BE), mean monthly household income, with the
    whole kingdom on top of each year."""
    provinces = real_areas[real_areas["level"] == "province"].sort_values("code")
    lines = ["จังหวัด,ปี พ.ศ.,รายได้เฉลี่ยต่อเดือนต่อครัวเรือน (บาท)"]
    for year in years:
        if kingdom:
            lines.append(f'ทั่วราชอาณาจักร,{year + 543},"{KINGDOM.get(year, 27_000.5):,.2f}"')
        for i, name in enumerate(provinces["name_th"]):
            lines.append(f'{name},{year + 543},"{15_000 + 123.45 * i:,.2f}"')
    return "\n".join(lines) + "\n"
