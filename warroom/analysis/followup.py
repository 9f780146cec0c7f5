"""Actions followed up by the data: the change since each action's baseline, late actions,
and done actions whose area then got worse ("relapsed").

Computed whenever asked from the store's current values, so a new period (a build or an
intake load) shows at once. A change after an action is not proof that the action caused
it; the screens say so (``act_not_proof``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from warroom.store import Store
from warroom.store.actions import OPEN_STATUSES, read_actions, series_of

# What `warroom actions list --status` and the screens can ask for, beyond the stored four.
STATUS_FILTERS = ("planned", "in_progress", "done", "dropped", "open", "late", "relapsed")


def _worse(new: float, old: float, direction: str | None) -> bool | None:
    """Whether ``new`` is worse than ``old`` by the direction (None: no direction, or a
    value missing)."""
    if pd.isna(new) or pd.isna(old) or direction not in ("higher_is_better", "higher_is_worse"):
        return None
    return bool(new < old) if direction == "higher_is_better" else bool(new > old)


def _moved(new: float, old: float, direction: str | None) -> str:
    """'better', 'worse', 'same' or 'changed' (no direction); '' without both values."""
    if pd.isna(new) or pd.isna(old):
        return ""
    if np.isclose(new, old, rtol=1e-9, atol=1e-12):
        return "same"
    worse = _worse(new, old, direction)
    return "changed" if worse is None else ("worse" if worse else "better")


def follow_up(
    actions: pd.DataFrame,
    series: pd.DataFrame,
    directions: Mapping[str, str],
    today: date,
) -> pd.DataFrame:
    """Each action with what the data say since: open and late first, then by due date.

    Parameters
    ----------
    actions
        Rows of ``warroom.store.actions.read_actions``.
    series
        Current values: indicator_id, area_code, period, value (``series_of``).
    directions
        Each indicator's direction (``higher_is_better``, ``higher_is_worse``, ``neutral``).
    today
        The day "late" is judged on.

    Returns
    -------
    The actions with ``latest_period`` and ``latest_value`` (the newest value after the
    baseline's period, if any), ``change`` (latest minus baseline), ``moved`` (better,
    worse, same, changed), ``open``, ``late`` (open past its due date) and ``relapsed``
    (done, and a period newer than the one it was marked done in is worse than the value
    then, or than the baseline when it was marked done without one).
    """
    out = actions.copy()
    newest = (
        series.dropna(subset=["value"])
        .sort_values("period")
        .groupby(["indicator_id", "area_code"])
        .last()
    )
    latest_p, latest_v, change, moved, relapsed = [], [], [], [], []
    for row in out.itertuples(index=False):
        key = (row.indicator_id, row.area_code)
        direction = directions.get(row.indicator_id) if isinstance(row.indicator_id, str) else None
        base_p = row.baseline_period
        has = key in newest.index and (pd.isna(base_p) or newest.at[key, "period"] > base_p)
        period = int(newest.at[key, "period"]) if has else None
        value = float(newest.at[key, "value"]) if has else np.nan
        latest_p.append(period)
        latest_v.append(value)
        change.append(value - row.baseline_value if has else np.nan)
        moved.append(_moved(value, row.baseline_value, direction) if has else "")
        held_p = row.done_period if not pd.isna(row.done_period) else base_p
        held_v = row.done_value if not pd.isna(row.done_value) else row.baseline_value
        later = period is not None and (pd.isna(held_p) or period > held_p)
        relapsed.append(bool(row.status == "done" and later and _worse(value, held_v, direction)))
    out["latest_period"] = pd.array(latest_p, dtype="Int64")
    out["latest_value"] = latest_v
    out["change"] = change
    out["moved"] = moved
    out["open"] = out["status"].isin(OPEN_STATUSES)
    due = pd.to_datetime(out["due_date"])
    out["late"] = out["open"] & (due < pd.Timestamp(today))
    out["relapsed"] = relapsed
    order = out.assign(_late=~out["late"], _open=~out["open"], _due=due)
    order = order.sort_values(["_late", "_open", "_due", "id"], kind="stable")
    return out.loc[order.index].reset_index(drop=True)


def followed_up(
    store: Store, *, within: str | None = None, today: date | None = None
) -> pd.DataFrame:
    """The store's actions (on ``within`` or inside it) followed up by its current values."""
    actions = read_actions(store, within=within)
    series = series_of(store, zip(actions["indicator_id"], actions["area_code"], strict=True))
    indicators = store.indicators()
    directions = dict(zip(indicators["id"], indicators["direction"], strict=True))
    return follow_up(actions, series, directions, today or date.today())


def with_status(frame: pd.DataFrame, status: str) -> pd.DataFrame:
    """The followed-up actions of one of ``STATUS_FILTERS`` (``open``: planned or in
    progress; ``late``; ``relapsed``; or a stored status)."""
    if status not in STATUS_FILTERS:
        raise ValueError(f"status must be one of {', '.join(STATUS_FILTERS)}")
    if status in ("open", "late", "relapsed"):
        return frame[frame[status].astype(bool)]
    return frame[frame["status"] == status]


@dataclass(frozen=True)
class ActionShares:
    """How an area's actions stand: counts (dropped ones left out) and shares of them."""

    total: int
    done: int
    late: int
    relapsed: int

    @property
    def share_done(self) -> float | None:
        """Done among all actions not dropped (None when there are none)."""
        return self.done / self.total if self.total else None

    @property
    def share_late(self) -> float | None:
        """Late among all actions not dropped (None when there are none)."""
        return self.late / self.total if self.total else None


def shares(frame: pd.DataFrame) -> ActionShares:
    """The KPI beside the goal tiles: done and late among the actions not dropped."""
    kept = frame[frame["status"] != "dropped"]
    return ActionShares(
        total=len(kept),
        done=int((kept["status"] == "done").sum()),
        late=int(kept["late"].sum()),
        relapsed=int(kept["relapsed"].sum()),
    )


def by_province(frame: pd.DataFrame) -> pd.DataFrame:
    """Per province with actions: done, in progress (open, not late), late, relapsed and
    total (dropped left out), most late first."""
    kept = frame[frame["status"] != "dropped"]
    counts = pd.DataFrame(
        {
            "province": kept["province"],
            "done": kept["status"] == "done",
            "in_progress": kept["open"] & ~kept["late"],
            "late": kept["late"],
            "relapsed": kept["relapsed"],
        }
    )
    table = counts.groupby("province").sum().astype(int)
    table["total"] = kept.groupby("province").size()
    table = table.reset_index()
    return table.sort_values(["late", "relapsed", "province"], ascending=[False, False, True])


# The columns of `warroom actions list` and the page's table (CSV and XLSX alike).
TABLE_COLUMNS = [
    "id",
    "area_code",
    "area_th",
    "area_en",
    "indicator_id",
    "what",
    "agency_th",
    "agency_en",
    "owner",
    "start_date",
    "due_date",
    "status",
    "late",
    "baseline_period",
    "baseline_value",
    "target_value",
    "latest_period",
    "latest_value",
    "change",
    "moved",
    "relapsed",
]


def action_table(
    store: Store,
    *,
    within: str | None = None,
    status: str | None = None,
    today: date | None = None,
) -> pd.DataFrame:
    """The actions as a table to export: ``TABLE_COLUMNS``, open and late first."""
    frame = followed_up(store, within=within, today=today)
    if status is not None:
        frame = with_status(frame, status)
    names = store.areas().set_index("code")[["name_th", "name_en"]]
    frame = frame.join(names.rename(columns=lambda c: c.replace("name", "area")), on="area_code")
    return frame[TABLE_COLUMNS].reset_index(drop=True)


# A province's state on the wall, worst first: any late action; else any relapse; else any
# open action; else all done.
PROVINCE_STATES = ("late", "relapsed", "in_progress", "done")


def province_state(table: pd.DataFrame) -> pd.Series:
    """Each province's state (one of ``PROVINCE_STATES``) from ``by_province``'s table."""
    state = pd.Series("done", index=table["province"].to_numpy(), dtype=object)
    for name in reversed(PROVINCE_STATES[:-1]):
        state[table[name].to_numpy() > 0] = name
    return state
