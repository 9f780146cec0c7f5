"""The built store: areas, catalogue and tidy observations in one SQL database.

SQLite through SQLAlchemy by default; any SQLAlchemy URL (e.g. PostgreSQL) through
``WARROOM_DATABASE_URL``. The app and the export read only from here.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sqlalchemy import (
    Boolean,
    Column,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    create_engine,
    select,
)
from sqlalchemy.engine import Engine, make_url

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
    Column("batch_id", Integer),
    UniqueConstraint("area_code", "indicator_id", "period", name="uq_observation"),
    Index("ix_obs_indicator_period", "indicator_id", "period"),
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


def write_store(url: str, tables: dict[str, pd.DataFrame]) -> None:
    """Replace the whole store with ``tables`` (by table name), all or nothing.

    A SQLite file is written beside the target and moved into place, so readers never see
    a half-built store; other databases get one transaction.
    """
    parsed = make_url(url)
    is_sqlite_file = parsed.get_backend_name() == "sqlite" and parsed.database not in (
        None,
        "",
        ":memory:",
    )
    if is_sqlite_file:
        target = Path(parsed.database)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".building")
        tmp.unlink(missing_ok=True)
        engine = create_engine(parsed.set(database=str(tmp)))
    else:
        engine = create_engine(url)
    try:
        with engine.begin() as conn:
            metadata.drop_all(conn)
            metadata.create_all(conn)
            for name, df in tables.items():
                table = metadata.tables[name]
                records = _records(df, table)
                for start in range(0, len(records), 50_000):
                    conn.execute(table.insert(), records[start : start + 50_000])
    finally:
        engine.dispose()
    if is_sqlite_file:
        tmp.replace(target)


class Store:
    """Read access to the built store."""

    def __init__(self, url: str):
        self.url = url
        self.engine: Engine = create_engine(url)

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
            .where(observations_t.c.indicator_id == indicator_id)
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
        obs = self.read(
            observations_t,
            observations_t.c.indicator_id == indicator_id,
            observations_t.c.period == period,
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
