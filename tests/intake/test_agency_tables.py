"""Agency tables as published (issue 11): headers, periods, percentages, short rows.

Each table is laid out as Thai agencies publish them; each loads as saved (or with one
option) with exact values, and each hostile variant is refused with file, row, column
and the real cause.
"""

from __future__ import annotations

import openpyxl
import pytest

from tests.intake.helpers import write
from warroom.errors import DataError
from warroom.intake.areas import AreaResolver
from warroom.intake.check import inspect_table
from warroom.intake.report import IntakeOptions

COUNT = {"id": "moi.count", "unit": "people", "rollup": "sum"}
RATE = {"id": "moi.rate", "unit": "%", "rollup": "none"}


@pytest.fixture(scope="module")
def resolver(real_areas):
    return AreaResolver(real_areas)


def values(report) -> dict[tuple[str, int], float]:
    return report.preview.set_index(["area_code", "period"])["value"].to_dict()


# 1. Header detection: a header is a header by its place and its labels.
HEADERS = {
    "ภาค": "ภาค,จังหวัด,ปี,จำนวน\nเหนือ,เชียงใหม่,2566,1234\nเหนือ,ลำพูน,2566,56\n",
    "ภาค/จังหวัด": "ภาค/จังหวัด,2565,2566\nภาคเหนือ,1290,1300\nเชียงใหม่,1230,1234\nลำพูน,50,56\n",
    "รวม": "จังหวัด,ปี,รวม,ชาย,หญิง\nเชียงใหม่,2566,1234,600,634\nลำพูน,2566,56,20,36\n",
    "รวม (คน)": "จังหวัด,ปี,รวม (คน)\nเชียงใหม่,2566,1234\nลำพูน,2566,56\n",
    "ยอดรวม": "จังหวัด,ปี,ยอดรวม\nเชียงใหม่,2566,1234\nลำพูน,2566,56\n",
    "Total": "province,year,Total\nChiang Mai,2023,1234\nLamphun,2023,56\n",
    "a blank cell over an index column": (
        ",จังหวัด,ปี,จำนวน\n001,เชียงใหม่,2566,1234\n002,ลำพูน,2566,56\n"
    ),
}


@pytest.mark.parametrize("text", HEADERS.values(), ids=HEADERS.keys())
def test_headers_that_look_like_data_are_headers(tmp_path, resolver, text):
    report = inspect_table(write(tmp_path / "t.csv", text), COUNT, resolver)
    assert report.ok, report.summary()
    assert report.header_rows == [1]
    got = values(report)
    assert got[("TH50", 2023)] == 1234 and got[("TH51", 2023)] == 56
    assert set(got) <= {("TH50", 2023), ("TH51", 2023), ("TH50", 2022), ("TH51", 2022)}


def test_a_header_under_a_kingdom_line_is_named_with_header_row(tmp_path, resolver):
    text = "ทั่วราชอาณาจักร,66090475\nจังหวัด,ปี,จำนวน\nเชียงใหม่,2566,1234\nลำพูน,2566,56\n"
    path = write(tmp_path / "k.csv", text)
    with pytest.raises(DataError) as refused:
        inspect_table(path, COUNT, resolver)
    (problem,) = refused.value.problems
    assert str(problem) == (
        "k.csv, row 1: no header row above the first data row: add one, or name it "
        "with --header-row"
    )
    report = inspect_table(path, COUNT, resolver, IntakeOptions(header_row=2))
    assert report.ok and values(report) == {("TH50", 2023): 1234, ("TH51", 2023): 56}
    with pytest.raises(DataError, match="--header-row 9: that row is empty"):
        inspect_table(path, COUNT, resolver, IntakeOptions(header_row=9))


# 2. A table with no year column: the year from --period, the title or a header cell.
def test_the_year_of_a_table_comes_from_its_title(tmp_path, resolver):
    text = "ตารางที่ 5 จำนวนแพทย์ จำแนกรายจังหวัด ปี 2558\n\nจังหวัด,จำนวนแพทย์\nเชียงใหม่,1234\nลำพูน,56\n"
    report = inspect_table(write(tmp_path / "doctors.csv", text), COUNT, resolver)
    assert report.ok, report.summary()
    assert values(report) == {("TH50", 2015): 1234, ("TH51", 2015): 56}
    assert report.columns["period"] == (
        "2015 (title, row 1: 'ตารางที่ 5 จำนวนแพทย์ จำแนกรายจังหวัด ปี 2558')"
    )


def test_a_table_with_no_year_anywhere_takes_period(tmp_path, resolver):
    path = write(tmp_path / "doctors.csv", "จังหวัด,จำนวนแพทย์\nเชียงใหม่,1234\nลำพูน,56\n")
    with pytest.raises(DataError, match="give the year with --period 2566"):
        inspect_table(path, COUNT, resolver)
    for given in (2566, 2023):  # BE or CE
        report = inspect_table(path, COUNT, resolver, IntakeOptions(period=given))
        assert values(report) == {("TH50", 2023): 1234, ("TH51", 2023): 56}
        assert report.columns["period"] == "2023 (--period)"
    with pytest.raises(DataError, match="--period 1066 is not a year in BE or CE"):
        inspect_table(path, COUNT, resolver, IntakeOptions(period=1066))
    with_years = write(tmp_path / "y.csv", "จังหวัด,ปี,จำนวน\nเชียงใหม่,2566,1\n")
    with pytest.raises(DataError, match=r"--period is for a table without years.*: ปี"):
        inspect_table(with_years, COUNT, resolver, IntakeOptions(period=2566))


def test_years_written_in_both_eras(tmp_path, resolver):
    text = "จังหวัด,2557 (2014),ปี 2558\nเชียงใหม่,10,11\nลำพูน,20,21\n"
    report = inspect_table(write(tmp_path / "t.csv", text), COUNT, resolver)
    assert values(report) == {
        ("TH50", 2014): 10, ("TH50", 2015): 11, ("TH51", 2014): 20, ("TH51", 2015): 21
    }  # fmt: skip


def test_an_xlsx_header_of_be_over_ce_years_is_not_an_area(tmp_path, resolver):
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["จำนวนประชากร"])
    ws.append(["จังหวัด", "ปี", None])
    ws.append([None, 2553, 2554])
    ws.append([None, 2010, 2011])  # 2010 and 2011 are also the codes of two districts
    ws.append(["ชลบุรี", 1338656, 1347619])
    ws.append(["ระยอง", 631466, 642163])
    book.save(path := tmp_path / "pop.xlsx")
    report = inspect_table(path, COUNT, resolver)
    assert report.ok, report.summary()
    assert report.header_rows == [2, 3, 4]
    assert values(report) == {
        ("TH20", 2010): 1338656, ("TH20", 2011): 1347619,
        ("TH21", 2010): 631466, ("TH21", 2011): 642163,
    }  # fmt: skip


# 3. Percentages: what the user sees in Excel is what loads.
def test_percentage_cells_load_as_shown(tmp_path, resolver):
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["จังหวัด", "ปี", "ร้อยละ"])
    ws.append(["เชียงใหม่", 2566, 0.6996])
    ws["C2"].number_format = "0.00%"
    ws.append(["ลำพูน", 2566, "51.93%"])
    ws.append(["ลำปาง", 2566, 42.5])
    ws["C4"].number_format = '0.0"%"'  # a quoted "%" is text: Excel shows 42.5%
    ws.append(["แพร่", 2566, 1])
    ws["C5"].number_format = "0%"  # 100%
    book.save(path := tmp_path / "rates.xlsx")
    report = inspect_table(path, RATE, resolver)
    assert report.ok, report.summary()
    assert values(report) == {
        ("TH50", 2023): 69.96, ("TH51", 2023): 51.93, ("TH52", 2023): 42.5,
        ("TH54", 2023): 100,
    }  # fmt: skip


# 9. A row cut short is a problem, not blanks.
def test_a_row_cut_short_is_a_problem(tmp_path, resolver):
    text = "จังหวัด,2565,2566\nเชียงใหม่,1234,1244\nลำพูน,56"
    path = write(tmp_path / "cut.csv", text)
    report = inspect_table(path, COUNT, resolver)
    assert not report.ok
    (problem,) = report.problems
    assert str(problem) == (
        "cut.csv, row 3, column 2566: this row has 2 of the header's 3 cells "
        "(the line is cut short)"
    )
    assert list(report.bad_rows) == [3] and report.rows == 2


# 6. Names: typed as people type them, with the variants in data/areas/name_variants.csv.
NAMES = {
    "อยุธยา": "TH14",
    "ศรีษะเกษ": "TH33",  # also a tambon's name: the province variant wins in a province table
    "ล\u0e4d\u0e32พูน": "TH51",  # ำ typed as ํ + า
    "ก\u0e4d\u0e32แพงเพชร": "TH62",
    "เชียง\u200bใหม่": "TH50",  # a zero-width space
    "เเพร่": "TH54",  # เ typed twice for แ
    "น่่าน": "TH55",  # a tone mark typed twice
    "Sa Kaew": "TH27",
    "Nongbua Lumphoo": "TH39",
    "Umnad Chareun": "TH37",
}


def test_names_as_people_type_them(tmp_path, resolver):
    lines = [f"{name},2566,{i}" for i, name in enumerate(NAMES, start=1)]
    text = "จังหวัด,ปี,จำนวน\n" + "\n".join(lines) + "\nกรุงเทพมหานคร และ 3 จังหวัด,2566,99\n"
    report = inspect_table(write(tmp_path / "names.csv", text), COUNT, resolver)
    assert report.ok, report.summary()
    assert values(report) == {(code, 2023): i for i, code in enumerate(NAMES.values(), 1)}
    assert (12, "not an area: a region") in {(r, why) for r, why, _ in report.skipped}


def test_unknown_names_get_a_suggestion(tmp_path, resolver):
    text = (
        "จังหวัด,ปี,จำนวน\n"
        "เชียงใหม่,2566,1\n"
        "ศรีสะเกด,2566,2\n"  # a typo
        "ไชยภูมิ,2566,3\n"  # a typo of ชัยภูมิ that is a tambon's name
        "จังหวัดสุวรรณภูมิ,2566,4\n"  # a district's name, said to be a province
    )
    report = inspect_table(write(tmp_path / "typos.csv", text), COUNT, resolver)
    reasons = {p.row: str(p) for p in report.problems}
    assert reasons[3] == (
        "typos.csv, row 3, column จังหวัด: no province has this name; did you mean "
        "ศรีสะเกษ / Si Sa Ket (TH33)? (value: 'ศรีสะเกด')"
    )
    assert reasons[4].startswith(
        "typos.csv, row 4, column จังหวัด: no province has this name; did you mean "
        "ชัยภูมิ / Chaiyaphum (TH36)? (a tambon has it)"
    )
    assert "no province has this name" in reasons[5] and "mixed levels" not in reasons[5]


# 8. and 11. In a wide table a bad cell drops the cell; a repeated row is one problem.
def test_a_bad_cell_drops_the_cell_and_a_repeated_row_is_one_problem(tmp_path, resolver):
    text = (
        "จังหวัด,2564,2565,2566\n"
        "เชียงใหม่,1200,abc,1244\n"  # one bad cell: 2565
        "ลำพูน,50,55,56\n"
        "ลำพูน,50,55,57\n"  # Lamphun again, every year
    )
    report = inspect_table(write(tmp_path / "wide.csv", text), COUNT, resolver)
    assert [str(p) for p in report.problems] == [
        "wide.csv, row 2, column 2565: not a number (value: 'abc')",
        "wide.csv, row 4, column จังหวัด: ลำพูน / Lamphun (TH51) for 2021-2023 is already "
        "given on row 3 (duplicate)",
    ]
    assert list(report.bad_rows) == [] and report.bad_cells == [
        (2, "2565"), (4, "2564"), (4, "2565"), (4, "2566")
    ]  # fmt: skip
    assert values(report) == {
        ("TH50", 2021): 1200, ("TH50", 2023): 1244,
        ("TH51", 2021): 50, ("TH51", 2022): 55, ("TH51", 2023): 56,
    }  # fmt: skip
    assert report.rows == 5


# 5. Kingdom rows: the country's figure of a rate; for a count, compared with the sum.
def test_a_kingdom_row_of_a_count_is_compared_with_the_sum(tmp_path, resolver):
    text = "จังหวัด,ปี,จำนวน\nทั่วราชอาณาจักร,2566,1300\nเชียงใหม่,2566,1234\nลำพูน,2566,56\n"
    report = inspect_table(write(tmp_path / "k.csv", text), COUNT, resolver)
    assert report.ok and values(report) == {("TH50", 2023): 1234, ("TH51", 2023): 56}
    assert report.notes == [
        "row 2: the kingdom's 2023 figure 1,300 and the sum of the 2 provinces in this file "
        "1,290 differ by 10 (+0.78%); the country value is derived from the provinces"
    ]


def test_a_kingdom_row_of_a_rate_is_the_country_value(tmp_path, resolver):
    text = "จังหวัด,ปี,อัตรา\nทั้งประเทศ,2566,61.5\nเชียงใหม่,2566,70.1\n"
    report = inspect_table(write(tmp_path / "r.csv", text), RATE, resolver)
    assert report.ok and values(report) == {("TH", 2023): 61.5, ("TH50", 2023): 70.1}


@pytest.mark.parametrize("kingdom", ["ประเทศไทย", "Whole Kingdom", "TH"])
def test_a_country_level_file_loads_the_country(tmp_path, resolver, kingdom):
    text = f"ประเทศ,ปี,จำนวน\n{kingdom},2564,66171439\n{kingdom},2565,66090475\n"
    report = inspect_table(write(tmp_path / "c.csv", text), COUNT, resolver)
    assert report.ok, report.summary()
    assert values(report) == {("TH", 2021): 66171439, ("TH", 2022): 66090475}


# 7. Two name columns: the area column is obeyed, the other is checked against it.
def test_two_name_columns_must_agree(tmp_path, resolver):
    text = (
        "ลำดับ,จังหวัด,Province,ปี,จำนวน\n"
        "1,เชียงใหม่,Chiang Mai,2566,1234\n"
        "2,ลำพูน,Lamphun,2566,56\n"
        "3,ลำปาง,Phrae,2566,7\n"
    )
    path = write(tmp_path / "two.csv", text)
    report = inspect_table(path, COUNT, resolver)
    assert [str(p) for p in report.problems] == [
        "two.csv, row 4, column Province: says แพร่ / Phrae (TH54), but จังหวัด says "
        "ลำปาง / Lampang (TH52) (value: 'Phrae')"
    ]
    assert values(report) == {("TH50", 2023): 1234, ("TH51", 2023): 56}
    chosen = inspect_table(path, COUNT, resolver, IntakeOptions(area_column="Province"))
    assert chosen.columns["area"] == "Province"
    assert [p.column for p in chosen.problems] == ["จังหวัด"]
