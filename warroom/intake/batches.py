"""Loads as batches: one transaction each, recorded, detectable when repeated, reversible.

A load streams the checked rows into a temporary staging table, marks the current rows
it replaces as superseded by the new batch, inserts the new rows and re-derives the
coarser levels, all in one transaction: every row or none. A rollback splices the batch
out: the rows it replaced become current again (or stay replaced by a later batch).
Loads of one indicator are serialised (``SELECT ... FOR UPDATE`` on PostgreSQL, the
write lock on SQLite), so two at once both land, one after the other.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from sqlalchemy import Column, Float, Integer, MetaData, String, Table, select, text, update
from sqlalchemy.engine import Connection

from warroom.audit import audit
from warroom.errors import WarroomError
from warroom.indicators.rollup import without_noise as without_noise  # its old home
from warroom.intake.areas import AreaResolver
from warroom.intake.check import inspect_table, sha256_of, tidy_chunks
from warroom.intake.declare import intake_indicator
from warroom.intake.derive import (
    built_hit,
    built_refusal,
    current_keys,
    current_rows,
    derive,
    derived_changes,
    derived_rows,
    drop_derived,
    foresee,
    mixed_now,
    own_rows,
    placed_rows,
    read_areas,
    removed_since,
)
from warroom.intake.report import IntakeOptions, IntakeReport
from warroom.intake.users import AccessError, User
from warroom.intake.xlsx import XlsxLimits
from warroom.store import INTAKE, Store, batches_t, bulk_cache, indicators_t, insert_rows

LOADED, ROLLED_BACK = "loaded", "rolled back"
WAIT_NOTICE_S = 2.0  # a load waiting longer than this behind another says so
_staging_meta = MetaData()
staging_t = Table(
    "intake_staging",
    _staging_meta,
    Column("area_code", String(8), nullable=False),
    Column("period", Integer, nullable=False),
    Column("value", Float),
    Column("numerator", Float),
    Column("denominator", Float),
    Column("source_row", Integer),
    prefixes=["TEMPORARY"],
)
# Made once the rows are in: one sort instead of an index kept up row by row.
STAGING_KEY = "CREATE INDEX ix_intake_staging_key ON intake_staging (area_code, period)"


class LoadRefusedError(WarroomError):
    """The table was checked and nothing was loaded; ``report`` says why."""

    def __init__(
        self, message: str, report: IntakeReport | None = None, earlier: dict | None = None
    ):
        self.message, self.report = message, report
        self.earlier = earlier  # the batch that already loaded the same file, if that is why
        detail = f"\n{report.summary()}" if report is not None else ""
        super().__init__(message + detail)

    def __reduce__(self):  # rebuilt whole when it crosses from a worker process
        return (type(self), (self.message, self.report, self.earlier))


@dataclass
class LoadResult:
    """A committed load."""

    batch_id: int
    report: IntakeReport
    rows: int
    replaced: int
    derived: int  # derived (coarser) values new or changed by the load
    seconds: float
    replaced_built: int = 0  # built (official) values it replaced, when told to
    mixed: list[tuple[str, int, str]] | None = None  # parents mixing loads: code, period, loads
    removed: list[tuple[str, int]] | None = None  # derived values it removed: code, period


def check_table(
    store: Store,
    path: Path,
    indicator_id: str,
    user: User,
    options: IntakeOptions | None = None,
    *,
    display_name: str | None = None,
    xlsx_limits: XlsxLimits | None = None,
) -> IntakeReport:
    """The dry run: what ``load_table`` would load, with every problem; writes nothing.

    The report also says how many values are new and how many replace current ones (and
    how many of those are built, official values), which coarser values would mix loads,
    and which batch already loaded the same file (same SHA-256), if one did.
    """
    _require_loader(user)
    indicator = intake_indicator(store, indicator_id, user)
    resolver = AreaResolver(store.areas())
    with store.connect() as conn:
        held = current_rows(conn, indicator)
        areas = read_areas(conn)
        placed = placed_rows(conn, indicator)
        weight = indicator.get("weight") if indicator.get("origin", INTAKE) == INTAKE else None
        weights = current_keys(conn, weight, derived_only=False) if weight else None
    report = inspect_table(
        path,
        indicator,
        resolver,
        options,
        display_name=display_name,
        province=user.scope,
        limits=xlsx_limits,
        current=held[["area_code", "period"]],
    )
    foresee(report, indicator, held, areas, resolver, placed, weights)
    with store.connect() as conn:
        report.same_file = _earlier_load(conn, indicator_id, report.sha256, user)
    return report


def _require_loader(user: User) -> None:
    if user.role not in ("admin", "officer"):
        raise AccessError(f"{user.name} ({user.role}) may not load data")


def load_table(
    store: Store,
    path: Path,
    indicator_id: str,
    user: User,
    options: IntakeOptions | None = None,
    *,
    report: IntakeReport | None = None,
    drop_invalid: bool = False,
    allow_duplicate: bool = False,
    replace_built: bool = False,
    display_name: str | None = None,
    xlsx_limits: XlsxLimits | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> LoadResult:
    """Check the table, then load it as one batch, every row or none.

    A table with any problem loads nothing, unless ``drop_invalid`` is set: then its
    valid rows load and the listed rows are dropped. Rows outside an officer's province
    always refuse the whole table. A file already loaded (same SHA-256) is refused unless
    ``allow_duplicate``. ``report``, the check the user saw (``check_table``), is reused
    when it was made for this indicator, options and user: the file is not checked again.

    A built-in indicator takes loads from an admin only. A load that would replace values
    the build wrote (official figures) is refused unless ``replace_built``; a roll-back
    brings them back exactly.
    """
    started = time.perf_counter()
    _require_loader(user)
    options = options or IntakeOptions()
    indicator = intake_indicator(store, indicator_id, user)
    resolver = AreaResolver(store.areas())
    if report is None or not report.fits(indicator_id, options, user.scope):
        sha256 = sha256_of(path)
        if not allow_duplicate:  # before reading the whole file; checked again under the lock
            with store.connect() as conn:
                _refuse_duplicate(conn, indicator_id, sha256, user)
        report = inspect_table(
            path,
            indicator,
            resolver,
            options,
            display_name=display_name,
            province=user.scope,
            sha256=sha256,
            limits=xlsx_limits,
            keep=True,  # the rows that load, kept: the file is read once
        )
    if report.blocking:
        raise LoadRefusedError("refused: rows outside your province; nothing was loaded", report)
    if not report.ok and not drop_invalid:
        raise LoadRefusedError(
            "nothing was loaded: fix the problems, or choose to load only the valid rows "
            "(--drop-invalid)",
            report,
        )
    if report.rows == 0:
        raise LoadRefusedError("nothing to load: no valid rows", report)
    # Another load of this indicator may hold the lock: say so after WAIT_NOTICE_S; the
    # store gives up after its lock timeout (WARROOM_LOCK_TIMEOUT) with one clear line.
    waiting = (
        f"waiting for another load of {indicator_id} to finish (at most {store.lock_timeout:g} s)"
    )
    # A larger SQLite page cache while the rows go in (set back when the load is done).
    with (
        _notice_after(WAIT_NOTICE_S, on_wait, waiting) as notice,
        store.begin() as conn,
        bulk_cache(conn),
    ):
        _lock(conn, indicator_id)
        notice.cancel()
        if not allow_duplicate:
            _refuse_duplicate(conn, indicator_id, report.sha256, user)
        batch_id = conn.execute(
            batches_t.insert().returning(batches_t.c.id),
            {
                "indicator_id": indicator_id,
                "user": user.name,
                "loaded_at": datetime.now(UTC),
                "file_name": report.file,
                "sha256": report.sha256,
                "rows": 0,
                "periods": "",
                "level": report.level,
                "province": report.province,
                "status": LOADED,
            },
        ).scalar_one()
        staging_t.drop(conn, checkfirst=True)
        staging_t.create(conn)
        rows = 0
        if report.tidy is not None:  # checked here: the rows are at hand
            chunks: Iterator[pd.DataFrame] = report.tidy.pieces(STAGE_ROWS)
        else:
            chunks = tidy_chunks(
                path, report, resolver, options, limits=xlsx_limits, indicator=indicator
            )
        # The roll-up takes the batch's rows from here, not read back from the store; a
        # declared or built-in weighted mean's rows get their weights in the store first.
        kept = indicator["rollup"] != "weighted_mean"
        own: list[pd.DataFrame] = []
        for chunk in chunks:
            rows += insert_rows(conn, staging_t, chunk.rename(columns={"row": "source_row"}))
            if kept:
                own.append(chunk[list(MEASURED)])
        report.tidy = None
        # An indicator holding no current value (its first load) has nothing the staged
        # rows could replace: no key index and no matching for them.
        held = _holds_values(conn, indicator_id)
        if held:
            conn.exec_driver_sql(STAGING_KEY)
        replaced_built = built_hit(conn, indicator) if held else 0
        if replaced_built and not replace_built:
            raise LoadRefusedError(built_refusal(conn, indicator, replaced_built), report)
        was = derived_rows(conn, indicator_id)
        before = was[["area_code", "period", "value"]]
        replaced = _replaced_derived(conn, indicator_id) if held else 0  # before they go
        replaced += _supersede(conn, indicator_id, batch_id) if held else 0
        # The rows the roll-up starts from: the other current rows, read before the
        # batch's million go in beside them, and the batch's own from memory.
        current = None
        if kept:
            loaded = pd.concat(own, ignore_index=True) if own else None
            own.clear()
            batch = (batch_id, loaded) if loaded is not None else None
            current = own_rows(conn, indicator_id, read_areas(conn), batch)
            del loaded, batch
        _insert_staged(conn, indicator, batch_id)
        now = derive(conn, indicator, was, current, dropped=True)
        del current
        derived = derived_changes(now, before)
        staging_t.drop(conn)
        mixed = mixed_now(now, batch_id)
        removed = removed_since(conn, indicator_id, before, now)
        del now
        conn.execute(
            update(batches_t)
            .where(batches_t.c.id == batch_id)
            .values(
                rows=rows,
                replaced=replaced,
                dropped=len(report.bad_rows) + len(report.bad_cells),
                periods=",".join(str(p) for p in report.periods),
            )
        )
    audit(
        "load",
        user=user.name,
        batch=batch_id,
        indicator=indicator_id,
        file=report.file,
        sha256=report.sha256,
        rows=rows,
        replaced=replaced,
        replaced_built=replaced_built,
    )
    seconds = time.perf_counter() - started
    return LoadResult(
        batch_id, report, rows, replaced, derived, seconds, replaced_built, mixed, removed
    )


STAGE_ROWS = 50_000
MEASURED = ("area_code", "period", "value", "numerator", "denominator")


@contextmanager
def _notice_after(
    seconds: float, on_wait: Callable[[str], None] | None, message: str
) -> Iterator[threading.Timer]:
    """A timer that calls ``on_wait(message)`` after ``seconds`` unless cancelled first."""
    timer = threading.Timer(seconds, on_wait or (lambda _message: None), [message])
    timer.daemon = True
    timer.start()
    try:
        yield timer
    finally:
        timer.cancel()


def _lock(conn: Connection, indicator_id: str) -> None:
    # PostgreSQL: loads of one indicator queue here; SQLite already holds the write lock.
    conn.execute(
        select(indicators_t.c.id).where(indicators_t.c.id == indicator_id).with_for_update()
    )


def _earlier_load(conn: Connection, indicator_id: str, sha256: str, user: User) -> dict | None:
    """The batch (id, loaded_at, user) that loaded a file with this SHA-256, if any.

    Only for those who may load that batch's province: an officer never hears of another
    province's load (the file is then refused for its rows outside the officer's province).
    """
    earlier = (
        conn.execute(
            select(
                batches_t.c.id, batches_t.c.loaded_at, batches_t.c.user, batches_t.c.province
            ).where(
                batches_t.c.sha256 == sha256,
                batches_t.c.indicator_id == indicator_id,
                batches_t.c.status == LOADED,
            )
        )
        .mappings()
        .first()
    )
    if earlier is None or not user.may_load(earlier["province"]):
        return None
    return dict(earlier)


def _refuse_duplicate(conn: Connection, indicator_id: str, sha256: str, user: User) -> None:
    earlier = _earlier_load(conn, indicator_id, sha256, user)
    if earlier is not None:
        raise LoadRefusedError(
            f"this file was already loaded as batch {earlier['id']} on "
            f"{earlier['loaded_at']:%Y-%m-%d %H:%M} by {earlier['user']} (same SHA-256); "
            "nothing was loaded. Roll that batch back first, or load again with "
            "--allow-duplicate",
            earlier=earlier,
        )


def _replaced_derived(conn: Connection, indicator_id: str) -> int:
    """How many current derived values the staged rows take the place of (a district's
    derived value replaced by the district's own loaded one)."""
    return int(
        conn.scalar(
            text(
                "SELECT count(*) FROM observations o JOIN intake_staging s"
                " ON s.area_code = o.area_code AND s.period = o.period"
                " WHERE o.indicator_id = :i AND o.superseded_by IS NULL AND o.derived = :t"
            ),
            {"i": indicator_id, "t": True},
        )
    )


def _holds_values(conn: Connection, indicator_id: str) -> bool:
    """Whether the indicator has any current value (own or derived)."""
    return (
        conn.scalar(
            text(
                "SELECT 1 FROM observations WHERE indicator_id = :i AND superseded_by IS NULL"
                " LIMIT 1"
            ),
            {"i": indicator_id},
        )
        is not None
    )


def _supersede(conn: Connection, indicator_id: str, batch_id: int) -> int:
    """Drop the indicator's derived rows (derived again after the insert) and mark the
    current values the staged rows replace as superseded by the batch; returns how many."""
    drop_derived(conn, indicator_id)
    return conn.execute(
        text(
            "UPDATE observations SET superseded_by = :b "
            "WHERE indicator_id = :i AND superseded_by IS NULL AND EXISTS ("
            " SELECT 1 FROM intake_staging s"
            " WHERE s.area_code = observations.area_code AND s.period = observations.period)"
        ),
        {"i": indicator_id, "b": batch_id},
    ).rowcount


def _insert_staged(conn: Connection, indicator: dict, batch_id: int) -> None:
    """Insert the staged rows as the batch's (a weighted mean's with their weights)."""
    params = {"i": indicator["id"], "b": batch_id, "source": indicator["source"]}
    conn.execute(
        text(
            "INSERT INTO observations (area_code, indicator_id, period, value, numerator,"
            " denominator, source, batch_id, source_row, derived) "
            "SELECT area_code, CAST(:i AS VARCHAR), period, value, numerator, denominator,"
            " CAST(:source AS VARCHAR), CAST(:b AS INTEGER), source_row, CAST(:f AS BOOLEAN) "
            "FROM intake_staging"
        ),
        {**params, "f": False},
    )
    declared = indicator.get("origin", INTAKE) == INTAKE  # a built-in weight is a source column
    if indicator["rollup"] == "weighted_mean" and indicator.get("weight") and declared:
        _attach_weights(conn, indicator, batch_id)
    elif indicator["rollup"] == "weighted_mean" and not declared:
        _keep_weights(conn, indicator, batch_id)


def _attach_weights(conn: Connection, indicator: dict, batch_id: int) -> None:
    """A weighted mean rolls up as sum(value × weight) / sum(weight), weights from the store."""
    conn.execute(
        text(
            "UPDATE observations SET denominator = ("
            " SELECT w.value FROM observations w WHERE w.indicator_id = :w"
            " AND w.area_code = observations.area_code AND w.period = observations.period"
            " AND w.superseded_by IS NULL) "
            "WHERE batch_id = :b"
        ),
        {"w": indicator["weight"], "b": batch_id},
    )
    conn.execute(
        text("UPDATE observations SET numerator = value * denominator WHERE batch_id = :b"),
        {"b": batch_id},
    )


def _keep_weights(conn: Connection, indicator: dict, batch_id: int) -> None:
    """A built-in weighted mean's weight is a column of its source, not an indicator: a
    loaded value keeps the weight of the value it replaces (the same area and period), so
    the coarser levels of that period are still derived; a value of a new period has none."""
    conn.execute(
        text(
            "UPDATE observations SET denominator = ("
            " SELECT r.denominator FROM observations r WHERE r.superseded_by = :b"
            " AND r.indicator_id = :i AND r.area_code = observations.area_code"
            " AND r.period = observations.period) "
            "WHERE batch_id = :b AND denominator IS NULL"
        ),
        {"i": indicator["id"], "b": batch_id},
    )
    conn.execute(
        text(
            "UPDATE observations SET numerator = value * denominator"
            " WHERE batch_id = :b AND denominator IS NOT NULL"
        ),
        {"b": batch_id},
    )


def rollback(store: Store, batch_id: int, user: User) -> dict:
    """Undo one load: restore exactly the rows it replaced; record who and when."""
    with store.begin() as conn:
        # Locked, so two roll-backs of one batch cannot both pass the status check.
        batch = (
            conn.execute(select(batches_t).where(batches_t.c.id == batch_id).with_for_update())
            .mappings()
            .first()
        )
        if batch is None:
            raise WarroomError(f"no batch {batch_id}")
        if batch["status"] != LOADED:
            raise WarroomError(f"batch {batch_id} was already rolled back")
        if not user.may_load(batch["province"]):
            raise AccessError(
                f"{user.name} may not roll back batch {batch_id}: it holds data outside "
                f"province {user.province}"
            )
        indicator = dict(
            conn.execute(select(indicators_t).where(indicators_t.c.id == batch["indicator_id"]))
            .mappings()
            .one()
        )
        _lock(conn, indicator["id"])
        # Take the batch's own rows out of the current set first (marked -batch), so the
        # rows they replaced can become current again without two current values at once.
        conn.execute(
            text(
                "UPDATE observations SET superseded_by = :m "
                "WHERE batch_id = :b AND superseded_by IS NULL"
            ),
            {"b": batch_id, "m": -batch_id},
        )
        conn.execute(
            text(
                "UPDATE observations SET superseded_by = ("
                " SELECT NULLIF(b.superseded_by, :m) FROM observations b WHERE b.batch_id = :b"
                " AND b.indicator_id = observations.indicator_id"
                " AND b.area_code = observations.area_code AND b.period = observations.period) "
                "WHERE superseded_by = :b"
            ),
            {"b": batch_id, "m": -batch_id},
        )
        removed = conn.execute(
            text("DELETE FROM observations WHERE batch_id = :b"), {"b": batch_id}
        ).rowcount
        derive(conn, indicator)
        conn.execute(
            update(batches_t)
            .where(batches_t.c.id == batch_id)
            .values(status=ROLLED_BACK, rolled_back_at=datetime.now(UTC), rolled_back_by=user.name)
        )
    audit("rollback", user=user.name, batch=batch_id, indicator=indicator["id"], removed=removed)
    return {"batch": batch_id, "indicator": indicator["id"], "removed": removed}


def list_batches(store: Store) -> pd.DataFrame:
    """Every load, newest first."""
    return store.batches()
