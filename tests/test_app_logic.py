"""Callback logic without a browser: state, URL, class breaks, map payloads, panels."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from tests.helpers import texts
from warroom.analysis.classes import classify, palette
from warroom.app.components.kpi import kpi_cards
from warroom.app.components.labels import breadcrumb
from warroom.app.components.map import (
    NO_DATA_COLOUR,
    banded_scale,
    base_figure,
    full_figure,
    locations_key,
    map_values,
    value_patch,
)
from warroom.app.components.ranking import ranking
from warroom.app.data import ANSWERS_KEPT, AppData, view_for
from warroom.app.state import ViewState, from_query, next_state, to_query
from warroom.indicators.goals import group_members
from warroom.text.i18n import STRINGS, format_number, year_label


@pytest.fixture(scope="module")
def data(store):
    return AppData(store)


def test_every_string_exists_in_thai_and_english():
    for key, words in STRINGS.items():
        assert set(words) == {"th", "en"}, key
        assert all(words.values()), key


def test_thai_years_are_buddhist_era():
    assert year_label(2018, "th") == "2561"
    assert year_label(2018, "en") == "2018"
    assert format_number(1032987.0, "th", "คน") == "1,032,987 คน"
    assert format_number(2.8186, "en", "%") == "2.82%"
    assert format_number(float("nan"), "th") == "ไม่มีข้อมูล"


def test_url_round_trip():
    state = ViewState(
        goal="poverty",
        indicator="tpmap.dim.income_rate",
        area="TH50",
        period=2018,
        lang="en",
        scheme="natural_breaks",
        all_tambons=True,
    )
    assert from_query(to_query(state)) == state
    assert to_query(ViewState(period=2018)) == (
        "?goal=1&indicator=tpmap.target_poor_rate&area=TH&period=2018&lang=th"
    )


def test_shared_url_opens_the_same_view(data):
    search = "?goal=1&indicator=tpmap.target_poor_rate&area=TH50&period=2018&lang=th"
    state = next_state(data, None, None, None, search=search, default_lang="th")
    assert (state.goal, state.indicator, state.area, state.period, state.lang) == (
        "1",
        "tpmap.target_poor_rate",
        "TH50",
        2018,
        "th",
    )


def test_bad_urls_are_repaired_not_fatal(data):
    state = next_state(
        data,
        None,
        "url",
        None,
        search="?indicator=nope&area=TH99&period=1900&lang=xx&goal=42",
        default_lang="th",
    )
    assert state.indicator == "tpmap.target_poor_rate" and state.area == "TH"
    assert state.period == 2018 and state.lang == "th" and state.goal == "1"


def test_events_change_the_state(data):
    start = next_state(data, None, None, None, search="", default_lang="th")
    s = next_state(data, start, {"type": "map-goal", "goal": "6"}, 1, search="", default_lang="th")
    assert s.goal == "6" and s.indicator in group_members(data.indicators, "6")
    s = next_state(
        data, start, "map-graph", {"points": [{"location": "TH50"}]}, search="", default_lang="th"
    )
    assert s.area == "TH50"
    s = next_state(data, s, {"type": "map-crumb", "code": "TH"}, 0, search="", default_lang="th")
    assert s.area == "TH50"  # a crumb appearing with n_clicks=0 is not a click
    s = next_state(data, s, {"type": "map-crumb", "code": "TH"}, 1, search="", default_lang="th")
    assert s.area == "TH"
    s = next_state(data, s, "map-indicator", "dopa.population", search="", default_lang="th")
    assert s.goal == "context" and s.period == 2018  # same year kept when the new one has it
    s = next_state(data, s, "map-period", 2010, search="", default_lang="th")
    assert s.period == 2010
    s = next_state(data, s, "map-lang", "en", search="", default_lang="th")
    assert s.lang == "en"


def test_poverty_indicators_sit_under_goal_1_and_their_own_group(data):
    goal1 = group_members(data.indicators, "1")
    poverty = group_members(data.indicators, "poverty")
    assert "tpmap.target_poor_rate" in goal1 and "tpmap.target_poor_rate" in poverty
    assert {f"tpmap.dim.{d}" for d in ("health", "living", "education", "income", "access")} <= (
        set(poverty)
    )


def test_class_breaks_come_from_mapclassify():
    values = pd.Series(np.arange(100.0), index=[f"TH{i:02d}" for i in range(100)])
    values.iloc[3] = np.nan
    q = classify(values, "quantiles")
    assert len(q.upper) == 5 and q.upper[-1] == 99
    assert q.klass.value_counts().tolist() == pytest.approx([20, 20, 20, 19, 20], abs=1)
    assert np.isnan(q.klass.iloc[3])
    e = classify(values, "equal_interval")
    assert e.upper[0] == pytest.approx(19.8)
    one = classify(pd.Series([5.0, 5.0]), "natural_breaks")
    assert one.klass.tolist() == [0, 0]


@pytest.mark.parametrize("scheme", ["quantiles", "natural_breaks", "equal_interval"])
def test_the_breaks_are_mapclassifys_own_without_its_fit_statistics(scheme):
    """The classes skip mapclassify's fit statistics, never its breaks or classes."""
    import mapclassify

    rng = np.random.default_rng(7)
    values = pd.Series(rng.lognormal(3, 1.2, 7425).round(2))
    ours = classify(values, scheme)
    kind = {"quantiles": "Quantiles", "natural_breaks": "NaturalBreaks"}.get(
        scheme, "EqualInterval"
    )
    np.random.seed(0)  # natural breaks start from a random sample of the values
    theirs = getattr(mapclassify, kind)(values.to_numpy(), k=5)
    if scheme != "natural_breaks":
        assert ours.upper == pytest.approx(list(theirs.bins))
        assert ours.klass.tolist() == theirs.yb.tolist()
    assert len(ours.upper) == 5 and ours.upper[-1] == values.max()


def test_worse_is_warmer():
    worse, better = palette("higher_is_worse", 5), palette("higher_is_better", 5)
    assert worse == better[::-1]
    assert worse[-1] == "#d7191c"  # highest values of a 'worse' indicator are red
    assert NO_DATA_COLOUR not in worse


def test_indicator_switch_sends_values_only(data):
    """The patch carries no geometry, names or ranks: they come once or are computed."""
    view = view_for("TH", all_tambons=True)
    codes = data.drawn_areas(view).index
    assert len(codes) == 7425
    rate = data.values("tpmap.target_poor_rate", 2018, codes)
    count = data.values("tpmap.target_poor", 2018, codes)
    first = map_values(
        rate, unit="%", direction="higher_is_worse", period=2018, scheme="quantiles", lang="th"
    )
    mv = map_values(
        count,
        unit="people",
        direction="higher_is_worse",
        period=2018,
        scheme="quantiles",
        lang="th",
    )
    assert set(mv.locations) | set(mv.nodata) == set(codes)
    assert mv.legend[-1] == (NO_DATA_COLOUR, "ไม่มีข้อมูล")
    key, held = locations_key(mv), locations_key(first)
    same = key.split(".")[0] == held.split(".")[0]
    text = json.dumps(value_patch(mv, key=key, held=held).to_plotly_json())
    assert "coordinates" not in text and "พระบรมมหาราชวัง" not in text
    assert '"customdata":' not in text  # ranks are computed in the browser
    assert ("TH100101" in text) is not same
    assert len(text) < 80_000  # uncompressed; brotli makes it a fraction of this
    assert mv.z[:3] == [int(v) for v in count.dropna().iloc[:3]]


def test_a_patch_leaves_out_the_grey_reasons_the_map_holds(data):
    """Tens of kB of Thai reasons travel only when they differ from what the map holds."""
    view = view_for("TH", all_tambons=True)
    codes = data.drawn_areas(view).index
    rate = data.values("tpmap.target_poor_rate", 2018, codes)
    reasons = rate[rate.isna()].map(lambda _: "TPMAP ไม่ได้สำรวจ")
    mv = map_values(
        rate, unit="%", direction="higher_is_worse", period=2018, scheme="quantiles",
        lang="th", reasons=reasons,
    )  # fmt: skip
    reworded = map_values(
        rate, unit="%", direction="higher_is_worse", period=2018, scheme="quantiles",
        lang="th", reasons=reasons.map(lambda _: "ไม่มีตัวเลข"),
    )  # fmt: skip
    key = locations_key(mv)

    def sent(held):
        ops = value_patch(mv, key=key, held=held).to_plotly_json()["operations"]
        return {tuple(op["location"][1:]) for op in ops}

    assert key.split(".")[0] == locations_key(reworded).split(".")[0] and key != locations_key(
        reworded
    )
    assert (1, "customdata") not in sent(key) and (0, "locations") not in sent(key)
    held = locations_key(reworded)
    assert (1, "customdata") in sent(held) and (0, "locations") not in sent(held)
    assert {(0, "locations"), (1, "locations"), (1, "customdata")} <= sent(None)
    assert (0, "z") in sent(key)


def test_banded_colour_scale_follows_the_breaks():
    values = pd.Series([1.0, 2.0, 3.0, 10.0, 20.0, 100.0])
    classes = classify(values, "natural_breaks", k=3)
    scale, zmin, zmax = banded_scale(palette("higher_is_worse", 3), classes)
    assert (zmin, zmax) == (1.0, 100.0)
    positions = [p for p, _ in scale]
    assert positions == sorted(positions) and positions[0] == 0 and positions[-1] == 1
    first_break = (classes.upper[0] - zmin) / (zmax - zmin)
    assert scale[1] == [first_break, scale[0][1]]  # a value on the break is in the lower class
    assert scale[2][0] > first_break and scale[2][1] != scale[0][1]


def test_full_figure_references_geojson_by_url(data):
    view = view_for("TH5001")
    assert view.geo_url == "/geo/province/TH50.geojson" and view.level == "tambon"
    values = data.values("tpmap.target_poor_rate", 2018, data.drawn_areas(view).index)
    mv = map_values(
        values, unit="%", direction="higher_is_worse", period=2018, scheme="quantiles", lang="en"
    )
    fig = full_figure(base_figure(), view.geo_url, mv, None, (98.0, 18.0, 99.0, 19.0), "k")
    assert all(trace["geojson"] == "/geo/province/TH50.geojson" for trace in fig["data"])
    style = json.dumps(fig["layout"]["map"]["style"])
    assert "http" not in style and "{z}" not in style  # no internet needed
    assert 8 < fig["layout"]["map"]["zoom"] < 10


def test_panels_for_a_governor(data):
    state = ViewState(area="TH50", period=2018)
    cards = kpi_cards(data, state)
    ids = [c.id for c in cards]
    assert ids == ["kpi-area", "kpi-country", "kpi-diff", "kpi-change"]
    diff = cards[2].children[1]
    assert diff.children.startswith("▲") and diff.style["color"] == "#c62828"  # worse: red
    rows = ranking(data, state, kind="map-rank")
    assert len(rows) == 3  # the rule, the best and the worst columns
    assert texts(rows[0]).startswith("อันดับ 1 = ดีที่สุดตามทิศทางของตัวชี้วัด")
    # the target-poor rate: higher is worse, so the first column is the lowest rates
    best, worst = rows[1].children, rows[2].children
    assert texts(best[0]).startswith("ดีที่สุด 10 อันดับ") and texts(worst[0]).startswith("แย่ที่สุด")
    first = data.values("tpmap.target_poor_rate", 2018, data.children("TH50").index).idxmin()
    assert best[1].id["code"] == first and texts(best[1]).startswith("1.")
    crumbs = breadcrumb(data, ViewState(area="TH500101", period=2018), kind="map-crumb")
    labels = [getattr(c, "children", None) for c in crumbs]
    assert labels[0] == "ประเทศไทย" and labels[2] == "เชียงใหม่"


def test_counts_compare_by_share_of_the_country(data):
    state = ViewState(goal="context", indicator="dopa.population", area="TH50", period=2021)
    share = kpi_cards(data, state)[2]
    here = data.value("dopa.population", 2021, "TH50")
    country = data.value("dopa.population", 2021, "TH")
    assert share.children[1].children == f"{100 * here / country:.2f}%"


def test_population_change_from_previous_period(data):
    state = ViewState(goal="context", indicator="dopa.population", area="TH50", period=2021)
    change = kpi_cards(data, state)[-1]
    assert "2563 → 2564" in change.children[2].children
    assert change.children[1].children[0] in "▲▼"


def test_a_value_from_only_some_tambons_says_so(data):
    # Coverage on the KPI card is measured at the finest level (issue 20): Mueang Chiang Mai's
    # count comes from 9 of its 16 tambons (the rest sit on municipal units).
    cover = data.finest_coverage("tpmap.target_poor", 2018)
    assert cover["TH5001"] == pytest.approx(9 / 16)
    state = ViewState(indicator="tpmap.target_poor", area="TH5001", period=2018)
    note = kpi_cards(data, state)[0].children[2].children
    assert note.endswith("ตำบลที่มีตัวเลข 56%")
    whole = ViewState(indicator="pm25.annual_mean", area="TH50", period=2021)
    assert "ที่มีตัวเลข" not in kpi_cards(data, whole)[0].children[2].children
    # TPMAP has no Bangkok: the stored coverage of the country's count is 76 of 77 provinces.
    assert data.coverage("tpmap.target_poor")[(2018, "TH")] == pytest.approx(76 / 77)


def test_grey_tambons_each_say_their_own_municipality(data):
    """The tambon map words each distinct reason once: every grey tambon still gets its own
    district's municipal unit, and the hover text matches the areas one by one."""
    from warroom.app.components.reasons import grey_reasons

    codes = data.drawn_areas(view_for("TH", all_tambons=True)).index
    values = data.values("tpmap.target_poor_rate", 2018, codes)
    why = grey_reasons(data, "tpmap.target_poor_rate", 2018, "tambon", values, "en")
    assert list(why.index) == list(values.index[values.isna()])
    unplaced = data.unplaced_of("tpmap.target_poor_rate", 2018)
    municipal = unplaced[unplaced["code"].str[6].isin(list("56789"))]
    first = municipal.sort_values("code").drop_duplicates("anchor").set_index("anchor")["code"]
    said = [(c, w) for c, w in why.items() if w.startswith("Counted in the municipality")]
    assert len({w for _, w in said}) > 10  # many districts, each its own unit
    for code, words in said:
        assert f"(unit {first[code[:6]][2:]})" in words
    mv = map_values(
        values,
        unit="%",
        direction="higher_is_worse",
        period=2018,
        scheme="quantiles",
        lang="en",
        reasons=why,
    )
    assert mv.nodata == list(why.index)
    assert mv.nodata_reasons == list(why)


def test_answers_are_kept_until_fresh_data_come(data):
    """A view drawn once is answered from memory; fresh data start with none kept."""
    calls = []
    fresh = AppData(data.store)

    def compute():
        calls.append(1)
        return len(calls)

    assert fresh.answer(("k", 1), compute) == 1
    assert fresh.answer(("k", 1), compute) == 1 and len(calls) == 1
    for n in range(ANSWERS_KEPT + 12):  # bounded: the oldest are dropped
        fresh.answer(("other", n), lambda: 0)
    assert len(fresh._answers) <= ANSWERS_KEPT
    assert fresh.answer(("k", 1), compute) == 2  # dropped, computed again
    fresh.version = ("old",)
    fresh.check_every = 0
    assert fresh.refresh_if_changed()  # the store's version differs: fresh data swapped in
    assert len(fresh._answers) == 0


def test_pm25_is_never_cool_beyond_its_standard_and_a_grey_map_says_why(data):
    """Classes recomputed per view made PM2.5 at five to seven times the WHO guideline dark
    blue; drilled into a province, the province-only series drew an all-grey map with no
    word why (issue 25, item 6)."""
    from warroom.analysis.classes import RAMPS
    from warroom.app.components.labels import anchors_of
    from warroom.app.components.reasons import grey_reasons

    pm25 = data.indicators.loc["pm25.annual_mean"]
    period = max(data.periods["pm25.annual_mean"])
    provinces = data.drawn_areas(view_for("TH", all_tambons=False)).index
    values = data.values("pm25.annual_mean", period, provinces)
    anchors = anchors_of(pm25, "th")
    assert [value for value, _ in anchors] == [5.0, 15.0]
    mv = map_values(
        values,
        unit="มคก./ลบ.ม.",
        direction="higher_is_worse",
        period=period,
        scheme="quantiles",
        lang="th",
        anchors=anchors,
    )
    assert values.min() > 15  # the modelled series: every province above the Thai standard
    classes = [colour for colour, _ in mv.legend[2:-1]]
    assert len(classes) == 5 and all(colour in RAMPS["bad"] for colour in classes)
    assert mv.legend[0][1].startswith("≤ 5 มคก./ลบ.ม.")
    assert mv.legend[-1][1].startswith("สีแบ่งที่เกณฑ์ ไม่คำนวณใหม่ตามข้อมูล: 5 มคก./ลบ.ม.")
    # drilled into Chiang Mai: no district figures, and the legend says why in full
    districts = data.drawn_areas(view_for("TH50", all_tambons=False)).index
    none = data.values("pm25.annual_mean", period, districts)
    why = grey_reasons(data, "pm25.annual_mean", period, "district", none, "th")
    grey = map_values(
        none,
        unit="มคก./ลบ.ม.",
        direction="higher_is_worse",
        period=period,
        scheme="quantiles",
        lang="th",
        reasons=why,
    )
    assert grey.legend[0] == (NO_DATA_COLOUR, "ตัวชี้วัดระดับจังหวัด: ไม่มีข้อมูลรายพื้นที่ย่อย")
