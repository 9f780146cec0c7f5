"""The national figure is kept (issue 21, items 2 and 3), on SQLite and PostgreSQL.

NSO publishes household income by province with a whole-kingdom row. A mean cannot be
summed, so that row is the country's value: the check counts it and the load loads it, also
from a file of kingdom rows only. A later survey loaded into a built-in weighted-mean series
(``--replace-built``) keeps the weights of the values it replaces, so the country is still
derived for every year; whatever a load would remove is said in the dry run and the load.
"""

from __future__ import annotations

import pandas as pd
import pytest

from tests.intake.helpers import INCOME, KINGDOM, income_table, write
from warroom.intake.batches import check_table, load_table
from warroom.intake.declare import IndicatorSpec, declare
from warroom.intake.users import LOCAL_ADMIN
from warroom.store import Store


def own_values(store: Store, indicator: str) -> pd.Series:
    frame = store.observations(indicator)
    return frame.set_index(["area_code", "period"])["value"].sort_index()


@pytest.fixture
def mean_store(intake_store):
    declare(
        intake_store,
        [
            IndicatorSpec(
                id="moi.household_income", name_th="รายได้เฉลี่ยต่อครัวเรือน",
                name_en="Mean household income", unit="baht", direction="higher_is_better",
                rollup="none", source="สำนักงานสถิติแห่งชาติ (simulated)",
            )
        ],
        LOCAL_ADMIN,
    )  # fmt: skip
    return intake_store


def test_the_kingdom_row_of_a_mean_is_counted_and_loaded(mean_store, real_areas, tmp_path):
    path = write(tmp_path / "income.csv", income_table(real_areas, [2004, 2023]))
    report = check_table(mean_store, path, "moi.household_income", LOCAL_ADMIN)
    assert report.ok and report.rows == 2 * 78, report.summary()
    result = load_table(mean_store, path, "moi.household_income", LOCAL_ADMIN, report=report)
    assert result.rows == report.rows  # the page's promise is what loads
    stored = own_values(mean_store, "moi.household_income")
    assert stored[("TH", 2004)] == 14_963.40 and stored[("TH", 2023)] == 29_030.24


def test_a_file_of_kingdom_rows_only_loads_them(mean_store, tmp_path):
    text = "พื้นที่,ปี,รายได้เฉลี่ย\n"
    text += "".join(f"ทั่วราชอาณาจักร,{y + 543},{v}\n" for y, v in KINGDOM.items())
    path = write(tmp_path / "kingdom.csv", text)
    result = load_table(mean_store, path, "moi.household_income", LOCAL_ADMIN)
    assert result.rows == 2
    assert own_values(mean_store, "moi.household_income").to_dict() == {
        ("TH", 2004): 14_963.40,
        ("TH", 2023): 29_030.24,
    }


def test_a_later_survey_keeps_the_national_value_of_every_year(
    income_store, store, real_areas, tmp_path
):
    built = own_values(store, INCOME)
    years = sorted(built.xs("TH", level="area_code").index)
    assert len(years) >= 3  # the built series has a national value for several years
    # The survey gives a year the build has (2013, without its kingdom row) and a new one.
    path = write(tmp_path / "income.csv", income_table(real_areas, [years[0]], kingdom=False))
    later = write(tmp_path / "later.csv", income_table(real_areas, [2023]))
    report = check_table(income_store, path, INCOME, LOCAL_ADMIN)
    load_table(income_store, path, INCOME, LOCAL_ADMIN, report=report, replace_built=True)
    load_table(income_store, later, INCOME, LOCAL_ADMIN, replace_built=True)
    now = own_values(income_store, INCOME)
    for year in years[1:]:  # untouched years: exactly as built
        assert now[("TH", year)] == built[("TH", year)]
    # The replaced year is derived again with the households the build weighted it by.
    weights = store.observations(INCOME).set_index(["area_code", "period"])["denominator"]
    provinces = [c for c in now.xs(years[0], level="period").index if len(c) == 4]
    values = now.xs(years[0], level="period")[provinces]
    w = weights.xs(years[0], level="period")[provinces]
    assert now[("TH", years[0])] == pytest.approx((values * w).sum() / w.sum())
    assert now[("TH", 2023)] == 29_030.24  # the survey's own national figure
    assert report.removed == [], report.summary()  # and the dry run foresaw no loss


def test_a_load_that_removes_derived_values_says_so(intake_store, real_areas, tmp_path):
    """A rate loaded with its parts, then corrected by a file of the rate alone: the country
    can no longer be derived for that year; the dry run and the load both say so."""
    declare(
        intake_store,
        [
            IndicatorSpec(
                id="moi.vaccinated", name_th="ร้อยละเด็กที่ได้รับวัคซีน",
                name_en="Children vaccinated", unit="%", direction="higher_is_better",
                rollup="ratio", source="กรมควบคุมโรค (simulated)",
            )
        ],
        LOCAL_ADMIN,
    )  # fmt: skip
    provinces = real_areas[real_areas["level"] == "province"].sort_values("code")["code"]
    parts = "จังหวัด,ปี,ได้รับวัคซีน,เด็กทั้งหมด,ร้อยละ\n" + "".join(
        f"{code},2566,{900 + i},1000,{(900 + i) / 10:.1f}\n" for i, code in enumerate(provinces)
    )
    load_table(intake_store, write(tmp_path / "a.csv", parts), "moi.vaccinated", LOCAL_ADMIN)
    assert ("TH", 2023) in own_values(intake_store, "moi.vaccinated")
    alone = "จังหวัด,ปี,ร้อยละ\n" + "".join(
        f"{code},2566,{(901 + i) / 10:.1f}\n" for i, code in enumerate(provinces)
    )
    fixed = write(tmp_path / "b.csv", alone)
    report = check_table(intake_store, fixed, "moi.vaccinated", LOCAL_ADMIN)
    assert report.removed == [("TH", 2023)], report.summary()
    assert "TH 2566 (2023)" in report.summary() and "would remove" in report.summary()
    result = load_table(intake_store, fixed, "moi.vaccinated", LOCAL_ADMIN, report=report)
    assert result.removed == [("TH", 2023)]
    assert ("TH", 2023) not in own_values(intake_store, "moi.vaccinated")
