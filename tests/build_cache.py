"""The test session's built store, cached across runs.

The full build from ``../shared/data`` takes 30–80 s. What it writes depends only on the
source folder, the project's ``data/`` folder and catalogue, the code the build runs and the
installed packages. An entry is named by two SHA-256s: one of the files and packages, one of
the source of every ``warroom`` module the build imported (listed in the entry's
``modules.txt``), so editing a screen, the web server or the intake, which the build never
imports, keeps the cached build; editing a loader builds again. A missing entry is built in
a child process (so no connection of this process stays open on it) into a temporary folder
that is renamed into place only when complete: a killed run never leaves half a cache.
Every session then works on its own copy, so no test ever writes into the cache. The newest
``KEEP`` entries are kept. A clean clone (CI) simply builds once.
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

PACKAGE = PROJECT_ROOT / "warroom"

CACHE_ENV = "WARROOM_TEST_CACHE"
KEEP = 3  # cached builds kept (the newest used)
REPORT = "report.pickle"  # the BuildReport as build() returned it
DB = "warroom.sqlite"
MODULES = "modules.txt"  # the package's modules the build imported (paths, spaced)

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
package = Path(sys.argv[4]).resolve()
imported = sorted(
    path.relative_to(package).as_posix()
    for module in list(sys.modules.values())
    if (path := Path(getattr(module, "__file__", None) or "/").resolve()).is_relative_to(package)
)
(folder / "modules.txt").write_text(" ".join(imported))
con = sqlite3.connect(folder / "warroom.sqlite")
busy, _, _ = con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
con.close()
sys.exit(f"the WAL of {folder} could not be checkpointed" if busy else 0)
"""


def cache_root() -> Path:
    """Where cached builds live: ``$WARROOM_TEST_CACHE`` or ``build/test-cache``."""
    return Path(os.environ.get(CACHE_ENV) or PROJECT_ROOT / "build" / "test-cache")


def inputs_key(settings: Settings) -> str:
    """SHA-256 of what a build reads besides its code: files (names, sizes, contents),
    packages, Python, and how this cache builds."""
    digest = hashlib.sha256()
    trees = [
        ("source", settings.require_source(), "**/*"),
        ("catalogue", Path(settings.catalogue_dir), "**/*"),
        ("data", PROJECT_ROOT / "data", "**/*"),
        ("cache", Path(__file__).parent, Path(__file__).name),  # how the cache builds
    ]
    for label, folder, pattern in trees:
        for path in sorted(p for p in folder.glob(pattern) if p.is_file()):
            _add_file(digest, f"{label}/{path.relative_to(folder).as_posix()}", path)
    packages = sorted(
        f"{dist.metadata['Name']}=={dist.version}" for dist in importlib.metadata.distributions()
    )
    digest.update("\0".join([sys.version, *packages]).encode())
    return digest.hexdigest()


def code_key(modules: list[str]) -> str | None:
    """SHA-256 of these modules' source (paths inside the package); None if one is gone."""
    digest = hashlib.sha256()
    for name in modules:
        path = PACKAGE / name
        if not path.is_file():
            return None
        _add_file(digest, name, path)
    return digest.hexdigest()


def _add_file(digest, name: str, path: Path) -> None:
    digest.update(f"{name}\0{path.stat().st_size}\0".encode())
    with path.open("rb") as handle:
        digest.update(hashlib.file_digest(handle, "sha256").digest())


def _modules(entry: Path) -> list[str]:
    return (entry / MODULES).read_text().split()


def _matching(root: Path, inputs: str) -> Path | None:
    """The cached build of these inputs whose imported modules are unchanged, if any."""
    for entry in root.glob(f"{inputs}-*"):
        if entry.is_dir() and entry.name == f"{inputs}-{code_key(_modules(entry))}":
            return entry
    return None


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
            str(PACKAGE),
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
    inputs = inputs_key(settings)
    with _locked(root / f"{inputs}.lock"):  # two sessions at once build it once
        entry = _matching(root, inputs)
        if entry is None:
            building = root / f".building-{inputs}"
            shutil.rmtree(building, ignore_errors=True)  # left by a killed run
            building.mkdir()
            _build_into(building, settings)
            entry = root / f"{inputs}-{code_key(_modules(building))}"
            shutil.rmtree(entry, ignore_errors=True)
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
        for half in root.glob(".building-*"):
            inputs = half.name.removeprefix(".building-")
            with (root / f"{inputs}.lock").open("a") as handle:
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
            ignore=shutil.ignore_patterns(REPORT, MODULES, f"{DB}-wal", f"{DB}-shm"),
        )
        report = pickle.loads((entry / REPORT).read_bytes())
    return report
