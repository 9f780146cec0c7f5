"""New periods of built-in series (issue 11, class 4), on SQLite and PostgreSQL.

A later TPMAP survey loads into ``tpmap.*`` as a new period (admins only), rates roll up
by the ratio of the numerators and denominators in the file, replacing a built (official)
value must be asked for and a roll-back restores it exactly, and ``warroom build`` keeps
the loads.
"""

from __future__ import annotations

import pandas as pd
import pytest

from tests.intake.helpers import built_tables, copy_built, write
from warroom.intake.batches import LoadRefusedError, check_table, load_table, rollback
from warroom.intake.derive import rederive_loaded
from warroom.intake.report import IntakeOptions
from warroom.intake.users import AccessError, User
from warroom.store import Store

RATE, COUNT = "tpmap.target_poor_rate", "tpmap.target_poor"
ADMIN = User("admin", "admin")
CM_OFFICER = User("cm_officer", "officer", "TH50")
COLUMNS = ["area_code", "period", "value", "numerator", "denominator", "derived", "coverage"]


@pytest.fixture
def tpmap_store(intake_store, store):
    """The intake store holding two built TPMAP indicators as the real build wrote them."""
    return copy_built(intake_store, store, [RATE, COUNT])


def state(store: Store, indicator: str) -> pd.DataFrame:
    """Every current value of an indicator, sorted, as plain columns."""
    frame = store.observations(indicator)[COLUMNS]
    frame["derived"] = frame["derived"].astype(bool)
    measures = ["value", "numerator", "denominator", "coverage"]
    frame[measures] = frame[measures].astype(float)  # a column of NULLs reads as objects
    return frame.sort_values(["area_code", "period"], ignore_index=True)


def survey_2566(
    real_areas: pd.DataFrame, changed: dict[int, tuple[str, str]] | None = None
) -> tuple[str, dict[str, tuple[int, int]]]:
    """A TPMAP-style province table of a later survey: title, index column, Thai headers,
    the target poor, the people surveyed (quoted, with thousands separators) and the rate
    as published (2 decimals). ``changed``: {index: (surveyed, rate)} cells written wrong."""
    provinces = real_areas[real_areas["level"] == "province"].sort_values("code")
    figures, lines = {}, ["ผลการสำรวจคนจนเป้าหมาย TPMAP ปี 2566", ""]
    lines.append("ลำดับ,จังหวัด,คนจนเป้าหมาย (คน),จำนวนคนที่สำรวจ (คน),ร้อยละ")
    for i, rec in enumerate(provinces.itertuples(), start=1):
        poor, surveyed = 1_000 + 37 * i, 90_000 + 1_234 * i
        figures[rec.code] = (poor, surveyed)
        shown = (f"{surveyed:,}", f"{100 * poor / surveyed:.2f}")
        shown = (changed or {}).get(i, shown)
        lines.append(f'{i:03d},{rec.name_th},"{poor:,}","{shown[0]}",{shown[1]}')
    return "\n".join(lines) + "\n", figures


def test_an_admin_loads_a_later_survey_as_a_new_period(tpmap_store, real_areas, tmp_path):
    text, figures = survey_2566(real_areas)
    path = write(tmp_path / "tpmap_2566.csv", text)
    before_2561 = state(tpmap_store, RATE)
    with pytest.raises(AccessError, match="only an admin may load new periods"):
        check_table(tpmap_store, path, RATE, CM_OFFICER)
    report = check_table(tpmap_store, path, RATE, ADMIN)
    assert report.ok, report.summary()
    # The numerator and denominator are found by what the rate shows; the year by the title.
    assert report.columns["numerator"] == "คนจนเป้าหมาย (คน)"
    assert report.columns["denominator"] == "จำนวนคนที่สำรวจ (คน)"
    assert report.columns["period"].startswith("2023 (title, row 1")
    assert (report.rows, report.replaced, report.replaced_built, report.mixed_count) == (
        77,
        0,
        0,
        0,
    )
    result = load_table(tpmap_store, path, RATE, ADMIN)
    assert result.rows == 77 and result.replaced == 0 and not result.mixed
    assert tpmap_store.periods(RATE) == [2018, 2023]  # the trend goes on from 2561
    now = state(tpmap_store, RATE).set_index(["area_code", "period"])
    poor, surveyed = (sum(f[i] for f in figures.values()) for i in (0, 1))
    country = now.loc[("TH", 2023)]
    assert country["derived"] and country["coverage"] == 1.0
    assert (country["numerator"], country["denominator"]) == (poor, surveyed)
    assert country["value"] == float(f"{100 * poor / surveyed:.15g}")  # ratio of sums
    cm = now.loc[("TH50", 2023)]
    assert (cm["numerator"], cm["denominator"]) == figures["TH50"] and not cm["derived"]
    assert cm["value"] == float(f"{100 * figures['TH50'][0] / figures['TH50'][1]:.2f}")
    # 2561 is untouched, derived values included.
    pd.testing.assert_frame_equal(
        state(tpmap_store, RATE).query("period == 2018").reset_index(drop=True), before_2561
    )


def test_a_rate_that_its_parts_contradict_is_refused_where_it_is(tpmap_store, real_areas, tmp_path):
    # Rows 6 and 7 (the third and fourth provinces): a rate its parts contradict, and no
    # one surveyed.
    text, _ = survey_2566(real_areas, {3: ("93,702", "9.99"), 4: ("0", "0.00")})
    path = write(tmp_path / "tpmap_bad.csv", text)
    options = IntakeOptions(
        numerator_column="คนจนเป้าหมาย (คน)", denominator_column="จำนวนคนที่สำรวจ (คน)"
    )
    report = check_table(tpmap_store, path, RATE, ADMIN, options)
    by_row = {p.row: p for p in report.problems}
    assert set(by_row) == {6, 7}, report.summary()
    assert by_row[6].column == "ร้อยละ" and by_row[6].value == "9.99"
    assert "ค่านี้ไม่เท่ากับ 100 × คนจนเป้าหมาย (คน) ÷ จำนวนคนที่สำรวจ (คน)" in by_row[6].reason
    assert "the value is not 100 ×" in by_row[6].reason
    assert by_row[7].column == "จำนวนคนที่สำรวจ (คน)"
    assert by_row[7].reason == "ตัวหารเป็น 0 / the denominator is 0"
    assert "row 6, column ร้อยละ" in report.summary()


def tambon_correction(real_areas: pd.DataFrame, built: pd.DataFrame) -> tuple[str, dict]:
    """A corrected 2561 count for four tambons of Mueang Chiang Mai (code, name, count)."""
    names = real_areas.set_index("code")["name_th"]
    new = {}
    lines = ["แก้ไขข้อมูลคนจนเป้าหมาย ปี 2561", "รหัสตำบล,ตำบล,คนจนเป้าหมาย"]
    for code in ["TH500107", "TH500108", "TH500109", "TH500110"]:
        new[code] = built.loc[(code, 2018), "value"] + 10
        lines.append(f"{code},{names[code]},{new[code]:.0f}")
    return "\n".join(lines) + "\n", new


def test_replacing_official_values_is_explicit_and_a_rollback_restores_them(
    tpmap_store, real_areas, tmp_path
):
    before = state(tpmap_store, COUNT)
    built = before.set_index(["area_code", "period"])
    text, new = tambon_correction(real_areas, built)
    path = write(tmp_path / "correction.csv", text)
    report = check_table(tpmap_store, path, COUNT, ADMIN)
    assert report.ok and report.rows == 4 and report.replaced == 4 and report.replaced_built == 4
    summary = report.summary()
    assert "built (official) values replaced: 4" in summary and "--replace-built" in summary
    # Mueang Chiang Mai, Chiang Mai and the country would mix the build with this file.
    mixed = {(code, period): loads for code, period, loads in report.mixed}
    assert mixed[("TH5001", 2018)] == "build,0" and report.mixed_count == 3
    assert "TH5001 2018: the build + this file" in summary
    with pytest.raises(LoadRefusedError, match="--replace-built") as refused:
        load_table(tpmap_store, path, COUNT, ADMIN)
    assert "ค่าทางการ" in refused.value.message and "TH500107 2561 (2018)" in refused.value.message
    pd.testing.assert_frame_equal(state(tpmap_store, COUNT), before)
    assert tpmap_store.batches().empty
    result = load_table(tpmap_store, path, COUNT, ADMIN, replace_built=True)
    assert result.replaced == 4
    now = state(tpmap_store, COUNT).set_index(["area_code", "period"])
    assert now.loc[("TH500107", 2018), "value"] == new["TH500107"]
    assert now.loc[("TH5001", 2018), "value"] == built.loc[("TH5001", 2018), "value"] + 40
    assert now.loc[("TH", 2018), "value"] == built.loc[("TH", 2018), "value"] + 40
    loads = f"build,{result.batch_id}"
    assert (("TH5001", 2018, loads) in result.mixed) and len(result.mixed) == 3
    rollback(tpmap_store, result.batch_id, ADMIN)
    pd.testing.assert_frame_equal(state(tpmap_store, COUNT), before)  # exactly, every level


def test_a_build_keeps_loads_into_built_in_indicators(tpmap_store, store, real_areas, tmp_path):
    survey, _ = survey_2566(real_areas)
    new_period = load_table(tpmap_store, write(tmp_path / "s.csv", survey), RATE, ADMIN)
    built = state(tpmap_store, COUNT).set_index(["area_code", "period"])
    text, _ = tambon_correction(real_areas, built)
    correction = load_table(
        tpmap_store, write(tmp_path / "c.csv", text), COUNT, ADMIN, replace_built=True
    )
    loaded = {ind: state(tpmap_store, ind) for ind in (RATE, COUNT)}
    tables = built_tables(store, [RATE, COUNT]) | {
        "areas": real_areas,
        "build_info": pd.DataFrame({"key": ["built_at"], "value": ["again"]}),
    }
    for _ in range(2):  # build twice: the loads and what they derive stay as they were
        tpmap_store.write_build(tables, after=rederive_loaded)
        for ind, frame in loaded.items():
            pd.testing.assert_frame_equal(state(tpmap_store, ind), frame)
    # The rebuilt official values are still under the correction: rolling it back brings
    # them (and every coarser value) back exactly.
    rollback(tpmap_store, correction.batch_id, ADMIN)
    rollback(tpmap_store, new_period.batch_id, ADMIN)
    for ind in (RATE, COUNT):
        expected = tables["observations"].query("indicator_id == @ind")[COLUMNS]
        expected = expected.assign(derived=expected["derived"].astype(bool)).astype(
            {"numerator": float, "denominator": float, "coverage": float}
        )
        expected = expected.sort_values(["area_code", "period"], ignore_index=True)
        pd.testing.assert_frame_equal(state(tpmap_store, ind), expected)
