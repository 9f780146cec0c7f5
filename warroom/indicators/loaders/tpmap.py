"""TPMAP 2561 (2018): target poor, five dimensions, and the 31 BMN (จปฐ.) indicators."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from warroom.indicators.catalogue import Catalogue
from warroom.indicators.loaders.common import (
    dopa_codes,
    evaluate,
    expression_columns,
    numbers,
    read_csv,
    tidy,
)

SOURCE = "tpmap2561"
PERIOD = 2018  # TPMAP 2561 BE
FILES = {
    "tambon": ("tpmap2561_tambon.csv", "tumbol_ID"),
    "district": ("tpmap2561_amphoe.csv", "amphur_ID"),
    "province": ("tpmap2561_province.csv", "province_ID"),
}


def load(folder: Path, catalogue: Catalogue, level: str = "tambon") -> pd.DataFrame:
    """Observations of every TPMAP indicator at one published level (tambon by default)."""
    filename, key = FILES[level]
    indicators = catalogue.by_source(SOURCE)
    needed = sorted({c for ind in indicators for c in expression_columns(ind)})
    df = read_csv(Path(folder) / SOURCE / filename, [key, *needed])
    codes = dopa_codes(df, key)
    values = numbers(df, needed)
    frames = [
        tidy(evaluate(ind, values), indicator_id=ind.id, period=PERIOD, source=SOURCE, codes=codes)
        for ind in indicators
    ]
    return pd.concat(frames, ignore_index=True)


def published_totals(folder: Path) -> pd.Series:
    """The country file's published totals (for cross-checking the roll-up)."""
    df = read_csv(
        Path(folder) / SOURCE / "tpmap2561_country.csv", ["poor.JPT.MOFval.CNT", "HOUSEMEMBER_CNT"]
    )
    return numbers(df, list(df.columns)).iloc[0]
