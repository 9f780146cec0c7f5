"""Roll observations up the hierarchy by each indicator's declared rule.

Rows are placed on the area their code names. A row whose code is not a known area (a TPMAP
municipal pseudo-unit, a DOPA tambon that COD-AB lacks) is placed on its nearest known
ancestor and counts from that level upwards: it is kept and reported as *unplaced*, never
lost. A row that matches no area at all is reported as *unmatched*.

Rates are recomputed from summed numerators and denominators at every level, never averaged.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from warroom.areas.codes import LEVEL_DIGITS, LEVELS
from warroom.indicators.catalogue import Catalogue, Indicator

STORED_COLUMNS = [
    "area_code",
    "indicator_id",
    "period",
    "value",
    "numerator",
    "denominator",
    "source",
]


@dataclass
class RollupResult:
    """Observations at every level, and what could not be placed exactly."""

    observations: pd.DataFrame
    unplaced: pd.DataFrame  # rows counted from an ancestor upwards (anchor, code, ...)
    unmatched: pd.DataFrame  # rows that match no area at all


def place(codes: pd.Series, known: set[str]) -> pd.Series:
    """The nearest known area for each code: itself, else its closest known ancestor."""
    anchor = pd.Series("", index=codes.index, dtype=object)
    todo = codes.astype(str)
    for digits in sorted(LEVEL_DIGITS.values(), reverse=True):
        prefix = todo.str[: 2 + digits]
        fits = (anchor == "") & (todo.str.len() >= 2 + digits) & prefix.isin(known)
        if digits == 0:  # the country holds only rows whose own code is a country code
            fits &= todo == "TH"
        anchor[fits] = prefix[fits]
    return anchor


def level_of_codes(codes: pd.Series) -> pd.Series:
    """Level name for a Series of P-codes."""
    by_len = {2 + d: lvl for lvl, d in LEVEL_DIGITS.items()}
    return codes.str.len().map(by_len)


def _combine(ind: Indicator, grouped: pd.core.groupby.DataFrameGroupBy) -> pd.DataFrame:
    agg = grouped[["value", "numerator", "denominator"]].sum(min_count=1)
    if ind.rollup == "ratio":
        agg["value"] = (
            ind.scale * agg["numerator"] / agg["denominator"].where(agg["denominator"] != 0)
        )
    elif ind.rollup == "weighted_mean":
        agg["value"] = agg["numerator"] / agg["denominator"].where(agg["denominator"] != 0)
    return agg


def rollup(raw: pd.DataFrame, catalogue: Catalogue, known: set[str]) -> RollupResult:
    """Observations at the source level and every coarser level, by each declared rule.

    ``raw`` has the loader columns (code, indicator_id, period, value, numerator,
    denominator, source, source_row, source_name); ``known`` is the set of area codes.
    """
    raw = raw.copy()
    raw["anchor"] = place(raw["code"], known)
    raw["anchor_level"] = level_of_codes(raw["anchor"])
    unmatched = raw[raw["anchor"] == ""]
    placed = raw[raw["anchor"] != ""]
    unplaced = placed[placed["anchor"] != placed["code"]]

    frames = []
    for ind_id, rows in placed.groupby("indicator_id", sort=False):
        ind = catalogue[ind_id]
        source = rows["source"].iloc[0]
        finest = int(level_of_codes(rows["code"]).map(LEVELS.index).max())
        top = finest if ind.rollup == "none" else 0
        for depth in range(finest, top - 1, -1):
            level = LEVELS[depth]
            here = rows[rows["anchor_level"].map(LEVELS.index) >= depth]
            if here.empty:
                continue
            if depth == finest:
                # The source's own level: rows on an exact area; recompute rule-based values.
                exact = here[here["anchor"] == here["code"]]
                agg = _combine(ind, exact.groupby(["anchor", "period"]))
            else:
                key = here["anchor"].str[: 2 + LEVEL_DIGITS[level]]
                agg = _combine(ind, here.groupby([key, "period"]))
            agg = agg.reset_index()
            agg.columns = ["area_code", "period", "value", "numerator", "denominator"]
            agg["indicator_id"] = ind_id
            agg["source"] = source
            frames.append(agg[STORED_COLUMNS])
    observations = (
        pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=STORED_COLUMNS)
    )
    observations["period"] = observations["period"].astype(int)
    return RollupResult(
        observations=observations,
        unplaced=unplaced.reset_index(drop=True),
        unmatched=unmatched.reset_index(drop=True),
    )
