"""Which areas have data for which indicators and years: so gaps are seen before conclusions."""

from __future__ import annotations

import pandas as pd


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
