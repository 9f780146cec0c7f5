"""The governor's action board in the store: agencies, actions and their dated notes.

These tables are not part of the built schema (``schema.metadata``): a store built before
them opens as it is, reads them as empty, and gets them (with any column added since) in the
transaction of its first write (:func:`ensure_actions`), so nothing it holds is touched. A
build keeps them, like users and loads. Writing, with who may write what, is
``warroom.intake.actions``; what the data say since an action, ``warroom.analysis.followup``.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    func,
    inspect,
    select,
    true,
)
from sqlalchemy.engine import Connection

from warroom.store.database import Store, current
from warroom.store.schema import add_missing_columns, observations_t

STATUSES = ("planned", "in_progress", "done", "dropped")
OPEN_STATUSES = ("planned", "in_progress")

actions_metadata = MetaData()

# The agencies an action can be routed to, kept by admins (Thai and English names).
agencies_t = Table(
    "agencies",
    actions_metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name_th", String, nullable=False),
    Column("name_en", String, nullable=False),
    Column("active", Boolean, nullable=False, server_default=true()),
    Column("created_by", String, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
# One row per action, about an area (never a household): what, who, by when, from what
# baseline (the store's value when it was planned, with its period) towards what target.
actions_t = Table(
    "actions",
    actions_metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("area_code", String(8), nullable=False, index=True),
    Column("province", String(4), nullable=False, index=True),  # who may write it
    Column("indicator_id", String),
    Column("what", String, nullable=False),
    Column("agency_id", Integer, ForeignKey("agencies.id"), nullable=False),
    Column("owner", String, nullable=False),
    Column("start_date", Date),
    Column("due_date", Date, nullable=False),
    Column("baseline_period", Integer),
    Column("baseline_value", Float),
    Column("target_value", Float),
    Column("status", String, nullable=False),  # planned | in_progress | done | dropped
    # The newest value in the store when it was marked done: a later period worse than it
    # is a relapse.
    Column("done_period", Integer),
    Column("done_value", Float),
    Column("created_by", String, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
action_notes_t = Table(
    "action_notes",
    actions_metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("action_id", Integer, ForeignKey("actions.id"), nullable=False, index=True),
    Column("noted_on", Date, nullable=False),  # the day it is about
    Column("written_at", DateTime(timezone=True), nullable=False),
    Column("user", String, nullable=False),
    Column("status", String),  # the status it set, if it changed one
    Column("text", String, nullable=False),
)

ACTION_COLUMNS = [c.name for c in actions_t.columns]
AGENCY_COLUMNS = [c.name for c in agencies_t.columns]
NOTE_COLUMNS = [c.name for c in action_notes_t.columns]


def ensure_actions(conn: Connection) -> None:
    """Add the action tables, and columns added to them since, to the store of ``conn``
    (in its transaction); every other table and row is left as it is. On PostgreSQL the
    transaction first takes an advisory lock, so two first writes never both create them;
    SQLite's writers already hold the write lock."""
    if conn.dialect.name == "postgresql":  # two first writes at once: one creates, one waits
        conn.exec_driver_sql("SELECT pg_advisory_xact_lock(hashtext('warroom.actions'))")
    existing = set(inspect(conn).get_table_names())
    actions_metadata.create_all(conn, checkfirst=True)
    add_missing_columns(conn, actions_metadata, existing)


def _has_actions(conn: Connection) -> bool:
    return inspect(conn).has_table("actions")


def read_agencies(store: Store, *, active_only: bool = False) -> pd.DataFrame:
    """The agencies (id, name_th, name_en, active, ...) in id order; empty before the first."""
    with store.connect() as conn:
        if not _has_actions(conn):
            return pd.DataFrame(columns=AGENCY_COLUMNS)
        stmt = select(agencies_t).order_by(agencies_t.c.id)
        if active_only:
            stmt = stmt.where(agencies_t.c.active.is_(True))
        return pd.read_sql(stmt, conn)


def read_actions(
    store: Store, *, within: str | None = None, ids: Iterable[int] | None = None
) -> pd.DataFrame:
    """Actions with their agency's names (``agency_th``, ``agency_en``), in id order.

    Parameters
    ----------
    within
        Only actions on this area or inside it (``TH50``: the province, its districts and
        tambons); all when None or ``TH``.
    ids
        Only these actions.
    """
    columns = [*ACTION_COLUMNS, "agency_th", "agency_en"]
    with store.connect() as conn:
        if not _has_actions(conn):
            return pd.DataFrame(columns=columns)
        a, g = actions_t.c, agencies_t.c
        stmt = (
            select(actions_t, g.name_th.label("agency_th"), g.name_en.label("agency_en"))
            .join(agencies_t, g.id == a.agency_id)
            .order_by(a.id)
        )
        if within and within != "TH":
            stmt = stmt.where(a.area_code.startswith(within))
        if ids is not None:
            stmt = stmt.where(a.id.in_([int(i) for i in ids]))
        frame = pd.read_sql(stmt, conn)
    for col in ("start_date", "due_date"):
        frame[col] = pd.to_datetime(frame[col]).dt.date
    return frame


def read_notes(store: Store, action_ids: Iterable[int] | None = None) -> pd.DataFrame:
    """Dated notes, oldest first (of some actions when given)."""
    with store.connect() as conn:
        if not _has_actions(conn):
            return pd.DataFrame(columns=NOTE_COLUMNS)
        n = action_notes_t.c
        stmt = select(action_notes_t).order_by(n.action_id, n.noted_on, n.id)
        if action_ids is not None:
            stmt = stmt.where(n.action_id.in_([int(i) for i in action_ids]))
        frame = pd.read_sql(stmt, conn)
    frame["noted_on"] = pd.to_datetime(frame["noted_on"]).dt.date
    return frame


def series_of(store: Store, pairs: Iterable[tuple[str, str]]) -> pd.DataFrame:
    """Current values of (indicator, area) pairs at every period: indicator_id, area_code,
    period, value (the follow-up of actions reads these)."""
    pairs = {(i, a) for i, a in pairs if isinstance(i, str) and i}
    columns = ["indicator_id", "area_code", "period", "value"]
    if not pairs:
        return pd.DataFrame(columns=columns)
    o = observations_t.c
    stmt = select(o.indicator_id, o.area_code, o.period, o.value).where(
        current(),
        o.indicator_id.in_(sorted({i for i, _ in pairs})),
        o.area_code.in_(sorted({a for _, a in pairs})),
    )
    with store.connect() as conn:
        frame = pd.read_sql(stmt, conn)
    pairs_read = zip(frame["indicator_id"], frame["area_code"], strict=True)
    keep = pd.Series([(i, a) in pairs for i, a in pairs_read], index=frame.index, dtype=bool)
    return frame[keep].reset_index(drop=True)  # a boolean Series: no row read, no column lost


def actions_version(store: Store) -> tuple:
    """Changes whenever an action, a note or an agency is written (cheap to ask)."""
    with store.connect() as conn:
        if not _has_actions(conn):
            return ()
        a = actions_t.c
        return tuple(conn.execute(select(func.count(a.id), func.max(a.updated_at))).one())
