"""Hotspots: Local Moran's I (PySAL ``esda``) over the whole country.

Weights are queen contiguity (``libpysal``) from the built boundaries at full resolution,
row-standardised. Areas without a value are left out of the weights; an area that then has no
neighbour (a small island, or a tambon ringed by areas without data) is joined to its nearest
area with a value, by representative point, so that every area is tested.

Significance is by 999 conditional permutations with a fixed seed (the same data always give
the same clusters); a cluster is ``HH`` (high among high), ``LL``, ``HL`` or ``LH`` when its
pseudo p-value is below 0.05, otherwise ``ns``.

The contiguity of a level is computed once and kept in the cache folder beside the geometry
it came from; results are kept in memory and on disk, keyed by the data's version.
"""

from __future__ import annotations

import fcntl
import hashlib
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from libpysal.weights import KNN, Queen, W, attach_islands, w_subset

PERMUTATIONS = 999
SEED = 20_240_101
SIGNIFICANCE = 0.05
CLUSTERS = ("HH", "LL", "HL", "LH", "ns")
# esda's quadrants (geoda_quads=False): 1 high-high, 2 low-high, 3 low-low, 4 high-low.
_QUADRANT = {1: "HH", 2: "LH", 3: "LL", 4: "HL"}
HOTSPOT_COLUMNS = ["code", "value", "local_i", "p_value", "cluster"]


def need_cluster(direction: str) -> str:
    """The cluster that marks need: high values where higher is worse, low where it is better."""
    return "LL" if direction == "higher_is_better" else "HH"


def queen_weights(geometry: gpd.GeoDataFrame, *, id_column: str = "code") -> W:
    """Binary queen contiguity between the polygons of ``geometry``, ids from ``id_column``."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # libpysal warns about islands; they are handled later
        return Queen.from_dataframe(geometry, ids=geometry[id_column].tolist(), use_index=False)


def _edges(w: W) -> pd.DataFrame:
    pairs = [(i, j) for i, nbrs in w.neighbors.items() for j in nbrs]
    isolated = [(i, None) for i, nbrs in w.neighbors.items() if not nbrs]
    return pd.DataFrame(pairs + isolated, columns=["focal", "neighbor"])


def _from_edges(edges: pd.DataFrame) -> W:
    neighbors: dict[str, list[str]] = {}
    for focal, neighbor in edges.itertuples(index=False):
        row = neighbors.setdefault(focal, [])
        if isinstance(neighbor, str):
            row.append(neighbor)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return W(neighbors)


def load_weights(geometry_path: Path, *, level: str, cache_dir: Path | None = None) -> W:
    """Queen contiguity of one level of the built areas, cached beside the geometry's version.

    Parameters
    ----------
    geometry_path
        The build's ``areas.parquet`` (all levels, full resolution, ``code`` and ``level``).
    level
        ``tambon`` or ``district`` (or ``province``).
    cache_dir
        Where the contiguity is kept as a parquet edge list (None: not kept).
    """
    stat = Path(geometry_path).stat()
    cached = (
        Path(cache_dir) / f"queen_{level}_{stat.st_mtime_ns:x}_{stat.st_size:x}.parquet"
        if cache_dir
        else None
    )
    if cached is not None and cached.exists():
        return _from_edges(pd.read_parquet(cached))
    areas = gpd.read_parquet(geometry_path, columns=["code", "level", "geometry"])
    w = queen_weights(areas[areas["level"] == level].reset_index(drop=True))
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        for old in cached.parent.glob(f"queen_{level}_*.parquet"):
            old.unlink()
        tmp = cached.with_suffix(".tmp")
        _edges(w).to_parquet(tmp)
        tmp.replace(cached)
    return w


def _with_values(w: W, codes: list[str], points: pd.DataFrame) -> W:
    """``w`` restricted to ``codes``, islands joined to their nearest area, row-standardised."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sub = w_subset(w, codes) if len(codes) < w.n else W(dict(w.neighbors))
        if sub.islands:
            xy = points.loc[codes, ["x", "y"]].to_numpy()
            nearest = KNN(xy, k=1, ids=codes)
            sub = attach_islands(sub, nearest)
    sub.transform = "r"
    return sub


def local_moran(
    values: pd.Series,
    weights: W,
    points: pd.DataFrame,
    *,
    permutations: int = PERMUTATIONS,
    seed: int = SEED,
    significance: float = SIGNIFICANCE,
) -> pd.DataFrame:
    """Local Moran's I of ``values`` (indexed by code) with queen ``weights``.

    Parameters
    ----------
    values
        One value per area, indexed by code; NaN areas are left out.
    weights
        Binary contiguity over (at least) the areas of ``values``.
    points
        Representative points (``x``, ``y``; any planar-ish units) indexed by code, used to
        join areas without a neighbour to their nearest area.
    permutations, seed, significance
        Conditional permutations, their seed, and the pseudo p-value below which an area is
        in a cluster.

    Returns
    -------
    pandas.DataFrame
        ``code, value, local_i, p_value, cluster`` for every area with a value, in code order.
    """
    from esda.moran import Moran_Local

    known = set(weights.id_order)
    clean = values[values.index.isin(known)].dropna().sort_index()
    if len(clean) < 3 or clean.nunique() < 2:
        raise ValueError("Local Moran's I needs at least three areas with differing values")
    codes = clean.index.tolist()
    w = _with_values(weights, codes, points)
    y = clean.reindex(w.id_order).to_numpy(dtype=float)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        # esda announces a future change of its default test; the folded (directed) pseudo
        # p-value used here is the classic one of GeoDa and PySAL.
        warnings.simplefilter("ignore", DeprecationWarning)
        lisa = Moran_Local(
            y, w, transformation="r", permutations=permutations, seed=seed, keep_simulations=False
        )
    quadrant = pd.Series(lisa.q).map(_QUADRANT).to_numpy()
    out = pd.DataFrame(
        {
            "code": w.id_order,
            "value": y,
            "local_i": lisa.Is,
            "p_value": lisa.p_sim,
            "cluster": np.where(lisa.p_sim < significance, quadrant, "ns"),
        }
    )
    return out.sort_values("code", ignore_index=True)


def warm_up() -> float:
    """Compile esda's permutation kernels (numba) once per process; return the seconds it took."""
    from libpysal.weights import lat2W

    start = time.perf_counter()
    w = lat2W(4, 4)
    local_moran(
        pd.Series(np.arange(16.0), index=[str(i) for i in w.id_order]),
        _relabel(w),
        pd.DataFrame({"x": np.arange(16.0), "y": 0.0}, index=[str(i) for i in w.id_order]),
        permutations=9,
    )
    return time.perf_counter() - start


def _relabel(w: W) -> W:
    return W({str(k): [str(v) for v in nbrs] for k, nbrs in w.neighbors.items()})


@dataclass
class HotspotCache:
    """Results of ``local_moran`` by key, in memory and (optionally) as parquet files.

    The key must name everything the result depends on: indicator, period, level and the
    store's data version. Concurrent requests for one key compute it once: threads of one
    process wait for each other, and processes sharing the folder (the server's workers)
    wait on a lock file beside the result, so that one computes and the others read its
    file. A result already on disk is read without waiting for any computation.
    """

    folder: Path | None = None

    def __post_init__(self) -> None:
        self._memory: dict[tuple, pd.DataFrame] = {}
        self._lock = threading.Lock()
        self._computing: dict[tuple, threading.Lock] = {}

    def _path(self, key: tuple) -> Path | None:
        if self.folder is None:
            return None
        digest = hashlib.sha256(repr(key).encode()).hexdigest()[:20]
        return Path(self.folder) / f"lisa_{digest}.parquet"

    def has(self, key: tuple) -> bool:
        """True when the result for ``key`` is in memory or on disk."""
        path = self._path(key)
        return key in self._memory or (path is not None and path.exists())

    def _stored(self, key: tuple) -> pd.DataFrame | None:
        """The result in memory, or read from its file (written whole, then renamed)."""
        if key in self._memory:
            return self._memory[key]
        path = self._path(key)
        if path is None or not path.exists():
            return None
        result = pd.read_parquet(path)
        self._memory[key] = result
        return result

    def prune(self, keep: list[tuple]) -> None:
        """Forget every kept result but those of ``keep`` (figures no longer held)."""
        wanted = {self._path(k) for k in keep}
        with self._lock:
            self._memory = {k: v for k, v in self._memory.items() if k in set(keep)}
        if self.folder is not None and Path(self.folder).exists():
            for path in Path(self.folder).glob("lisa_*.parquet"):
                if path not in wanted:
                    path.unlink(missing_ok=True)

    def get(self, key: tuple, compute: Callable[[], pd.DataFrame]) -> pd.DataFrame:
        """The result for ``key``: from memory, else from disk, else ``compute()`` (kept)."""
        stored = self._stored(key)
        if stored is not None:
            return stored
        with self._lock:
            per_key = self._computing.setdefault(key, threading.Lock())
        with per_key, _file_lock(self._path(key)):
            stored = self._stored(key)  # another thread or process finished it meanwhile
            if stored is not None:
                return stored
            result = compute()
            path = self._path(key)
            if path is not None:
                tmp = path.with_suffix(".tmp")
                result.to_parquet(tmp)
                tmp.replace(path)
            self._memory[key] = result
            return result


def values_fingerprint(values: pd.Series) -> str:
    """A short digest of values indexed by code (what a hotspot result is computed from)."""
    hashed = pd.util.hash_pandas_object(values.sort_index(), index=True).to_numpy()
    return hashlib.sha256(hashed.tobytes()).hexdigest()[:24]


@contextmanager
def exclusive(folder: Path | None, name: str) -> Iterator[bool]:
    """Try to hold ``folder/name.lock`` without waiting: yields whether this process holds it
    (always True without a folder: nothing is shared)."""
    if folder is None:
        yield True
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    with (Path(folder) / f"{name}.lock").open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def _file_lock(path: Path | None) -> Iterator[None]:
    """Hold an exclusive lock on ``path``'s lock file (no lock without a folder)."""
    if path is None:
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.with_suffix(".lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
