"""Every province's status table computed ahead, kept in the build's ``analysis/`` folder.

A governor's page opens on its area's status table (``area.status_table``: every indicator's
light, rank and coverage), about a second of work per area on the shared machine, and a
fresh server worker paid it on its first page. ``warroom hotspots-ahead`` (which ``warroom
build`` and a running server start whenever the data change) now computes the 77
provinces' tables once, a file each, and every worker reads its area's instead (``stored_status``).

Their folder is named by what the tables depend on: the store's data version, the code that
computes them (the sources of ``warroom.analysis`` and ``warroom.indicators``) and the
hand-written catalogue files (area notes, thresholds). Anything else changed makes another
name, so a stale table is never read; the page then computes its own as before. Districts
(928 of them) are still computed on demand.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import pandas as pd

from warroom.analysis.area import Source, status_table
from warroom.analysis.hotspots import exclusive

AHEAD_LEVEL = "province"
_CODE = ("analysis", "indicators")  # packages whose code the tables depend on
_PACKAGE = Path(__file__).resolve().parent.parent


@lru_cache(maxsize=8)
def _code_print(catalogue_dir: Path) -> str:
    """A digest of the code and hand-written files the status tables are computed with
    (read once per process: they do not change under a running server)."""
    digest = hashlib.sha256()
    files = [p for name in _CODE for p in sorted((_PACKAGE / name).rglob("*.py"))]
    files += sorted(Path(catalogue_dir).glob("*.csv"))
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def status_path(source: Source, folder: Path, catalogue_dir: Path) -> Path:
    """The folder holding every province's status table (one file each) for the data
    ``source`` holds."""
    key = f"{source.version!r}|{_code_print(Path(catalogue_dir))}"
    return Path(folder) / f"status_{hashlib.sha256(key.encode()).hexdigest()[:20]}"


def precompute_status(
    source: Source,
    folder: Path,
    catalogue_dir: Path,
    *,
    codes: list[str] | None = None,
    echo: Callable[[int, float], None] | None = None,
) -> int | None:
    """Compute every province's status table (or those of ``codes``), one file each (kept
    when they exist already); those of other data or code are removed. ``echo(tables,
    seconds)`` is told when done.
    Returns the number of tables; None when another process is computing them (the
    server's workers each start a run ahead: one computes, the others skip)."""
    with exclusive(Path(folder), "status") as mine:
        if not mine:
            return None
        return _precompute(source, Path(folder), catalogue_dir, codes, echo)


def _precompute(
    source: Source,
    folder: Path,
    catalogue_dir: Path,
    codes: list[str] | None,
    echo: Callable[[int, float], None] | None,
) -> int:
    start = time.perf_counter()
    path = status_path(source, folder, catalogue_dir)
    if not path.is_dir():
        areas = source.areas
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        for code in codes or areas.index[areas["level"] == AHEAD_LEVEL].tolist():
            status_table(source, str(code)).to_parquet(tmp / f"{code}.parquet")
        tmp.rename(path)  # written whole, then renamed: a reader never sees half of it
    for old in folder.glob("status_*"):
        if old != path:
            shutil.rmtree(old, ignore_errors=True)
    count = len(list(path.glob("*.parquet")))
    if echo is not None:
        echo(count, time.perf_counter() - start)
    return count


def stored_status(
    source: Source, folder: Path, catalogue_dir: Path, code: str
) -> pd.DataFrame | None:
    """The area's status table as computed ahead for these data and this code; None when
    there is none (a district, or no run ahead yet)."""
    file = status_path(source, folder, catalogue_dir) / f"{code}.parquet"
    try:
        return pd.read_parquet(file) if file.is_file() else None
    except (OSError, ValueError):  # unreadable: the page computes its own
        return None
