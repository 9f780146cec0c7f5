"""Files as agencies keep them (issue 21, item 7): a LibreOffice XLSX that declares every
row of the sheet, old Excel .xls (BIFF), "same as above" blank key cells, several measures
in one table, and a merged "no forest area" cell."""

from __future__ import annotations

import re
import time
import zipfile

import openpyxl
import pandas as pd
import pytest

from tests.intake.biff import write_xls
from tests.intake.helpers import write
from warroom.errors import DataError
from warroom.intake.areas import AreaResolver
from warroom.intake.check import inspect_table
from warroom.intake.report import IntakeOptions
from warroom.intake.xlsx import XlsxLimits

COUNT = {"id": "moi.count", "unit": "people", "rollup": "sum"}
RATE = {"id": "moi.rate", "unit": "%", "rollup": "none"}


@pytest.fixture(scope="module")
def resolver(real_areas):
    return AreaResolver(real_areas)


@pytest.fixture(scope="module")
def provinces(real_areas) -> pd.DataFrame:
    return real_areas[real_areas["level"] == "province"].sort_values("code")


def loaded(report) -> dict[tuple[str, int], float]:
    return report.preview.set_index(["area_code", "period"])["value"].to_dict()


def libreoffice_xlsx(path, rows: list[list[object]]):
    """An XLSX as LibreOffice Calc saves it: the dimension and a last empty row tag
    declare all 1,048,576 rows of the sheet."""
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    plain = path.with_suffix(".plain.xlsx")
    book.save(plain)
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                xml = re.sub(
                    r'<dimension ref="[^"]*"/>', '<dimension ref="A1:AMJ1048576"/>', data.decode()
                )
                last = (
                    '<row r="1048576" customFormat="false" ht="12.8" hidden="false" '
                    'customHeight="false" outlineLevel="0" collapsed="false"/>'
                )
                data = xml.replace("</sheetData>", last + "</sheetData>").encode()
            out.writestr(item, data)
    return path


def test_a_libreoffice_xlsx_stops_at_its_last_row_with_data(tmp_path, resolver, provinces):
    rows = [["จังหวัด", "2565", "2566"]]
    rows += [[name, 100 + i, 200 + i] for i, name in enumerate(provinces["name_th"])]
    path = libreoffice_xlsx(tmp_path / "gpp.xlsx", rows)
    assert path.stat().st_size < 20_000
    started = time.perf_counter()
    report = inspect_table(path, COUNT, resolver)
    seconds = time.perf_counter() - started
    assert report.ok and report.rows == 2 * 77, report.summary()
    assert report.skipped_count == 0  # not 1,048,499 "blank rows skipped"
    assert seconds < 5, f"{seconds:.1f} s for a {path.stat().st_size:,}-byte file"


def test_an_old_excel_xls_is_read_as_excel_shows_it(tmp_path, resolver, provinces):
    rows: list[list[object]] = [["ร้อยละพื้นที่ป่าไม้ ปี 2558", None, None], [None, None, None]]
    rows.append(["จังหวัด", "พื้นที่ทั้งหมด (ไร่)", "ร้อยละ"])
    shares = {}
    for i, (code, name) in enumerate(zip(provinces["code"], provinces["name_th"], strict=True)):
        shares[(code, 2015)] = round(10 + 0.37 * i, 2)
        rows.append([name, 1_000_000 + i, shares[(code, 2015)] / 100])  # shown as a percentage
    path = write_xls(tmp_path / "forest.xls", rows, percent_columns={2})
    report = inspect_table(path, RATE, resolver, value_column_options())
    assert report.format == "xls" and report.header_rows == [3], report.summary()
    assert report.ok and loaded(report) == pytest.approx(shares)


def value_column_options():
    return IntakeOptions(value_column="ร้อยละ")


def test_an_xls_has_the_limits_of_an_xlsx(tmp_path, resolver):
    rows = [["จังหวัด", "2566"]] + [["เชียงใหม่", 1]] * 30
    path = write_xls(tmp_path / "big.xls", rows)
    with pytest.raises(DataError, match=r"big\.xls: sheet 'Sheet1' has 31 rows.*limit 20 rows"):
        inspect_table(path, COUNT, resolver, limits=XlsxLimits(max_rows=20))
    with pytest.raises(DataError, match=r"limit 0 MB, setting WARROOM_XLSX_MAX_UNPACKED_MB"):
        inspect_table(path, COUNT, resolver, limits=XlsxLimits(max_unpacked_mb=0))
    damaged = tmp_path / "damaged.xls"
    damaged.write_bytes(path.read_bytes()[:600])
    with pytest.raises(DataError, match=r"damaged\.xls: cannot be opened as an Excel \.xls file"):
        inspect_table(damaged, COUNT, resolver)


def test_csv_reading_is_unchanged_by_the_xls_reader(tmp_path, resolver):
    text = "จังหวัด,2566\nเชียงใหม่,5\n"
    report = inspect_table(write(tmp_path / "a.xls.csv", text), COUNT, resolver)
    assert report.format == "csv" and loaded(report) == {("TH50", 2023): 5}


def test_same_as_above_blank_area_cells_are_filled_down(tmp_path, resolver, provinces):
    """Births by province and year, each province named once above its years."""
    lines, expected = ["จังหวัด,ปี พ.ศ.,จำนวนเกิด"], {}
    for i, (code, name) in enumerate(zip(provinces["code"], provinces["name_th"], strict=True)):
        for k, year in enumerate((2565, 2566)):
            lines.append(f"{name if k == 0 else ''},{year},{1_000 + i + k}")
            expected[(code, year - 543)] = 1_000 + i + k
    path = write(tmp_path / "births.csv", "\n".join(lines) + "\n")
    report = inspect_table(path, COUNT, resolver)
    assert report.ok and loaded(report) == expected, report.summary()
    assert report.filled == 77 and report.filled_rows[:3] == [3, 5, 7]
    assert "'same as above': 77 blank area cells" in report.summary()


def test_a_table_of_two_measures_loads_the_one_chosen(tmp_path, resolver, provinces):
    """Electricity by province: users and kWh on alternate rows, the province named once."""
    lines, kwh = ["จังหวัด,หน่วย,2565,2566"], {}
    for i, (code, name) in enumerate(zip(provinces["code"], provinces["name_th"], strict=True)):
        lines.append(f'{name},ผู้ใช้ไฟ,"{10_000 + i:,}","{10_100 + i:,}"')
        lines.append(f',kWh,"{5_000_000 + i:,}","{5_100_000 + i:,}"')
        kwh[(code, 2022)], kwh[(code, 2023)] = 5_000_000 + i, 5_100_000 + i
    path = write(tmp_path / "electricity.csv", "\n".join(lines) + "\n")
    unchosen = inspect_table(path, COUNT, resolver)
    assert not unchosen.ok  # never users and kWh summed or mixed
    assert any("--rows 'หน่วย=ผู้ใช้ไฟ'" in note for note in unchosen.notes)
    report = inspect_table(path, COUNT, resolver, IntakeOptions(rows="หน่วย=kWh"))
    assert report.ok and loaded(report) == kwh, report.summary()
    assert dict(report.left) == {"ผู้ใช้ไฟ": 77}
    assert "rows left, not หน่วย = kWh: 77 (ผู้ใช้ไฟ: 77)" in report.summary()


def forest_xlsx(path, provinces, *, merged: bool, header: str = "พื้นที่ป่าไม้ (ไร่)"):
    """RFD forest area 2558: Ang Thong's area and share are one merged cell saying
    "ไม่มีพื้นที่ป่าไม้" (no forest area)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["จังหวัด", "พื้นที่ทั้งหมด (ไร่)", header, "ร้อยละพื้นที่ป่าไม้"])
    expected = {}
    for i, (code, name) in enumerate(zip(provinces["code"], provinces["name_th"], strict=True)):
        if code == "TH15":
            sheet.append([name, 593_996.89, "ไม่มีพื้นที่ป่าไม้", None])
            if merged:
                sheet.merge_cells(f"C{sheet.max_row}:D{sheet.max_row}")
            expected[(code, 2015)] = 0.0
        else:
            sheet.append([name, 1_000_000 + i, 100_000.5 + i, 10 + i / 10])
            expected[(code, 2015)] = 100_000.5 + i
    book.save(path)
    return path, expected


def test_a_merged_no_forest_area_cell_is_zero_as_its_header_says(tmp_path, resolver, provinces):
    path, expected = forest_xlsx(tmp_path / "forest.xlsx", provinces, merged=True)
    area = inspect_table(
        path, COUNT, resolver, IntakeOptions(value_column="พื้นที่ป่าไม้ (ไร่)", period=2558)
    )
    assert area.ok and loaded(area) == expected, area.summary()
    assert "read as 0: 'ไม่มีพื้นที่ป่าไม้'" in area.summary()
    share = inspect_table(
        path, RATE, resolver, IntakeOptions(value_column="ร้อยละพื้นที่ป่าไม้", period=2558)
    )
    assert share.ok and loaded(share)[("TH15", 2015)] == 0  # the merged cell covers it too
    assert not any("TH15" in text or "อ่างทอง" in why for _, why, text in share.skipped)


def test_no_forest_area_is_not_zero_unless_the_file_says_so(tmp_path, resolver, provinces):
    path, _ = forest_xlsx(tmp_path / "f.xlsx", provinces, merged=False, header="ผลงาน")
    report = inspect_table(path, COUNT, resolver, IntakeOptions(value_column="ผลงาน", period=2558))
    (problem,) = report.problems  # a word under a header that does not name it: a problem
    assert problem.value == "ไม่มีพื้นที่ป่าไม้" and problem.reason == "not a number"
    text = "หมายเหตุ: ไม่มีพื้นที่ป่าไม้ หมายถึง 0\nจังหวัด,ผลงาน\nเชียงใหม่,5\nอ่างทอง,ไม่มีพื้นที่ป่าไม้\n"
    noted = inspect_table(
        write(tmp_path / "n.csv", text), COUNT, resolver, IntakeOptions(period=2558)
    )
    assert noted.ok and loaded(noted) == {("TH50", 2015): 5, ("TH15", 2015): 0}
