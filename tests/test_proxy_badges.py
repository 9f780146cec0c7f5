"""A proxy badge means one thing: the indicator stands in for an SDG indicator it does not
measure. Direct indicators carry no badge on the governor's page, the wall or the map."""

from __future__ import annotations

import math

import pytest

from tests.helpers import by_id, render_area_page
from warroom.app import create_app
from warroom.app.components.labels import credit
from warroom.app.data import AppData
from warroom.app.state import ViewState
from warroom.app.wall.screen import badges
from warroom.config import CATALOGUE_DIR
from warroom.indicators.catalogue import read_catalogue
from warroom.indicators.fields import flag, is_proxy

pytestmark = pytest.mark.slow  # seconds a test: the whole real store (app, CLI, server)

# Each measures the SDG indicator it names (a count is the numerator of the same measure).
DIRECT = [
    "tpmap.target_poor",  # 1.2.2: poor by Thailand's own multidimensional definition
    "tpmap.target_poor_rate",
    "panel.msw_proper_rate",  # 11.6.1
    "panel.msw_improper_rate",  # 11.6.1, its complement
    "panel.unemployment_rate",  # 8.5.2
    "pm25.annual_mean",  # 11.6.2 (modelled, not a proxy)
    "physicians.density",  # 3.c.1
]
# The source READMEs call these proxies.
PROXIES = {
    "election.women_candidates_share": "5.5.1",  # candidates, not seats held
    "tax.revenue_per_capita": "17.1.1",  # Revenue Department taxes only
    "tax.revenue": "17.1.1",
    "gpp.manufacturing_share": "9.2.1",  # the provincial analogue
}


def test_catalogue_says_direct_and_proxy_apart():
    cat = read_catalogue(CATALOGUE_DIR)
    assert [i for i in DIRECT if cat[i].proxy] == []
    assert {i: cat[i].sdg_code for i in PROXIES if cat[i].proxy} == PROXIES
    # Filed under a target because no SDG indicator fits: it can only stand in for one.
    under_target = [i.id for i in cat if i.sdg_code and i.sdg_code.count(".") < 2]
    assert under_target and [i for i in under_target if not cat[i].proxy] == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [(math.nan, False), (None, False), ("", False), ("false", False), ("True", True), (1, True)],
)
def test_a_blank_flag_is_no(value, expected):
    assert flag(value) is expected
    assert is_proxy({"proxy": value}) is expected


@pytest.fixture(scope="module")
def app(built):
    return create_app(built[0])


def _badges(parts: dict, indicator: str) -> list[str]:
    """The badges on one indicator's line of the governor's goal detail."""
    line = parts[repr({"type": "prov-ind", "indicator": indicator})]
    return [
        (c.children, getattr(c, "title", None))
        for c in line._traverse()
        if getattr(c, "className", None) == "gov-proxy"
    ]


@pytest.mark.parametrize(
    ("goal", "direct", "proxy"),
    [
        (1, ["tpmap.target_poor", "tpmap.target_poor_rate"], "tpmap.dim.income_rate"),
        (5, [], "election.women_candidates_share"),
        (17, [], "tax.revenue_per_capita"),
    ],
)
def test_governor_page_badges_only_proxies(app, goal, direct, proxy):
    parts = by_id(render_area_page(app, "TH50", "province", lang="th", goal=str(goal)))
    for indicator in direct:
        assert _badges(parts, indicator) == [], indicator
    code = read_catalogue(CATALOGUE_DIR)[proxy].sdg_code
    assert _badges(parts, proxy) == [("ตัวแทน", f"ตัวแทน (proxy) ของ SDG {code}")]


def test_wall_and_map_badge_only_proxies(store):
    data = AppData(store).warm()
    for indicator in DIRECT:
        ind = data.indicators.loc[indicator]
        assert not [b for b in badges(ind, "en") if "proxy" in b], indicator
        state = ViewState(indicator=indicator, area="TH50", lang="en", period=None)
        assert "proxy" not in " ".join(str(p.children) for p in credit(data, state))
    for indicator, code in PROXIES.items():
        ind = data.indicators.loc[indicator]
        assert f"proxy for SDG {code}" in badges(ind, "en")
        state = ViewState(indicator=indicator, area="TH50", lang="en", period=None)
        assert f"proxy for SDG {code}" in " ".join(str(p.children) for p in credit(data, state))
