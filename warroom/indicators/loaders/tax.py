"""Revenue Department tax collected by province, fiscal year 2566 (SDG 17.1.1 proxy).

Amounts are attributed to the province of the collecting office: large taxpayers file at
head offices in Bangkok, so Bangkok's share (about two thirds) is not Bangkok's economy. Per
person, the amounts are divided by DOPA's registered population of December 2022, the
registry date nearest the middle of the fiscal year (October 2022 - September 2023).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from warroom.errors import DataError, Problem
from warroom.indicators.catalogue import Indicator
from warroom.indicators.loaders.common import numbers, observations, plain, read_csv
from warroom.indicators.loaders.context import SourceContext
from warroom.indicators.loaders.province_panel import match_provinces

SOURCE = "tax_revenue"
FILE = "revenue_dept_tax_collected_by_province_form_fy2566.csv"
FISCAL_YEAR_BE = 2566
PERIOD = 2023  # fiscal 2566 ends in September 2023
POPULATION_YEAR = 2022


def load(ctx: SourceContext) -> pd.DataFrame:
    """Tax collected per province (baht) and per registered person (``ctx.population``:
    DOPA registered population by province)."""
    df = read_csv(Path(ctx.folder) / SOURCE / FILE, ["YEA_GOV", "PROV", "AMT_RCV"])
    file = df.attrs["source_file"]
    values = numbers(df, ["YEA_GOV", "AMT_RCV"])
    problems = [
        Problem(file, f"fiscal year is not {FISCAL_YEAR_BE}", r, "YEA_GOV", df.at[r, "YEA_GOV"])
        for r in df.index[values["YEA_GOV"] != FISCAL_YEAR_BE]
    ]
    problems += [
        Problem(file, "a negative or missing amount", r, "AMT_RCV", df.at[r, "AMT_RCV"])
        for r in df.index[~(values["AMT_RCV"] >= 0)]
    ]
    if problems:
        raise DataError(problems)
    rows = df.assign(amount=values["AMT_RCV"], source_row=df.index)
    per = rows.groupby("PROV", sort=True).agg(
        amount=("amount", "sum"), source_row=("source_row", "min")
    )
    per = per.reset_index().set_index("source_row")
    codes = match_provinces(per["PROV"], ctx.names)
    population = ctx.population
    people = population[population["year"] == POPULATION_YEAR].set_index("code")["total"]
    per["people"] = codes.map(people)
    return observations(
        ctx.catalogue.by_source(SOURCE),
        lambda ind: _values(ind, per),
        period=PERIOD,
        source=SOURCE,
        codes=codes,
        names=per["PROV"],
    )


def _values(ind: Indicator, per: pd.DataFrame) -> pd.DataFrame:
    if ind.rollup == "sum":
        return plain(per["amount"])
    return pd.DataFrame(
        {
            "value": ind.scale * per["amount"] / per["people"],
            "numerator": per["amount"],
            "denominator": per["people"],
        }
    )
