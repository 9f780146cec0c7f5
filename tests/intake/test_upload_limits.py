"""XLSX bombs and runaway uploads: refused with one message, in a bounded worker process."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.intake.helpers import current, tambon_table, write
from tests.intake.xlsx_bombs import make_xlsx, many_rows, shared_strings_bomb
from warroom.config import Settings
from warroom.errors import DataError
from warroom.intake.users import LOCAL_ADMIN
from warroom.intake.worker import (
    WorkerLimits,
    WorkerStats,
    check_upload,
    load_upload,
    run_limited,
)
from warroom.intake.xlsx import XlsxLimits, check_xlsx, xlsx_records

MUEANG_CM = [f"TH5001{n:02d}" for n in range(1, 17)]


def _only_problem(exc: pytest.ExceptionInfo) -> str:
    (problem,) = exc.value.problems
    return str(problem)


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (
            shared_strings_bomb,
            "its shared strings (xl/sharedStrings.xml) unpack to 300 MB; refused before "
            "reading (limit 50 MB, setting WARROOM_XLSX_MAX_PART_MB)",
        ),
        (
            many_rows,
            "sheet 'Sheet1' has more than 1,048,576 rows; refused before reading "
            "(limit 1,048,576 rows, setting WARROOM_XLSX_MAX_ROWS)",
        ),
    ],
)
def test_xlsx_bombs_are_refused_before_reading(intake_store, tmp_path, make, says):
    path = make(tmp_path / "bomb.xlsx")
    assert path.stat().st_size < 1_000_000  # tiny on disk
    stats = WorkerStats()
    with pytest.raises(DataError) as refused:
        check_upload(intake_store, path, "moi.clinics", LOCAL_ADMIN, stats=stats)
    assert _only_problem(refused) == f"bomb.xlsx: {says}"
    # The worker streamed the zip in 1 MB pieces: its memory hardly grew.
    print(f"{make.__name__}: refused in {stats.seconds:.2f} s, peak +{stats.peak_mb:.0f} MB")
    assert stats.peak_mb < 150


@pytest.mark.parametrize(
    ("rows", "says"),
    [
        ([b'<row r="3000000"><c r="A3000000"><v>1</v></c></row>'], "more than 1,048,576 rows"),
        ([b'<row r="1"><c r="XFD1"><v>1</v></c></row>'], "has a cell in column 16,384"),
        ([b"<x:row><x:c><x:v>1</x:v></x:c></x:row>"] * 1_100_000, "more than 1,048,576 rows"),
    ],
    ids=["one row numbered 3,000,000", "a cell in column XFD", "prefixed row tags"],
)
def test_sheets_that_would_unfold_are_refused(tmp_path, rows, says):
    path = make_xlsx(tmp_path / "trick.xlsx", rows)
    with pytest.raises(DataError) as refused:
        check_xlsx(path, file="trick.xlsx")
    assert says in _only_problem(refused)


def test_rows_the_scan_cannot_bound_are_refused_while_reading(tmp_path):
    # Row numbers that are not written let openpyxl count on from the last one written.
    rows = [b'<row r="90"><c r="A90"><v>1</v></c></row>'] + [b"<row><c><v>1</v></c></row>"] * 20
    path = make_xlsx(tmp_path / "mixed.xlsx", rows)
    limits = XlsxLimits(max_rows=100)
    assert check_xlsx(path, file="mixed.xlsx", limits=limits).rows <= 100
    with pytest.raises(DataError, match="more than 100 rows; refused while reading"):
        list(xlsx_records(path, file="mixed.xlsx", limits=limits)[0]())


def hungry(megabytes: int) -> int:
    """Allocate ``megabytes`` at once (for the memory limit test)."""
    return len(bytearray(megabytes << 20))


def slow(seconds: float) -> float:
    """Sleep (for the time limit test)."""
    import time

    time.sleep(seconds)
    return seconds


def test_the_worker_stops_a_job_over_its_memory_or_time():
    limits = WorkerLimits(memory_mb=200, seconds=5)
    assert run_limited(hungry, 50, file="a.xlsx", what="check", limits=limits) == 50 << 20
    with pytest.raises(DataError) as refused:
        run_limited(hungry, 2_000, file="a.xlsx", what="check", limits=limits)
    assert _only_problem(refused) == (
        "a.xlsx: the check needed more than 200 MB of memory and was stopped; nothing was "
        "loaded (limit 200 MB, setting WARROOM_INTAKE_MEMORY_MB)"
    )
    stats = WorkerStats()
    quick = WorkerLimits(memory_mb=200, seconds=1)
    with pytest.raises(DataError) as refused:
        run_limited(slow, 30, file="a.xlsx", what="check", limits=quick, stats=stats)
    assert _only_problem(refused) == (
        "a.xlsx: the check took longer than 1 s and was stopped; nothing was loaded "
        "(limit 1 s, setting WARROOM_INTAKE_CHECK_SECONDS)"
    )
    assert stats.seconds < 10  # stopped, not waited for


def test_a_web_check_and_load_run_in_the_worker(intake_store, tmp_path):
    path = write(tmp_path / "clinics.csv", tambon_table(MUEANG_CM, range(2022, 2024)))
    report = check_upload(intake_store, path, "moi.clinics", LOCAL_ADMIN)
    assert report.ok and report.rows == 32
    result = load_upload(intake_store, path, "moi.clinics", LOCAL_ADMIN, report=report)
    assert result.rows == 32 and result.report.sha256 == report.sha256
    loaded = current(intake_store, "moi.clinics")
    assert len(loaded[~loaded["derived"]]) == 32
    with pytest.raises(DataError, match=r"took longer than 0\.01 s"):
        load_upload(
            intake_store,
            path,
            "moi.clinics",
            LOCAL_ADMIN,
            allow_duplicate=True,
            settings=Settings(intake_load_seconds=0.01),
        )
    pd.testing.assert_frame_equal(current(intake_store, "moi.clinics"), loaded)  # left nothing


def test_a_load_reuses_the_checked_report(intake_store, tmp_path, monkeypatch):
    import warroom.intake.batches as batches

    path = write(tmp_path / "clinics.csv", tambon_table(MUEANG_CM, range(2023, 2024)))
    report = batches.check_table(intake_store, path, "moi.clinics", LOCAL_ADMIN)

    def no_second_check(*args, **kwargs):
        raise AssertionError("the file was checked again")

    monkeypatch.setattr(batches, "inspect_table", no_second_check)
    monkeypatch.setattr(batches, "sha256_of", no_second_check)
    result = batches.load_table(intake_store, path, "moi.clinics", LOCAL_ADMIN, report=report)
    assert result.rows == 16
    # A report checked for another indicator is not reused.
    with pytest.raises(AssertionError, match="checked again"):
        batches.load_table(intake_store, path, "moi.literacy", LOCAL_ADMIN, report=report)


def test_a_web_load_is_audited_with_the_client_address(intake_store, tmp_path):
    """The load runs in a worker process of its own; its audit line still reaches the log."""
    import json

    path = write(tmp_path / "clinics.csv", tambon_table(MUEANG_CM, range(2019, 2020)))
    log = tmp_path / "audit.log"
    settings = Settings(audit_log=log)
    result = load_upload(
        intake_store, path, "moi.clinics", LOCAL_ADMIN, settings=settings, address="10.20.30.40"
    )
    records = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    loads = [r for r in records if r["event"] == "load"]
    assert len(loads) == 1
    assert loads[0]["batch"] == result.batch_id and loads[0]["user"] == LOCAL_ADMIN.name
    assert loads[0]["address"] == "10.20.30.40" and loads[0]["file"] == "clinics.csv"
