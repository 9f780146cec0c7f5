"""TPMAP 2561 (2018): target poor, five dimensions, and the 31 BMN (จปฐ.) indicators."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from warroom.indicators.loaders.common import (
    dopa_codes,
    evaluate,
    expression_columns,
    numbers,
    observations,
    read_csv,
)
from warroom.indicators.loaders.context import SourceContext
from warroom.indicators.rollup import RollupResult

SOURCE = "tpmap2561"
PERIOD = 2018  # TPMAP 2561 BE
FILES = {
    "tambon": ("tpmap2561_tambon.csv", "tumbol_ID"),
    "district": ("tpmap2561_amphoe.csv", "amphur_ID"),
    "province": ("tpmap2561_province.csv", "province_ID"),
}


def load(ctx: SourceContext, level: str = "tambon") -> pd.DataFrame:
    """Observations of every TPMAP indicator at one published level (tambon by default)."""
    filename, key = FILES[level]
    indicators = ctx.catalogue.by_source(SOURCE)
    needed = sorted({c for ind in indicators for c in expression_columns(ind)})
    df = read_csv(Path(ctx.folder) / SOURCE / filename, [key, *needed])
    values = numbers(df, needed)
    return observations(
        indicators,
        lambda ind: evaluate(ind, values),
        period=PERIOD,
        source=SOURCE,
        codes=dopa_codes(df, key),
    )


def crosscheck(ctx: SourceContext, result: RollupResult) -> list[dict]:
    """Compare rolled-up TPMAP figures with TPMAP's own district and province files."""
    checks = []
    obs = result.observations
    ours = obs[obs["source"] == SOURCE][["area_code", "indicator_id", "value"]]
    for level in ("district", "province"):
        published = load(ctx, level=level)
        published = published[published["value"].notna()]
        both = published.merge(
            ours,
            left_on=["code", "indicator_id"],
            right_on=["area_code", "indicator_id"],
            how="left",
            suffixes=("", "_ours"),
        )
        diff = np.abs(both["value_ours"] - both["value"])
        bad = ~(diff <= 1e-6 * np.maximum(1, np.abs(both["value"])))
        differ = both.loc[bad, "indicator_id"].value_counts().to_dict()
        checks.append(
            {
                "source": SOURCE,
                "level": level,
                "compared": len(published),
                "differ": int(bad.sum()),
                "differ_by_indicator": differ,
            }
        )
    return checks


def published_totals(folder: Path) -> pd.Series:
    """The country file's published totals (for cross-checking the roll-up)."""
    df = read_csv(
        Path(folder) / SOURCE / "tpmap2561_country.csv", ["poor.JPT.MOFval.CNT", "HOUSEMEMBER_CNT"]
    )
    return numbers(df, list(df.columns)).iloc[0]
