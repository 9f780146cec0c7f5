"""NESDC gross provincial product by sector, 1995-2020: manufacturing share and per capita
(SDG 9.2.1 proxies), GPP per capita and real growth (SDG 8.1.1 proxies).

The table is wide (one column per year) and keyed by NESDC's upper-case English names. Three
things in it are not what they look like:

- **zeros that mean "no figure"**: Bueng Kan was created in 2011 and has 0 in every column
  before; a province-year whose GPP is 0 has no figures at all (no province produces nothing);
- **exact duplicate rows** (NESDC prints e.g. "Agriculture" as a heading and as a subtotal):
  dropped; two rows with the same key and different figures are a problem;
- **a boundary change**: Nong Khai's figures before 2011 include Bueng Kan, so its real
  growth in 2011 is left out (see ``AREA_CHANGED``);
- **NESDC's own spellings** (``AMNAT CHAREON``, ``PHACHUAP KHIRI KHAN`` ...), mapped below.
  The source's own ``rename_nesdc_provinces.csv`` is not used: it swaps Si Sa Ket and Sing Buri.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from warroom.areas.names import NameIndex
from warroom.errors import DataError, Problem
from warroom.indicators.catalogue import Indicator
from warroom.indicators.loaders.common import numbers, observations, read_csv
from warroom.indicators.loaders.context import SourceContext
from warroom.indicators.rollup import RollupResult

SOURCE = "gpp_by_sector"
FILE = "nesdc_gpp_by_province_sector_1995-2020.csv"
KEY = ["level", "province_nesdc_en", "type", "sector"]
CURRENT, VOLUME = "Current Market Prices", "Chain Volume Measures"
GPP, GPP_VOLUME = "Gross provincial product (GPP)", "Gross provincial product (CVMs)"
MANUFACTURING = "Manufacturing"
POPULATION = "Population (1,000 persons)"  # thousands; NESDC's own, not DOPA's
PER_CAPITA = "GPP Per capita (Baht)"
KINGDOM_GDP = "Gross domestic product (GDP)"
# NESDC spellings that the name matcher does not know → COD-AB English names.
NESDC_SPELLINGS = {
    "AMNAT CHAREON": "Amnat Charoen",
    "SA KAEW": "Sa Kaeo",
    "PHACHUAP KHIRI KHAN": "Prachuap Khiri Khan",
    "PHRA NAKHON SRI AYUTHAYA": "Phra Nakhon Si Ayutthaya",
}
# Province-years whose area changed since the year before: Bueng Kan was split off Nong Khai
# in 2011, so Nong Khai's 2011 volume is not comparable with its 2010 one.
AREA_CHANGED = {("NONG KHAI", 2011)}
_YEAR = re.compile(r"^(19|20)\d{2}$")


def read(folder: Path) -> pd.DataFrame:
    """Long table of the source: level, province, type, sector, year, value (million baht,
    baht or thousand people, as the sector says); duplicates dropped; 0 is still 0 here."""
    df = read_csv(Path(folder) / SOURCE / FILE, KEY)
    years = [c for c in df.columns if _YEAR.match(c)]
    file = df.attrs["source_file"]
    values = numbers(df, years)
    text = df[KEY].apply(lambda s: s.str.strip().str.replace(r"\s+", " ", regex=True))
    whole = pd.concat([text, values], axis=1)
    exact = whole.duplicated(keep="first")
    clash = whole[~exact].duplicated(KEY, keep=False)
    if clash.any():
        raise DataError(
            [
                Problem(
                    file,
                    "same level, province, type and sector as another row with different figures",
                    r,
                    "sector",
                    whole.at[r, "sector"],
                )
                for r in whole[~exact].index[clash]
            ]
        )
    kept = whole[~exact]
    long = kept.melt(id_vars=KEY, value_vars=years, var_name="year", ignore_index=False)
    long["year"] = long["year"].astype(int)
    long["source_row"] = long.index
    long.attrs.update(source_file=file, duplicates_dropped=int(exact.sum()))
    return long.reset_index(drop=True)


def _wide(long: pd.DataFrame) -> pd.DataFrame:
    """Provincial rows: one row per province and year, one column per (type, sector) used."""
    prov = long[long["level"] == "Provincial"]
    wanted = {(CURRENT, GPP), (CURRENT, MANUFACTURING), (CURRENT, POPULATION), (VOLUME, GPP_VOLUME)}
    prov = prov[[(t, s) in wanted for t, s in zip(prov["type"], prov["sector"], strict=True)]]
    wide = prov.pivot_table(
        index=["province_nesdc_en", "year"],
        columns="sector",
        values="value",
        aggfunc="first",
    )
    rows = prov.groupby(["province_nesdc_en", "year"])["source_row"].min()
    wide["source_row"] = rows
    # A province-year with no product has no figures at all (Bueng Kan before 2011).
    present = wide[GPP] > 0
    figures = [c for c in wide.columns if c != "source_row"]
    wide[figures] = wide[figures].where(present, np.nan)
    return wide.reset_index()


def match(names: pd.Series, index: NameIndex) -> pd.Series:
    """P-code of each NESDC province name ('' where nothing or several match)."""
    return names.map(lambda n: index.match(NESDC_SPELLINGS.get(n, n), "province") or "")


def load(ctx: SourceContext) -> pd.DataFrame:
    """Every GPP indicator per province and year."""
    wide = _wide(read(ctx.folder))
    wide = wide.sort_values(["province_nesdc_en", "year"])
    previous = wide.groupby("province_nesdc_en")[GPP_VOLUME].shift(1)
    previous_year = wide.groupby("province_nesdc_en")["year"].shift(1)
    changed = [
        (n, y) in AREA_CHANGED for n, y in zip(wide["province_nesdc_en"], wide["year"], strict=True)
    ]
    previous = previous.where((previous_year == wide["year"] - 1) & ~pd.Series(changed, wide.index))
    wide = wide.assign(previous_volume=previous).set_index("source_row", drop=False)
    return observations(
        ctx.catalogue.by_source(SOURCE),
        lambda ind: _values(ind, wide),
        period=wide["year"],
        source=SOURCE,
        codes=match(wide["province_nesdc_en"], ctx.names),
        names=wide["province_nesdc_en"],
    )


def _ratio(ind: Indicator, num: pd.Series, den: pd.Series) -> pd.DataFrame:
    return pd.DataFrame(
        {"value": ind.scale * num / den.where(den > 0), "numerator": num, "denominator": den}
    )


def _values(ind: Indicator, wide: pd.DataFrame) -> pd.DataFrame:
    if ind.id == "gpp.manufacturing_share":
        return _ratio(ind, wide[MANUFACTURING], wide[GPP])
    if ind.id == "gpp.manufacturing_per_capita":
        return _ratio(ind, wide[MANUFACTURING], wide[POPULATION])
    if ind.id == "gpp.per_capita":
        return _ratio(ind, wide[GPP], wide[POPULATION])
    if ind.id == "gpp.real_growth":
        # Growth of chain volumes, weighted up by the previous year's volume, so that the
        # country's figure is the growth of the sum of provinces.
        prev = wide["previous_volume"].where(wide["previous_volume"] > 0)
        growth = 100 * (wide[GPP_VOLUME] / prev - 1)
        return pd.DataFrame(
            {"value": growth, "numerator": growth * prev, "denominator": prev.where(growth.notna())}
        )
    raise KeyError(f"{ind.id}: no rule in the GPP loader")


def published_per_capita(folder: Path, index: NameIndex) -> pd.DataFrame:
    """NESDC's own GPP per capita by province and GDP per capita of the kingdom (code ``TH``),
    for cross-checking our ratio of sums: columns code, year, value."""
    long = read(folder)
    rows = long[
        (long["type"] == CURRENT)
        & long["sector"].isin([PER_CAPITA, "GDP Per capita (Baht)"])
        & long["level"].isin(["Provincial", "Whole Kingdom"])
    ]
    codes = match(rows["province_nesdc_en"], index).where(rows["level"] == "Provincial", "TH")
    return pd.DataFrame({"code": codes, "year": rows["year"], "value": rows["value"]})


def crosscheck(ctx: SourceContext, result: RollupResult) -> list[dict]:
    """NESDC's published GPP per capita (provinces) and GDP per capita (kingdom) against our
    ratio of summed product over summed population (rounding: within 1 baht)."""
    published = published_per_capita(ctx.folder, ctx.names)
    published = published[published["value"] > 0]
    obs = result.observations
    ours = obs[obs["indicator_id"] == "gpp.per_capita"].set_index(["area_code", "period"])
    mine = ours["value"].reindex(pd.MultiIndex.from_frame(published[["code", "year"]]))
    bad = ~(np.abs(mine.to_numpy() - published["value"].to_numpy()) <= 1)
    return [
        {
            "source": SOURCE,
            "level": "province and kingdom per capita",
            "compared": len(published),
            "differ": int(bad.sum()),
        }
    ]
