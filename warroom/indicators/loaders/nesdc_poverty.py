"""NESDC poverty headcount by province and sex, 2549-2554 (SDG 1.2.1, direct), and the
poverty line by province, 2549-2550.

Consumption-based poverty from the NSO Socio-Economic Survey (NESDC table 3.3, 2013 vintage).
A province's rate is the printed one (its poor and population, printed in thousands, are
kept beside it: their ratio is up to 0.05 points off the printed rate). The rates are not
rolled up (``rollup`` ``none``): there is no level between province and country, and the
printed kingdom rows are the country's own values (the 76 provinces add up to them: the
cross-check). ``both`` rows are derived in the source's copy (male + female poor over male
+ female population) and are checked against the rate printed in the poverty-line file for
2549 and 2550.

Bueng Kan (TH38) did not exist before 2554 and the table keeps the old 76 provinces in
every year (Bueng Kan inside Nong Khai): ``area_notes.csv`` says so on screen. NESDC later
revised its poverty-line method: these years are never spliced with newer series.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from warroom.errors import DataError, Problem
from warroom.indicators.loaders.common import (
    checked_codes,
    numbers,
    observations,
    plain,
    read_csv,
)
from warroom.indicators.loaders.context import SourceContext
from warroom.indicators.rollup import RollupResult

SOURCE = "nesdc_poverty_2549_2554"
FILE = "nesdc_poverty_by_sex_province_2549-2554.csv"
LINE_FILE = "nesdc_poverty_line_by_province_2549-2550.csv"
PCT, POOR, PEOPLE = "poverty_headcount_pct", "poor_thousand", "population_thousand"
LINE = "poverty_line_baht_per_person_month"
THOUSAND = 1000
SEXES = {"male": "male", "female": "female", "both": "both"}  # first word of ``sex``
RATES = {
    "nesdc.poverty_rate": "both",
    "nesdc.poverty_rate_male": "male",
    "nesdc.poverty_rate_female": "female",
}
RATE_TOLERANCE = 0.01  # points: printed rates have two decimals
BOTH_TOLERANCE = 0.05  # points: ``both`` is derived from poor and population in thousands
HALF_UNIT = 0.05  # thousands: poor and population are printed to 0.1 thousand


def _coded(df: pd.DataFrame, names) -> pd.DataFrame:
    """Province rows get their checked P-code, country rows ``TH``; regions are dropped."""
    level = df["level"].str.strip()
    keep = level.isin(["province", "country"])
    rows = df[keep]
    code = pd.Series("TH", index=rows.index, dtype=object)
    provinces = rows[level[keep] == "province"]
    code[provinces.index] = checked_codes(provinces, "dopa_code", "area_th", names)
    return rows.assign(code=code)


def read(folder: Path, names) -> pd.DataFrame:
    """Province and kingdom rows: code, year (CE), sex, rate (%), poor and people (persons),
    name; indexed by source row."""
    df = read_csv(
        Path(folder) / SOURCE / FILE,
        ["year_ce", "sex", "level", "dopa_code", "area_th", PCT, POOR, PEOPLE],
    )
    rows = _coded(df, names)
    sex = rows["sex"].str.split().str[0].map(SEXES)
    if sex.isna().any():
        file = df.attrs["source_file"]
        raise DataError(
            [
                Problem(file, "sex is not male, female or both", r, "sex", df.at[r, "sex"])
                for r in rows.index[sex.isna()]
            ]
        )
    values = numbers(rows, ["year_ce", PCT, POOR, PEOPLE])
    return pd.DataFrame(
        {
            "code": rows["code"],
            "year": values["year_ce"].astype(int),
            "sex": sex,
            "rate": values[PCT],
            "poor": THOUSAND * values[POOR],
            "people": THOUSAND * values[PEOPLE],
            "name": rows["area_th"],
        },
        index=rows.index,
    )


def read_line(folder: Path, names) -> pd.DataFrame:
    """The poverty-line file's province rows: code, year, line (baht per person a month),
    rate (%), poor (persons), name; indexed by source row."""
    df = read_csv(
        Path(folder) / SOURCE / LINE_FILE,
        ["year_ce", "level", "dopa_code", "area_th", LINE, PCT, POOR],
    )
    rows = df[df["level"].str.strip() == "province"]
    values = numbers(rows, ["year_ce", LINE, PCT, POOR])
    return pd.DataFrame(
        {
            "code": checked_codes(rows, "dopa_code", "area_th", names),
            "year": values["year_ce"].astype(int),
            "line": values[LINE],
            "rate": values[PCT],
            "poor": THOUSAND * values[POOR],
            "name": rows["area_th"],
        },
        index=rows.index,
    )


def load(ctx: SourceContext) -> pd.DataFrame:
    """Poverty rates (both sexes, men, women) per province and year with the printed kingdom,
    and the poverty line per province (2549-2550)."""
    rows = read(ctx.folder, ctx.names)
    frames = []
    for ind in ctx.catalogue.by_source(SOURCE):
        if ind.id in RATES:
            one = rows[rows["sex"] == RATES[ind.id]]
            values = pd.DataFrame(
                {
                    "value": one["rate"],
                    "numerator": one["poor"].where(one["rate"].notna()),
                    "denominator": one["people"].where(one["rate"].notna()),
                }
            )
        elif ind.id == "nesdc.poverty_line":
            one = read_line(ctx.folder, ctx.names)
            values = plain(one["line"])
        else:
            raise KeyError(f"{ind.id}: no rule in the NESDC poverty loader")
        frames.append(
            observations(
                [ind],
                values,
                period=one["year"],
                source=SOURCE,
                codes=one["code"],
                names=one["name"],
            )
        )
    return pd.concat(frames, ignore_index=True)


def crosscheck(ctx: SourceContext, result: RollupResult) -> list[dict]:
    """The 76 provinces against the printed kingdom (each sex and year): poor and population
    add up to it within the rounding of the thousands summed, and in the years every
    province has a figure their ratio is the printed rate within 0.01 points (Phuket's blank
    cells leave the other years out); the derived ``both`` rate against the rate printed in
    the poverty-line file for 2549-2550, within 0.05 points."""
    rows = read(ctx.folder, ctx.names)
    provinces = rows[rows["code"] != "TH"].groupby(["sex", "year"])
    kingdom = rows[rows["code"] == "TH"].set_index(["sex", "year"])
    sums = provinces[["poor", "people"]].sum()
    counts = provinces[["poor", "people"]].count()
    slack = THOUSAND * HALF_UNIT * counts + 1e-6
    counts_off = ((sums - kingdom[["poor", "people"]].reindex(sums.index)).abs() > slack).sum()
    complete = counts["poor"] == counts["people"]
    derived = (100 * sums["poor"] / sums["people"])[complete]
    rate_off = (derived - kingdom["rate"].reindex(derived.index)).abs() > RATE_TOLERANCE
    both = rows[rows["sex"] == "both"].set_index(["code", "year"])["rate"]
    printed = read_line(ctx.folder, ctx.names).set_index(["code", "year"])["rate"]
    pairs = pd.DataFrame({"derived": both.reindex(printed.index), "printed": printed}).dropna()
    both_off = (pairs["derived"] - pairs["printed"]).abs() > BOTH_TOLERANCE + 1e-9
    return [
        {
            "source": SOURCE,
            "level": "76 provinces' poor and population = printed kingdom (by sex, year)",
            "compared": 2 * len(sums),
            "differ": int(counts_off.sum()),
        },
        {
            "source": SOURCE,
            "level": "76 provinces' poor / population = printed kingdom rate (complete years)",
            "compared": len(derived),
            "differ": int(rate_off.sum()),
        },
        {
            "source": SOURCE,
            "level": "derived 'both' rate = poverty-line file's printed rate (2549-2550)",
            "compared": len(pairs),
            "differ": int(both_off.sum()),
        },
    ]
