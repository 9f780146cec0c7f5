"""Up to five areas side by side across a goal's indicators, with the country value."""

from __future__ import annotations

import pandas as pd

from warroom.areas.codes import COUNTRY_CODE

MAX_AREAS = 5


def compare_areas(
    observations: pd.DataFrame,
    catalogue: pd.DataFrame,
    codes: list[str],
    *,
    goal: int | None = None,
    periods: dict[str, int] | None = None,
) -> pd.DataFrame:
    """Every indicator of ``goal`` for the areas ``codes`` and for Thailand.

    Parameters
    ----------
    observations
        Tidy values: ``indicator_id, period, area_code, value``.
    catalogue
        Indicators (``id, goal``) in the order to list them.
    codes
        One to five area codes of any level.
    goal
        SDG goal number; every indicator when None.
    periods
        Period per indicator id; otherwise each indicator's latest period with a value
        for any of the areas or the country.

    Returns
    -------
    One row per indicator: ``indicator_id, period``, one column per code, and ``TH``.
    """
    if not 1 <= len(codes) <= MAX_AREAS:
        raise ValueError(f"compare 1 to {MAX_AREAS} areas, not {len(codes)}")
    chosen = catalogue if goal is None else catalogue[catalogue["goal"] == goal]
    wanted = list(dict.fromkeys([*codes, COUNTRY_CODE]))
    obs = observations[
        observations["indicator_id"].isin(chosen["id"])
        & observations["area_code"].isin(wanted)
        & observations["value"].notna()
    ]
    rows = []
    for ind in chosen["id"]:
        mine = obs[obs["indicator_id"] == ind]
        if mine.empty:
            continue
        period = (periods or {}).get(ind, int(mine["period"].max()))
        values = mine[mine["period"] == period].set_index("area_code")["value"]
        rows.append({"indicator_id": ind, "period": period, **values.reindex(wanted).to_dict()})
    return pd.DataFrame(rows, columns=["indicator_id", "period", *wanted])
