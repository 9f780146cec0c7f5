"""The store's tables: areas, catalogue, tidy observations, loads (batches) and users.

Two writers share the store. ``warroom build`` owns the rows of catalogue indicators (``origin``
``catalogue``) and replaces them in one transaction; ``warroom ingest`` owns the indicators
users declare (``origin`` ``intake``) and their batches, which a rebuild keeps. Loaded rows
are never updated in place: a load marks the rows it replaces ``superseded_by`` its batch,
so a rollback can restore exactly what was there before.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
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
    false,
    inspect,
)
from sqlalchemy.engine import Connection

from warroom.allocation import gc_paused

SCHEMA_VERSION = "3"
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
    # The SDG dashboard contract (data/indicators/README.md): the SDG code or the code a proxy
    # stands in for, status thresholds in the indicator's unit with their basis and source,
    # and a caveat to show beside the value.
    Column("sdg_code", String),
    Column("proxy", Boolean),
    Column("threshold_green", Float),
    Column("threshold_red", Float),
    Column("threshold_basis", String),
    Column("threshold_source", String),
    Column("threshold_source_th", String),
    Column("note_th", String),
    Column("note_en", String),
    # The values it can take (warroom/indicators/plausibility.py) and its sampling zeros.
    Column("value_min", Float),
    Column("value_max", Float),
    Column("value_range_source", String),
    Column("zero_is_missing", Boolean),
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
    # Derived rows: the share of the area's children that had a value (1.0: all of them).
    Column("coverage", Float),
    # Derived rows of loaded indicators: the loads they combine ("build", "7", "build,7");
    # a comma means the value mixes loads (README: derived values and loads).
    Column("derived_from", String),
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
# Source values the build did not store as figures, and why: ``rule`` is a plausibility
# rule (``share``, ``count``, ``unit``, ``declared``: impossible in the source) or
# ``sampling_zero``; ``reason`` says it in words. Every screen shows the area grey with it.
excluded_t = Table(
    "excluded",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("area_code", String(8), nullable=False),
    Column("indicator_id", String, nullable=False, index=True),
    Column("period", Integer, nullable=False),
    Column("value", Float),
    Column("source", String),
    Column("rule", String, nullable=False),
    Column("reason", String),
)
# Published figures kept beside the derived ones (data/indicators/reference_figures.csv).
reference_figures_t = Table(
    "reference_figures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("indicator_id", String, nullable=False),
    Column("area", String(8), nullable=False),
    Column("period", Integer, nullable=False),
    Column("value", Float, nullable=False),
    Column("source_th", String),
    Column("source_en", String),
    Column("note_th", String),
    Column("note_en", String),
)
# Signed-out sessions (the web server's durable record of sign-outs when the store is shared,
# i.e. PostgreSQL; Redis only caches it). Apart from ``metadata``: made on the first
# sign-out, so a store built before it needs no new build.
sessions_metadata = MetaData()
revoked_sessions_t = Table(
    "revoked_sessions",
    sessions_metadata,
    Column("sid", String, primary_key=True),
    Column("user_name", String),
    Column("expires_at", Float, nullable=False),  # seconds since the epoch
)
build_info_t = Table(
    "build_info",
    metadata,
    Column("key", String, primary_key=True),
    Column("value", String),
)


# What the build and the roll-up produce for each observation (the rest is the store's).
OBSERVATION_COLUMNS = [
    "area_code",
    "indicator_id",
    "period",
    "value",
    "numerator",
    "denominator",
    "source",
    "coverage",
]


def records(df: pd.DataFrame, table: Table) -> list[dict]:
    """A DataFrame's rows as dicts of ``table``'s columns (NaN as None)."""
    cols = [c.name for c in table.columns if c.name in df.columns]
    clean = df[cols].astype(object).where(df[cols].notna(), None)
    return clean.to_dict("records")


def insert_frame(conn: Connection, table: Table, df: pd.DataFrame, chunk: int = 50_000) -> None:
    """Insert a DataFrame's rows (the table's columns only; NaN as NULL) in chunks."""
    rows = records(df, table)
    for start in range(0, len(rows), chunk):
        conn.execute(table.insert(), rows[start : start + chunk])


def _plain(values: pd.Series) -> list:
    """A column as plain Python values for the driver, NaN and None as NULL."""
    if values.dtype.kind in "biu":
        return values.tolist()
    if values.dtype.kind == "f":
        array = values.to_numpy()
        missing = np.isnan(array)
        if not missing.any():
            return array.tolist()
        plain = array.astype(object)
        plain[missing] = None
        return plain.tolist()
    missing = values.isna()
    if not missing.any():
        return values.tolist()
    return values.astype(object).where(~missing, None).tolist()


def insert_rows(conn: Connection, table: Table, df: pd.DataFrame, chunk: int = 50_000) -> int:
    """Insert a DataFrame's rows (the table's columns it has; NaN and None as NULL) as
    tuples through the driver's executemany, ``chunk`` rows at a time; returns the rows.

    For columns of text, numbers and booleans (staged and derived observations): the
    tuples skip SQLAlchemy's per-row parameter handling, which costs more than the insert.
    A column that is NULL in every row of a chunk, and would be NULL if left out (nullable,
    no default), is left out of that chunk's insert: the driver binds no NULL per row.
    """
    names = [c.name for c in table.columns if c.name in df.columns]
    if df.empty or not names:
        return 0
    quote = conn.dialect.identifier_preparer.quote
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    omissible = {c.name for c in table.columns if _null_when_omitted(c)}
    for start in range(0, len(df), chunk):
        part = df.iloc[start : start + chunk]
        given = [n for n in names if n not in omissible or part[n].notna().any()] or names
        sql = (
            f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in given)}) "
            f"VALUES ({', '.join([mark] * len(given))})"
        )
        with gc_paused():  # tuples by the ten thousand: see warroom.allocation
            conn.exec_driver_sql(sql, list(zip(*(_plain(part[n]) for n in given), strict=True)))
    return len(df)


def _null_when_omitted(column: Column) -> bool:
    """Whether an INSERT that leaves ``column`` out stores NULL in it."""
    return (
        bool(column.nullable)
        and column.default is None
        and column.server_default is None
        and not column.primary_key
    )


@contextmanager
def bulk_cache(conn: Connection, mb: int = 32) -> Iterator[None]:
    """On SQLite, a page cache of ``mb`` MB for the block: a million-row insert keeps its
    indexes' pages in memory instead of reading them back from the file (the default is
    2 MB); the connection's former size is set again after. Nothing elsewhere."""
    if conn.dialect.name != "sqlite":
        yield
        return
    before = int(conn.exec_driver_sql("PRAGMA cache_size").scalar_one())
    conn.exec_driver_sql(f"PRAGMA cache_size = {-int(mb) * 1024}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size = {before}")


def missing_columns(conn: Connection) -> list[str]:
    """Columns of this schema that the database's existing tables lack (``table.column``),
    and its tables the database lacks (``table``)."""
    found = inspect(conn)
    missing = []
    for name, table in metadata.tables.items():
        if found.has_table(name):
            have = {c["name"] for c in found.get_columns(name)}
            missing += [f"{name}.{c.name}" for c in table.columns if c.name not in have]
        else:
            missing.append(name)
    return missing


def ensure_schema(conn: Connection) -> None:
    """Create missing tables and columns; a store of the first schema (no loads) is recreated."""
    tables = set(inspect(conn).get_table_names())
    if "observations" in tables and "batches" not in tables:
        metadata.drop_all(conn, checkfirst=True)
        tables = set()
    metadata.create_all(conn, checkfirst=True)
    add_missing_columns(conn, metadata, tables)


def add_missing_columns(conn: Connection, schema: MetaData, existing: set[str]) -> None:
    """Add the columns of ``schema``'s tables that the ``existing`` tables lack (columns
    added since are nullable or have a default, so old rows stay valid)."""
    for name in existing & set(schema.tables):
        have = {c["name"] for c in inspect(conn).get_columns(name)}
        for column in schema.tables[name].columns:
            if column.name not in have:
                kind = column.type.compile(dialect=conn.dialect)
                conn.exec_driver_sql(f'ALTER TABLE {name} ADD COLUMN "{column.name}" {kind}')
