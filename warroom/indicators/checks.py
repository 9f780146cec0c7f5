"""Screen loaders' observations before the roll-up: missing is missing, a copy is not a year.

- A value the source does not have is left out of the store (never stored as 0 or blank).
- A period in which an indicator is 0 for every area is a period the source did not publish
  (the panel's household income in the years the survey did not run): left out.
- A period whose values equal another period's for every area (the panel's 2018, a copy of
  2017) is not a new observation: left out, and reported.
- A 0 of an indicator whose catalogue row says ``zero_is_missing`` (the panel's unemployment
  rate: 0.0 % in a province-year is a survey that found nobody unemployed in its sample) is a
  sampling zero, not a measured 0: left out, reported, and kept in ``excluded`` so that every
  screen says why the area is grey instead of ranking it best.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

import pandas as pd

MIN_AREAS = 2  # a "repeat" of a single area's value can be chance
SAMPLING_ZERO = "sampling_zero"
SAMPLING_ZERO_REASON = "0 in a sample survey: a sampling zero, not a measured 0"
# The store's ``excluded`` rows: source values not stored as figures, and why.
EXCLUDED_COLUMNS = ["area_code", "indicator_id", "period", "value", "source", "rule", "reason"]


@dataclass
class Screened:
    """Observations to roll up, and what was left out and why."""

    observations: pd.DataFrame
    missing: list[dict] = field(default_factory=list)  # source, indicator_id, reason, periods
    repeated: list[dict] = field(default_factory=list)  # source, indicator_id, period, repeats
    # Values left out that every screen explains (``EXCLUDED_COLUMNS``): sampling zeros.
    excluded: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=EXCLUDED_COLUMNS))


def all_zero_periods(raw: pd.DataFrame) -> pd.DataFrame:
    """(indicator_id, period) pairs whose every value is 0 (at least ``MIN_AREAS`` values)."""
    has = raw[raw["value"].notna()]
    stats = has.groupby(["indicator_id", "period"])["value"].agg(
        n="size", zero=lambda v: bool((v == 0).all())
    )
    return stats[(stats["n"] >= MIN_AREAS) & stats["zero"]].reset_index()[
        ["indicator_id", "period"]
    ]


def repeated_periods(raw: pd.DataFrame) -> pd.DataFrame:
    """Periods whose values equal an earlier period's for every area, per indicator.

    Columns: indicator_id, period, repeats (the earlier period), areas.
    """
    found = []
    has = raw[raw["value"].notna()]
    for ind, rows in has.groupby("indicator_id", sort=False):
        seen: dict[tuple, int] = {}
        for period, one in rows.groupby("period", sort=True):
            if len(one) < MIN_AREAS:
                continue
            signature = tuple(sorted(zip(one["code"], one["value"], strict=True)))
            if signature in seen:
                found.append(
                    {
                        "indicator_id": ind,
                        "period": int(period),
                        "repeats": seen[signature],
                        "areas": len(one),
                    }
                )
            else:
                seen[signature] = int(period)
    return pd.DataFrame(found, columns=["indicator_id", "period", "repeats", "areas"])


def excluded_rows(
    rows: pd.DataFrame, rule: str | pd.Series, reason: str | pd.Series
) -> pd.DataFrame:
    """Observation rows (``code``, ``indicator_id``, …) as rows of the store's ``excluded``."""
    out = rows.rename(columns={"code": "area_code"}).assign(rule=rule, reason=reason)
    return pd.DataFrame(out[EXCLUDED_COLUMNS]).reset_index(drop=True)


def screen(raw: pd.DataFrame, zero_is_missing: Collection[str] = ()) -> Screened:
    """Leave out missing values, all-zero periods, the sampling zeros of the indicators in
    ``zero_is_missing`` and repeated periods; say what went."""
    raw = raw.copy()
    report = Screened(observations=raw)
    source_of = raw.groupby("indicator_id")["source"].first()

    zero = all_zero_periods(raw)
    sampled = raw["indicator_id"].isin(list(zero_is_missing)) & (raw["value"] == 0)
    zeros = raw[sampled & ~_in(raw, zero)]
    raw.loc[zeros.index, "value"] = float("nan")
    if len(zero):
        raw.loc[_in(raw, zero), "value"] = float("nan")
        for ind, rows in zero.groupby("indicator_id", sort=False):
            report.missing.append(
                {
                    "source": source_of[ind],
                    "indicator_id": ind,
                    "reason": "every area is 0: the source has no figure that year",
                    "periods": sorted(int(p) for p in rows["period"]),
                }
            )

    blank = raw["value"].isna()
    gone = raw[blank & ~_in(raw, zero) & ~raw.index.isin(zeros.index)]
    for ind, rows in gone.groupby("indicator_id", sort=False):
        report.missing.append(
            {
                "source": source_of[ind],
                "indicator_id": ind,
                "reason": "no figure in the source",
                "periods": sorted(int(p) for p in rows["period"].unique()),
                "rows": len(rows),
            }
        )
    raw = raw[~blank]

    repeats = repeated_periods(raw)
    if len(repeats):
        raw = raw[~_in(raw, repeats)]
        report.repeated = [
            {"source": source_of[r.indicator_id], **r._asdict()}
            for r in repeats.itertuples(index=False)
        ]
    zeros = zeros[~_in(zeros, repeats)]  # a repeated period is not stored at all
    report.excluded = excluded_rows(zeros, SAMPLING_ZERO, SAMPLING_ZERO_REASON)
    for ind, rows in zeros.groupby("indicator_id", sort=False):
        report.missing.append(
            {
                "source": source_of[ind],
                "indicator_id": ind,
                "reason": SAMPLING_ZERO_REASON,
                "periods": sorted(int(p) for p in rows["period"].unique()),
                "areas": sorted(rows["code"] + " " + rows["period"].astype(str)),
            }
        )
    report.observations = raw.reset_index(drop=True)
    return report


def _in(raw: pd.DataFrame, pairs: pd.DataFrame) -> pd.Series:
    """True for rows whose (indicator_id, period) is one of ``pairs``."""
    if pairs.empty:
        return pd.Series(False, index=raw.index)
    key = pd.MultiIndex.from_frame(pairs[["indicator_id", "period"]])
    return pd.Series(
        pd.MultiIndex.from_frame(raw[["indicator_id", "period"]]).isin(key), index=raw.index
    )
