"""Modelled population-weighted PM2.5 (AIT), monthly by province → annual means."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from warroom.errors import DataError, Problem
from warroom.indicators.loaders.common import numbers, observations, read_csv
from warroom.indicators.loaders.context import SourceContext
from warroom.indicators.loaders.province_panel import match_provinces

SOURCE = "pm25"
FILE = "pm25_popweighted_monthly_by_province_2018-2021.csv"
_MONTH = re.compile(
    r"^(January|February|March|April|May|June|July|August|September|October|"
    r"November|December) (\d{4})$"
)


def read_monthly(folder: Path) -> pd.DataFrame:
    """Long table: ADM1_EN, year, month name, µg/m³ (source row kept in the index)."""
    df = read_csv(Path(folder) / SOURCE / FILE, ["ADM1_EN"])
    months = [c for c in df.columns if c != "ADM1_EN"]
    odd = [c for c in months if not _MONTH.match(c)]
    if odd:
        raise DataError(
            [
                Problem(df.attrs["source_file"], "column is not a month 'Month YYYY'", 1, c)
                for c in odd
            ]
        )
    values = numbers(df, months)
    long = values.stack(future_stack=True).rename("pm25").reset_index()
    long.columns = ["source_row", "month", "pm25"]
    long["year"] = long["month"].str[-4:].astype(int)
    long["ADM1_EN"] = long["source_row"].map(df["ADM1_EN"])
    return long


def load(ctx: SourceContext) -> pd.DataFrame:
    """Annual mean of the monthly values per province and year, weighted by population.

    ``ctx.population`` (code, year, total) gives each province-year its weight, so that
    roll-ups to the country are population-weighted means, never plain averages.
    2018 starts in February, so its mean covers 11 months.
    """
    long = read_monthly(ctx.folder)
    annual = long.groupby(["source_row", "ADM1_EN", "year"], as_index=False)["pm25"].mean()
    annual["code"] = match_provinces(annual["ADM1_EN"], ctx.names)
    weights = ctx.population.set_index(["code", "year"])["total"]
    annual["weight"] = [
        weights.get((c, y)) for c, y in zip(annual["code"], annual["year"], strict=True)
    ]
    annual.index = annual["source_row"]
    frame = pd.DataFrame(
        {
            "value": annual["pm25"],
            "numerator": annual["pm25"] * annual["weight"],
            "denominator": annual["weight"],
        }
    )
    return observations(
        ctx.catalogue.by_source(SOURCE),
        frame,
        period=annual["year"],
        source=SOURCE,
        codes=annual["code"],
        names=annual["ADM1_EN"],
    )
