"""XLSX bombs: the guarded read (limits checked, then streamed) against a naive openpyxl read.

Makes, in a temporary folder, the two files of issue 10: a shared-strings bomb (0.8 MB on
disk, 300 MB of shared strings) and a sheet of 3,000,000 one-cell rows (0.2 MB). Each is
read in a worker process (``warroom.intake.worker.run_limited``), so its time and peak
memory are its own and a runaway naive read is stopped:

- ``guarded``: ``warroom.intake.xlsx.xlsx_records`` with the default limits;
- ``naive``: ``openpyxl.load_workbook(path)`` and every row, as a script would.

Prints one line per file and reader, ``file reader seconds=… peak_mb=… outcome=…``.

    .venv/bin/python benchmarks/intake_bombs.py [--seconds 60] [--memory-mb 1500]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.intake.xlsx_bombs import many_rows, shared_strings_bomb
from warroom.errors import DataError
from warroom.intake.worker import WorkerLimits, WorkerStats, run_limited


def guarded(path: Path) -> int:
    """Rows read by the intake's reader (refused before reading when over a limit)."""
    from warroom.intake.xlsx import xlsx_records

    records, _ = xlsx_records(path, file=path.name)
    return sum(1 for _ in records())


def naive(path: Path) -> int:
    """Rows read by openpyxl as most scripts call it."""
    from openpyxl import load_workbook

    return sum(1 for _ in load_workbook(path).active.iter_rows(values_only=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--memory-mb", type=int, default=1500)
    args = parser.parse_args()
    limits = WorkerLimits(memory_mb=args.memory_mb, seconds=args.seconds)
    with tempfile.TemporaryDirectory() as folder:
        files = [
            shared_strings_bomb(Path(folder) / "shared-strings.xlsx"),
            many_rows(Path(folder) / "three-million-rows.xlsx"),
        ]
        for path in files:
            print(f"# {path.name}: {path.stat().st_size / 1e6:.2f} MB on disk")
            for reader in (guarded, naive):
                stats = WorkerStats()
                try:
                    rows = run_limited(reader, path, file=path.name, what="read", limits=limits,
                                       stats=stats)  # fmt: skip
                    outcome = f"read {rows:,} rows"
                except DataError as exc:
                    outcome = exc.problems[0].reason.split(";")[0]
                print(
                    f"{path.stem} {reader.__name__} seconds={stats.seconds:.2f} "
                    f"peak_mb={stats.peak_mb:.0f} outcome={outcome!r}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
