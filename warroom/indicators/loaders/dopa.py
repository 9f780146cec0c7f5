"""DOPA registered population, male, female and houses at tambon level, every year published.

Two sources make one series: the 2010-2021 table (``dopa_population``) and DOPA's own
XLSX exports of December 2021-2024 (``dopa_population_2021_2024``), which give every year
they cover (2021 is the same in both, to the person: see the tests). Bangkok khwaeng created
since the boundary edition are counted on the polygon they were carved out of (the crosswalk).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from warroom.errors import DataError, Problem
from warroom.indicators.catalogue import Indicator
from warroom.indicators.loaders import dopa_xlsx
from warroom.indicators.loaders.common import (
    dopa_codes,
    numbers,
    observations,
    plain,
    read_csv,
)
from warroom.indicators.loaders.context import SourceContext
from warroom.indicators.rollup import RollupResult

SOURCE = "dopa_population"
FILE = "dopa_registered_population_2010-2021.csv"
LEVEL_NAMES = {"province": "province", "amphoe": "district", "tambon": "tambon"}
COUNTS = ["total", "male", "female", "households"]


def read(folder: Path) -> pd.DataFrame:
    """The whole 2010-2021 table with P-codes, levels and parsed numbers (every year)."""
    df = read_csv(Path(folder) / SOURCE / FILE, ["year", "level", "geocode", "name_th", *COUNTS])
    bad_level = ~df["level"].isin(list(LEVEL_NAMES))
    if bad_level.any():
        raise DataError(
            [
                Problem(df.attrs["source_file"], "unknown level", r, "level", df.at[r, "level"])
                for r in df.index[bad_level]
            ]
        )
    out = numbers(df, ["year", *COUNTS])
    out["code"] = dopa_codes(df, "geocode")
    out["level"] = df["level"].map(LEVEL_NAMES)
    out["name_th"] = df["name_th"]
    out["year"] = out["year"].astype(int)
    out.attrs["source_file"] = df.attrs["source_file"]
    return out


def tambon_counts(folder: Path) -> pd.DataFrame:
    """Tambon rows of both sources: code, year, name_th, counts, source, source_row.

    Years the XLSX exports cover come from them; earlier years from the 2010-2021 table.
    """
    new = dopa_xlsx.read(folder).assign(source=dopa_xlsx.SOURCE)
    old = read(folder)
    old = old[(old["level"] == "tambon") & ~old["year"].isin(set(new["year"]))]
    old = old.assign(source=SOURCE, source_row=old.index)
    columns = ["code", "year", "name_th", *COUNTS, "source", "source_row"]
    return pd.concat([old[columns], new[columns]], ignore_index=True)


def load(ctx: SourceContext) -> pd.DataFrame:
    """Population, male, female, houses and density at tambon level for every year.

    Codes the boundary edition lacks are first moved onto their polygon by the crosswalk
    and summed there, so density divides every person by the area they live on.
    """
    rows = tambon_counts(ctx.folder)
    if ctx.crosswalk is not None:
        rows["code"] = ctx.crosswalk.apply(rows["code"])
    tambons = rows.groupby(["code", "year"], as_index=False, sort=True).agg(
        name_th=("name_th", "first"),
        source=("source", "first"),
        source_row=("source_row", "first"),
        **{c: (c, "sum") for c in COUNTS},
    )
    tambons.index = tambons["source_row"]
    area_km2 = tambons["code"].map(ctx.areas.set_index("code")["area_km2"])
    return observations(
        ctx.catalogue.by_source(SOURCE),
        lambda ind: _values(ind, tambons, area_km2),
        period=tambons["year"],
        source=tambons["source"],
        codes=tambons["code"],
        names=tambons["name_th"],
    )


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
    return plain(df[column])


def province_population(folder: Path) -> pd.DataFrame:
    """Registered population and houses by province and year: columns code, year, total,
    households (weights and denominators for province-level indicators).

    The published province rows of the 2010-2021 table; for the years of the XLSX exports,
    the sum of their tambon rows (which equals their province rows).
    """
    counts = ["total", "households"]
    new = dopa_xlsx.read(folder)
    new = new.assign(code=new["code"].str[:4]).groupby(["code", "year"], as_index=False)
    new = new[counts].sum()
    old = read(folder)
    old = old[(old["level"] == "province") & ~old["year"].isin(set(new["year"]))]
    return pd.concat([old[["code", "year", *counts]], new], ignore_index=True)


def crosscheck(ctx: SourceContext, result: RollupResult) -> list[dict]:
    """DOPA's kingdom rows against our roll-up of its tambon rows (every level, every year)."""
    checks = []
    obs = result.observations
    pop = obs[obs["indicator_id"] == "dopa.population"]
    by_level = pop.groupby([pop["area_code"].str.len(), "period"])["value"].sum()
    unplaced = result.unplaced[result.unplaced["indicator_id"] == "dopa.population"]
    off_tambon = unplaced.groupby("period")["value"].sum()
    for rec in dopa_xlsx.kingdom_totals(ctx.folder).itertuples(index=False):
        levels = {
            name: by_level.get((2 + 2 * depth, rec.year))
            for depth, name in enumerate(("country", "province", "district", "tambon"))
        }
        placed = levels["tambon"] + off_tambon.get(rec.year, 0)
        differ = [n for n, v in levels.items() if n != "tambon" and v != rec.kingdom_row]
        checks.append(
            {
                "source": dopa_xlsx.SOURCE,
                "level": f"kingdom {rec.year}",
                "compared": 4,
                "differ": len(differ) + int(placed != rec.kingdom_row),
                "published": rec.kingdom_row,
                "tambon_sum": levels["tambon"],
                "unplaced_at_tambon": off_tambon.get(rec.year, 0),
            }
        )
    return checks
