"""Trends and lights from comparable periods only; sampling zeros; notes (issue 20, items 5, 8),
and ``warroom audit`` on the real built store."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from typer.testing import CliRunner

from warroom.analysis.area import status_table
from warroom.analysis.status import trend_arrow
from warroom.app.data import AppData
from warroom.cli import app
from warroom.config import get_settings
from warroom.indicators.reasons import area_notes, marked_periods

runner = CliRunner()


@pytest.fixture(scope="module")
def data(store) -> AppData:
    return AppData(store).warm()


def _provinces(data: AppData) -> list[str]:
    return sorted(data.areas.index[data.areas["level"] == "province"])


def test_incomplete_and_broken_periods_are_marked_with_why():
    pm25 = marked_periods("pm25").set_index("period")
    assert list(pm25.index) == [2018] and "11 months" in pm25.at[2018, "note_en"]
    doctors = marked_periods("physicians").set_index("period")
    assert list(doctors.index) == [2015, 2020]
    assert "Trang" in doctors.at[2015, "note_en"] and "56 provinces" in doctors.at[2020, "note_en"]


def test_the_physicians_2020_spike_and_2015_break_are_in_the_data(data, store):
    obs = data.observations("physicians.density").unstack("area_code")
    provinces = obs[_provinces(data)]
    assert int(((provinces.loc[2020] / provinces.loc[2019] - 1).abs() > 0.5).sum()) == 56
    trang = store.observations("physicians.density", period=2015, area_code="TH92")
    assert trang["numerator"].iloc[0] == 18  # doctors in a province of 640,000 people


@pytest.mark.slow  # every province's status: tens of seconds (make test runs it)
def test_pm25_trends_leave_out_the_11_months_of_2018(data):
    changed = 0
    for code in _provinces(data):
        row = status_table(data, code).set_index("indicator").loc["pm25.annual_mean"]
        series = data.trend("pm25.annual_mean", code)
        assert row["trend"] == trend_arrow(series.drop(2018), direction="higher_is_worse")
        changed += row["trend"] != trend_arrow(series, direction="higher_is_worse")
    assert changed == 37  # the arrows 2018 turned


def test_physicians_trend_and_light_leave_out_2020(data):
    row = status_table(data, "TH50").set_index("indicator").loc["physicians.density"]
    assert row["period"] == 2024
    series = data.trend("physicians.density", "TH50")
    assert row["trend"] == trend_arrow(series.drop([2015, 2020]), direction="higher_is_better")
    # The map's notes under the chart say why.
    from warroom.app.components.reasons import note_lines

    lines = note_lines(data, "physicians.density", 2024, "province", ["TH50"], "en")
    assert any("2020 spikes" in line for line in lines)


def test_unemployment_sampling_zeros_are_not_figures_and_not_ranked(built, store):
    _, report = built
    (zeros,) = [m for m in report.missing if "sampling zero" in m["reason"]]
    assert zeros["indicator_id"] == "panel.unemployment_rate"
    assert zeros["areas"] == ["TH47 2017", "TH57 2019", "TH62 2019", "TH95 2020"]
    provinces = store.observations("panel.unemployment_rate")
    provinces = provinces[provinces["area_code"].str.len() == 4]
    assert (provinces["value"] > 0).all()
    excluded = store.excluded("panel.unemployment_rate")
    assert sorted(excluded["area_code"] + " " + excluded["period"].astype(str)) == zeros["areas"]
    assert set(excluded["rule"]) == {"sampling_zero"}


def test_nong_khai_2010_population_says_it_includes_bueng_kan():
    notes = area_notes(["TH43", "TH50"], source="dopa_population", level="province", period=2010)
    assert notes["code"].tolist() == ["TH43"] and "Bueng Kan" in notes["note_en"].iloc[0]
    later = area_notes(["TH43"], source="dopa_population", level="province", period=2011)
    assert later.empty


@pytest.fixture(scope="module")
def audit_rows(built):
    settings, _ = built
    mp = pytest.MonkeyPatch()
    mp.setenv("WARROOM_BUILD_DIR", str(settings.build_dir))
    get_settings.cache_clear()
    try:
        result = runner.invoke(app, ["audit", "--format", "csv"])
    finally:
        mp.undo()
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    return pd.DataFrame(list(csv.DictReader(io.StringIO(result.output))))


@pytest.mark.slow  # `warroom audit` over the whole store: ~40 s (make test runs it)
def test_audit_finds_no_impossible_value_shown(audit_rows):
    assert set(audit_rows.columns) == {
        "check",
        "indicator",
        "area",
        "period",
        "value",
        "result",
        "detail",
    }
    assert (audit_rows["check"] == "impossible_shown").sum() == 0
    assert (audit_rows["check"] == "sampling_zero").sum() == 4


def test_audit_lists_every_light_with_its_basis_and_no_trend_on_a_marked_period(audit_rows):
    lights = audit_rows[audit_rows["check"] == "light"]
    assert lights["area"].nunique() == 77
    assert lights["detail"].str.match(r"^\w+").all() and (lights["detail"] != "").all()
    trends = audit_rows[audit_rows["check"] == "trend_marked_period"]
    assert set(trends["indicator"]) == {"pm25.annual_mean", "physicians.density"}
    assert (trends["result"] == "left out").all() and len(trends) == 2 * 77


def test_published_national_figures_sit_beside_the_derived_ones(store, data):
    from warroom.app.components.kpi import kpi_cards
    from warroom.app.state import ViewState

    refs = store.reference_figures().set_index(["indicator_id", "period"])
    assert refs.at[("tpmap.target_poor", 2019), "value"] == 983_316
    assert refs.at[("tpmap.target_poor", 2022), "value"] == 1_025_782
    assert refs.at[("tpmap.people_surveyed", 2022), "value"] == 36_103_806
    assert all("TPMAP" in s for s in refs["source_en"])
    # No derived figure of 2565 in the store: the country card shows the published one, its
    # year and source, and no difference.
    state = ViewState(indicator="tpmap.target_poor", area="TH", period=2018, lang="en")
    note = kpi_cards(data, state)[1].children[2].children
    assert "published 1,025,782 people (2022, TPMAP (NESDC and NECTEC))" in note
    assert "differs" not in note
    # Where both exist, the difference is shown (a published figure for the derived year).
    derived = data.value("tpmap.target_poor", 2018, "TH")
    extra = store.reference_figures().iloc[:1].assign(period=2018, value=derived - 1000)
    data.__dict__["references"] = pd.concat([store.reference_figures(), extra])
    try:
        note = kpi_cards(data, state)[1].children[2].children
    finally:
        del data.__dict__["references"]
    assert "derived differs by ▲ 1,000" in note


def test_the_two_gpp_per_person_figures_are_labelled_with_their_sources(data):
    names = data.indicators["name_en"]
    assert names["panel.gpp_per_capita"].endswith("(province panel)")
    assert names["gpp.per_capita"].endswith("(NESDC)")
    panel = data.value("panel.gpp_per_capita", 2019, "TH")
    nesdc = data.value("gpp.per_capita", 2019, "TH")
    assert 0.11 < 1 - panel / nesdc < 0.17  # the country figures disagree: the notes say why
    assert "11–16 %" in data.indicators.at["panel.gpp_per_capita", "note_en"]
    assert data.value("panel.gpp_per_capita", 2015, "TH50") == pytest.approx(
        data.value("gpp.per_capita", 2015, "TH50"), rel=1e-4
    )
