"""The governor's hotspot map never says 'computing' for ever: an indicator without tambon
figures, or a computation that fails, is said in plain words and the page stops asking."""

from __future__ import annotations

import time

import pytest

from tests.helpers import by_id, render_area_page
from warroom.app import create_app
from warroom.app.governor import state as governor_state
from warroom.app.governor.page import hotspots_arrived
from warroom.text.i18n import t

pytestmark = pytest.mark.slow  # seconds a test: the whole real store (app, CLI, server)


@pytest.fixture(scope="module")
def app(built):
    return create_app(built[0])


@pytest.mark.parametrize(
    "indicator", ["election.women_candidates_share", "tax.revenue_per_capita", "pm25.annual_mean"]
)
def test_an_indicator_without_tambon_figures_says_so(app, indicator):
    parts = by_id(render_area_page(app, "TH50", "province", lang="en", indicator=indicator))
    said = t("gov_hotspot_no_tambons", "en", unit="tambon", units="tambons")
    assert parts["prov-hotnote"].children == said
    assert parts["prov-poll"].disabled  # nothing to wait for
    state = parts["prov-state"].data
    with app.server.test_request_context("/"):
        _map, note, _act, stop = hotspots_arrived(1, state)
    assert note == said and stop


def test_a_failed_computation_is_said_and_not_started_again(app, monkeypatch):
    calls = []

    def broken(*_args, **_kwargs):
        calls.append(1)
        raise RuntimeError("disk full")

    state = {"code": "TH50", "lang": "th", "indicator": "tpmap.dim.health_rate", "goal": 3}
    # Other tests in this process keep their answers, their busy marks and their running
    # computations (pytest-xdist runs them in any order): this test starts from none.
    for name, empty in (("_failed", {}), ("_busy", {}), ("_running", set())):
        monkeypatch.setattr(governor_state, name, empty)
    with app.server.test_request_context("/"):
        service = governor_state.service()
        monkeypatch.setattr(service, "cached", lambda *_a, **_k: False)
        monkeypatch.setattr(service, "result", broken)
        assert governor_state.hotspots_ready(state["indicator"]) is None  # computing
        deadline = time.monotonic() + 30
        while not calls or governor_state._running:
            assert time.monotonic() < deadline, "the computation never ended"
            time.sleep(0.05)
        for _ in range(3):  # the page keeps asking: the answer stays, nothing restarts
            _map, note, _act, stop = hotspots_arrived(1, state)
            assert stop and note == t("gov_hotspot_failed", "th")
    assert len(calls) == 1
    assert "computing" not in t("gov_hotspot_failed", "en")
