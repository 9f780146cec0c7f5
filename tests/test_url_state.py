"""Every URL parameter is validated into the view state: a bad one gets a message and a
fallback, is logged, and never raises (issue 10, item 5; issue 9: bad URLs)."""

from __future__ import annotations

import logging

import pytest

from tests.helpers import Browser, text_of
from warroom.app import create_app
from warroom.app.data import AppData
from warroom.app.state import Fix, next_state, normalise, read_query

pytestmark = pytest.mark.slow  # seconds a test: the whole real store (app, CLI, server)

HUGE = "9" * 4300  # int() refuses it: Python's limit on digits in a string


@pytest.fixture(scope="module")
def data(store):
    return AppData(store)


@pytest.fixture(scope="module")
def app(built):
    return create_app(built[0])


def state_of(data, search: str):
    fixes: list[Fix] = []
    state = next_state(data, None, "map-url", None, search=search, default_lang="th", fixes=fixes)
    return state, {f.param: f.value for f in fixes}


@pytest.mark.parametrize(
    ("search", "param", "fallback"),
    [
        ("?period=²", "period", ("period", 2018)),
        (f"?period={HUGE}", "period", ("period", 2018)),
        ("?period=20 18", "period", ("period", 2018)),
        ("?period=1900", "period", ("period", 2018)),
        ("?indicator=nope", "indicator", ("indicator", "tpmap.target_poor_rate")),
        ("?goal=42", "goal", ("goal", "1")),
        ("?lang=xx", "lang", ("lang", "th")),
        ("?classes=jenks", "classes", ("scheme", "quantiles")),
        ("?area=TH99", "area", ("area", "TH")),
        ("?area=%3Cscript%3E", "area", ("area", "TH")),
        ("?tambons=maybe", "tambons", ("all_tambons", False)),
    ],
)
def test_a_bad_parameter_is_named_and_replaced(data, search, param, fallback):
    state, fixes = state_of(data, search)
    assert list(fixes) == [param]
    assert len(fixes[param]) <= 40  # a 4,300-digit value is cut in messages and logs
    field, value = fallback
    assert getattr(state, field) == value


def test_good_parameters_need_no_fix(data):
    search = "?goal=context&indicator=dopa.population&area=TH50&period=2021&lang=en"
    state, fixes = state_of(data, search + "&classes=natural_breaks&tambons=all")
    assert fixes == {}
    assert (state.indicator, state.area, state.period, state.lang) == (
        "dopa.population",
        "TH50",
        2021,
        "en",
    )
    # Thai digits and Buddhist Era years are read as the year they mean
    assert state_of(data, "?period=๒๕๖๑")[0].period == 2018
    assert state_of(data, "?period=2561")[0].period == 2018


def test_dash_pages_query_mapping_and_repeats(data):
    state, fixes = read_query({"period": ["2017", "2018"], "lang": "en", "other": "x"})
    assert state.period == 2018 and state.lang == "en" and fixes == []
    fixes = []
    normalise(state, data.indicators, data.periods, data.areas.index, "th", fixes)
    assert fixes == []


def test_the_map_page_says_what_it_replaced_and_logs_it(app, caplog):
    from warroom.app.pages import map as map_page

    browser = Browser(app)
    search = f"?period={HUGE}&area=TH99&indicator=nope&lang=en"
    with caplog.at_level(logging.WARNING, logger="warroom.app.pages.map"):
        out = browser.call(
            map_page.update_state,
            search,
            [],
            None,
            None,
            None,
            None,
            [],
            None,
            [],
            [],
            None,
            None,
            None,
        )
    state, notice = out[0], text_of(out[-2])
    assert out[-1]["lang"] == "en"  # the labels follow the language
    assert state["area"] == "TH" and state["period"] == 2018 and state["lang"] == "en"
    assert "No area with the code “TH99”" in notice
    assert "Unknown indicator “nope”" in notice and "No data for the year" in notice
    assert "9" * 40 in notice and "9" * 41 not in notice
    assert {r.getMessage().split("=")[0] for r in caplog.records} >= {
        "URL parameter period",
        "URL parameter area",
        "URL parameter indicator",
    }
    # the layout itself never fails on a bad query either
    assert "MOI War Room" in text_of(browser.call(lambda: map_page.layout(lang="en", period="²")))


def test_unknown_path_answers_not_found_with_a_way_back(app):
    from warroom.app.pages import not_found_404

    http = app.server.test_client()
    assert http.get("/no/such/page").status_code == 404
    assert http.get("/").status_code == 200 and http.get("/upload/").status_code == 200
    shown = text_of(Browser(app).call(not_found_404.layout))
    assert "ไม่พบหน้านี้" in shown and "Page not found" in shown
    assert "กลับไปที่แผนที่" in shown and "Back to the map" in shown
