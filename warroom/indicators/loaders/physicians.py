"""Doctors per 100,000 people by province, 2015-2024 (Ministry of Public Health; SDG 3.c.1).

Public-sector doctors only. ``spc == "Physician"`` is the all-doctor total (never added to
the specialties). A province-year whose all-doctor total is 0 (Pattani 2015: every category
0) has no figure: no province has no doctor, so it is missing, not zero.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from warroom.indicators.loaders.common import numbers, observations, read_csv
from warroom.indicators.loaders.context import SourceContext
from warroom.indicators.loaders.province_panel import match_provinces

SOURCE = "physicians"
FILE = "physicians_density_by_province_2015-2024.csv"
ALL_DOCTORS = "Physician"
PER = 100_000


def load(ctx: SourceContext) -> pd.DataFrame:
    """Doctors per 100,000 registered people per province and year (ratio of sums)."""
    df = read_csv(Path(ctx.folder) / SOURCE / FILE, ["year", "prov", "spc", "total", "pop"])
    rows = df[df["spc"] == ALL_DOCTORS]
    values = numbers(rows, ["year", "total", "pop"])
    doctors = values["total"].where(values["total"] > 0)  # 0 doctors: no figure
    frame = pd.DataFrame(
        {
            "value": PER * doctors / values["pop"].where(values["pop"] > 0),
            "numerator": doctors,
            "denominator": values["pop"].where(doctors.notna(), np.nan),
        }
    )
    return observations(
        ctx.catalogue.by_source(SOURCE),
        frame,
        period=values["year"].astype(int),
        source=SOURCE,
        codes=match_provinces(rows["prov"], ctx.names),
        names=rows["prov"],
    )
