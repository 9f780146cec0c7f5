"""A misspelt area on the first data row is a problem at its cell, never a header (issue 21.1).

A row is a header only if its cells read as labels of the columns below: a row holding
figures is data whose area did not resolve. Before, such a row was merged into the header:
a long table loaded the year as the value, a wide table lost the province silently.
"""

from __future__ import annotations

import pytest

from tests.intake.helpers import write
from warroom.intake.areas import AreaResolver
from warroom.intake.batches import load_table
from warroom.intake.check import inspect_table
from warroom.intake.users import LOCAL_ADMIN

COUNT = {"id": "moi.count", "unit": "people", "rollup": "sum"}


@pytest.fixture(scope="module")
def resolver(real_areas):
    return AreaResolver(real_areas)


def loaded(report) -> dict[tuple[str, int], float]:
    return report.preview.set_index(["area_code", "period"])["value"].to_dict()


def test_a_code_with_the_letter_o_on_the_first_row_of_a_long_table(tmp_path, resolver):
    text = "area,year,value\nTH5O0101,2023,100\nTH500102,2023,200\nTH500103,2023,300\n"
    report = inspect_table(write(tmp_path / "long.csv", text), COUNT, resolver)
    assert report.shape == "long" and report.header_rows == [1]
    (problem,) = report.problems
    assert (problem.row, problem.column, problem.value) == (2, "area", "TH5O0101")
    assert "did you mean" in problem.reason and "(TH500101)" in problem.reason
    assert loaded(report) == {("TH500102", 2023): 200, ("TH500103", 2023): 300}
    assert 2023 not in loaded(report).values()


def provinces_wide(real_areas) -> tuple[str, dict[str, tuple[int, int]]]:
    """A wide table of every province (Thai names) for 2565 and 2566, as NSO publishes."""
    provinces = real_areas[real_areas["level"] == "province"].sort_values("code")
    figures = {code: (10_000 + 37 * i, 11_000 + 41 * i) for i, code in enumerate(provinces["code"])}
    lines = ["จังหวัด,2565,2566"]
    for code, name in zip(provinces["code"], provinces["name_th"], strict=True):
        lines.append(f"{name},{figures[code][0]},{figures[code][1]}")
    return "\n".join(lines) + "\n", figures


def test_a_misspelt_province_on_the_first_row_of_a_wide_table(tmp_path, resolver, real_areas):
    text, figures = provinces_wide(real_areas)
    first = text.splitlines()[1].split(",")[0]  # กรุงเทพมหานคร (TH10)
    text = text.replace(first + ",", first[:-1] + "า,", 1)  # a typo on the first data row
    report = inspect_table(write(tmp_path / "wide.csv", text), COUNT, resolver)
    assert report.shape == "wide" and report.header_rows == [1]
    assert report.columns["years"] == {"2565": 2022, "2566": 2023}
    (problem,) = report.problems
    assert (problem.row, problem.column) == (2, "จังหวัด")
    assert "did you mean" in problem.reason and "(TH10)" in problem.reason
    got = loaded(report)
    assert len(got) == 2 * 76  # every other province, both years, exactly as published
    assert all(got[(code, 2023)] == b for code, (_, b) in figures.items() if code != "TH10")


def test_a_births_table_with_a_misspelt_first_row_drops_only_that_row(
    intake_store, real_areas, tmp_path
):
    """A long births table (province, year, births) for three years: the first row's
    province is misspelt. Loading the valid rows must load every other figure as
    published, never a year as a count."""
    provinces = real_areas[real_areas["level"] == "province"].sort_values("code")
    rows, expected = [["จังหวัด", "ปี พ.ศ.", "จำนวนเกิด"]], {}
    for i, (code, name) in enumerate(zip(provinces["code"], provinces["name_th"], strict=True)):
        for year in (2564, 2565, 2566):
            births = 3_000 + 11 * i + year % 7
            rows.append([name + ("มม" if len(rows) == 1 else ""), str(year), f"{births:,}"])
            expected[(code, year - 543)] = births
    text = "".join(",".join(f'"{cell}"' for cell in row) + "\n" for row in rows)
    path = write(tmp_path / "births.csv", text)
    report = inspect_table(path, COUNT, AreaResolver(real_areas))
    assert report.header_rows == [1] and report.problem_count == 1, report.summary()
    assert report.problems[0].row == 2 and "did you mean" in report.problems[0].reason
    result = load_table(intake_store, path, "moi.clinics", LOCAL_ADMIN, drop_invalid=True)
    assert result.rows == len(expected) - 1
    stored = intake_store.observations("moi.clinics")
    own = stored[~stored["derived"].astype(bool)].set_index(["area_code", "period"])["value"]
    del expected[("TH10", 2021)]
    assert own.to_dict() == expected
