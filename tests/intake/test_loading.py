"""Loads as batches, on SQLite and PostgreSQL: all or nothing, roll-back, roles, duplicates."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import func, select

from tests.intake.helpers import current, tambon_table, write
from warroom.errors import WarroomError
from warroom.intake.batches import LoadRefusedError, list_batches, load_table, rollback
from warroom.intake.users import LOCAL_ADMIN, AccessError, User, authenticate
from warroom.store import Store, batches_t, observations_t

MUEANG_CM = [f"TH5001{n:02d}" for n in range(1, 17)]  # all 16 tambons of Mueang Chiang Mai
CM_OFFICER = User("cm_officer", "officer", "TH50")


def rows_in_store(store: Store) -> int:
    with store.connect() as conn:
        return conn.scalar(select(func.count()).select_from(observations_t))


def test_load_derives_parents_with_their_coverage(intake_store, real_areas, tmp_path):
    path = write(
        tmp_path / "clinics.csv", tambon_table([*MUEANG_CM, "TH500203"], range(2022, 2024))
    )
    result = load_table(intake_store, path, "moi.clinics", CM_OFFICER)
    assert result.rows == 34 and result.replaced == 0
    now = current(intake_store, "moi.clinics").set_index(["area_code", "period"])
    # Mueang Chiang Mai has all its tambons; Chom Thong one of many: derived, and it says so.
    expected = sum(i + 2023 for i in range(16))
    mueang, chom_thong = now.loc[("TH5001", 2023)], now.loc[("TH5002", 2023)]
    assert mueang["value"] == expected and mueang["derived"] and mueang["coverage"] == 1.0
    children = (real_areas["parent"] == "TH5002").sum()
    assert chom_thong["value"] == 16 + 2023 and chom_thong["coverage"] == pytest.approx(
        1 / children
    )
    province = now.loc[("TH50", 2023)]  # 2 of Chiang Mai's 25 districts have a value
    assert province["value"] == expected + 16 + 2023 and province["coverage"] == pytest.approx(
        2 / 25
    )
    assert now.loc[("TH", 2023), "coverage"] == pytest.approx(1 / 77)
    assert now.loc[now["derived"] == False, "coverage"].isna().all()  # noqa: E712
    batch = list_batches(intake_store).iloc[0]
    assert batch["user"] == "cm_officer" and batch["rows"] == 34
    assert batch["periods"] == "2022,2023" and batch["province"] == "TH50"
    assert batch["level"] == "tambon" and len(batch["sha256"]) == 64


def test_a_file_with_problems_loads_nothing_unless_told(intake_store, tmp_path):
    text = tambon_table(MUEANG_CM[:3], range(2023, 2024)) + "TH500104,2566,หนึ่ง\n"
    path = write(tmp_path / "bad.csv", text)
    before = rows_in_store(intake_store)
    with pytest.raises(LoadRefusedError, match="nothing was loaded") as refused:
        load_table(intake_store, path, "moi.clinics", LOCAL_ADMIN)
    assert refused.value.report.problems[0].row == 5
    assert rows_in_store(intake_store) == before and list_batches(intake_store).empty
    result = load_table(intake_store, path, "moi.clinics", LOCAL_ADMIN, drop_invalid=True)
    assert result.rows == 3 and list(result.report.bad_rows) == [5]
    assert list_batches(intake_store).iloc[0]["dropped"] == 1


def test_rollback_restores_exactly_what_was_there(intake_store, tmp_path):
    first = write(tmp_path / "a.csv", tambon_table(MUEANG_CM, range(2022, 2024)))
    second = write(
        tmp_path / "b.csv", tambon_table(MUEANG_CM[:8], range(2023, 2025), lambda i, y: 7)
    )
    third = write(
        tmp_path / "c.csv", tambon_table(MUEANG_CM[:2], range(2024, 2025), lambda i, y: 9)
    )
    a = load_table(intake_store, first, "moi.clinics", LOCAL_ADMIN)
    after_a = current(intake_store, "moi.clinics")
    b = load_table(intake_store, second, "moi.clinics", LOCAL_ADMIN)
    assert b.replaced == 8  # the 2023 values of eight tambons
    after_b = current(intake_store, "moi.clinics")
    c = load_table(intake_store, third, "moi.clinics", LOCAL_ADMIN)
    assert c.replaced == 2
    # Undo the middle load: A's values come back where only B had replaced them; C stays.
    rollback(intake_store, b.batch_id, LOCAL_ADMIN)
    now = current(intake_store, "moi.clinics").set_index(["area_code", "period"])["value"]
    assert (
        now[("TH500101", 2023)]
        == after_a.set_index(["area_code", "period"]).loc[("TH500101", 2023), "value"]
    )
    assert now[("TH500101", 2024)] == 9 and ("TH500103", 2024) not in now.index
    rollback(intake_store, c.batch_id, LOCAL_ADMIN)
    pd.testing.assert_frame_equal(current(intake_store, "moi.clinics"), after_a)
    assert not after_b.equals(after_a)
    rollback(intake_store, a.batch_id, LOCAL_ADMIN)
    assert current(intake_store, "moi.clinics").empty
    statuses = list_batches(intake_store)["status"].tolist()
    assert statuses == ["rolled back"] * 3
    with pytest.raises(WarroomError, match="already rolled back"):
        rollback(intake_store, a.batch_id, LOCAL_ADMIN)


def test_the_same_file_twice_is_detected(intake_store, tmp_path):
    path = write(tmp_path / "a.csv", tambon_table(MUEANG_CM, range(2023, 2024)))
    first = load_table(intake_store, path, "moi.clinics", LOCAL_ADMIN)
    renamed = write(tmp_path / "copy of a.csv", path.read_text(encoding="utf-8"))
    with pytest.raises(LoadRefusedError, match=f"already loaded as batch {first.batch_id}"):
        load_table(intake_store, renamed, "moi.clinics", LOCAL_ADMIN)
    assert len(list_batches(intake_store)) == 1
    again = load_table(intake_store, renamed, "moi.clinics", LOCAL_ADMIN, allow_duplicate=True)
    assert again.replaced == 16


def test_an_officer_loads_only_their_province(intake_store, tmp_path):
    officer = authenticate(intake_store, "cm_officer", "chiangmai-2566")
    assert officer == CM_OFFICER
    mixed = tambon_table([*MUEANG_CM[:2], "TH570101"], range(2023, 2024))
    path = write(tmp_path / "mixed.csv", mixed)
    before = rows_in_store(intake_store)
    for drop in (False, True):  # refused whatever the user chooses
        with pytest.raises(LoadRefusedError, match="outside your province") as refused:
            load_table(intake_store, path, "moi.clinics", officer, drop_invalid=drop)
        (blocking,) = refused.value.report.blocking
        assert blocking.row == 4 and "เวียง / Wiang (TH570101), เชียงราย" in blocking.reason
    assert rows_in_store(intake_store) == before and list_batches(intake_store).empty
    # An admin loads the same file; the officer may not roll it back.
    admin = authenticate(intake_store, "admin", "admin-password")
    batch = load_table(intake_store, path, "moi.clinics", admin).batch_id
    with pytest.raises(AccessError, match="outside province TH50"):
        rollback(intake_store, batch, officer)
    viewer = authenticate(intake_store, "viewer", "viewer-password")
    with pytest.raises(AccessError, match="may not load"):
        load_table(intake_store, path, "moi.clinics", viewer)
    with pytest.raises(AccessError, match="wrong user name or password"):
        authenticate(intake_store, "admin", "not-the-password")


def test_catalogue_indicators_are_not_loaded_over(intake_store, tmp_path):
    path = write(tmp_path / "a.csv", tambon_table(MUEANG_CM, range(2023, 2024)))
    with pytest.raises(WarroomError, match=r"no indicator 'dopa\.population'"):
        load_table(intake_store, path, "dopa.population", LOCAL_ADMIN)


def test_batches_record_who_and_when(intake_store, tmp_path):
    path = write(tmp_path / "a.csv", tambon_table(MUEANG_CM, range(2023, 2024)))
    load_table(intake_store, path, "moi.clinics", CM_OFFICER)
    with intake_store.connect() as conn:
        batch = conn.execute(select(batches_t)).mappings().one()
    assert batch["file_name"] == "a.csv" and batch["status"] == "loaded"
    assert batch["loaded_at"] is not None and batch["rolled_back_at"] is None


def test_a_weighted_mean_rolls_up_by_its_weights(intake_store, tmp_path):
    from warroom.intake.declare import IndicatorSpec, declare

    declare(
        intake_store,
        [
            IndicatorSpec(
                id="moi.people", name_th="ประชากร", name_en="People", unit="people",
                direction="neutral", rollup="sum", source="ทะเบียนราษฎร์ 2566 (simulated)",
            ),
            IndicatorSpec(
                id="moi.income", name_th="รายได้เฉลี่ย", name_en="Mean income", unit="baht",
                direction="higher_is_better", rollup="weighted_mean", weight="moi.people",
                source="ข้อมูลจำลอง (simulated)",
            ),
        ],
        LOCAL_ADMIN,
    )  # fmt: skip
    people = write(
        tmp_path / "p.csv", tambon_table(MUEANG_CM, range(2023, 2024), lambda i, y: i + 1)
    )
    income = write(
        tmp_path / "i.csv", tambon_table(MUEANG_CM, range(2023, 2024), lambda i, y: 100 * i)
    )
    load_table(intake_store, people, "moi.people", LOCAL_ADMIN)
    load_table(intake_store, income, "moi.income", LOCAL_ADMIN)
    now = current(intake_store, "moi.income").set_index("area_code")["value"]
    expected = sum((i + 1) * 100 * i for i in range(16)) / sum(i + 1 for i in range(16))
    assert now["TH5001"] == pytest.approx(expected)  # not the plain mean of the 16 tambons
    partial = current(intake_store, "moi.income").set_index("area_code")
    # Chiang Mai's other districts have no figures: its value is Mueang's, and it says so.
    assert partial.loc["TH50", "value"] == pytest.approx(expected)
    assert partial.loc["TH50", "coverage"] == pytest.approx(1 / 25)


def test_the_app_sees_a_load_and_its_date(intake_store, tmp_path):
    from warroom.app.data import AppData

    data = AppData(intake_store, check_every=0).warm()
    assert data.observations("moi.clinics").empty and data.latest_batch("moi.clinics") is None
    assert not data.refresh_if_changed()  # nothing committed since
    path = write(tmp_path / "a.csv", tambon_table(MUEANG_CM, range(2023, 2024)))
    batch = load_table(intake_store, path, "moi.clinics", CM_OFFICER).batch_id
    assert data.refresh_if_changed()
    assert data.observations("moi.clinics")[(2023, "TH5001")] == sum(i + 2023 for i in range(16))
    assert data.latest_batch("moi.clinics")["id"] == batch
    rollback(intake_store, batch, CM_OFFICER)
    assert data.refresh_if_changed() and data.latest_batch("moi.clinics") is None
    assert data.observations("moi.clinics").empty


def test_only_valid_rows_load_past_the_listing_limit(intake_store, real_areas, tmp_path):
    """11,136 negative counts: more than MAX_LISTED lists, but every one is dropped."""
    from warroom.intake.report import MAX_LISTED

    tambons = real_areas.loc[real_areas["level"] == "tambon", "code"].tolist()
    bad = 11_136
    assert bad > MAX_LISTED
    # Rows run tambon by tambon, two years each: the first `bad` rows hold negative counts.
    table = tambon_table(
        tambons, range(2022, 2024), lambda i, y: -(i + 1) if 2 * i + y - 2022 < bad else i + 1
    )
    path = write(tmp_path / "negatives.csv", table)
    with pytest.raises(LoadRefusedError, match="nothing was loaded") as refused:
        load_table(intake_store, path, "moi.clinics", LOCAL_ADMIN)
    report = refused.value.report
    assert report.problem_count == bad and len(report.problems) == MAX_LISTED
    assert len(report.bad_rows) == bad and report.rows == len(tambons) * 2 - bad
    result = load_table(intake_store, path, "moi.clinics", LOCAL_ADMIN, drop_invalid=True)
    assert result.rows == len(tambons) * 2 - bad
    now = current(intake_store, "moi.clinics")
    assert (now["value"] >= 0).all()  # not one negative row, loaded or derived
    assert len(now[~now["derived"]]) == len(tambons) * 2 - bad


def test_the_dry_run_says_what_a_load_would_do(intake_store, tmp_path):
    from warroom.intake.batches import check_table

    first = write(tmp_path / "a.csv", tambon_table(MUEANG_CM, range(2023, 2024)))
    dry = check_table(intake_store, first, "moi.clinics", LOCAL_ADMIN)
    assert (dry.rows, dry.replaced, dry.same_file) == (16, 0, None)
    batch = load_table(intake_store, first, "moi.clinics", LOCAL_ADMIN).batch_id
    again = check_table(intake_store, first, "moi.clinics", LOCAL_ADMIN)
    assert again.replaced == 16 and again.same_file["id"] == batch
    assert f"this same file (SHA-256) was already loaded as batch {batch}" in again.summary()
    more = write(tmp_path / "b.csv", tambon_table(MUEANG_CM[:4], range(2023, 2025)))
    dry = check_table(intake_store, more, "moi.clinics", LOCAL_ADMIN)
    assert (dry.rows, dry.replaced, dry.same_file) == (8, 4, None)
    assert "of these, new: 4; replacing current values: 4" in dry.summary()
