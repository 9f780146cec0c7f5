"""Messages as a user reads them (issue 11 class 11), on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
import time

import pytest

from tests.intake.helpers import current, tambon_table, write
from warroom.errors import DataError
from warroom.intake.areas import AreaResolver
from warroom.intake.batches import _lock, load_table, without_noise
from warroom.intake.check import inspect_table
from warroom.intake.users import LOCAL_ADMIN

MUEANG_CM = [f"TH5001{n:02d}" for n in range(1, 17)]


def test_declaring_says_what_to_type(cli):
    login = ("--user", "admin", "--password-stdin")
    weighted = cli(
        "indicators", "add", "--id", "moi.income2", "--name-th", "รายได้", "--name-en", "Income",
        "--unit", "baht", "--direction", "higher_is_better", "--rollup", "weighted_mean",
        "--source", "สำนักงานสถิติจังหวัด 2566", *login, password="admin-password\n",
    )  # fmt: skip
    assert weighted.exit_code == 1 and "e.g. --weight moi.population" in weighted.output
    again = cli(
        "indicators", "add", "--id", "moi.clinics", "--name-th", "ซ้ำ", "--name-en", "Again",
        "--unit", "places", "--direction", "neutral", "--rollup", "sum", "--source", "x",
        *login, password="admin-password\n",
    )  # fmt: skip
    assert "--id, column id: this id is already used (value: 'moi.clinics')" in again.output
    assert "row 1" not in again.output
    listed = cli("indicators", "--format", "csv").stdout
    assert "สำนักงานสาธารณสุขจังหวัด 2566" in listed and "intake.moi.clinics" not in listed


def test_an_encoding_error_names_the_line_of_the_first_bad_byte(tmp_path, real_areas):
    lines = ["จังหวัด,ปี,จำนวน"] + [f"เชียงใหม่,{2500 + i % 60},{i}" for i in range(40_000)]
    raw = ("\n".join(lines) + "\n").encode() + "ลำพูน,2566,1\n".encode("cp874")
    path = tmp_path / "mixed.csv"
    path.write_bytes(raw)
    assert len(raw) > 1 << 20  # past the sample the encoding is detected on
    with pytest.raises(DataError) as refused:
        inspect_table(path, {"unit": "places", "rollup": "sum"}, AreaResolver(real_areas))
    (problem,) = refused.value.problems
    assert problem.row == 40_002 and "byte 0xc5 on this line" in problem.reason


def test_a_load_waiting_behind_another_says_so(intake_store, tmp_path):
    path = write(tmp_path / "a.csv", tambon_table(MUEANG_CM, range(2023, 2024)))
    heard: list[tuple[str, float]] = []
    locked, release = threading.Event(), threading.Event()

    def hold():  # another load holding the indicator's lock until the waiting one speaks
        with intake_store.begin() as conn:
            _lock(conn, "moi.clinics")
            locked.set()
            release.wait(60)

    def on_wait(message: str) -> None:
        heard.append((message, time.perf_counter()))
        release.set()

    holder = threading.Thread(target=hold)
    holder.start()
    locked.wait(10)
    started = time.perf_counter()
    load_table(intake_store, path, "moi.clinics", LOCAL_ADMIN, on_wait=on_wait)
    holder.join()
    ((message, when),) = heard
    assert message == (
        f"waiting for another load of moi.clinics to finish (at most "
        f"{intake_store.lock_timeout:g} s)"
    )
    assert when - started >= 2  # said after two seconds of waiting, not at once
    assert len(current(intake_store, "moi.clinics")) > 0  # and then it loaded


def test_derived_sums_carry_no_float_noise(intake_store, tmp_path):
    assert without_noise(102240981.83999997) == 102240981.84
    path = write(tmp_path / "a.csv", tambon_table(MUEANG_CM, range(2023, 2024), lambda i, y: 0.1))
    load_table(intake_store, path, "moi.clinics", LOCAL_ADMIN)
    now = current(intake_store, "moi.clinics").set_index("area_code")["value"]
    assert sum([0.1] * 16) != 1.6 and now["TH5001"] == 1.6
