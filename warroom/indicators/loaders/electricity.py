"""Electricity users and kWh sold and used by province, 2555-2564 (NSO, from MEA and PEA).

Proxies of SDG 7.1 (access to electricity is about 100 % everywhere; use is what differs):
users and kWh per province, kWh per registered person and users per registered house (DOPA,
December of the same year). Three things in the source are not what they look like:

- its first block, labelled ``ภาคกลาง``, is the MEA area (Bangkok, Samut Prakan, Nonthaburi);
- its ``ทั่วราชอาณาจักร`` block is the PEA area only: the kingdom is derived from the 77
  provinces (the roll-up), never read from that block;
- MEA and PEA count different user categories: only the totals are compared.

The province totals come from the totals file; the wide file's blocks are the cross-check.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from warroom.indicators.catalogue import Indicator
from warroom.indicators.loaders.common import (
    checked_codes,
    numbers,
    observations,
    plain,
    read_csv,
)
from warroom.indicators.loaders.context import SourceContext
from warroom.indicators.rollup import RollupResult

SOURCE = "electricity_by_province"
FILE = "electricity_total_by_province_2555-2564.csv"
WIDE_FILE = "electricity_by_province_2555-2564_wide.csv"
USERS, KWH = "electricity_users", "electricity_kwh_sold_and_used"
MEA_PROVINCES = ("TH10", "TH11", "TH12")  # Bangkok, Samut Prakan, Nonthaburi
MEA_BLOCK = "MEA service area"  # how the wide file relabels the source's first ``ภาคกลาง``
PEA_BLOCK = "ทั่วราชอาณาจักร"  # labelled the kingdom in the source: the PEA area only
PEA_REGIONS = ("ภาคกลาง", "ภาคเหนือ", "ภาคตะวันออกเฉียงเหนือ", "ภาคใต้")
TOTAL = "TOTAL"
MEASURES = {"users": USERS, "kwh": KWH}
_YEAR = re.compile(r"^y(\d{4})$")


def read(folder: Path, names) -> pd.DataFrame:
    """Province totals: code, year (CE), users, kWh, name; indexed by source row."""
    df = read_csv(Path(folder) / SOURCE / FILE, ["dopa_code", "province_th", "year_ce", USERS, KWH])
    values = numbers(df, ["year_ce", USERS, KWH])
    return pd.DataFrame(
        {
            "code": checked_codes(df, "dopa_code", "province_th", names),
            "year": values["year_ce"].astype(int),
            "users": values[USERS],
            "kwh": values[KWH],
            "name": df["province_th"],
        },
        index=df.index,
    )


def load(ctx: SourceContext) -> pd.DataFrame:
    """Users, kWh, kWh per registered person and users per registered house per province."""
    rows = read(ctx.folder, ctx.names)
    population = ctx.population.set_index(["code", "year"])
    key = pd.MultiIndex.from_frame(rows[["code", "year"]])
    rows["people"] = population["total"].reindex(key).to_numpy()
    rows["houses"] = population["households"].reindex(key).to_numpy()
    return observations(
        ctx.catalogue.by_source(SOURCE),
        lambda ind: _values(ind, rows),
        period=rows["year"],
        source=SOURCE,
        codes=rows["code"],
        names=rows["name"],
    )


def _values(ind: Indicator, rows: pd.DataFrame) -> pd.DataFrame:
    parts = {
        "electricity.users": ("users", None),
        "electricity.kwh": ("kwh", None),
        "electricity.kwh_per_person": ("kwh", "people"),
        "electricity.users_per_house": ("users", "houses"),
    }
    if ind.id not in parts:
        raise KeyError(f"{ind.id}: no rule in the electricity loader")
    num, den = parts[ind.id]
    if den is None:
        return plain(rows[num])
    scale = ind.scale or 1
    denominator = rows[den].where(rows[den] > 0)
    return pd.DataFrame(
        {
            "value": scale * rows[num] / denominator,
            "numerator": rows[num],
            "denominator": denominator,
        }
    )


def blocks(folder: Path) -> pd.DataFrame:
    """The wide file's TOTAL rows of users and kWh in long form: block, measure, year, value
    (``block`` is the P-code of a province, ``MEA``, ``PEA`` or a PEA region's Thai name)."""
    df = read_csv(Path(folder) / SOURCE / WIDE_FILE, ["adm1_pcode", "area_th", "measure"])
    years = [c for c in df.columns if _YEAR.match(c)]
    rows = df[(df["category_th"] == TOTAL) & df["measure"].isin(list(MEASURES))]
    values = numbers(rows, years)
    area = rows["area_th"].str.strip()
    block = rows["adm1_pcode"].str.strip()
    block = block.mask(block == "", area)
    block = block.mask(area.str.startswith(MEA_BLOCK), "MEA").mask(area == PEA_BLOCK, "PEA")
    wide = values.assign(block=block, measure=rows["measure"].map(MEASURES))
    long = wide.melt(id_vars=["block", "measure"], value_vars=years, var_name="year")
    long["year"] = long["year"].str[1:].astype(int) - 543
    return long


def crosscheck(ctx: SourceContext, result: RollupResult) -> list[dict]:
    """The provinces against the source's own blocks, every year, users and kWh.

    The MEA block equals Bangkok + Samut Prakan + Nonthaburi; the PEA block (the source's
    "kingdom") equals the other 74 provinces, users exactly, kWh as printed (three
    significant figures); the four PEA regions add up to the same 74 exactly; and the wide
    file's province rows equal the totals file.
    """
    long = blocks(ctx.folder)
    obs = result.observations
    ours = obs[obs["indicator_id"].isin(["electricity.users", "electricity.kwh"])]
    ours = ours.assign(
        measure=ours["indicator_id"].map({"electricity.users": USERS, "electricity.kwh": KWH})
    )
    provinces = ours[ours["area_code"].str.len() == 4]
    mea = provinces["area_code"].isin(MEA_PROVINCES)
    sums = {
        "MEA": provinces[mea].groupby(["measure", "period"])["value"].sum(),
        "PEA": provinces[~mea].groupby(["measure", "period"])["value"].sum(),
    }
    printed = long.set_index(["block", "measure", "year"])["value"]
    regions = long[long["block"].isin(PEA_REGIONS)].groupby(["measure", "year"])["value"].sum()

    def compare(level: str, mine: pd.Series, theirs: pd.Series, digits: int | None = None):
        theirs = theirs.reindex(mine.index)
        if digits is not None:
            mine = mine.map(lambda v: float(f"{v:.{digits}g}"))
        return {
            "source": SOURCE,
            "level": level,
            "compared": len(mine),
            "differ": int((mine != theirs).sum()),
        }

    province_rows = long[long["block"].str.fullmatch(r"TH\d{2}")]
    theirs_prov = province_rows.set_index(["block", "measure", "year"])["value"]
    mine_prov = provinces.set_index(["area_code", "measure", "period"])["value"]
    mine_prov.index.names = theirs_prov.index.names
    users_pea = sums["PEA"].loc[[USERS]]
    kwh_pea = sums["PEA"].loc[[KWH]]
    return [
        compare("MEA block = Bangkok + Samut Prakan + Nonthaburi", sums["MEA"], printed.loc["MEA"]),
        compare(
            "PEA 'kingdom' block users = the other 74 provinces", users_pea, printed.loc["PEA"]
        ),
        compare(
            "PEA 'kingdom' block kWh (3 significant figures) = the other 74",
            kwh_pea,
            printed.loc["PEA"],
            digits=3,
        ),
        compare("four PEA regions = the other 74 provinces", sums["PEA"], regions),
        compare("wide file's province totals = the totals file", mine_prov, theirs_prov),
    ]
