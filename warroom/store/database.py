"""``Store``: the one object that reads and writes the War Room database.

SQLite through SQLAlchemy by default; any SQLAlchemy URL (e.g. PostgreSQL) through
``WARROOM_DATABASE_URL``. ``Store.create`` makes the database and its schema (the build
does, once); ``Store.open`` and ``Store(url)`` use an existing one and never create
anything, so a deleted file is an error, not a new empty store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import pandas as pd
from sqlalchemy import ColumnElement, Table, delete, func, inspect, select
from sqlalchemy.engine import Connection, Engine

from warroom.errors import DataError, Problem
from warroom.store.engine import (
    LOCK_TIMEOUT_S,
    StoreMissingError,
    StoreOutdatedError,
    engine_for,
    sqlite_path,
    where,
)
from warroom.store.schema import (
    CATALOGUE,
    INTAKE,
    SCHEMA_VERSION,
    areas_t,
    batches_t,
    build_info_t,
    ensure_schema,
    excluded_t,
    indicators_t,
    insert_frame,
    metadata,
    missing_columns,
    observations_t,
    reference_figures_t,
    revoked_sessions_t,
    sources_t,
    unmatched_t,
    unplaced_t,
    users_t,
)


class Store:
    """The War Room database: areas, catalogue, observations, loads and users.

    Parameters
    ----------
    url
        SQLAlchemy URL of the database.
    lock_timeout
        Seconds a write waits for another writer before failing with ``StoreBusyError``.
    """

    def __init__(self, url: str, *, lock_timeout: float = LOCK_TIMEOUT_S):
        self.url = url
        self.lock_timeout = lock_timeout
        self.engine: Engine = engine_for(url)
        self._revoked_table = False  # seen the signed-out sessions' table (made on first use)

    def __repr__(self) -> str:
        return f"Store({where(self.url)!r})"

    # -- opening and creating ---------------------------------------------------------------

    @classmethod
    def open(cls, url: str, *, lock_timeout: float = LOCK_TIMEOUT_S) -> Store:
        """An existing store; ``StoreMissingError`` (one line) when there is none."""
        path = sqlite_path(url)
        if path is not None and not path.is_file():
            raise StoreMissingError(f"no built store at {path}: run `warroom build` first")
        store = cls(url, lock_timeout=lock_timeout)
        with store.connect() as conn:
            if not inspect(conn).has_table("observations"):
                raise StoreMissingError(
                    f"{where(url)} holds no War Room store: run `warroom build`"
                )
            missing = missing_columns(conn)
        if missing:
            raise StoreOutdatedError(
                f"{where(url)} was built by an older War Room (no {', '.join(missing)}): "
                "run `warroom build` (it keeps users, declared indicators and loads)"
            )
        return store

    @classmethod
    def create(cls, url: str, *, lock_timeout: float = LOCK_TIMEOUT_S) -> Store:
        """The store at ``url``, making the database and its tables when missing."""
        path = sqlite_path(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        maker = engine_for(url, writer=True, create=True, lock_timeout=lock_timeout)
        with maker.begin() as conn:
            ensure_schema(conn)
        if path is not None:
            path.chmod(0o600)  # it holds password hashes
        return cls(url, lock_timeout=lock_timeout)

    def exists(self) -> bool:
        """Whether the database holds a War Room store."""
        path = sqlite_path(self.url)
        if path is not None and not path.is_file():
            return False
        with self.connect() as conn:
            return inspect(conn).has_table("observations")

    # -- connections ------------------------------------------------------------------------

    def _check_file(self) -> None:
        # Pooled SQLite connections keep reading a deleted file; notice it instead.
        path = sqlite_path(self.url)
        if path is not None and not path.is_file():
            raise StoreMissingError(
                f"the database {path} is missing (deleted or moved?): run `warroom build`"
            )

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A reading connection (never waits for a writer on SQLite)."""
        self._check_file()
        with self.engine.connect() as conn:
            yield conn

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A writing transaction: everything in it commits, or nothing does.

        On SQLite it holds the write lock (waiting at most ``lock_timeout`` seconds for it).
        """
        self._check_file()
        with engine_for(self.url, writer=True, lock_timeout=self.lock_timeout).begin() as conn:
            yield conn

    def _read(self, table: Table, *conditions: ColumnElement[bool]) -> pd.DataFrame:
        with self.connect() as conn:
            return pd.read_sql(select(table).where(*conditions), conn)

    # -- reading ----------------------------------------------------------------------------

    def areas(self, level: str | None = None, *, within: str | None = None) -> pd.DataFrame:
        """The areas (optionally of one level, inside ``within``), in code order."""
        conditions = [areas_t.c.level == level] if level else []
        if within and within != "TH":
            conditions.append(areas_t.c.code.startswith(within))
        return self._read(areas_t, *conditions).sort_values("code", ignore_index=True)

    def indicators(self, *, origin: str | None = None) -> pd.DataFrame:
        """The indicators as stored; ``origin`` ``catalogue`` or ``intake`` picks one kind."""
        conditions = [indicators_t.c.origin == origin] if origin else []
        return self._read(indicators_t, *conditions)

    def indicator(self, indicator_id: str) -> dict[str, Any] | None:
        """One indicator as a dict, or None."""
        with self.connect() as conn:
            row = (
                conn.execute(select(indicators_t).where(indicators_t.c.id == indicator_id))
                .mappings()
                .first()
            )
        return None if row is None else dict(row)

    def sources(self) -> pd.DataFrame:
        """Where each indicator's figures come from (publisher, year, licence, modelled)."""
        return self._read(sources_t)

    def periods(self, indicator_id: str) -> list[int]:
        """Periods (CE years) with any current value of an indicator, ascending."""
        stmt = (
            select(observations_t.c.period)
            .distinct()
            .where(observations_t.c.indicator_id == indicator_id, current())
            .order_by(observations_t.c.period)
        )
        with self.connect() as conn:
            return [row[0] for row in conn.execute(stmt)]

    def observations(
        self,
        indicator_id: str | Iterable[str] | None = None,
        *,
        period: int | None = None,
        area_code: str | None = None,
        batch_id: int | None = None,
        include_replaced: bool = False,
    ) -> pd.DataFrame:
        """Observations (by default only current ones: the latest load of each value).

        Parameters
        ----------
        indicator_id
            One id or several; all indicators when None.
        period, area_code, batch_id
            Keep only rows of this period, area or load.
        include_replaced
            Also rows that a later load replaced (``superseded_by`` set).
        """
        c = observations_t.c
        conditions: list[ColumnElement[bool]] = [] if include_replaced else [current()]
        if isinstance(indicator_id, str):
            conditions.append(c.indicator_id == indicator_id)
        elif indicator_id is not None:
            conditions.append(c.indicator_id.in_(list(indicator_id)))
        if period is not None:
            conditions.append(c.period == period)
        if area_code is not None:
            conditions.append(c.area_code == area_code)
        if batch_id is not None:
            conditions.append(c.batch_id == batch_id)
        return self._read(observations_t, *conditions)

    def values(
        self, indicator_id: str, level: str, period: int, *, within: str | None = None
    ) -> pd.DataFrame:
        """Every area of ``level`` (inside ``within`` if given) with its value, or NaN.

        Columns: code, name_th, name_en, period, value, numerator, denominator, coverage,
        derived_from (the loads a derived value of a loaded indicator combines).
        """
        areas = self.areas(level, within=within)
        obs = self.observations(indicator_id, period=period)
        measures = ["value", "numerator", "denominator", "coverage", "derived_from"]
        merged = (
            areas[["code", "name_th", "name_en"]]
            .merge(
                obs[["area_code", *measures]],
                left_on="code",
                right_on="area_code",
                how="left",
            )
            .drop(columns="area_code")
        )
        merged.insert(3, "period", period)
        return merged

    def _of(self, table: Table, indicator_id: str | None, period: int | None) -> pd.DataFrame:
        """Rows of a build report table, of one indicator and period when given."""
        conditions = []
        if indicator_id is not None:
            conditions.append(table.c.indicator_id == indicator_id)
        if period is not None:
            conditions.append(table.c.period == period)
        return self._read(table, *conditions)

    def unplaced(self, indicator_id: str | None = None, period: int | None = None) -> pd.DataFrame:
        """Rows counted on an ancestor rather than their own area (see the roll-up)."""
        return self._of(unplaced_t, indicator_id, period)

    def excluded(self, indicator_id: str | None = None, period: int | None = None) -> pd.DataFrame:
        """Source values the build did not store as figures (impossible, sampling zeros)."""
        return self._of(excluded_t, indicator_id, period)

    def reference_figures(self) -> pd.DataFrame:
        """Published figures kept beside the derived ones (``indicators.references``)."""
        return self._read(reference_figures_t)

    def unmatched(self) -> pd.DataFrame:
        """Source rows that match no area at all (reported by the build)."""
        return self._read(unmatched_t)

    def batches(
        self, *, status: str | None = None, indicator_id: str | None = None
    ) -> pd.DataFrame:
        """Loads, newest first (optionally of one status or indicator)."""
        conditions = []
        if status is not None:
            conditions.append(batches_t.c.status == status)
        if indicator_id is not None:
            conditions.append(batches_t.c.indicator_id == indicator_id)
        frame = self._read(batches_t, *conditions)
        return frame.sort_values("id", ascending=False, ignore_index=True)

    def batch(self, batch_id: int) -> dict[str, Any] | None:
        """One load as a dict, or None."""
        with self.connect() as conn:
            row = conn.execute(select(batches_t).where(batches_t.c.id == batch_id)).mappings()
            found = row.first()
        return None if found is None else dict(found)

    def users(self) -> pd.DataFrame:
        """Accounts (name, role, province, created_at), never their password hashes."""
        cols = [users_t.c.name, users_t.c.role, users_t.c.province, users_t.c.created_at]
        with self.connect() as conn:
            return pd.read_sql(select(*cols).order_by(users_t.c.name), conn)

    def account(self, name: str) -> dict[str, Any] | None:
        """One account with its password hash (for checking a password), or None."""
        with self.connect() as conn:
            row = conn.execute(select(users_t).where(users_t.c.name == name)).mappings().first()
        return None if row is None else dict(row)

    def has_users(self) -> bool:
        """Whether any account exists."""
        with self.connect() as conn:
            return conn.execute(select(users_t.c.name).limit(1)).first() is not None

    @property
    def shared(self) -> bool:
        """Whether the store is a database server (PostgreSQL), not a file of this machine."""
        return sqlite_path(self.url) is None

    def revoke_session(self, sid: str, user: str, expires_at: float) -> None:
        """Record session ``sid`` of ``user`` as signed out until ``expires_at`` (epoch
        seconds), forgetting sessions that expired."""
        import time

        with self.begin() as conn:
            revoked_sessions_t.create(conn, checkfirst=True)
            table = revoked_sessions_t
            conn.execute(delete(table).where(table.c.expires_at < time.time()))
            conn.execute(delete(table).where(table.c.sid == sid))
            conn.execute(table.insert().values(sid=sid, user_name=user, expires_at=expires_at))

    def session_revoked(self, sid: str) -> bool:
        """Whether session ``sid`` was signed out (``revoke_session``)."""
        with self.connect() as conn:
            if not self._revoked_table:
                if not inspect(conn).has_table(revoked_sessions_t.name):
                    return False  # no session was ever signed out here
                self._revoked_table = True
            found = conn.execute(
                select(revoked_sessions_t.c.sid).where(revoked_sessions_t.c.sid == sid)
            ).first()
        return found is not None

    def build_info(self) -> dict[str, str]:
        """What the build recorded about itself (``schema``, ``built_at``)."""
        with self.connect() as conn:
            rows = conn.execute(select(build_info_t.c.key, build_info_t.c.value))
            return {str(key): str(value) for key, value in rows}

    def data_version(self) -> tuple:
        """Changes whenever a build or a load commits (cheap to ask every few seconds)."""
        with self.connect() as conn:
            built = conn.scalar(
                select(build_info_t.c.value).where(build_info_t.c.key == "built_at")
            )
            latest = conn.execute(
                select(func.max(batches_t.c.id), func.count(batches_t.c.rolled_back_at))
            ).one()
        return (built, *latest)

    # -- writing ----------------------------------------------------------------------------

    def insert(self, table: Table, frame: pd.DataFrame) -> None:
        """Append a DataFrame's rows to ``table`` in one transaction."""
        with self.begin() as conn:
            insert_frame(conn, table, frame)

    def write_build(
        self,
        tables: dict[str, pd.DataFrame],
        *,
        after: Callable[[Connection], object] | None = None,
    ) -> None:
        """Replace what the build owns with ``tables`` (by table name), in one transaction.

        Catalogue indicators, their sources and built observations, the areas and the
        build's reports are replaced; indicators declared by users, every load (batches and
        their observations, also new periods loaded into catalogue indicators) and the users
        are kept. A built value a load had replaced stays replaced (so rolling the load back
        brings the new build's value). ``after(conn)`` runs in the same transaction (the
        build re-derives the catalogue indicators that hold loads). Readers see the old
        store until the transaction commits.
        """
        with self.begin() as conn:
            ensure_schema(conn)
            intake_ids = set(
                conn.scalars(select(indicators_t.c.id).where(indicators_t.c.origin == INTAKE))
            )
            clash = sorted(intake_ids & set(tables["indicators"]["id"]))
            if clash:
                why = "id already declared by a user load"
                raise DataError([Problem("catalogue.csv", why, None, "id", i) for i in clash])
            obs = observations_t.c
            loaded = pd.read_sql(
                select(obs.indicator_id, obs.area_code, obs.period, func.min(obs.batch_id))
                .where(obs.batch_id.is_not(None), obs.indicator_id.not_in(intake_ids))
                .group_by(obs.indicator_id, obs.area_code, obs.period),
                conn,
            ).set_axis(["indicator_id", "area_code", "period", "first_batch"], axis=1)
            gone = sorted(set(loaded["indicator_id"]) - set(tables["indicators"]["id"]))
            if gone:
                why = (
                    "no longer in the catalogue, but loads hold values of it: roll them back first"
                )
                raise DataError([Problem("catalogue.csv", why, None, "id", i) for i in gone])
            built = obs.batch_id.is_(None)
            conn.execute(delete(observations_t).where(obs.indicator_id.not_in(intake_ids), built))
            conn.execute(delete(indicators_t).where(indicators_t.c.origin == CATALOGUE))
            conn.execute(delete(sources_t).where(sources_t.c.origin == CATALOGUE))
            built_tables = (
                areas_t,
                unplaced_t,
                unmatched_t,
                excluded_t,
                reference_figures_t,
                build_info_t,
            )
            for table in built_tables:
                conn.execute(delete(table))
            tables = {**tables, "observations": _under_loads(tables["observations"], loaded)}
            for name, df in tables.items():
                insert_frame(conn, metadata.tables[name], df)
            conn.execute(build_info_t.insert(), [{"key": "schema", "value": SCHEMA_VERSION}])
            if after is not None:
                after(conn)


def _under_loads(built: pd.DataFrame, loaded: pd.DataFrame) -> pd.DataFrame:
    """Built observations as they stand under the loads kept: a built value on a loaded
    area and period is replaced by the first load of it (``superseded_by``); a derived one
    there is dropped (coarser levels of loaded indicators are derived again)."""
    if loaded.empty:
        return built
    keys = ["indicator_id", "area_code", "period"]
    built = built.drop(columns=["superseded_by"], errors="ignore")
    merged = built.merge(loaded, on=keys, how="left")
    derived = merged["derived"].astype(bool) if "derived" in merged else False
    merged = merged[~(derived & merged["first_batch"].notna())]
    return merged.rename(columns={"first_batch": "superseded_by"})


def current() -> ColumnElement[bool]:
    """The condition that selects current (not replaced) observations."""
    return observations_t.c.superseded_by.is_(None)
