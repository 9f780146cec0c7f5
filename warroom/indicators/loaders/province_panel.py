"""Province waste and socio-economic panel 2013-2022, keyed by upper-case English names."""

from __future__ import annotations

from pathlib import Path

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


def match_provinces(names: pd.Series, index: NameIndex) -> pd.Series:
    """P-code for each province name ('' where nothing or several match)."""
    return names.map(lambda n: index.match(n, "province") or "")


def load(ctx: SourceContext) -> pd.DataFrame:
    """Every panel indicator at province level, one period per ``Year`` (CE)."""
    indicators = ctx.catalogue.by_source(SOURCE)
    needed = sorted({c for ind in indicators for c in expression_columns(ind)})
    df = read_csv(Path(ctx.folder) / SOURCE / FILE, ["Year", "Prov", *needed])
    values = numbers(df, ["Year", *needed], missing=MISSING)
    return observations(
        indicators,
        lambda ind: evaluate(ind, values),
        period=values["Year"].astype(int),
        source=SOURCE,
        codes=match_provinces(df["Prov"], ctx.names),
        names=df["Prov"],
    )
