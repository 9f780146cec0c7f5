"""Local Moran's I on a small synthetic grid where the cluster is known; weights and cache."""

from __future__ import annotations

import fcntl
import threading
from types import SimpleNamespace

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from warroom.analysis import hotspots
from warroom.analysis.hotspots import (
    HotspotCache,
    load_weights,
    local_moran,
    need_cluster,
    queen_weights,
)

N = 12  # a 12 x 12 grid of unit squares


def _grid() -> gpd.GeoDataFrame:
    cells = [(r, c) for r in range(N) for c in range(N)]
    return gpd.GeoDataFrame(
        {
            "code": [f"g{r:02d}{c:02d}" for r, c in cells],
            "level": "tambon",
            "x": [c + 0.5 for _, c in cells],
            "y": [r + 0.5 for r, _ in cells],
        },
        geometry=[box(c, r, c + 1, r + 1) for r, c in cells],
    )


def _values(grid: gpd.GeoDataFrame) -> pd.Series:
    rng = np.random.default_rng(7)
    noise = rng.normal(0, 1, len(grid))
    hot = (grid["x"] < 4) & (grid["y"] < 4)  # a 4 x 4 block of high values in a corner
    cold = (grid["x"] > 8) & (grid["y"] > 8)
    return pd.Series((noise + 10 * hot - 10 * cold).to_numpy(), index=grid["code"].to_numpy())


def test_known_clusters_are_found():
    grid = _grid()
    w = queen_weights(grid)
    assert w.cardinalities["g0505"] == 8 and w.cardinalities["g0000"] == 3
    result = local_moran(_values(grid), w, grid.set_index("code")[["x", "y"]]).set_index("code")
    hot = {f"g{r:02d}{c:02d}" for r in range(4) for c in range(4)}
    cold = {f"g{r:02d}{c:02d}" for r in range(8, 12) for c in range(8, 12)}
    # high-high: the block and, at most, a cell of its rim that happens to be high too
    rim = {f"g{r:02d}{c:02d}" for r in range(5) for c in range(5)}
    assert set(result.index[result["cluster"] == "HH"]) <= rim
    assert len(set(result.index[result["cluster"] == "HH"]) & hot) >= 12
    cold_rim = {f"g{r:02d}{c:02d}" for r in range(7, 12) for c in range(7, 12)}
    assert set(result.index[result["cluster"] == "LL"]) <= cold_rim
    assert len(set(result.index[result["cluster"] == "LL"]) & cold) >= 12
    assert (result.loc[result["cluster"] != "ns", "p_value"] < 0.05).all()
    # the noise away from both blocks is almost never significant
    middle = result.drop(index=list(rim | cold_rim))
    assert (middle["cluster"] == "ns").mean() > 0.85


def test_fixed_seed_gives_the_same_result():
    grid = _grid()
    w, pts = queen_weights(grid), grid.set_index("code")[["x", "y"]]
    a = local_moran(_values(grid), w, pts)
    b = local_moran(_values(grid), w, pts)
    pd.testing.assert_frame_equal(a, b)


def test_missing_values_and_islands_are_handled():
    grid = _grid()
    island = gpd.GeoDataFrame(
        {"code": ["island"], "level": "tambon", "x": [20.5], "y": [0.5]},
        geometry=[box(20, 0, 21, 1)],
    )
    both = pd.concat([grid, island], ignore_index=True)
    w = queen_weights(both)
    assert "island" in w.islands
    values = _values(grid)
    values["island"] = 50.0
    values["g0001"] = np.nan  # left out; its neighbours still get a result
    result = local_moran(values, w, both.set_index("code")[["x", "y"]]).set_index("code")
    assert "g0001" not in result.index and "island" in result.index
    assert len(result) == N * N
    assert set(result["cluster"]) <= {"HH", "LL", "HL", "LH", "ns"}


def test_too_few_values_is_an_error():
    grid = _grid()
    with pytest.raises(ValueError, match="three areas"):
        local_moran(pd.Series({"g0000": 1.0}), queen_weights(grid), grid.set_index("code"))


def test_need_cluster_follows_direction():
    assert need_cluster("higher_is_worse") == "HH"
    assert need_cluster("higher_is_better") == "LL"


def test_weights_are_cached_beside_the_geometry(tmp_path):
    grid = _grid()
    path = tmp_path / "areas.parquet"
    grid.to_parquet(path)
    first = load_weights(path, level="tambon", cache_dir=tmp_path / "cache")
    files = list((tmp_path / "cache").glob("queen_tambon_*.parquet"))
    assert len(files) == 1
    again = load_weights(path, level="tambon", cache_dir=tmp_path / "cache")
    assert {k: sorted(v) for k, v in again.neighbors.items()} == {
        k: sorted(v) for k, v in first.neighbors.items()
    }


def test_result_cache_computes_once(tmp_path):
    calls = []

    def compute():
        calls.append(1)
        return pd.DataFrame({"code": ["a"], "cluster": ["HH"]})

    cache = HotspotCache(tmp_path)
    key = ("x.rate", 2018, "tambon", ("v1",))
    cache.get(key, compute)
    cache.get(key, compute)
    assert len(calls) == 1
    # a new process (a new cache object) reads the file instead of computing
    fresh = HotspotCache(tmp_path)
    assert fresh.get(key, compute)["cluster"].tolist() == ["HH"] and len(calls) == 1


def test_processes_sharing_the_cache_compute_a_result_once(tmp_path, monkeypatch):
    """Two server workers (two caches on one folder) asked at once: one computes, the other
    waits on the lock file and reads the result, instead of computing it a second time.

    The first worker's computation finishes only once the second has asked for the lock file
    (a barrier between them, no sleep). Without the lock the second computes too: it meets
    the first at the barrier inside ``compute`` and the count is two."""
    calls = []
    key = ("x.rate", 2018, "tambon", ("v1",))
    both_asked = threading.Barrier(2, timeout=30)
    asked = []
    real_flock = fcntl.flock

    def flock(handle, operation):
        if operation & fcntl.LOCK_EX:
            asked.append(operation)
            if len(asked) == 2:  # the second worker, while the first holds the lock
                both_asked.wait()
        real_flock(handle, operation)

    monkeypatch.setattr(
        hotspots,
        "fcntl",
        SimpleNamespace(flock=flock, LOCK_EX=fcntl.LOCK_EX, LOCK_UN=fcntl.LOCK_UN),
    )

    def compute():
        calls.append(1)
        both_asked.wait()  # until the other worker asks for the lock (or computes too)
        return pd.DataFrame({"code": ["a"], "cluster": ["HH"]})

    results, errors = [], []

    def ask(cache):
        try:
            results.append(cache.get(key, compute))
        except Exception as error:  # a broken barrier: shown in the assertion below
            errors.append(error)

    workers = [
        threading.Thread(target=ask, args=(c,))
        for c in (HotspotCache(tmp_path), HotspotCache(tmp_path))
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert errors == [] and len(calls) == 1
    assert [r["cluster"].tolist() for r in results] == [["HH"], ["HH"]]
