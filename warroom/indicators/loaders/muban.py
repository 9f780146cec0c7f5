"""Villages (muban) per tambon, from DOPA's register (about 2022)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from warroom.indicators.loaders.common import (
    dopa_codes,
    numbers,
    observations,
    plain,
    read_csv,
)
from warroom.indicators.loaders.context import SourceContext

SOURCE = "muban"
FILE = "muban_count_per_tambon.csv"
PERIOD = 2022


def load(ctx: SourceContext) -> pd.DataFrame:
    """Current village counts per tambon (obsolete or moved tambons keep their rows; Bangkok
    khwaeng without a polygon are counted on the one they were carved out of)."""
    columns = ["tambon_geocode", "tambon_name_th", "muban_count_current"]
    df = read_csv(Path(ctx.folder) / SOURCE / FILE, columns)
    codes = dopa_codes(df, "tambon_geocode")
    if ctx.crosswalk is not None:
        codes = ctx.crosswalk.apply(codes)
    values = numbers(df, ["muban_count_current"])
    return observations(
        ctx.catalogue.by_source(SOURCE),
        plain(values["muban_count_current"]),
        period=PERIOD,
        source=SOURCE,
        codes=codes,
        names=df["tambon_name_th"],
    )
