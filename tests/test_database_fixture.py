"""The `database_url` fixture gives a working, empty, isolated database on both backends."""

from __future__ import annotations

from sqlalchemy import create_engine, select

from warroom.store import build_info_t, metadata


def test_schema_and_round_trip(database_url, request):
    """The store's schema creates on a fresh database, and a row goes in and comes back."""
    engine = create_engine(database_url)
    try:
        assert engine.dialect.name == request.node.callspec.params["database_url"]
        metadata.create_all(engine)
        with engine.begin() as conn:
            conn.execute(build_info_t.insert().values(key="source", value="กรุงเทพมหานคร"))
        with engine.connect() as conn:
            rows = conn.execute(select(build_info_t.c.key, build_info_t.c.value)).all()
        assert rows == [("source", "กรุงเทพมหานคร")]
    finally:
        engine.dispose()


def test_uncommitted_insert_is_invisible_to_another_connection(database_url):
    """Two connections in separate transactions: one's uncommitted row is hidden from the other."""
    engine = create_engine(database_url)
    try:
        metadata.create_all(engine)
        keys = select(build_info_t.c.key)
        with engine.connect() as writer, engine.connect() as reader:
            writer.execute(build_info_t.insert().values(key="k", value="v"))  # not committed
            assert reader.execute(keys).all() == []
            reader.rollback()  # end the reader's transaction (SQLite holds a read lock)
            writer.commit()
            assert reader.execute(keys).all() == [("k",)]
    finally:
        engine.dispose()
