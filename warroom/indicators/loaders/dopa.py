"""DOPA registered population and households, every year published, at tambon level."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from warroom.errors import DataError, Problem
from warroom.indicators.catalogue import Catalogue, Indicator
from warroom.indicators.loaders.common import dopa_codes, numbers, read_csv, tidy

SOURCE = "dopa_population"
FILE = "dopa_registered_population_2010-2021.csv"
LEVEL_NAMES = {"province": "province", "amphoe": "district", "tambon": "tambon"}


def read(folder: Path) -> pd.DataFrame:
    """The whole table with P-codes, levels and parsed numbers (every year)."""
    df = read_csv(
        Path(folder) / SOURCE / FILE, ["year", "level", "geocode", "name_th", "total", "households"]
    )
    bad_level = ~df["level"].isin(list(LEVEL_NAMES))
    if bad_level.any():
        raise DataError(
            [
                Problem(df.attrs["source_file"], "unknown level", r, "level", df.at[r, "level"])
                for r in df.index[bad_level]
            ]
        )
    out = numbers(df, ["year", "total", "households"])
    out["code"] = dopa_codes(df, "geocode")
    out["level"] = df["level"].map(LEVEL_NAMES)
    out["name_th"] = df["name_th"]
    out["year"] = out["year"].astype(int)
    out.attrs["source_file"] = df.attrs["source_file"]
    return out


def load(folder: Path, catalogue: Catalogue, areas: pd.DataFrame) -> pd.DataFrame:
    """Population, households and density at tambon level for every year."""
    df = read(folder)
    tambons = df[df["level"] == "tambon"]
    area_km2 = tambons["code"].map(areas.set_index("code")["area_km2"])
    frames = []
    for ind in catalogue.by_source(SOURCE):
        frames.append(
            tidy(
                _values(ind, tambons, area_km2),
                indicator_id=ind.id,
                period=tambons["year"],
                source=SOURCE,
                codes=tambons["code"],
                names=tambons["name_th"],
            )
        )
    return pd.concat(frames, ignore_index=True)


def _values(ind: Indicator, df: pd.DataFrame, area_km2: pd.Series) -> pd.DataFrame:
    if ind.id == "dopa.population_density":
        # Density counts only people on tambons with a known area (COD-AB), so that people
        # of unmapped tambons are never divided by an area that excludes them.
        known = area_km2.notna()
        return pd.DataFrame(
            {
                "value": (df["total"] / area_km2).where(known),
                "numerator": df["total"].where(known),
                "denominator": area_km2,
            }
        )
    column = ind.expression.strip()
    return pd.DataFrame(
        {"value": df[column], "numerator": float("nan"), "denominator": float("nan")}
    )


def province_population(folder: Path) -> pd.DataFrame:
    """Published province totals by year: columns code, year, total (weights for means)."""
    df = read(folder)
    return df.loc[df["level"] == "province", ["code", "year", "total"]].reset_index(drop=True)
