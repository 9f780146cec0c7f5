"""Coarser values derived from a mix of loads are never silent (issue 11, class 8).

The rule (README, "Derived values and loads"): a parent is derived from its children's
current values whatever load they came from, records the loads it combines, and one that
combines several is named by the dry run, the load, the page and the export.
"""

from __future__ import annotations

import pandas as pd

from tests.intake.helpers import write
from warroom.export.table import EXPORT_COLUMNS, indicator_table
from warroom.intake.batches import check_table, load_table, rollback
from warroom.intake.users import User, add_user

ADMIN = User("admin", "admin")
CM_OFFICER = User("cm_officer", "officer", "TH50")
LAMPHUN_OFFICER = User("lp_officer", "officer", "TH51")


def clinics(title: str, rows: list[tuple[str, str, int]]) -> str:
    """A provincial office's table: a title with the year, Thai headers, district and
    tambon names, a count per tambon."""
    lines = [title, "อำเภอ,ตำบล,จำนวนสถานพยาบาล (แห่ง)"]
    lines += [f"{district},{tambon},{n}" for district, tambon, n in rows]
    return "\n".join(lines) + "\n"


MUEANG = [
    ("เมืองเชียงใหม่", "ศรีภูมิ", 12),
    ("เมืองเชียงใหม่", "พระสิงห์", 9),
    ("เมืองเชียงใหม่", "หายยา", 4),
    ("เมืองเชียงใหม่", "ช้างม่อย", 7),
]


def test_parents_mixing_loads_are_named_in_the_dry_run_the_load_and_the_export(
    intake_store, tmp_path
):
    title = "จำนวนสถานพยาบาลรายตำบล จังหวัดเชียงใหม่ ปี 2566"
    first = load_table(
        intake_store, write(tmp_path / "cm.csv", clinics(title, MUEANG)), "moi.clinics", CM_OFFICER
    )
    assert first.mixed == []  # one load: nothing mixed
    table = indicator_table(intake_store, "moi.clinics", "district", 2023, within="TH50")
    assert list(table.columns) == EXPORT_COLUMNS  # no column when nothing mixes
    # A correction of one tambon by another load: Mueang Chiang Mai, Chiang Mai and the
    # country now mix the two loads; the dry run says so before anything is written.
    fix = write(tmp_path / "fix.csv", clinics(title + " (แก้ไข)", [(*MUEANG[1][:2], 11)]))
    report = check_table(intake_store, fix, "moi.clinics", ADMIN)
    assert report.ok and report.replaced == 1 and report.mixed_count == 3
    assert report.mixed[0] == ("TH5001", 2023, f"{first.batch_id},0")  # finest first
    assert "coarser values that would mix loads: 3" in report.summary()
    assert f"TH5001 2023: batch {first.batch_id} + this file" in report.summary()
    second = load_table(intake_store, fix, "moi.clinics", ADMIN)
    loads = f"{first.batch_id},{second.batch_id}"
    assert second.mixed == [("TH5001", 2023, loads), ("TH50", 2023, loads), ("TH", 2023, loads)]
    table = indicator_table(intake_store, "moi.clinics", "district", 2023, within="TH50")
    assert list(table.columns) == [*EXPORT_COLUMNS, "mixed_loads"]
    mueang = table.set_index("code").loc["TH5001"]
    assert mueang["value"] == 12 + 11 + 4 + 7
    assert mueang["mixed_loads"] == (
        f"ชุดที่ {first.batch_id} + ชุดที่ {second.batch_id} / "
        f"batch {first.batch_id} + batch {second.batch_id}"
    )
    assert table.set_index("code")["mixed_loads"].drop("TH5001").isna().all()
    # Rolled back, the parents come from one load again and the column goes.
    rollback(intake_store, second.batch_id, ADMIN)
    table = indicator_table(intake_store, "moi.clinics", "district", 2023, within="TH50")
    assert list(table.columns) == EXPORT_COLUMNS


def test_provinces_loaded_apart_mix_only_at_the_country(intake_store, real_areas, tmp_path):
    add_user(intake_store, "lp_officer", "lamphun-2566", "officer", "TH51")
    cm = write(tmp_path / "cm.csv", clinics("เชียงใหม่ ปี 2566", MUEANG))
    lamphun = [("เมืองลำพูน", "ในเมือง", 5), ("เมืองลำพูน", "เหมืองง่า", 3)]
    lp = write(tmp_path / "lp.csv", clinics("ลำพูน ปี 2566", lamphun))
    a = load_table(intake_store, cm, "moi.clinics", CM_OFFICER)
    report = check_table(intake_store, lp, "moi.clinics", LAMPHUN_OFFICER)
    assert report.mixed == [("TH", 2023, f"{a.batch_id},0")]
    b = load_table(intake_store, lp, "moi.clinics", LAMPHUN_OFFICER)
    assert b.mixed == [("TH", 2023, f"{a.batch_id},{b.batch_id}")]
    now = intake_store.observations("moi.clinics").set_index(["area_code", "period"])
    assert now.loc[("TH51", 2023), "derived_from"] == str(b.batch_id)
    assert now.loc[("TH", 2023), "value"] == 32 + 8
    country = indicator_table(intake_store, "moi.clinics", "country", 2023)
    assert country["mixed_loads"].tolist() == [
        f"ชุดที่ {a.batch_id} + ชุดที่ {b.batch_id} / batch {a.batch_id} + batch {b.batch_id}"
    ]
    provinces = indicator_table(intake_store, "moi.clinics", "province", 2023)
    assert list(provinces.columns) == EXPORT_COLUMNS
    assert pd.isna(provinces.set_index("code").at["TH10", "value"])
