"""An officer loads a national table as the agency published it: only their province's rows
(issue 21, item 4), with every other check kept and nothing half-loaded."""

from __future__ import annotations

import pytest

from tests.intake.helpers import current, write
from warroom.intake.batches import LoadRefusedError, check_table, list_batches, load_table
from warroom.intake.report import IntakeOptions
from warroom.intake.users import User

CM_OFFICER = User("cm_officer", "officer", "TH50")
ONLY_MINE = IntakeOptions(only_province=True)


def national_table(real_areas, value=lambda i: 1000 + i, *, leave_out: str | None = None) -> str:
    """A province table as an agency publishes it: title, the kingdom, regions, 77 provinces."""
    provinces = real_areas[real_areas["level"] == "province"].sort_values("code")
    lines = ["จำนวนสถานพยาบาล ปี 2566", "จังหวัด,จำนวน (แห่ง)", 'ทั่วราชอาณาจักร,"99,999"']
    lines.append("ภาคเหนือ,5000")
    for i, rec in enumerate(provinces.to_dict("records")):
        if rec["code"] != leave_out:
            lines.append(f"{rec['name_th']},{value(i)}")
    return "\n".join(lines) + "\n"


def _chiang_mai_index(real_areas) -> int:
    codes = sorted(real_areas.loc[real_areas["level"] == "province", "code"])
    return codes.index("TH50")


def test_an_officer_loads_their_row_of_a_national_table(intake_store, real_areas, tmp_path):
    path = write(tmp_path / "national.csv", national_table(real_areas))
    refused = check_table(intake_store, path, "moi.clinics", CM_OFFICER)
    assert len(refused.blocking) == 76  # today: one "problem" per other province
    report = check_table(intake_store, path, "moi.clinics", CM_OFFICER, ONLY_MINE)
    assert report.ok and report.rows == 1 and report.blocking == []
    assert report.outside_rows == 76 and len(report.outside_provinces) == 76
    assert "set aside: 76 rows of 76 other provinces" in report.summary()
    result = load_table(intake_store, path, "moi.clinics", CM_OFFICER, ONLY_MINE, report=report)
    assert result.rows == 1
    own = current(intake_store, "moi.clinics")
    mine = own[~own["derived"]]
    assert mine[["area_code", "period"]].values.tolist() == [["TH50", 2023]]
    assert mine["value"].iloc[0] == 1000 + _chiang_mai_index(real_areas)
    batch = list_batches(intake_store).iloc[0]
    assert batch["province"] == "TH50" and batch["rows"] == 1


def test_other_checks_still_refuse_the_whole_file(intake_store, real_areas, tmp_path):
    cm = _chiang_mai_index(real_areas)
    negative = write(
        tmp_path / "negative.csv", national_table(real_areas, lambda i: -5 if i == cm else i)
    )
    with pytest.raises(LoadRefusedError, match="nothing was loaded") as refused:
        load_table(intake_store, negative, "moi.clinics", CM_OFFICER, ONLY_MINE)
    assert "a count cannot be negative" in refused.value.report.problems[0].reason
    # A misspelt name could be the officer's own province: a problem, never set aside.
    text = national_table(real_areas).replace("\nลำพูน,", "\nลำพูนน,")
    misspelt = write(tmp_path / "misspelt.csv", text)
    with pytest.raises(LoadRefusedError, match="nothing was loaded") as refused:
        load_table(intake_store, misspelt, "moi.clinics", CM_OFFICER, ONLY_MINE)
    assert refused.value.report.problems[0].value == "ลำพูนน"
    assert current(intake_store, "moi.clinics").empty and list_batches(intake_store).empty


def test_a_file_without_the_officers_province_is_refused(intake_store, real_areas, tmp_path):
    path = write(tmp_path / "no_cm.csv", national_table(real_areas, leave_out="TH50"))
    for drop in (False, True):
        with pytest.raises(LoadRefusedError, match="outside your province") as refused:
            load_table(intake_store, path, "moi.clinics", CM_OFFICER, ONLY_MINE, drop_invalid=drop)
        (blocking,) = refused.value.report.blocking
        assert "no row of this file lies in your province" in blocking.reason
        assert "76 rows of 76 other provinces" in blocking.reason
    assert current(intake_store, "moi.clinics").empty and list_batches(intake_store).empty


def test_a_shared_name_is_never_read_as_the_officers_area(intake_store, tmp_path):
    """จอมทอง is a district of Bangkok and of Chiang Mai: in a national table, Bangkok's row
    must not load as Chiang Mai's (the officer's province is no hint there)."""
    with_province = "จังหวัด,อำเภอ,ปี,จำนวน\nกรุงเทพมหานคร,จอมทอง,2566,11\nเชียงใหม่,จอมทอง,2566,22\n"
    path = write(tmp_path / "districts.csv", with_province)
    result = load_table(intake_store, path, "moi.clinics", CM_OFFICER, ONLY_MINE)
    assert result.rows == 1 and result.report.outside_rows == 1
    own = current(intake_store, "moi.clinics").set_index("area_code")
    assert own.loc["TH5002", "value"] == 22
    # Without a province column the name is ambiguous in a national table: a problem.
    bare = "อำเภอ,ปี,จำนวน\nจอมทอง,2566,11\nสันทราย,2566,5\nบางรัก,2566,7\n"
    path = write(tmp_path / "bare.csv", bare)
    report = check_table(intake_store, path, "moi.clinics", CM_OFFICER, ONLY_MINE)
    assert not report.ok and "matches 2 areas" in report.problems[0].reason


def test_the_command_line_offers_only_my_province(cli, real_areas, tmp_path):
    path = write(tmp_path / "national.csv", national_table(real_areas))
    login = ("--user", "cm_officer", "--password-stdin")
    refused = cli("ingest", str(path), "--indicator", "moi.clinics", *login,
                  password="chiangmai-2566\n")  # fmt: skip
    assert refused.exit_code == 1 and "outside your province" in refused.output
    loaded = cli("ingest", str(path), "--indicator", "moi.clinics", "--only-my-province",
                 *login, password="chiangmai-2566\n")  # fmt: skip
    assert loaded.exit_code == 0, loaded.output
    assert "set aside: 76 rows of 76 other provinces" in loaded.output
    assert "loaded batch 1: 1 values" in loaded.output
