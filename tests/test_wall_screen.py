"""The wall's screens and its callback, without a browser, on the session's real store."""

from __future__ import annotations

import os
import time

import pandas as pd
import pytest
from dash import no_update

from tests.helpers import texts
from warroom.analysis.status import Light
from warroom.app import create_app
from warroom.app.components.map import base_figure
from warroom.app.data import AppData
from warroom.app.wall.playlist import View
from warroom.app.wall.screen import LIGHT_COLOURS, goal_coverage, render

pytestmark = pytest.mark.slow  # seconds a test: the whole real store (app, CLI, server)

SIZE = (1380, 830)


@pytest.fixture(scope="module")
def data(store):
    return AppData(store).warm()


def view(**fields) -> View:
    return View.model_validate(fields)


def test_a_map_view_says_what_where_unit_year_and_source(data):
    screen = render(
        view(indicator="tpmap.target_poor_rate"), data, base=base_figure(), lang="th", size=SIZE
    )
    assert screen.title == "สัดส่วนคนจนเป้าหมาย"
    assert screen.subtitle.startswith("ประเทศไทย รายจังหวัด · หน่วย: % · ปี 2561 · ที่มา: TPMAP")
    # Bangkok is not surveyed, and part of the rest sits on municipal units (issue 20)
    assert texts(screen.here) == "ประเทศไทย 2.82% ตำบลที่มีตัวเลข 94%"
    assert screen.as_of.startswith("ข้อมูล ณ ปี 2561 · ปรับปรุงคลังข้อมูลเมื่อ ")
    assert screen.legend[-1][1] == "ไม่มีข้อมูล"  # Bangkok is not surveyed
    ranking = texts(screen.side)
    # One rank rule (issue 25): rank 1 is the best, here the lowest poverty rate
    assert ranking.startswith("ดีที่สุด 5 อันดับ 1 หนองบัวลำภู 0.37%")
    assert "แย่ที่สุด 5 อันดับ" in ranking and "76 แม่ฮ่องสอน 13.71%" in ranking
    assert "อันดับ 1 = ดีที่สุดตามทิศทางของตัวชี้วัด" in ranking
    values, nodata, halo, outlined = screen.figure["data"]
    assert len(values["locations"]) == 76 and nodata["locations"] == ["TH10"]
    assert values["geojson"] == "/geo/country/province.geojson"
    assert len(outlined["locations"]) == 10  # the highest and lowest five (below)
    # a dark line over a wider white one: seen on the darkest red class too
    assert halo["locations"] == outlined["locations"]
    assert halo["marker"]["line"]["color"] == "#ffffff" and outlined["marker"]["line"]["color"]
    assert halo["marker"]["line"]["width"] > outlined["marker"]["line"]["width"]
    assert screen.badges == []


def test_what_changed_is_named_and_outlined(data):
    screen = render(
        view(indicator="dopa.population", headline="what_changed"),
        data,
        base=base_figure(),
        lang="en",
        size=(2760, 1660),
    )
    line = texts(screen.headline)
    assert line.startswith("Moved most since 2023: Rayong +1.4% Pathum Thani +1.4% Phuket +1.4%")
    outlined = screen.figure["data"][3]
    assert len(outlined["locations"]) == 5 and outlined["locations"][0] == "TH21"
    assert outlined["marker"]["line"]["width"] > 3  # thicker on a 4K screen
    assert screen.subtitle.startswith("Thailand by province · unit: people · 2024 · source:")


def test_a_reference_line_counts_the_areas_above_it(data):
    pm25 = view(
        indicator="pm25.annual_mean",
        reference={"value": 5, "th": "ค่าแนะนำของ WHO", "en": "WHO guideline"},
    )
    screen = render(pm25, data, base=base_figure(), lang="th", size=SIZE)
    assert texts(screen.headline[-1]) == "77 จาก 77 จังหวัด มีค่าสูงกว่าค่าแนะนำของ WHO (5 มคก./ลบ.ม.)"
    assert screen.badges == ["ข้อมูลจากแบบจำลอง"]  # modelled data says so on screen


def test_tambons_of_a_province_in_a_fixed_year(data):
    screen = render(
        view(indicator="tpmap.target_poor_rate", area="TH58", level="tambon", period=2561),
        data,
        base=base_figure(),
        lang="th",
        size=SIZE,
    )
    values = screen.figure["data"][0]
    assert values["geojson"] == "/geo/province/TH58.geojson"
    assert all(code.startswith("TH58") and len(code) == 8 for code in values["locations"])
    assert screen.subtitle.startswith("แม่ฮ่องสอน รายตำบล")


def test_the_seventeen_goals(data):
    screen = render(view(show="goals"), data, base=base_figure(), lang="th", size=SIZE)
    assert screen.kind == "goals" and screen.figure is None
    assert len(screen.goals) == 17
    coverage = goal_coverage(data, "TH")
    covered = int((coverage["with_data"] > 0).sum())
    assert texts(screen.side[0]) == f"มีข้อมูล {covered} จาก 17 เป้าหมาย"
    first = texts(screen.goals[0])
    # the country's target-poor rate has a green line (0 %) but no red one: not rated
    assert first.startswith("1 ขจัดความยากจน ไม่มีเกณฑ์ประเมิน มีข้อมูล") and "ล่าสุดปี 2561" in first
    # forest: 31.6 % between the policy's 15 % (red) and 40 % (green), nearer green
    assert texts(screen.goals[14]).startswith("15 ระบบนิเวศบนบก ใกล้เป้า มีข้อมูล 2 ตัวชี้วัด")
    assert covered == 17  # energy, life below water and life on land too (issue 22)
    assert coverage.loc[[7, 14, 15], "with_data"].tolist() == [4, 1, 2]
    assert coverage.loc[[7, 14, 15], "latest"].tolist() == [2021, 2014, 2015]
    # mangrove area: data, but no threshold (and a count is not compared with the country)
    assert texts(screen.goals[13]) == ("14 ทรัพยากรทางทะเล ไม่มีเกณฑ์ประเมิน มีข้อมูล 1 ตัวชี้วัด ล่าสุดปี 2557")
    assert "ไม่มีเกณฑ์ประเมิน" in texts(screen.goals[6])  # energy: neutral proxies, no light


def test_the_goals_with_an_indicator_declared_but_not_loaded(data, monkeypatch):
    """An officer declares an indicator before loading it: it has no values yet, and the
    goals view still shows (it failed with an IndexError and the wall said 'reconnecting')."""
    catalogue = data.indicators.copy()
    catalogue.loc["moi.declared"] = catalogue.loc["tpmap.target_poor_rate"]
    monkeypatch.setitem(data.__dict__, "indicators", catalogue)
    assert data.trend("moi.declared", "TH").empty
    assert data.values("moi.declared", 2018, data.areas.index[:3]).isna().all()
    screen = render(view(show="goals"), data, base=base_figure(), lang="th", size=SIZE)
    assert len(screen.goals) == 17
    assert goal_coverage(data, "TH").loc[1, "indicators"] == ((data.indicators["goal"] == 1).sum())


def test_the_callback_answers_fails_softly_and_rereads_an_edited_playlist(
    built, tmp_path, monkeypatch
):
    settings, _ = built
    playlist = tmp_path / "t.yaml"
    playlist.write_text("views:\n  - show: goals\n    duration: 25\n", encoding="utf-8")
    app = create_app(settings.model_copy(update={"wall_dir": tmp_path}))
    import warroom.app.pages.wall as page  # after an app exists, as Dash pages require

    config = {"playlist": "t", "lang": "en"}
    refreshed = []

    def call(want):
        with app.server.test_request_context():
            context = page.app_context()
            monkeypatch.setattr(
                context.data, "refresh_if_changed", lambda: refreshed.append(1) or False
            )
            return page.show_view(want, config)

    out = call({"i": 0, "n": "a-1", "w": 1400, "h": 800})
    assert out[-1] == {
        "n": "a-1",
        "i": 0,
        "ok": True,
        "key": None,
        "durations": [25],
        "geos": [None],
    }
    assert out[0] is no_update  # a goals view leaves the map as it was
    assert out[1] == "The 17 Sustainable Development Goals"
    assert refreshed  # every view asks whether a build or a load changed the store

    # An edit is read at the next view; an edit that breaks the file keeps the last good one.
    playlist.write_text(
        "views:\n  - show: goals\n    duration: 40\n  - indicator: dopa.population\n",
        encoding="utf-8",
    )
    os.utime(playlist, ns=(time.time_ns(), time.time_ns() + 10**9))
    edited = call({"i": 3, "n": "a-2"})
    assert edited[-1]["durations"] == [40, 30]
    # A map view: its figure carries the key the browser checks, and its geometry is named.
    assert edited[-1]["key"] == "a-2|1" == edited[0]["layout"]["meta"]["key"]
    assert edited[-1]["geos"] == [None, "/geo/country/province.geojson"]
    playlist.write_text("views:\n  - indicator: no.such\n", encoding="utf-8")
    os.utime(playlist, ns=(time.time_ns(), time.time_ns() + 2 * 10**9))
    assert call({"i": 1, "n": "a-3"})[-1]["durations"] == [40, 30]

    def broken(*_args, **_kwargs):
        raise RuntimeError("simulated")

    monkeypatch.setattr(page, "render", broken)
    failed = call({"i": 0, "n": "a-4"})
    assert failed[-1] == {"n": "a-4", "ok": False}
    assert all(value is no_update for value in failed[:-1])


def test_goal_lights_once_the_catalogue_has_thresholds(data, monkeypatch):
    """With a green and a red threshold, the goal gets its light (SDSN rule) on the wall."""
    catalogue = data.indicators.copy()
    catalogue["threshold_green"] = None
    catalogue["threshold_red"] = None
    catalogue.loc["tpmap.target_poor_rate", ["threshold_green", "threshold_red"]] = [0.0, 5.0]
    catalogue.loc["tpmap.target_poor_rate", "threshold_source"] = "a stated target"
    monkeypatch.setitem(data.__dict__, "indicators", catalogue)
    screen = render(view(show="goals"), data, base=base_figure(), lang="th", size=SIZE)
    # 2.82 % lies between green (0) and red (5), nearer red than the midpoint: orange.
    assert "ห่างเป้า" in texts(screen.goals[0])
    assert "ห่างเป้า: 1 เป้าหมาย" in texts(screen.side)
    assert "ไม่ประเมิน: 16 เป้าหมาย" in texts(screen.side)


def test_goal_tiles_take_their_status_colour_and_the_headline_counts_the_rated(data, monkeypatch):
    """15 of 17 goals were not rated, yet every tile wore its SDG colour, the two red lights
    on red and orange tiles: a tile now wears its status, grey where it has none."""
    from warroom.analysis.area import status_table
    from warroom.analysis.status import goals_summary

    screen = render(view(show="goals"), data, base=base_figure(), lang="th", size=SIZE)
    summary = goals_summary(status_table(data, "TH"))
    lights = {
        int(g): Light(light) for g, light in zip(summary["goal"], summary["light"], strict=True)
    }
    rated = sum(light != Light.GREY for light in lights.values())
    assert texts(screen.headline[0]).startswith(f"ประเมินสถานะได้ {rated} จาก 17 เป้าหมาย")
    for number, tile in enumerate(screen.goals, start=1):
        light = lights[number]
        if light == Light.GREY:  # neutral: white with data, grey without
            assert tile.className.split()[1] in ("wall-goal-unrated", "wall-goal-empty")
        else:
            assert f"wall-goal-rated wall-goal-{light.value}" in tile.className
            assert tile.style["--status-colour"] == LIGHT_COLOURS[light]
    english = render(view(show="goals"), data, base=base_figure(), lang="en", size=SIZE)
    assert texts(english.headline[0]).startswith(f"{rated} of 17 goals rated")


def test_figures_years_old_say_so_in_the_headline(data):
    now = pd.Timestamp.now(tz="Asia/Bangkok").year
    old = render(
        view(indicator="tpmap.target_poor_rate"), data, base=base_figure(), lang="th", size=SIZE
    )
    assert texts(old.headline[0]) == (f"ข้อมูลล่าสุดของตัวชี้วัดนี้คือปี 2561 (เมื่อ {now - 2018} ปีก่อน)")
    english = render(
        view(indicator="tpmap.target_poor_rate"), data, base=base_figure(), lang="en", size=SIZE
    )
    assert texts(english.headline[0]).startswith(
        "The latest figures of this indicator are from 2018"
    )
    recent = render(
        view(indicator="dopa.population"), data, base=base_figure(), lang="th", size=SIZE
    )
    assert not any("ปีก่อน" in texts(line) for line in recent.headline)  # 2024: not years old


def test_the_highest_and_lowest_five_are_outlined_on_the_map(data):
    """The ranking beside the map names ten provinces; the map marks the same ten."""
    screen = render(
        view(indicator="dopa.population"), data, base=base_figure(), lang="th", size=SIZE
    )
    values = screen.figure["data"][0]
    by_value = sorted(zip(values["z"], values["locations"], strict=True), reverse=True)
    expected = [code for _, code in by_value[:5] + by_value[-5:]]
    outlined = screen.figure["data"][3]["locations"]
    assert sorted(outlined) == sorted(expected) and "TH10" in outlined
    assert "เส้นขอบหนาบนแผนที่: 5 อันดับแรกและ 5 อันดับสุดท้าย" in texts(screen.side)
    # population has no better side: rank 1 is the highest, and the wall says so
    assert "ค่าสูงสุด 5 อันดับ" in texts(screen.side)
    assert "อันดับ 1 = ค่าสูงสุด (ตัวชี้วัดนี้ไม่มีทิศทางดี/แย่)" in texts(screen.side)
    named = [texts(row.children[1]) for row in screen.side if row.className == "wall-rank-row"]
    assert named[0] == data.area_name(by_value[0][1], "th") and len(named) == 10
