"""Loads under stress, on SQLite and PostgreSQL: two at once, a crash half-way, a rebuild."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pandas as pd
import pytest
from sqlalchemy import func, select

from tests.intake.helpers import current, tambon_table, write
from warroom.intake.batches import list_batches, load_table
from warroom.intake.users import LOCAL_ADMIN
from warroom.store import Store, batches_t, indicators_t, observations_t

WARROOM = [sys.executable, "-m", "warroom.cli"]


def _env(store: Store) -> dict:
    return {**os.environ, "WARROOM_DATABASE_URL": store.url}


def _count(store: Store) -> int:
    with store.connect() as conn:
        return conn.scalar(select(func.count()).select_from(observations_t))


@pytest.mark.slow
def test_two_loads_of_one_indicator_at_once(intake_store, real_areas, tmp_path):
    tambons = real_areas.loc[real_areas["level"] == "tambon", "code"].tolist()
    # Both files cover every tambon for 2021-2023 (so both replace and derive); A has 1s, B 2s.
    files = []
    for name, value in (("a.csv", 1), ("b.csv", 2)):
        files.append(
            write(
                tmp_path / name, tambon_table(tambons, range(2021, 2024), lambda i, y, v=value: v)
            )
        )
    procs = [
        subprocess.Popen(
            [
                *WARROOM,
                "ingest",
                str(f),
                "--indicator",
                "moi.clinics",
                "--user",
                "admin",
                "--password-stdin",
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(intake_store),
        )
        for f in files
    ]
    outputs = [p.communicate("admin-password\n", timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    batches = list_batches(intake_store).sort_values("id")
    assert len(batches) == 2 and set(batches["status"]) == {"loaded"}
    assert batches["rows"].tolist() == [len(tambons) * 3] * 2
    assert batches["replaced"].tolist() == [0, len(tambons) * 3]  # the later replaced the first
    later = 1 if batches.iloc[1]["file_name"] == "a.csv" else 2
    now = current(intake_store, "moi.clinics")
    loaded = now[~now["derived"]]
    assert len(loaded) == len(tambons) * 3 and set(loaded["value"]) == {later}
    country = now[now["area_code"] == "TH"]
    assert country["value"].tolist() == [later * len(tambons)] * 3
    # Nothing lost: every row of the first load is kept, superseded by the second.
    assert _count(intake_store) == len(tambons) * 3 * 2 + len(now[now["derived"]])


CRASH = textwrap.dedent(
    """
    import os, sys
    import warroom.intake.batches as batches
    from warroom.intake.users import LOCAL_ADMIN
    from warroom.store import Store

    def crash(*args, **kwargs):  # the rows are in the transaction; the process dies
        os._exit(9)

    batches.derive = crash
    batches.load_table(Store(sys.argv[1]), sys.argv[2], "moi.clinics", LOCAL_ADMIN)
    """
)


def test_a_crash_in_the_middle_of_a_load_leaves_nothing(intake_store, real_areas, tmp_path):
    tambons = real_areas.loc[real_areas["level"] == "tambon", "code"].tolist()
    first = write(tmp_path / "first.csv", tambon_table(tambons[:100], range(2023, 2024)))
    load_table(intake_store, first, "moi.clinics", LOCAL_ADMIN)
    before = current(intake_store, "moi.clinics")
    count = _count(intake_store)
    big = write(tmp_path / "big.csv", tambon_table(tambons, range(2020, 2024), lambda i, y: 5))
    died = subprocess.run(
        [sys.executable, "-c", CRASH, intake_store.url, str(big)],
        env=_env(intake_store),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert died.returncode == 9, died.stderr
    pd.testing.assert_frame_equal(current(intake_store, "moi.clinics"), before)
    assert _count(intake_store) == count and len(list_batches(intake_store)) == 1
    # The store is not left locked: the same file loads now.
    result = load_table(intake_store, big, "moi.clinics", LOCAL_ADMIN)
    assert result.rows == len(tambons) * 4


def test_a_rebuild_keeps_what_users_loaded(intake_store, real_areas, tmp_path):
    path = write(
        tmp_path / "a.csv",
        tambon_table([f"TH5001{n:02d}" for n in range(1, 17)], range(2023, 2024)),
    )
    load_table(intake_store, path, "moi.clinics", LOCAL_ADMIN)
    loaded = current(intake_store, "moi.clinics")
    built = {
        "areas": real_areas,
        "sources": pd.DataFrame([{"id": "dopa", "name_th": "กรมการปกครอง", "name_en": "DOPA"}]),
        "indicators": pd.DataFrame(
            [
                {
                    "id": "dopa.population",
                    "name_th": "ประชากร",
                    "name_en": "Population",
                    "unit": "people",
                    "rollup": "sum",
                    "source": "dopa",
                }
            ]
        ),
        "observations": pd.DataFrame(
            [
                {
                    "area_code": "TH",
                    "indicator_id": "dopa.population",
                    "period": 2021,
                    "value": 66171439.0,
                    "source": "dopa",
                }
            ]
        ),
        "build_info": pd.DataFrame({"key": ["built_at"], "value": ["now"]}),
    }
    for _ in range(2):  # build twice: the second replaces the first, keeps the load
        intake_store.write_build(built)
    pd.testing.assert_frame_equal(current(intake_store, "moi.clinics"), loaded)
    assert len(current(intake_store, "dopa.population")) == 1
    with intake_store.connect() as conn:
        origins = dict(conn.execute(select(indicators_t.c.id, indicators_t.c.origin)).all())
        assert conn.scalar(select(func.count()).select_from(batches_t)) == 1
    assert origins == {
        "moi.clinics": "intake",
        "moi.literacy": "intake",
        "dopa.population": "catalogue",
    }
