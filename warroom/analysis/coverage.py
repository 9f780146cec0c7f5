"""Which areas have data for which indicators and years: so gaps are seen before conclusions."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from warroom.areas.codes import LEVELS


def coverage_matrix(
    observations: pd.DataFrame, areas: pd.DataFrame, catalogue: pd.DataFrame, level: str
) -> pd.DataFrame:
    """Areas of ``level`` with a value, per indicator and period, in catalogue order.

    Parameters
    ----------
    observations
        Tidy values: ``indicator_id, period, area_code, value``.
    areas
        The areas table (``code, level``).
    catalogue
        Indicators (``id, goal``), in the order to list them.
    level
        ``province``, ``district`` or ``tambon``.

    Returns
    -------
    One row per indicator and period with data at any level:
    ``goal, indicator_id, period, areas_with_data, areas_total, share`` (share 0–1).
    Indicators with no value at the level keep their periods with 0 areas.
    """
    codes = areas.loc[areas["level"] == level, "code"]
    total = len(codes)
    present = observations[observations["value"].notna()]
    at_level = present[present["area_code"].isin(codes)]
    counts = at_level.groupby(["indicator_id", "period"])["area_code"].nunique()
    periods = present[["indicator_id", "period"]].drop_duplicates()
    table = periods.merge(
        counts.rename("areas_with_data").reset_index(), on=["indicator_id", "period"], how="left"
    ).fillna({"areas_with_data": 0})
    order = {ind: i for i, ind in enumerate(catalogue["id"])}
    goals = catalogue.set_index("id")["goal"]
    table = table[table["indicator_id"].isin(order)]
    table["goal"] = table["indicator_id"].map(goals).astype("Int64")
    table["areas_with_data"] = table["areas_with_data"].astype(int)
    table["areas_total"] = total
    table["share"] = table["areas_with_data"] / total if total else 0.0
    table = table.sort_values(
        ["indicator_id", "period"], key=lambda s: s.map(order) if s.name == "indicator_id" else s
    )
    return table[
        ["goal", "indicator_id", "period", "areas_with_data", "areas_total", "share"]
    ].reset_index(drop=True)


def coverage_grid(matrix: pd.DataFrame) -> pd.DataFrame:
    """The matrix as a grid: one row per indicator (catalogue order), one column per period.

    Cells hold the share of areas with data (NaN where the indicator has no such period).
    """
    grid = matrix.pivot(index="indicator_id", columns="period", values="share")
    return grid.reindex(matrix["indicator_id"].drop_duplicates())


def area_coverage(observations: pd.DataFrame, areas: pd.DataFrame, level: str) -> pd.DataFrame:
    """For one indicator, each area's periods with data: ``code, periods, first, last``.

    ``observations`` holds one indicator's ``period, area_code, value``; areas without any
    value have ``periods`` 0 and no first or last period.
    """
    codes = areas.loc[areas["level"] == level, ["code"]].reset_index(drop=True)
    present = observations[observations["value"].notna()]
    per_area = present.groupby("area_code")["period"].agg(
        periods="nunique", first="min", last="max"
    )
    table = codes.merge(per_area, left_on="code", right_index=True, how="left")
    table["periods"] = table["periods"].fillna(0).astype(int)
    table["first"] = table["first"].astype("Int64")
    table["last"] = table["last"].astype("Int64")
    return table


@dataclass(frozen=True)
class UnitTree:
    """The areas of one level (the units) and, for each coarser level up to the country,
    each unit's ancestor as a position in that level's sorted codes: what
    ``finest_coverage`` walks, built once per level (the areas never change)."""

    level: str
    units: pd.Index
    # Per coarser level, finest first: (ancestor codes, each unit's position among them or
    # -1 for none, how many units each ancestor has).
    steps: tuple[tuple[pd.Index, np.ndarray, np.ndarray], ...]
    every: pd.Index  # the units, then each step's codes, in that order
    order: np.ndarray  # the positions of ``every`` in code order
    index: pd.Index  # ``every`` in code order (shared by every answer)


def unit_tree(areas: pd.DataFrame, level: str) -> UnitTree:
    """The ``UnitTree`` of ``level`` from the areas table (``code, level, parent``)."""
    # Plain Python strings: hashing Arrow strings one by one is a hundred times slower.
    parent = dict(zip(areas["code"].tolist(), areas["parent"].tolist(), strict=True))
    units = areas.loc[areas["level"] == level, "code"].tolist()
    steps = []
    ancestors: list = units
    for _ in range(list(LEVELS).index(level)):
        ancestors = [parent.get(a) if isinstance(a, str) else None for a in ancestors]
        where, codes = pd.factorize(np.array(ancestors, dtype=object), sort=True)
        counts = np.bincount(where[where >= 0], minlength=len(codes))
        steps.append((pd.Index(codes, dtype=object), where, counts))
    every = pd.Index(units + [c for names, _, _ in steps for c in names], dtype=object)
    order = np.argsort(every.to_numpy(), kind="stable")
    return UnitTree(level, pd.Index(units, dtype=object), tuple(steps), every, order, every[order])


def tree_coverage(tree: UnitTree, present: pd.Index, whole: pd.Index) -> pd.Series:
    """``finest_coverage`` on a ``UnitTree``: ``present`` the codes with a value, ``whole``
    those among them whose value is the source's own (it covers the whole area)."""
    covered = tree.units.isin(present)
    shares = [covered.astype(float)]
    # Walking up from each unit: is it covered by a figure at or below each ancestor?
    for names, where, counts in tree.steps:
        placed = where >= 0
        sums = np.bincount(where[placed], weights=covered[placed], minlength=len(names))
        shares.append(sums / np.maximum(counts, 1))
        covered = covered | (placed & names.isin(whole)[where])
    cover = np.concatenate(shares)
    cover[tree.every.isin(whole)] = 1.0  # the source's own figure covers the whole area
    found = pd.Series(cover[tree.order], index=tree.index)
    extra = whole[~whole.isin(tree.every)]
    if extra.empty:
        return found
    # An own value of an area with no unit beneath it.
    return pd.concat([found, pd.Series(1.0, index=extra.astype(object))]).sort_index()


def finest_coverage(
    values: pd.Series, own: pd.Series, areas: pd.DataFrame, level: str
) -> pd.Series:
    """Share of each area's units of ``level`` (its tambons, say) that stand behind its value.

    Coverage is measured at the indicator's finest level, not against direct children: a
    province whose 25 districts all have a figure made from a third of their tambons is a
    third covered, not whole.

    Parameters
    ----------
    values
        One indicator's values of one period, indexed by area code (missing or NaN: none).
    own
        Indexed like ``values``: True where the value is the source's own figure for the
        area (it covers the whole area), False where it was derived from sub-areas.
    areas
        Every area: ``code, level, parent``.
    level
        The indicator's finest level (``tambon``, ``district`` or ``province``).

    Returns
    -------
    pandas.Series
        0–1 per area code of ``level`` and every coarser level, sorted by code; NaN for an
        area with no unit of ``level`` beneath it and no own value. An own value is 1; a unit
        of ``level`` without a value is 0; a derived value is the mean of its children's
        coverage weighted by their units. ``tree_coverage`` does the same on a ``UnitTree``
        kept from one call to the next.
    """
    present = pd.Index(values.index[values.notna()].tolist(), dtype=object)
    mine = own.reindex(present).fillna(False).astype(bool).to_numpy()
    return tree_coverage(unit_tree(areas, level), present, present[mine])


def stored_coverage(rows: pd.DataFrame, areas: pd.DataFrame) -> pd.Series:
    """``finest_coverage`` of one indicator's stored rows of one period.

    ``rows`` are the store's rows (``area_code, value, derived``); the finest level is that
    of the deepest area among them.
    """
    if rows.empty:
        return pd.Series(dtype=float)
    level_of_code = areas.set_index("code")["level"]
    present = rows["area_code"].map(level_of_code).dropna()
    level = max(present, key=LEVELS.index) if len(present) else "province"
    indexed = rows.set_index("area_code")
    own = ~indexed["derived"].fillna(False).astype(bool)
    return finest_coverage(indexed["value"], own, areas, level)
