"""Messages and counts that say what happened (issue 21, item 6).

"1 countrys", "no figure in 2547: ''" without the area, a code where the file had a name,
6.66209e+06, and counts that differ between the dry run and the load all misled users.
"""

from __future__ import annotations

import pytest

from tests.intake.helpers import tambon_table, write
from warroom.intake.areas import AreaResolver
from warroom.intake.batches import LoadRefusedError, check_table, load_table
from warroom.intake.check import inspect_table
from warroom.intake.report import IntakeOptions
from warroom.intake.users import LOCAL_ADMIN, User

MEAN = {"id": "moi.mean", "unit": "baht", "rollup": "none"}
RATE = {"id": "moi.rate", "unit": "%", "rollup": "ratio", "scale": 100}
MUEANG_CM = [f"TH5001{n:02d}" for n in range(1, 17)]  # the 16 tambons of Mueang Chiang Mai
CM_OFFICER = User("cm_officer", "officer", "TH50")


@pytest.fixture(scope="module")
def resolver(real_areas):
    return AreaResolver(real_areas)


def test_one_country_and_the_area_of_a_missing_figure(tmp_path, resolver):
    text = "จังหวัด,2547,2566\nทั่วราชอาณาจักร,14963.40,29030.24\nเชียงใหม่,,20443.21\nลำพูน,-,18000\n"
    report = inspect_table(write(tmp_path / "income.csv", text), MEAN, resolver)
    summary = report.summary()
    assert "areas: 1 country, 2 provinces" in summary and "countrys" not in summary
    missing = {(row, why) for row, why, _ in report.skipped}
    assert missing == {(3, "no figure for เชียงใหม่ in 2547"), (4, "no figure for ลำพูน in 2547")}


def test_a_contradicting_rate_shows_its_figures_as_written(tmp_path, resolver):
    text = 'จังหวัด,ปี,คนจน,ประชากร,ร้อยละ\nเชียงใหม่,2566,"66,620","6,662,090",2.00\n'
    text += 'ลำพูน,2566,"1,000","100,000",1.00\n'
    parts = IntakeOptions(numerator_column="คนจน", denominator_column="ประชากร")
    report = inspect_table(write(tmp_path / "poor.csv", text), RATE, resolver, parts)
    (problem,) = report.problems
    assert "66,620 ÷ 6,662,090 = 1" in problem.reason and "e+" not in problem.reason


def test_an_area_outside_the_province_is_shown_as_written(intake_store, tmp_path):
    text = "จังหวัด,ปี,จำนวน\nเชียงใหม่,2566,5\nลำพูน,2566,7\n"
    with pytest.raises(LoadRefusedError) as refused:
        load_table(intake_store, write(tmp_path / "a.csv", text), "moi.clinics", CM_OFFICER)
    (problem,) = refused.value.report.blocking
    assert problem.value == "ลำพูน" and "(TH51)" in problem.reason


def test_the_dry_run_and_the_load_count_the_same(intake_store, tmp_path):
    first = tambon_table([*MUEANG_CM, "TH500203"], range(2023, 2024))
    load_table(intake_store, write(tmp_path / "a.csv", first), "moi.clinics", LOCAL_ADMIN)
    # One tambon corrected: its district, province and country change, nothing else.
    one = "รหัสตำบล,ปี พ.ศ.,จำนวน\nTH500101,2566,999\n"
    path = write(tmp_path / "b.csv", one)
    report = check_table(intake_store, path, "moi.clinics", LOCAL_ADMIN)
    result = load_table(intake_store, path, "moi.clinics", LOCAL_ADMIN, report=report)
    assert (report.rows, report.replaced) == (result.rows, result.replaced) == (1, 1)
    assert result.derived == 3  # TH5001, TH50 and TH changed; TH5002 did not
    # A district's own figure takes the place of its derived one: that is a replacement.
    district = "รหัสอำเภอ,ปี พ.ศ.,จำนวน\nTH5002,2566,40\nTH5003,2566,9\n"
    path = write(tmp_path / "c.csv", district)
    report = check_table(intake_store, path, "moi.clinics", LOCAL_ADMIN)
    assert (report.rows, report.replaced) == (2, 1), report.summary()
    result = load_table(intake_store, path, "moi.clinics", LOCAL_ADMIN, report=report)
    assert (result.rows, result.replaced) == (2, 1)
