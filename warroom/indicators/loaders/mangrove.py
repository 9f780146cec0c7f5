"""Mangrove forest area by coastal province, five DMCR surveys 2539-2557 (NSO): SDG 14.2.

Partial: 21 of the 24 coastal provinces. Trang, Ranong and Phuket are missing from this copy
(together 619.3 km² in 2557), so the kingdom is not the sum of the provinces: the source's
printed kingdom row is loaded as the country's own value, and the provinces are checked
against the printed Gulf of Thailand total (which they add up to). Inland provinces have no
mangrove by nature: the screens say "not applicable: no coast" (``area_notes.csv``), never
"no data". Narathiwat's "-" in 2539-2547 stays blank.
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

SOURCE = "mangrove_area"
FILE = "mangrove_area_sqkm_by_province_1996-2014_PARTIAL.csv"
VALUE = "mangrove_area_sqkm"
COUNTRY, PROVINCE = "country", "province"
GULF, ANDAMAN = "coast_total_gulf", "coast_total_andaman"
LEVELS = (COUNTRY, PROVINCE, GULF, ANDAMAN)
# The 24 provinces with a coast (Bangkok's Bang Khun Thian included), by sea.
ANDAMAN_PROVINCES = ("TH81", "TH82", "TH83", "TH85", "TH91", "TH92")
GULF_PROVINCES = (
    "TH10", "TH11", "TH20", "TH21", "TH22", "TH23", "TH24", "TH74", "TH75", "TH76",
    "TH77", "TH80", "TH84", "TH86", "TH90", "TH93", "TH94", "TH96",
)  # fmt: skip
COASTAL = GULF_PROVINCES + ANDAMAN_PROVINCES
NOT_IN_SOURCE = ("TH83", "TH85", "TH92")  # Phuket, Ranong, Trang: coastal, missing here
HALF_UNIT = 0.05  # km²: figures are printed to 0.1 km²


def read(folder: Path, names) -> pd.DataFrame:
    """Every row: level, code (P-code for provinces, ``TH`` for the kingdom, blank for the
    two seas), year (CE), km², name; indexed by source row."""
    df = read_csv(Path(folder) / SOURCE / FILE, ["level", "dopa_code", "area_th", "year_ce", VALUE])
    file = df.attrs["source_file"]
    level = df["level"].str.strip()
    odd = ~level.isin(LEVELS)
    if odd.any():
        raise DataError(
            [Problem(file, "unknown level", r, "level", df.at[r, "level"]) for r in df.index[odd]]
        )
    values = numbers(df, ["year_ce", VALUE])
    code = pd.Series("", index=df.index, dtype=object)
    provinces = df[level == PROVINCE]
    code[provinces.index] = checked_codes(provinces, "dopa_code", "area_th", names)
    code[level == COUNTRY] = "TH"
    return pd.DataFrame(
        {
            "level": level,
            "code": code,
            "year": values["year_ce"].astype(int),
            "km2": values[VALUE],
            "name": df["area_th"],
        },
        index=df.index,
    )


def load(ctx: SourceContext) -> pd.DataFrame:
    """Mangrove area (km²) of each province in the source, and the printed kingdom."""
    rows = read(ctx.folder, ctx.names)
    rows = rows[rows["level"].isin([PROVINCE, COUNTRY])]
    return observations(
        ctx.catalogue.by_source(SOURCE),
        plain(rows["km2"]),
        period=rows["year"],
        source=SOURCE,
        codes=rows["code"],
        names=rows["name"],
    )


def _within_rounding(summed: pd.Series, printed: pd.Series, figures: pd.Series) -> pd.Series:
    """True where a sum of figures printed to 0.1 km² agrees with a printed total within the
    rounding of what was summed (0.05 km² per figure): the source's totals are sums of the
    unrounded survey areas."""
    return (summed - printed).abs() <= HALF_UNIT * figures + 1e-9


def crosscheck(ctx: SourceContext, result: RollupResult) -> list[dict]:
    """The Gulf provinces add up to the printed Gulf total, and Gulf + Andaman to the printed
    kingdom, each survey, within the rounding of the figures summed (the Gulf is 0.1-0.2 km²
    off in 2543, 2547 and 2557); the Andaman provinces the source lacks (Trang, Ranong,
    Phuket) are the printed Andaman total minus the three it has."""
    rows = read(ctx.folder, ctx.names)
    printed = rows[rows["level"] != PROVINCE].pivot_table(
        index="year", columns="level", values="km2", aggfunc="first"
    )
    obs = result.observations
    ours = obs[(obs["indicator_id"] == "mangrove.area_km2") & (obs["area_code"].str.len() == 4)]
    gulf_rows = ours[ours["area_code"].isin(GULF_PROVINCES)].groupby("period")["value"]
    gulf, figures = gulf_rows.sum().reindex(printed.index), gulf_rows.count()
    andaman_present = ours[~ours["area_code"].isin(GULF_PROVINCES)].groupby("period")["value"]
    seas = printed[GULF] + printed[ANDAMAN]
    gulf_ok = _within_rounding(gulf, printed[GULF], figures.reindex(printed.index))
    seas_ok = _within_rounding(seas, printed[COUNTRY], pd.Series(2, index=printed.index))
    missing = (printed[ANDAMAN] - andaman_present.sum().reindex(printed.index)).round(1)
    return [
        {
            "source": SOURCE,
            "level": "Gulf of Thailand provinces = printed Gulf total (within rounding)",
            "compared": len(printed),
            "differ": int((~gulf_ok).sum()),
            "largest_difference_km2": round(float((gulf - printed[GULF]).abs().max()), 1),
        },
        {
            "source": SOURCE,
            "level": "printed Gulf + Andaman = printed kingdom (within rounding)",
            "compared": len(printed),
            "differ": int((~seas_ok).sum()),
            "andaman_not_in_source_km2": {int(y): float(v) for y, v in missing.items()},
        },
    ]
