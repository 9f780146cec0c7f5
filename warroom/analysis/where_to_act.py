"""Where to act: an area's districts or tambons ranked by need, with counts where they exist.

Need follows the indicator's direction: the highest values first where higher is worse, the
lowest first where higher is better (neutral indicators: highest first, no judgement). Ties
are broken by the count (more people first), then by code. Hotspot areas can be put first.
A rate on too few people (``counts.few_people``) is listed after every ranked area, unranked.

A rate's count is the ``sum`` indicator that counts its numerator: the catalogue's indicator
whose expression is the rate's numerator (``tpmap.target_poor`` for
``tpmap.target_poor_rate``), or, without expressions, the same id without ``_rate``.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

ACT_COLUMNS = ["code", "value", "count", "hotspot", "few_people", "need_rank"]


def count_indicator(indicators: pd.DataFrame, indicator_id: str) -> str | None:
    """The id of the count behind a rate (itself for a count; None when there is none).

    ``indicators`` is the catalogue with ``id, rollup`` and optionally ``expression``.
    """
    cat = indicators.set_index("id", drop=False) if "id" in indicators else indicators
    if indicator_id not in cat.index:
        return None
    ind = cat.loc[indicator_id]
    if ind["rollup"] == "sum":
        return indicator_id
    if ind["rollup"] != "ratio":
        return None
    counts = cat[cat["rollup"] == "sum"]
    if "expression" in cat.columns and isinstance(ind.get("expression"), str):
        numerator = ind["expression"].split("/")[0].strip()
        same = counts[counts["expression"].astype(str).str.strip() == numerator]
        if len(same):
            return str(same.index[0])
    stem = indicator_id.removesuffix("_rate")
    return stem if stem != indicator_id and stem in counts.index else None


def rank_need(
    values: pd.Series,
    *,
    direction: str,
    counts: pd.Series | None = None,
    hotspots: Iterable[str] = (),
    hotspots_first: bool = False,
    few: Iterable[str] = (),
) -> pd.DataFrame:
    """Areas ranked by need, worst first.

    Parameters
    ----------
    values
        The indicator's value per area (indexed by code); areas without a value come last.
    direction
        ``higher_is_better``, ``higher_is_worse`` or ``neutral``.
    counts
        People (or households) behind each value, indexed by code; shown and used to break ties.
    hotspots
        Codes in a cluster of need (see ``hotspots.need_cluster``).
    hotspots_first
        Put hotspot areas before the others (each group still worst first).
    few
        Codes whose rate rests on too few people: listed after the ranked areas, no rank.

    Returns
    -------
    pandas.DataFrame
        ``code, value, count, hotspot, few_people, need_rank`` (rank 1 = most in need; none
        without a value or on few people).
    """
    spots = set(hotspots)
    frame = pd.DataFrame(
        {
            "code": values.index.astype(str),
            "value": values.to_numpy(dtype=float),
        }
    )
    frame["count"] = (
        counts.reindex(values.index).to_numpy(dtype=float) if counts is not None else float("nan")
    )
    frame["hotspot"] = frame["code"].isin(spots)
    frame["few_people"] = frame["code"].isin(set(few)) & frame["value"].notna()
    # Larger "need" is worse.
    need = -frame["value"] if direction == "higher_is_better" else frame["value"]
    frame["_need"] = need
    frame["_count"] = frame["count"].fillna(-1)
    frame["_ranked"] = frame["value"].notna() & ~frame["few_people"]
    keys = ["_ranked", "_need", "_count", "code"]
    ascending = [False, False, False, True]
    if hotspots_first:
        keys, ascending = ["_ranked", "hotspot", *keys[1:]], [False, False, *ascending[1:]]
    frame = frame.sort_values(keys, ascending=ascending, na_position="last", ignore_index=True)
    has_value = frame["_ranked"]
    frame["need_rank"] = pd.array([None] * len(frame), dtype="Int64")
    frame.loc[has_value, "need_rank"] = range(1, int(has_value.sum()) + 1)
    return frame[ACT_COLUMNS]
