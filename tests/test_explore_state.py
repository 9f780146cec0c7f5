"""The workspace's URL state on the real build: defaults, bad parameters, changes."""

from __future__ import annotations

import pytest

from warroom.app.data import AppData
from warroom.app.explore.state import ExploreState, read_query, to_query, with_change

pytestmark = pytest.mark.slow  # seconds a test: the whole real store (app, CLI, server)


@pytest.fixture(scope="module")
def data(store):
    return AppData(store).warm()


def test_defaults_and_round_trip(data):
    state, fixes = read_query("", data, "th")
    assert fixes == []
    assert (state.x, state.level, state.area, state.tab) == (
        "tpmap.target_poor_rate",
        "province",
        "TH",
        "pair",
    )
    assert state.xperiod == data.periods[state.x][-1] and state.goal == 1
    again, fixes = read_query(to_query(state), data, "th")
    assert again == state and fixes == []
    assert ExploreState.from_dict(state.to_dict()) == state


def test_a_shared_link_comes_back_whole(data):
    query = (
        "?x=pm25.annual_mean&y=tpmap.target_poor_rate&xperiod=2561&yperiod=2018"
        "&level=district&area=TH50&tab=compare&areas=TH50,TH5001&goal=3&lang=en"
    )
    state, fixes = read_query(query, data, "th")
    assert fixes == []
    assert state.xperiod == 2018  # Buddhist Era years are read too
    assert (state.level, state.area, state.tab, state.areas) == (
        "district",
        "TH50",
        "compare",
        ("TH50", "TH5001"),
    )
    assert (state.goal, state.lang) == (3, "en")


def test_bad_parameters_are_named_and_replaced(data):
    query = (
        "?x=no.such&xperiod=1999&level=village&area=TH9999&tab=x&areas=TH50,ZZ,TH10,TH11,TH12,TH13,TH14"
        "&goal=42&lang=fr"
    )
    state, fixes = read_query(query, data, "th")
    assert {f.param for f in fixes} == {
        "x",
        "xperiod",
        "level",
        "area",
        "tab",
        "areas",
        "goal",
        "lang",
    }
    assert state.x == "tpmap.target_poor_rate" and state.level == "province" and state.area == "TH"
    assert len(state.areas) == 5 and "ZZ" not in state.areas
    assert state.lang == "th" and state.tab == "pair"


def test_an_area_must_lie_above_the_level(data):
    state, fixes = read_query("?level=province&area=TH50", data, "th")
    assert state.area == "TH" and [f.param for f in fixes] == ["area"]
    state = read_query("?level=tambon&area=TH50", data, "th")[0]
    assert with_change(state, data, level="province").area == "TH"


def test_a_new_indicator_takes_its_latest_period(data):
    state = read_query("?x=dopa.population&xperiod=2014", data, "th")[0]
    changed = with_change(state, data, x="tpmap.target_poor")
    assert changed.xperiod == 2018
