"""Reading hostile tables: encodings, title and merged header rows, shapes, names, numbers."""

from __future__ import annotations

import codecs

import openpyxl
import pytest

from tests.intake.helpers import write
from warroom.errors import DataError
from warroom.intake.areas import AreaResolver
from warroom.intake.check import inspect_table
from warroom.intake.report import IntakeOptions

COUNT = {"unit": "places", "rollup": "sum"}
RATE = {"unit": "%", "rollup": "none"}

WIDE = """ตารางที่ 3 จำนวนสถานพยาบาล จำแนกรายจังหวัด พ.ศ. 2564-2566

จังหวัด,ปี พ.ศ.,,
,2564,2565,2566
ทั่วราชอาณาจักร,"12,000","12,500","13,000"
ภาคเหนือ,"2,000","2,100","2,200"
 จังหวัดเชียงใหม่ ,"1,234","1,250",-
chiang rai,300,310,320
ลำพูน,40,41,42

หมายเหตุ: ข้อมูลเบื้องต้น
"""


@pytest.fixture(scope="module")
def resolver(real_areas):
    return AreaResolver(real_areas)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp874", "tis-620", "utf-16"])
def test_wide_table_in_every_thai_encoding(tmp_path, resolver, encoding):
    path = write(tmp_path / "clinics.csv", WIDE, encoding)
    report = inspect_table(path, COUNT, resolver)
    assert report.ok, report.summary()
    assert report.shape == "wide" and report.level == "province"
    assert report.header_rows == [3, 4]  # the merged "ปี พ.ศ." row and the year row
    assert report.periods == [2021, 2022, 2023]  # BE column headers read as CE
    assert report.areas_by_level == {"province": 3}
    assert report.rows == 8  # Chiang Mai 2566 is "-": no figure, skipped
    skipped = {(row, why.split(":")[0]) for row, why, _ in report.skipped}
    assert (1, "title or note above the table") in skipped
    assert (6, "not an area") in skipped  # a region
    # The kingdom row of a count is set aside: the country value is derived from provinces.
    assert report.notes[0] == (
        "row 5: the kingdom's 2021 figure 12,000 and the sum of the 3 provinces in this file "
        "1,574 differ by 10,426 (+662.39%); the country value is derived from the provinces"
    )
    assert (7, "no figure for จังหวัดเชียงใหม่ in ปี พ.ศ. 2566") in skipped  # the area named
    assert (10, "blank line") in skipped and (11, "not an area") in skipped
    preview = report.preview.set_index(["area_code", "period"])["value"]
    assert preview[("TH50", 2021)] == 1234  # thousands separator and quotes
    assert preview[("TH57", 2023)] == 320  # English name, any case


def test_long_tsv_with_codes_in_every_form(tmp_path, resolver):
    text = "area\tyear\tvalue\nTH50\t2023\t5\n57\t2023\t6\n51000000\t2566\t7\n th52 \t2023\t8\n"
    report = inspect_table(write(tmp_path / "t.tsv", text), COUNT, resolver)
    assert report.ok, report.summary()
    assert report.format == "tsv" and report.shape == "long"
    assert set(report.preview["area_code"]) == {"TH50", "TH57", "TH51", "TH52"}
    assert set(report.preview["period"]) == {2023}


def test_xlsx_with_merged_header_cells_and_a_named_sheet(tmp_path, resolver):
    book = openpyxl.Workbook()
    book.active.title = "อ่านก่อน"
    book.active["A1"] = "ไฟล์นี้มีข้อมูลในแผ่นที่สอง"
    ws = book.create_sheet("ข้อมูล")
    ws.append(["ข้อมูลอำเภอ จังหวัดเชียงใหม่"])
    ws.append(["อำเภอ", "ปี", None])
    ws.append([None, 2565, 2566])
    ws.merge_cells("B2:C2")
    ws.append(["เมืองเชียงใหม่", 10, 11.5])
    ws.append(["อ.จอมทอง", 3, None])
    ws.append(["รวม", 13, 11.5])
    path = tmp_path / "districts.xlsx"
    book.save(path)
    report = inspect_table(path, COUNT, resolver, IntakeOptions(sheet="ข้อมูล"))
    assert report.ok, report.summary()
    assert report.level == "district" and report.periods == [2022, 2023]
    assert report.rows == 3  # Chom Thong 2566 is blank
    assert any(why == "not an area: a total" for _, why, _ in report.skipped)
    with pytest.raises(DataError, match="no sheet 'Sheet9'"):
        inspect_table(path, COUNT, resolver, IntakeOptions(sheet="Sheet9"))


def test_every_problem_reported_at_once_with_row_column_value(tmp_path, resolver):
    text = (
        "จังหวัด,อำเภอ,ตำบล,ปี,ร้อยละ\n"
        "เชียงใหม่,เมืองเชียงใหม่,ศรีภูมิ,2566,55.5\n"  # fine
        "เชียงใหม่,เมืองเชียงใหม่,พระสิงห์,2566,ไม่ทราบ\n"  # text in a numeric column
        "เชียงใหม่,เมืองเชียงใหม่,หายยา,2566,120\n"  # a rate above 100 %
        "เชียงใหม่,เมืองเชียงใหม่,ไม่มีตำบลนี้,2566,10\n"  # no such tambon
        "เชียงใหม่,เมืองเชียงใหม่,ศรีภูมิ,2566,56\n"  # duplicate area and period
        "เชียงใหม่,เมืองเชียงใหม่,ช้างคลาน,2250,10\n"  # neither a BE nor a CE year
        ",,ช้างเผือก,2566,10\n"  # three tambons share it: read in Chiang Mai, as all rows are
        "เชียงใหม่,เมืองเชียงใหม่,ช้างม่อย,2566,-3\n"  # negative rate
    )
    report = inspect_table(write(tmp_path / "lit.csv", text), RATE, resolver)
    found = {(p.row, p.column): (p.reason, p.value) for p in report.problems}
    assert found[(3, "ร้อยละ")] == ("not a number", "ไม่ทราบ")
    assert "between 0 and 100" in found[(4, "ร้อยละ")][0] and found[(4, "ร้อยละ")][1] == "120"
    assert "between 0 and 100" in found[(9, "ร้อยละ")][0]
    assert found[(5, "ตำบล")][0].startswith("no tambon has this name")
    assert "duplicate" in found[(6, "ตำบล")][0]
    assert "not a year" in found[(7, "ปี")][0] and found[(7, "ปี")][1] == "2250"
    assert report.hint == "TH50" and (8, "ตำบล") not in found
    assert report.problem_count == 6 and all(p.file == "lit.csv" for p in report.problems)
    assert list(report.bad_rows) == [3, 4, 5, 6, 7, 9]
    assert report.rows == 2


def test_a_name_several_areas_share_needs_a_parent(tmp_path, resolver):
    text = "ตำบล,ปี,ค่า\nช้างเผือก,2566,1\nศรีภูมิ,2566,2\nบางรัก,2566,3\n"
    report = inspect_table(write(tmp_path / "a.csv", text), COUNT, resolver)
    (problem,) = [p for p in report.problems if p.row == 2]
    assert problem.column == "ตำบล" and problem.value == "ช้างเผือก"
    assert problem.reason.startswith("matches 3 areas (ช้างเผือก / Chang Phueak (TH451112)")
    with_parent = "จังหวัด,ตำบล,ปี,ค่า\nเชียงใหม่,ช้างเผือก,2566,1\nกรุงเทพมหานคร,บางรัก,2566,3\n"
    report = inspect_table(write(tmp_path / "b.csv", with_parent), COUNT, resolver)
    assert report.ok, report.summary()
    assert sorted(report.preview["area_code"]) == ["TH100404", "TH500107"]


def test_mixed_levels_are_problems(tmp_path, resolver):
    text = (
        "area,year,value\nเชียงใหม่,2023,1\nลำพูน,2023,2\nลำปาง,2023,3\nสันทราย,2023,4\n"
        "เมืองเชียงราย,2023,5\n"
    )
    report = inspect_table(write(tmp_path / "m.csv", text), COUNT, resolver)
    assert report.level == "province"
    mixed, close = report.problems
    assert mixed.row == 5 and "mixed levels" in mixed.reason
    # A district's name close to a province's: the province is suggested first.
    assert close.row == 6 and close.reason == (
        "no province has this name; did you mean เชียงราย / Chiang Rai (TH57)? (a district has it)"
    )


def test_unknown_codes_and_negative_counts(tmp_path, resolver):
    text = "code,year,count\nTH99,2023,1\n509999,2023,2\nTH50,2023,-5\n"
    report = inspect_table(write(tmp_path / "c.csv", text), COUNT, resolver)
    reasons = {p.row: p.reason for p in report.problems}
    assert reasons[2] == "no area has the code TH99"
    assert reasons[3] == "no area has the code TH509999"
    assert reasons[4] == "a count cannot be negative"


def test_not_thai_text_is_refused_with_the_line(tmp_path, resolver):
    path = tmp_path / "sjis.csv"
    path.write_bytes("จังหวัด,ปี,ค่า\n".encode() + "東京,2023,1\n".encode("shift_jis"))
    with pytest.raises(DataError, match=r"row 2: the file is not text in UTF-8"):
        inspect_table(path, COUNT, resolver)


def test_garbled_thai_is_refused(tmp_path, resolver):
    garbled = "จังหวัด,ปี,ค่า\nเชียงใหม่,2566,1\n".encode().decode("latin-1")
    path = write(tmp_path / "moji.csv", garbled, "utf-8")
    with pytest.raises(DataError, match="already garbled"):
        inspect_table(path, COUNT, resolver)


def test_a_table_without_areas_says_so(tmp_path, resolver):
    path = write(tmp_path / "x.csv", "a,b\n1,2\n3,4\n")
    with pytest.raises(DataError, match="no table found"):
        inspect_table(path, COUNT, resolver)


def test_column_choice_by_the_user(tmp_path, resolver):
    text = "ชื่อพื้นที่,ปีงบ,ค่าเป้าหมาย,ผลงาน\nเชียงใหม่,2566,10,12\nลำพูน,2566,4,5\n"
    path = write(tmp_path / "k.csv", text)
    with pytest.raises(DataError, match="cannot tell the value column"):
        inspect_table(path, COUNT, resolver)
    report = inspect_table(path, COUNT, resolver, IntakeOptions(value_column="ผลงาน"))
    assert report.ok and report.preview["value"].tolist() == [12, 5]
    with pytest.raises(DataError, match="no value column 'ผลลัพธ์'"):
        inspect_table(path, COUNT, resolver, IntakeOptions(value_column="ผลลัพธ์"))


def test_utf16_needs_its_bom(tmp_path, resolver):
    path = tmp_path / "u16.csv"
    path.write_bytes(codecs.BOM_UTF16_LE + "จังหวัด\tปี\tค่า\nลำพูน\t2566\t1\n".encode("utf-16-le"))
    report = inspect_table(path, COUNT, resolver)
    assert report.ok and report.encoding == "utf-16"
