"""The store: the one place that reads and writes the War Room database.

Use a ``Store`` object (``Store.open(url)`` for an existing store, ``Store.create(url)`` to
make one); its methods are the whole read API, so no other module writes SQL conditions
for reading. The tables are exported for the intake's transactions and for tests.
"""

from warroom.store.database import Store, current
from warroom.store.engine import (
    LOCK_TIMEOUT_S,
    StoreBusyError,
    StoreCorruptError,
    StoreError,
    StoreMissingError,
    StoreOutdatedError,
)
from warroom.store.schema import (
    CATALOGUE,
    INTAKE,
    OBSERVATION_COLUMNS,
    SCHEMA_VERSION,
    areas_t,
    batches_t,
    build_info_t,
    bulk_cache,
    excluded_t,
    indicators_t,
    insert_frame,
    insert_rows,
    metadata,
    observations_t,
    sources_t,
    unmatched_t,
    unplaced_t,
    users_t,
)

__all__ = [
    "CATALOGUE",
    "INTAKE",
    "LOCK_TIMEOUT_S",
    "OBSERVATION_COLUMNS",
    "SCHEMA_VERSION",
    "Store",
    "StoreBusyError",
    "StoreCorruptError",
    "StoreError",
    "StoreMissingError",
    "StoreOutdatedError",
    "areas_t",
    "batches_t",
    "build_info_t",
    "bulk_cache",
    "current",
    "excluded_t",
    "indicators_t",
    "insert_frame",
    "insert_rows",
    "metadata",
    "observations_t",
    "sources_t",
    "unmatched_t",
    "unplaced_t",
    "users_t",
]
