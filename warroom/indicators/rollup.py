"""The one roll-up: values up the area hierarchy by each indicator's declared rule.

``warroom build`` rolls up every source with it, and the intake re-derives an indicator
with it after every load and roll-back, so a figure means the same whichever way it came.

The rule, level by level from the finest level with rows up to the country:

- an area's own value (from a source or a load) is kept; a derived value never replaces it;
- otherwise the area's value is derived from its children's values, plus rows placed on it
  because their own code is not a known area (see ``place``), by the indicator's rule:
  ``sum`` adds values; ``ratio`` divides summed numerators by summed denominators (times
  ``scale``); ``weighted_mean`` divides summed value × weight by summed weights. Rates
  are recomputed at every level, never averaged; ``none`` is not rolled up;
- a parent is derived from whichever children have a value and is stored with its
  **coverage**: the share of its children that had one (1.0: all of them; 0.0: the value
  comes only from rows placed on the parent itself);
- when the rows carry the load they came from (``load``: ``build`` or a batch id, as the
  intake passes them), every derived value records the loads it combines
  (``derived_from``: ``"7"``, ``"build,7"``), so a parent that mixes loads can say so;
- a derived value is written as its figures add up (15 significant digits, as Excel shows
  them): 102240981.84, not 102240981.83999997, whichever order the rows were summed in.

Partial parents are kept with their coverage rather than refused: refusing would drop
real figures (152 TPMAP districts lack a value on some tambons because those households are
counted on municipal pseudo-units, yet their totals match TPMAP's published ones), and a
screen that knows the coverage can say "from 12 of 16 tambons".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from warroom.areas.codes import LEVEL_DIGITS, LEVELS
from warroom.indicators.catalogue import Catalogue
from warroom.indicators.rules import FROM_PARTS
from warroom.store.schema import OBSERVATION_COLUMNS

MEASURES = ["value", "numerator", "denominator"]
DERIVED_COLUMNS = ["area_code", "period", *MEASURES, "coverage"]
BUILD_LOAD = "build"  # the ``load`` of rows the build wrote (batch ids name the others)


@dataclass
class RollupResult:
    """Observations at every level, and what could not be placed exactly."""

    observations: pd.DataFrame  # OBSERVATION_COLUMNS and ``derived``
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


def without_noise(x: float) -> float:
    """A sum as its figures add up: 15 significant digits, as Excel shows them, so that
    102240981.84 is not stored as 102240981.83999997."""
    return x if pd.isna(x) else float(f"{x:.15g}")


def noiseless(values: pd.Series) -> pd.Series:
    """``without_noise`` of every value. A whole number below 10^15 is already exact (its
    15 significant digits are all of it): only the others are written out and read back."""
    x = values.to_numpy(dtype=float, na_value=np.nan)
    with np.errstate(invalid="ignore"):
        rest = ~np.isnan(x) & ~((np.abs(x) < 1e15) & (x == np.trunc(x)))
    if not rest.any():
        return pd.Series(x, index=values.index)
    out = x.copy()
    out[rest] = [float(f"{v:.15g}") for v in x[rest]]
    return pd.Series(out, index=values.index)


def _load_key(load: str) -> tuple[int, int]:
    """The build first, then batches in order; ``0`` (a file not yet loaded) last."""
    if load == BUILD_LOAD:
        return (0, 0)
    return (1, int(load)) if int(load) else (2, 0)


def _loads_of(pairs: pd.DataFrame) -> pd.Series:
    """``derived_from`` by (area_code, period) from rows of (area_code, period, derived_from):
    the distinct loads, the build first, then batches in order, joined by commas."""
    pairs = pairs.drop_duplicates()
    pairs = pairs.assign(derived_from=pairs["derived_from"].str.split(",")).explode("derived_from")
    pairs = pairs.drop_duplicates()
    keys = ["area_code", "period"]
    grouped = pairs.groupby(keys)["derived_from"]
    out = grouped.first()
    several = grouped.size() > 1
    if several.any():
        many = pairs.set_index(keys).loc[several[several].index, "derived_from"]
        out[several] = many.groupby(level=[0, 1]).agg(lambda s: ",".join(sorted(s, key=_load_key)))
    return out


def _derived_from(
    keys: list[pd.Series], usable: pd.DataFrame, on_it: pd.DataFrame, index: pd.Index
) -> pd.Series:
    """The loads each parent in ``index`` combines, from its children (``keys``: parent
    and period of each ``usable`` row) and the rows placed on it (``on_it``)."""
    parts = [usable["derived_from"], on_it["derived_from"]]
    seen = set().union(*(part.dropna().unique() for part in parts))
    if len(seen) <= 1:  # one load (a million rows of one batch): nothing to combine
        return pd.Series(next(iter(seen), None), index=index, dtype=object)
    codes, uniques = pd.factorize(pd.concat([part.astype(object) for part in parts]))
    pairs = pd.DataFrame(
        {
            "area_code": pd.concat([keys[0], on_it["area_code"]], ignore_index=True),
            "period": pd.concat([keys[1], on_it["period"]], ignore_index=True),
            "load": codes,
        }
    ).drop_duplicates()
    pairs = pairs.assign(derived_from=uniques[pairs.pop("load").to_numpy()])
    return _loads_of(pairs).reindex(index)


def rule_value(frame: pd.DataFrame, rule: str, *, scale: float = 1.0) -> pd.Series:
    """The value of summed rows by ``rule`` (``sum`` keeps the summed value)."""
    if rule == "ratio":
        return scale * frame["numerator"] / frame["denominator"].where(frame["denominator"] != 0)
    if rule == "weighted_mean":
        return frame["numerator"] / frame["denominator"].where(frame["denominator"] != 0)
    return frame["value"]


def usable_rows(frame: pd.DataFrame, rule: str) -> pd.Series:
    """Rows that can enter a parent's value under ``rule``."""
    if rule == "sum":
        return frame["value"].notna()
    return frame["numerator"].notna() & frame["denominator"].notna()


def _part(frame: pd.DataFrame, mask: pd.Series) -> pd.DataFrame:
    """The rows of ``frame`` where ``mask``: the frame itself when that is all of them (a
    million rows of one level are not copied to select them all)."""
    return frame if bool(mask.all()) else frame[mask]


def _by_code(codes: pd.Series, mapping: pd.Series) -> pd.Series:
    """``codes.map(mapping)``, each distinct code looked up once (a million rows name a
    few thousand areas); a code ``mapping`` lacks gives a missing value, as with map."""
    labels, distinct = pd.factorize(codes)
    found = mapping.reindex(distinct).array.take(labels, allow_fill=True)
    return pd.Series(found, index=codes.index, name=codes.name)


def roll_up(
    rows: pd.DataFrame, areas: pd.DataFrame, *, rule: str, scale: float = 1.0
) -> pd.DataFrame:
    """Derived values of every coarser area of one indicator, each with its coverage.

    Parameters
    ----------
    rows
        The indicator's own values: ``area_code`` (a known area), ``period``, ``value``,
        ``numerator``, ``denominator``, and optionally ``exact`` (False for rows placed on
        an ancestor because their own code is not a known area) and ``load`` (the load a
        row came from: ``build`` or a batch id). One exact row per area and period.
    areas
        Every known area: ``code``, ``level``, ``parent``.
    rule, scale
        The indicator's roll-up rule (``sum``, ``ratio``, ``weighted_mean``, ``none``) and
        a ratio's multiplier.

    Returns
    -------
    DataFrame
        Only derived rows: ``area_code``, ``period``, ``value``, ``numerator``,
        ``denominator``, ``coverage`` (and ``derived_from`` when the rows carry ``load``).
    """
    track = "load" in rows
    columns = [*DERIVED_COLUMNS, "derived_from"] if track else DERIVED_COLUMNS
    if rule == "none" or rows.empty:
        return pd.DataFrame(columns=columns)
    indexed = areas.set_index("code")
    parent_of, children = indexed["parent"], areas.groupby("parent").size()
    depth = indexed["level"].map(LEVELS.index)
    extra = {"depth": _by_code(rows["area_code"], depth)}
    if track:
        load = rows["load"]  # as categories: a byte a row, not a pointer
        categorical = isinstance(load.dtype, pd.CategoricalDtype)
        extra["derived_from"] = load if categorical else load.astype(str).astype("category")
    rows = rows.assign(**extra)  # one copy of the rows, however many they are
    if "exact" in rows:
        exact_mask = rows["exact"].astype(bool)
        exact, placed = _part(rows, exact_mask), rows[~exact_mask]
    else:  # every row on its own area: no copy of a million rows
        exact, placed = rows, rows.iloc[:0]
    derived: list[pd.DataFrame] = []
    below = exact.iloc[:0]  # the level under the one being derived: own and derived rows
    for depth in range(int(rows["depth"].max()), -1, -1):
        usable = _part(below, usable_rows(below, rule))
        keys = [_by_code(usable["area_code"], parent_of).rename("area_code"), usable["period"]]
        grouped = usable.groupby(keys)[MEASURES]
        agg, count = grouped.sum(min_count=1), grouped.size()
        on_it = placed[placed["depth"] == depth]
        if len(on_it):
            extra = on_it.groupby(["area_code", "period"])[MEASURES].sum(min_count=1)
            agg = extra if agg.empty else agg.add(extra, fill_value=0)
        agg["value"] = noiseless(rule_value(agg, rule, scale=scale))
        if track:
            agg["derived_from"] = _derived_from(keys, usable, on_it, agg.index)
        parents = agg.index.get_level_values(0)
        agg["coverage"] = (
            count.reindex(agg.index, fill_value=0).to_numpy() / children.reindex(parents).to_numpy()
        )
        own = _part(exact, exact["depth"] == depth)
        kept = agg["value"].notna()
        if len(agg) and len(own):  # the finest level derives nothing: its rows go unindexed
            kept &= ~agg.index.isin(pd.MultiIndex.from_frame(own[["area_code", "period"]]))
        agg = agg[kept].reset_index()
        derived.append(agg[columns])
        below = own if agg.empty else pd.concat([own, agg], ignore_index=True)
    out = pd.concat(derived, ignore_index=True)
    return out.astype({"period": int, "coverage": float})


def rollup(raw: pd.DataFrame, catalogue: Catalogue, areas: pd.DataFrame) -> RollupResult:
    """Every source's observations at its own level and every coarser level.

    ``raw`` has the loader columns (code, indicator_id, period, value, numerator,
    denominator, source, source_row, source_name); ``areas`` is the areas table (code,
    level, parent). Rows on an unknown code are placed on their nearest known ancestor.
    """
    raw = raw.copy()
    raw["anchor"] = place(raw["code"], set(areas["code"]))
    unmatched = raw[raw["anchor"] == ""]
    placed = raw[raw["anchor"] != ""]
    unplaced = placed[placed["anchor"] != placed["code"]]

    frames = []
    for ind_id, rows in placed.groupby("indicator_id", sort=False):
        ind = catalogue[ind_id]
        scale = ind.scale or 1.0
        rows = rows.assign(exact=rows["anchor"] == rows["code"], area_code=rows["anchor"])
        # Own values: several rows of one area and period combine by the rule.
        own = rows[rows["exact"]].groupby(["area_code", "period"])[MEASURES].sum(min_count=1)
        if ind.rollup in FROM_PARTS:
            own["value"] = rule_value(own, ind.rollup, scale=scale)
        own = own.reset_index().assign(exact=True, coverage=float("nan"), derived=False)
        outside = rows.loc[~rows["exact"], ["area_code", "period", *MEASURES]].assign(exact=False)
        up = roll_up(pd.concat([own, outside]), areas, rule=ind.rollup, scale=scale)
        both = pd.concat([own, up.assign(derived=True)], ignore_index=True)
        frames.append(both.assign(indicator_id=ind_id, source=rows["source"].iloc[0]))
    columns = [*OBSERVATION_COLUMNS, "derived"]
    observations = (
        pd.concat(frames, ignore_index=True)[columns] if frames else pd.DataFrame(columns=columns)
    )
    observations["period"] = observations["period"].astype(int)
    return RollupResult(
        observations=observations,
        unplaced=unplaced.reset_index(drop=True),
        unmatched=unmatched.reset_index(drop=True),
    )
