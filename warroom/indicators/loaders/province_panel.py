"""Province waste and socio-economic panel 2013-2022, keyed by upper-case English names.

The panel's total waste generated (``MSW_GenRate(ton/d)``, and the per-person column made
from it) is out of step with its rows in 2014-2022: in those years the column is sorted by
the Thai province name in plain code-point order (เชียงราย, เชียงใหม่, เพชรบุรี … after
อุบลราชธานี) while the rows are in Thai dictionary order. Its parts (recycled, properly and
improperly disposed) are on the right rows: they add up to the total in 2013 and their
national sums equal the total's every year. ``aligned_totals`` reads each year's total on
the row of the province it belongs to, checked against the parts.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from warroom.areas.names import NameIndex
from warroom.indicators.loaders.common import (
    evaluate,
    expression_columns,
    numbers,
    observations,
    read_csv,
)
from warroom.indicators.loaders.context import SourceContext

SOURCE = "province_panel"
FILE = "waste_and_socioeconomic_by_province_2013-2022.csv"
MISSING = ("?",)  # the panel marks unknown figures with a question mark
TOTAL = "MSW_GenRate(ton/d)"
PARTS = ("MSW_Reclycled", "MSW_ProperDisposed", "MSW_ImproperDisposed")
AGREE_TONNES = 1.0  # a total agrees with its parts within rounding (t/day)
MOST = 0.9  # a year's totals are on their rows when this share of them agrees with the parts


def match_provinces(names: pd.Series, index: NameIndex) -> pd.Series:
    """P-code for each province name ('' where nothing or several match)."""
    return names.map(lambda n: index.match(n, "province") or "")


def _agreement(total: pd.Series, parts: pd.Series) -> float:
    """Share of the rows with all parts whose total equals the parts' sum (within rounding)."""
    has = parts.notna()
    if not has.any():
        return 1.0
    return float(((total - parts).abs() <= AGREE_TONNES)[has].mean())


def aligned_totals(values: pd.DataFrame, thai_names: pd.Series) -> tuple[pd.Series, list[int]]:
    """Total waste generated on the row of the province it belongs to, and the years re-read.

    A year whose totals agree with the sum of their parts in at least ``MOST`` of the rows
    is kept as published. Otherwise its totals are read in the order of the Thai names in
    code-point order (the order the source's column was sorted in), if that agrees with the
    parts; failing that, the total is the sum of its parts (none where a part is missing).
    """
    total = values[TOTAL].copy()
    parts = values[list(PARTS)].sum(axis=1, min_count=len(PARTS))
    reread = []
    for year, rows in values.groupby("Year", sort=True).groups.items():
        if _agreement(total[rows], parts[rows]) >= MOST:
            continue
        names = thai_names[rows].fillna("").to_numpy(dtype=str)
        order = np.argsort(names, kind="stable")  # code-point order of the Thai names
        shifted = pd.Series(np.nan, index=rows)
        shifted.iloc[order] = total[rows].to_numpy()
        total[rows] = shifted if _agreement(shifted, parts[rows]) >= MOST else parts[rows]
        reread.append(int(year))
    return total, reread


def load(ctx: SourceContext) -> pd.DataFrame:
    """Every panel indicator at province level, one period per ``Year`` (CE); the total
    waste generated read on its own rows (``aligned_totals``)."""
    indicators = ctx.catalogue.by_source(SOURCE)
    needed = sorted({c for ind in indicators for c in expression_columns(ind)} | {TOTAL, *PARTS})
    df = read_csv(Path(ctx.folder) / SOURCE / FILE, ["Year", "Prov", *needed])
    values = numbers(df, ["Year", *needed], missing=MISSING)
    codes = match_provinces(df["Prov"], ctx.names)
    thai = codes.map(ctx.areas.set_index("code")["name_th"])
    values[TOTAL], _ = aligned_totals(values, thai)
    return observations(
        indicators,
        lambda ind: evaluate(ind, values),
        period=values["Year"].astype(int),
        source=SOURCE,
        codes=codes,
        names=df["Prov"],
    )
