"""The test session's built store, cached across runs.

The full build from ``../shared/data`` takes 30–80 s. What it writes depends only on the
source folder, the project's ``data/`` folder and catalogue, the package's code and the
installed packages, so a SHA-256 of all of them names one cached build under
``WARROOM_TEST_CACHE`` (default: the git-ignored ``build/test-cache/``). A missing entry is
built in a child process (so no connection of this process stays open on it) into a
temporary folder that is renamed into place only when complete: a killed run never leaves
half a cache. Every session then works on its own copy, so no test ever writes into the
cache. The newest ``KEEP`` entries are kept. A clean clone (CI) simply builds once.
"""

from __future__ import annotations

import fcntl
import hashlib
import importlib.metadata
import os
import pickle
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from warroom.build import BuildReport
from warroom.config import PROJECT_ROOT, Settings

CACHE_ENV = "WARROOM_TEST_CACHE"
KEEP = 3  # cached builds kept (the newest used)
REPORT = "report.pickle"  # the BuildReport as build() returned it
DB = "warroom.sqlite"

# Run in a child process: build into argv[1] from argv[2] (sources) and argv[3] (catalogue),
# keep the report, and leave the store as one file (WAL checkpointed into it).
_BUILD = """
import pickle, sqlite3, sys
from pathlib import Path
from warroom.build import build
from warroom.config import Settings

folder = Path(sys.argv[1])
settings = Settings(
    build_dir=folder, source_dir=sys.argv[2], catalogue_dir=sys.argv[3], database_url=None
)
report = build(settings, echo=lambda _msg: None)
(folder / "report.pickle").write_bytes(pickle.dumps(report))
con = sqlite3.connect(folder / "warroom.sqlite")
busy, _, _ = con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
con.close()
sys.exit(f"the WAL of {folder} could not be checkpointed" if busy else 0)
"""


def cache_root() -> Path:
    """Where cached builds live: ``$WARROOM_TEST_CACHE`` or ``build/test-cache``."""
    return Path(os.environ.get(CACHE_ENV) or PROJECT_ROOT / "build" / "test-cache")


def build_key(settings: Settings) -> str:
    """SHA-256 of everything a build reads: files (names, sizes, contents), code, packages."""
    digest = hashlib.sha256()
    trees = [
        ("source", settings.require_source(), "**/*"),
        ("catalogue", Path(settings.catalogue_dir), "**/*"),
        ("data", PROJECT_ROOT / "data", "**/*"),
        ("code", PROJECT_ROOT / "warroom", "**/*.py"),
        ("cache", Path(__file__).parent, Path(__file__).name),  # how the cache builds
    ]
    for label, folder, pattern in trees:
        for path in sorted(p for p in folder.glob(pattern) if p.is_file()):
            name = f"{label}/{path.relative_to(folder).as_posix()}\0{path.stat().st_size}\0"
            digest.update(name.encode())
            with path.open("rb") as handle:
                digest.update(hashlib.file_digest(handle, "sha256").digest())
    packages = sorted(
        f"{dist.metadata['Name']}=={dist.version}" for dist in importlib.metadata.distributions()
    )
    digest.update("\0".join([sys.version, *packages]).encode())
    return digest.hexdigest()


@contextmanager
def _locked(path: Path, mode: int = fcntl.LOCK_EX) -> Iterator[None]:
    """Hold a lock on ``path`` (created if missing) for the ``with`` block."""
    with path.open("a") as handle:
        fcntl.flock(handle, mode)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _build_into(folder: Path, settings: Settings) -> None:
    """The full build in a child process; fails the session with the child's last output."""
    path = os.pathsep.join(filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")]))
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            _BUILD,
            str(folder),
            str(settings.require_source()),
            str(settings.catalogue_dir),
        ],
        cwd=PROJECT_ROOT,
        env={**os.environ, "PYTHONPATH": path},
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise RuntimeError(f"the test build failed:\n{(done.stdout + done.stderr)[-4000:]}")


def cached_build(settings: Settings) -> Path:
    """The cached build for ``settings``'s sources and this code, built if missing."""
    root = cache_root()
    root.mkdir(parents=True, exist_ok=True)
    key = build_key(settings)
    entry = root / key
    with _locked(root / f"{key}.lock"):  # two sessions at once build it once
        if not entry.is_dir():
            building = root / f".building-{key}"
            shutil.rmtree(building, ignore_errors=True)  # left by a killed run
            building.mkdir()
            _build_into(building, settings)
            building.rename(entry)
        entry.touch()  # newest used: kept by _prune
    _prune(root)
    return entry


def _prune(root: Path) -> None:
    """Remove all but the newest ``KEEP`` entries, and half builds nobody is building."""
    with _locked(root / ".lock"):  # copies hold it shared: never removed mid-copy
        entries = sorted(
            (p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")),
            key=lambda p: p.stat().st_mtime,
            reverse=True,
        )
        for old in entries[KEEP:]:
            shutil.rmtree(old, ignore_errors=True)
            (root / f"{old.name}.lock").unlink(missing_ok=True)
        for half in root.glob(".building-*"):
            key = half.name.removeprefix(".building-")
            with (root / f"{key}.lock").open("a") as handle:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    continue  # another session is building it now
                shutil.rmtree(half, ignore_errors=True)


def session_build(settings: Settings) -> BuildReport:
    """Copy the cached build into ``settings.build_dir`` (empty); return its report."""
    entry = cached_build(settings)
    with _locked(cache_root() / ".lock", fcntl.LOCK_SH):
        shutil.copytree(
            entry,
            settings.build_dir,
            dirs_exist_ok=True,
            ignore=shutil.ignore_patterns(REPORT, f"{DB}-wal", f"{DB}-shm"),
        )
        report = pickle.loads((entry / REPORT).read_bytes())
    return report
