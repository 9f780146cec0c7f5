"""The store: areas, catalogue, tidy observations, loads (batches) and users in one database.

SQLite through SQLAlchemy by default; any SQLAlchemy URL (e.g. PostgreSQL) through
``WARROOM_DATABASE_URL``. The app and the export read only from here.

Two writers share it. ``warroom build`` owns the rows of catalogue indicators (``origin``
``catalogue``) and replaces them in one transaction; ``warroom ingest`` owns the indicators
users declare (``origin`` ``intake``) and their batches, which a rebuild keeps. Loaded rows
are never updated in place: a load marks the rows it replaces ``superseded_by`` its batch,
so a rollback can restore exactly what was there before.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    delete,
    false,
    func,
    inspect,
    select,
)
from sqlalchemy.engine import Connection, Engine

from warroom.db import engine_for
from warroom.errors import DataError, Problem

SCHEMA_VERSION = "2"
CATALOGUE, INTAKE = "catalogue", "intake"

metadata = MetaData()

areas_t = Table(
    "areas",
    metadata,
    Column("code", String(8), primary_key=True),
    Column("level", String(10), nullable=False, index=True),
    Column("parent", String(8), index=True),
    Column("name_th", String, nullable=False),
    Column("name_en", String, nullable=False),
    Column("area_km2", Float, nullable=False),
    Column("minx", Float),
    Column("miny", Float),
    Column("maxx", Float),
    Column("maxy", Float),
    Column("rep_lon", Float),
    Column("rep_lat", Float),
)
sources_t = Table(
    "sources",
    metadata,
    Column("id", String, primary_key=True),
    Column("name_th", String),
    Column("name_en", String),
    Column("publisher_th", String),
    Column("publisher_en", String),
    Column("year", String),
    Column("licence", String),
    Column("modelled", Boolean),
    Column("origin", String, nullable=False, server_default=CATALOGUE),
)
indicators_t = Table(
    "indicators",
    metadata,
    Column("id", String, primary_key=True),
    Column("name_th", String, nullable=False),
    Column("name_en", String, nullable=False),
    Column("sdg", String),
    Column("goal", Integer),
    Column("unit", String),
    Column("unit_th", String),
    Column("direction", String),
    Column("rollup", String),
    Column("scale", Float),
    Column("weight", String),
    Column("source", String),
    Column("modelled", Boolean),
    Column("origin", String, nullable=False, server_default=CATALOGUE),
    Column("created_by", String),
    Column("created_at", DateTime(timezone=True)),
)
observations_t = Table(
    "observations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("area_code", String(8), nullable=False),
    Column("indicator_id", String, nullable=False),
    Column("period", Integer, nullable=False),
    Column("value", Float),
    Column("numerator", Float),
    Column("denominator", Float),
    Column("source", String, nullable=False),
    Column("batch_id", Integer, index=True),  # the load that wrote the row (None: the build)
    Column("source_row", Integer),  # row in the loaded file
    Column("derived", Boolean, nullable=False, server_default=false()),  # rolled up, not loaded
    Column("superseded_by", Integer, index=True),  # the batch that replaced it; None: current
    Index("ix_obs_indicator_period", "indicator_id", "period"),
    # One current value per area, indicator and period; replaced rows are kept beside it.
    Index(
        "uq_current_observation",
        "indicator_id",
        "area_code",
        "period",
        unique=True,
        sqlite_where=Column("superseded_by").is_(None),
        postgresql_where=Column("superseded_by").is_(None),
    ),
)
# One row per load: who, when, what file, what it changed; rollbacks are recorded, not erased.
batches_t = Table(
    "batches",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("indicator_id", String, nullable=False, index=True),
    Column("user", String, nullable=False),
    Column("loaded_at", DateTime(timezone=True), nullable=False),
    Column("file_name", String, nullable=False),
    Column("sha256", String(64), nullable=False, index=True),
    Column("rows", Integer, nullable=False),
    Column("replaced", Integer, nullable=False, server_default="0"),
    Column("dropped", Integer, nullable=False, server_default="0"),
    Column("periods", String, nullable=False),
    Column("level", String),
    Column("province", String(4)),  # the one province all rows lie in, if they do
    Column("status", String, nullable=False),  # loaded | rolled back
    Column("rolled_back_at", DateTime(timezone=True)),
    Column("rolled_back_by", String),
)
users_t = Table(
    "users",
    metadata,
    Column("name", String, primary_key=True),
    Column("password_hash", String, nullable=False),
    Column("role", String, nullable=False),  # admin | officer | viewer
    Column("province", String(4)),  # an officer's province
    Column("created_at", DateTime(timezone=True), nullable=False),
)
# Rows counted from an ancestor upwards because their own code is not a known area.
unplaced_t = Table(
    "unplaced",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("anchor", String(8), nullable=False, index=True),
    Column("code", String(8), nullable=False),
    Column("source_name", String),
    Column("indicator_id", String, nullable=False),
    Column("period", Integer, nullable=False),
    Column("value", Float),
    Column("numerator", Float),
    Column("denominator", Float),
    Column("source", String),
    Column("source_row", Integer),
)
# Rows that match no area at all (reported, kept).
unmatched_t = Table(
    "unmatched",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("code", String),
    Column("source_name", String),
    Column("indicator_id", String),
    Column("period", Integer),
    Column("value", Float),
    Column("source", String),
    Column("source_row", Integer),
)
build_info_t = Table(
    "build_info",
    metadata,
    Column("key", String, primary_key=True),
    Column("value", String),
)


def _records(df: pd.DataFrame, table: Table) -> list[dict]:
    cols = [c.name for c in table.columns if c.name in df.columns]
    clean = df[cols].astype(object).where(df[cols].notna(), None)
    return clean.to_dict("records")


def insert_frame(conn: Connection, table: Table, df: pd.DataFrame, chunk: int = 50_000) -> None:
    """Insert a DataFrame's rows (the table's columns only; NaN as NULL) in chunks."""
    records = _records(df, table)
    for start in range(0, len(records), chunk):
        conn.execute(table.insert(), records[start : start + chunk])


def ensure_schema(conn: Connection) -> None:
    """Create missing tables; a store of an older schema (no loads yet) is recreated."""
    tables = set(inspect(conn).get_table_names())
    if "observations" in tables and "batches" not in tables:
        metadata.drop_all(conn, checkfirst=True)
    metadata.create_all(conn, checkfirst=True)


_prepared: set[str] = set()  # URLs whose tables this process has checked


def prepare(url: str) -> None:
    """Make sure the store's tables exist (once per process and URL)."""
    if url not in _prepared:
        with engine_for(url, writer=True).begin() as conn:
            ensure_schema(conn)
        _prepared.add(url)


def write_build(url: str, tables: dict[str, pd.DataFrame]) -> None:
    """Replace what the build owns with ``tables`` (by table name), in one transaction.

    Catalogue indicators, their sources and observations, the areas and the build's reports
    are replaced; indicators declared by users, their batches and observations, and the
    users are kept. Readers see the old store until the transaction commits.
    """
    engine = engine_for(url, writer=True)
    with engine.begin() as conn:
        ensure_schema(conn)
        intake_ids = set(
            conn.scalars(select(indicators_t.c.id).where(indicators_t.c.origin == INTAKE))
        )
        clash = sorted(intake_ids & set(tables["indicators"]["id"]))
        if clash:
            raise DataError(
                [
                    Problem("catalogue.csv", "id already declared by a user load", None, "id", i)
                    for i in clash
                ]
            )
        conn.execute(delete(observations_t).where(observations_t.c.indicator_id.not_in(intake_ids)))
        conn.execute(delete(indicators_t).where(indicators_t.c.origin == CATALOGUE))
        conn.execute(delete(sources_t).where(sources_t.c.origin == CATALOGUE))
        for table in (areas_t, unplaced_t, unmatched_t, build_info_t):
            conn.execute(delete(table))
        for name, df in tables.items():
            insert_frame(conn, metadata.tables[name], df)
        conn.execute(build_info_t.insert(), [{"key": "schema", "value": SCHEMA_VERSION}])


def current():
    """The condition that selects current (not replaced) observations."""
    return observations_t.c.superseded_by.is_(None)


class Store:
    """Read access to the built store."""

    def __init__(self, url: str):
        self.url = url
        self.engine: Engine = engine_for(url)

    def read(self, table: Table, *where) -> pd.DataFrame:
        """Rows of ``table`` matching the SQLAlchemy conditions ``where``."""
        with self.engine.connect() as conn:
            return pd.read_sql(select(table).where(*where), conn)

    def areas(self, level: str | None = None) -> pd.DataFrame:
        """The areas table, optionally of one level, in code order."""
        where = [areas_t.c.level == level] if level else []
        return self.read(areas_t, *where).sort_values("code", ignore_index=True)

    def indicators(self) -> pd.DataFrame:
        """The catalogue as stored."""
        return self.read(indicators_t)

    def periods(self, indicator_id: str) -> list[int]:
        """Periods (CE years) with any value of an indicator, ascending."""
        stmt = (
            select(observations_t.c.period)
            .distinct()
            .where(observations_t.c.indicator_id == indicator_id, current())
            .order_by(observations_t.c.period)
        )
        with self.engine.connect() as conn:
            return [row[0] for row in conn.execute(stmt)]

    def values(
        self, indicator_id: str, level: str, period: int, within: str | None = None
    ) -> pd.DataFrame:
        """Every area of ``level`` (inside ``within`` if given) with its value, or NaN.

        Columns: code, name_th, name_en, period, value, numerator, denominator.
        """
        areas = self.areas(level)
        if within:
            areas = areas[areas["code"].str.startswith(within)]
        obs = self.observations(
            observations_t.c.indicator_id == indicator_id, observations_t.c.period == period
        )
        merged = (
            areas[["code", "name_th", "name_en"]]
            .merge(
                obs[["area_code", "value", "numerator", "denominator"]],
                left_on="code",
                right_on="area_code",
                how="left",
            )
            .drop(columns="area_code")
        )
        merged.insert(3, "period", period)
        return merged

    def unplaced(self, indicator_id: str, period: int) -> pd.DataFrame:
        """Rows of an indicator counted on an ancestor rather than their own area."""
        return self.read(
            unplaced_t, unplaced_t.c.indicator_id == indicator_id, unplaced_t.c.period == period
        )

    def observations(self, *where) -> pd.DataFrame:
        """Current observations (the latest load of each value) matching ``where``."""
        return self.read(observations_t, current(), *where)

    def batches(self) -> pd.DataFrame:
        """Every load, newest first."""
        return self.read(batches_t).sort_values("id", ascending=False, ignore_index=True)

    def data_version(self) -> tuple:
        """Changes whenever a build or a load commits (cheap to ask every few seconds)."""
        with self.engine.connect() as conn:
            built = conn.scalar(
                select(build_info_t.c.value).where(build_info_t.c.key == "built_at")
            )
            latest = conn.execute(
                select(func.max(batches_t.c.id), func.count(batches_t.c.rolled_back_at))
            ).one()
        return (built, *latest)
