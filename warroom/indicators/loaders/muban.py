"""Villages (muban) per tambon, from DOPA's register (about 2022)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from warroom.areas.crosswalk import Crosswalk
from warroom.indicators.catalogue import Catalogue
from warroom.indicators.loaders.common import dopa_codes, numbers, read_csv, tidy

SOURCE = "muban"
FILE = "muban_count_per_tambon.csv"
PERIOD = 2022


def load(folder: Path, catalogue: Catalogue, crosswalk: Crosswalk | None = None) -> pd.DataFrame:
    """Current village counts per tambon (obsolete or moved tambons keep their rows; Bangkok
    khwaeng without a polygon are counted on the one they were carved out of)."""
    df = read_csv(
        Path(folder) / SOURCE / FILE, ["tambon_geocode", "tambon_name_th", "muban_count_current"]
    )
    codes = dopa_codes(df, "tambon_geocode")
    if crosswalk is not None:
        codes = crosswalk.apply(codes)
    values = numbers(df, ["muban_count_current"])
    frame = pd.DataFrame(
        {"value": values["muban_count_current"], "numerator": np.nan, "denominator": np.nan}
    )
    (ind,) = catalogue.by_source(SOURCE)
    return tidy(
        frame,
        indicator_id=ind.id,
        period=PERIOD,
        source=SOURCE,
        codes=codes,
        names=df["tambon_name_th"],
    )
