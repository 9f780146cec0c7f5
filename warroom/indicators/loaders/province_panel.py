"""Province waste and socio-economic panel 2013-2022, keyed by upper-case English names."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from warroom.areas.names import NameIndex
from warroom.indicators.catalogue import Catalogue
from warroom.indicators.loaders.common import (
    evaluate,
    expression_columns,
    numbers,
    read_csv,
    tidy,
)

SOURCE = "province_panel"
FILE = "waste_and_socioeconomic_by_province_2013-2022.csv"
MISSING = ("?",)  # the panel marks unknown figures with a question mark


def match_provinces(names: pd.Series, index: NameIndex) -> pd.Series:
    """P-code for each province name ('' where nothing or several match)."""
    return names.map(lambda n: index.match(n, "province") or "")


def load(folder: Path, catalogue: Catalogue, index: NameIndex) -> pd.DataFrame:
    """Every panel indicator at province level, one period per ``Year`` (CE)."""
    indicators = catalogue.by_source(SOURCE)
    needed = sorted({c for ind in indicators for c in expression_columns(ind)})
    df = read_csv(Path(folder) / SOURCE / FILE, ["Year", "Prov", *needed])
    values = numbers(df, ["Year", *needed], missing=MISSING)
    codes = match_provinces(df["Prov"], index)
    period = values["Year"].astype(int)
    frames = [
        tidy(
            evaluate(ind, values),
            indicator_id=ind.id,
            period=period,
            source=SOURCE,
            codes=codes,
            names=df["Prov"],
        )
        for ind in indicators
    ]
    return pd.concat(frames, ignore_index=True)
