"""How fast a large table loads, and how much memory it takes, against a naive load.

Writes a long CSV of every tambon x N years (1,002,375 rows for 135 years), then, each in
its own process so peak memory is that load's alone:

- ``ours``: ``warroom.intake.batches.load_table`` (streamed in chunks: check pass, then
  staging table, supersede, insert, derive coarser levels; one transaction);
- ``naive``: the baseline most scripts use: ``pandas.read_csv`` of the whole file, map the
  codes, ``DataFrame.to_sql`` into the same store (no validation, no batch, no roll-up).

Runs on a fresh SQLite store in a temporary folder holding the real areas (from the built
store, ``WARROOM_BUILD_DIR`` or ``build/``). Prints ``name: value unit`` lines.

    .venv/bin/python benchmarks/intake_load.py [--years 135]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = r"""
import json, re, sys, time
url, path, mode = sys.argv[1:4]
start = time.perf_counter()
if mode == "ours":
    from warroom.intake.batches import load_table
    from warroom.intake.users import LOCAL_ADMIN
    from warroom.store import Store
    result = load_table(Store(url), path, "bench.count", LOCAL_ADMIN)
    rows = result.rows
else:
    import pandas as pd
    from sqlalchemy import create_engine
    frame = pd.read_csv(path, dtype=str)
    frame.columns = ["area_code", "period", "value"]
    frame["period"] = frame["period"].astype(int) - 543
    frame["value"] = frame["value"].str.replace(",", "").astype(float)
    frame["indicator_id"], frame["source"] = "bench.naive", "naive"
    frame.to_sql("observations", create_engine(url), if_exists="append", index=False,
                 chunksize=50_000)
    rows = len(frame)
seconds = time.perf_counter() - start
peak = int(re.search(r"VmHWM:\s+(\d+)", open("/proc/self/status").read())[1]) / 1024
print(json.dumps({"rows": rows, "seconds": seconds, "peak_mb": peak}))
"""


def _store(folder: Path) -> tuple[str, list[str]]:
    from warroom.config import Settings
    from warroom.intake.declare import IndicatorSpec, declare
    from warroom.intake.users import LOCAL_ADMIN
    from warroom.store import Store, areas_t

    areas = Store(Settings().db_url).areas()
    url = f"sqlite:///{folder / 'bench.sqlite'}"
    store = Store.create(url)
    store.insert(areas_t, areas)
    spec = IndicatorSpec(
        id="bench.count", name_th="ทดสอบ", name_en="Benchmark", unit="places",
        direction="neutral", rollup="sum", source="benchmark (simulated)",
    )  # fmt: skip
    declare(store, [spec], LOCAL_ADMIN)
    return url, areas[areas["level"] == "tambon"]["code"].tolist()


def _write_table(path: Path, tambons: list[str], years: int) -> int:
    rows = 0
    with path.open("w", encoding="utf-8") as f:
        f.write("รหัสตำบล,ปี พ.ศ.,จำนวน\n")
        for year in range(2026 - years + 1, 2027):
            for i, code in enumerate(tambons):
                f.write(f'{code},{year + 543},"{(i * 7 + year) % 5000:,}"\n')
                rows += 1
    return rows


def _run(url: str, path: Path, mode: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, url, str(path), mode],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def _load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    """Generate, load both ways, print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--years", type=int, default=135)
    args = parser.parse_args()
    print("# load average (1, 5, 15 min) at the start: " + _load_average())
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        url, tambons = _store(folder)
        path = folder / "large.csv"
        start = time.perf_counter()
        rows = _write_table(path, tambons, args.years)
        print(f"# wrote {rows:,} rows ({path.stat().st_size / 1e6:.1f} MB) "
              f"in {time.perf_counter() - start:.1f} s")  # fmt: skip
        small = folder / "small.csv"
        _write_table(small, tambons, max(1, args.years // 10))
        ours_small = _run(url, small, "ours")
        ours = _run(url, path, "ours")
        naive = _run(url, path, "naive")
    print(f"rows: {rows}")
    print(f"ours_seconds: {ours['seconds']:.1f} s")
    print(f"ours_rows_per_second: {ours['rows'] / ours['seconds']:,.0f} rows/s")
    print(f"ours_peak_memory: {ours['peak_mb']:.0f} MB")
    print(f"ours_peak_memory_tenth_of_the_rows: {ours_small['peak_mb']:.0f} MB "
          f"({ours_small['rows']:,} rows)")  # fmt: skip
    print(f"naive_seconds: {naive['seconds']:.1f} s")
    print(f"naive_rows_per_second: {naive['rows'] / naive['seconds']:,.0f} rows/s")
    print(f"naive_peak_memory: {naive['peak_mb']:.0f} MB")
    print(f"memory_ratio_naive_over_ours: {naive['peak_mb'] / ours['peak_mb']:.2f} x")
    ours_rate, naive_rate = ours["rows"] / ours["seconds"], naive["rows"] / naive["seconds"]
    print(f"intake rows/s: {ours_rate:,.0f}")
    print(f"naive rows/s: {naive_rate:,.0f}")
    print(f"ratio intake/naive: {ours_rate / naive_rate:.2f} x (target >= 1.0)")
    print(f"peak MB intake/naive: {ours['peak_mb']:.0f} / {naive['peak_mb']:.0f} (target <=)")
    print("load average (1, 5, 15 min) at the end: " + _load_average())
    print("# ours checks every cell, keeps the batch for roll-back and derives districts,")
    print("# provinces and the country; naive does none of that.")


if __name__ == "__main__":
    main()
