"""Forest area by province, 2558 (Royal Forest Department): SDG 15.1.1, one year.

The share is forest area over the province's total area, both in rai, as the source prints
them (its ``forestPct`` differs from that ratio in 19 north-eastern provinces; the ratio is
used). Ang Thong's ``ไม่มีพื้นที่ป่าไม้`` ("no forest area") is a true zero, not a blank.
Provinces are matched by their Thai names (the English ones carry odd spellings).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from warroom.indicators.catalogue import Indicator
from warroom.indicators.loaders.common import numbers, observations, plain, read_csv
from warroom.indicators.loaders.context import SourceContext
from warroom.indicators.loaders.province_panel import match_provinces
from warroom.indicators.rollup import RollupResult

SOURCE = "forest_area_2558"
FILE = "forest_area_by_province_2558.csv"
PERIOD = 2015  # 2558 BE
NO_FOREST = "ไม่มีพื้นที่ป่าไม้"  # the source's words for a province without forest: 0
NATIONAL_RAI = 102_240_981.84  # RFD's national forest area for 2558 (the README)
ROUNDING = 0.005 + 1e-9  # points: the printed share has two decimals


def read(folder: Path) -> pd.DataFrame:
    """forest and total area (rai), the printed share and the Thai name, by source row."""
    df = read_csv(
        Path(folder) / SOURCE / FILE, ["thaiName", "totalArea", "forestArea", "forestPct"]
    )
    forest = df["forestArea"].mask(df["forestArea"].str.strip() == NO_FOREST, "0")
    values = numbers(df.assign(forestArea=forest), ["totalArea", "forestArea", "forestPct"])
    values["name"] = df["thaiName"].str.strip()
    values.attrs = df.attrs
    return values


def load(ctx: SourceContext) -> pd.DataFrame:
    """Forest area (rai) and forest share of the total area (%) per province, 2558."""
    values = read(ctx.folder)
    return observations(
        ctx.catalogue.by_source(SOURCE),
        lambda ind: _values(ind, values),
        period=PERIOD,
        source=SOURCE,
        codes=match_provinces(values["name"], ctx.names),
        names=values["name"],
    )


def _values(ind: Indicator, values: pd.DataFrame) -> pd.DataFrame:
    forest, total = values["forestArea"], values["totalArea"]
    if ind.id == "forest.area_rai":
        return plain(forest)
    if ind.id == "forest.area_share":
        total = total.where(total > 0)
        return pd.DataFrame(
            {
                "value": (ind.scale or 100) * forest / total,
                "numerator": forest,
                "denominator": total,
            }
        )
    raise KeyError(f"{ind.id}: no rule in the forest loader")


def printed_share_differs(folder: Path) -> pd.Series:
    """Provinces (Thai names) whose printed ``forestPct`` differs from forest ÷ total area by
    more than its rounding (two decimals: 0.005 points): the printed figure, by name."""
    values = read(folder)
    ratio = 100 * values["forestArea"] / values["totalArea"]
    differ = (values["forestPct"] - ratio).abs() > ROUNDING
    return pd.Series(values.loc[differ, "forestPct"].to_numpy(), index=values.loc[differ, "name"])


def crosscheck(ctx: SourceContext, result: RollupResult) -> list[dict]:
    """The provinces' forest area adds up to RFD's national 102,240,981.84 rai."""
    obs = result.observations
    country = obs[(obs["indicator_id"] == "forest.area_rai") & (obs["area_code"] == "TH")]
    total = float(country["value"].iloc[0]) if len(country) else float("nan")
    return [
        {
            "source": SOURCE,
            "level": "provinces' forest area = RFD's national total (rai)",
            "compared": 1,
            "differ": int(not abs(total - NATIONAL_RAI) < 0.005),
            "published": NATIONAL_RAI,
            "sum_of_provinces": total,
            "printed_share_differs_from_ratio": len(printed_share_differs(ctx.folder)),
        }
    ]
