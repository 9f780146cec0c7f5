"""The governor's page without a browser: layout for the URL's state, callbacks, landing."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tests.helpers import Browser, by_id, copy_store, render_area_page, text_of
from warroom.app import create_app, governor
from warroom.intake.users import add_user
from warroom.store import Store

pytestmark = pytest.mark.slow  # seconds a test: the whole real store (app, CLI, server)

PASSWORDS = {"cm.officer": "officer-pass-1", "viewer1": "viewer-pass-1"}


@pytest.fixture(scope="module")
def app(built):
    return create_app(built[0])


@pytest.fixture(scope="module")
def guarded(built, tmp_path_factory):
    """A copy of the store with an officer of Chiang Mai and a viewer; sign-in required."""
    folder = tmp_path_factory.mktemp("governor") / "build"
    settings = copy_store(built[0], folder)
    (folder / "geometry").symlink_to(Path(built[0].geometry_dir).resolve())
    store = Store(settings.db_url)
    add_user(store, "cm.officer", PASSWORDS["cm.officer"], "officer", "TH50")
    add_user(store, "viewer1", PASSWORDS["viewer1"], "viewer")
    return create_app(settings.model_copy(update={"require_login": True}))


def test_province_page_parts(app):
    parts = by_id(render_area_page(app, "TH50", "province", lang="th"))
    assert len(parts["prov-tiles"].children) == 17
    assert parts["prov-title"].children == "จังหวัดเชียงใหม่"
    assert parts["prov-state"].data == {
        "code": "TH50",
        "lang": "th",
        "indicator": "tpmap.target_poor_rate",
        "goal": 1,
    }
    assert parts["prov-brief-link"].href.startswith("/province/TH50/brief.pdf?lang=th")
    assert parts["prov-map-link"].href.startswith("/?area=TH50&")
    peers = parts["prov-peers"].figure["data"][0]["y"]
    assert peers[-1] == "เชียงใหม่" and "ภาคเหนือ" in peers and len(peers) == 7
    act = [k for k in parts if "prov-act" in k and "TH50" in k]
    assert "{'type': 'prov-act', 'code': 'TH5018'}" in act  # Omkoi, the district most in need


def test_district_page_and_query_that_cannot_be_used(app):
    parts = by_id(
        render_area_page(app, "TH5018", "district", lang="xx", goal="99", indicator="nope")
    )
    state = parts["prov-state"].data
    assert state["lang"] == "th" and state["indicator"] == "tpmap.target_poor_rate"
    assert state["goal"] == 1
    assert parts["prov-title"].children == "อำเภออมก๋อย"


@pytest.mark.parametrize(
    ("code", "level"),
    [("TH99", "province"), ("TH5001", "province"), ("TH50", "district"), (None, "province")],
)
def test_unknown_area(app, code, level):
    root = render_area_page(app, code, level, lang="en")
    assert root.id == "prov-unknown"
    assert by_id(root)["prov-back"].href == "/?lang=en"


def test_choose_a_goal_then_an_indicator(app):
    browser = Browser(app)
    state = {"code": "TH50", "lang": "th", "indicator": "tpmap.target_poor_rate", "goal": 1}
    query = browser.call(
        governor.choose,
        "th",
        [0] * 17,
        [],
        state,
        trigger=({"type": "prov-goal", "goal": 3}, "n_clicks"),
    )
    assert query.startswith("?lang=th&goal=3&indicator=")
    query = browser.call(
        governor.choose,
        "th",
        [],
        [1],
        state,
        trigger=({"type": "prov-ind", "indicator": "tpmap.dim.income_rate"}, "n_clicks"),
    )
    assert query == "?lang=th&goal=1&indicator=tpmap.dim.income_rate"
    query = browser.call(governor.choose, "en", [], [], state, trigger=("prov-lang", "value"))
    assert query == "?lang=en&goal=1&indicator=tpmap.target_poor_rate"


def test_an_officer_lands_on_their_province(guarded):
    browser = Browser(guarded)
    response = browser.sign_in("cm.officer", PASSWORDS["cm.officer"], next_path="/")
    assert response.status_code == 302 and response.location.startswith("/province/TH50")
    viewer = Browser(guarded)
    response = viewer.sign_in("viewer1", PASSWORDS["viewer1"], next_path="/")
    assert response.location == "/"
    assert viewer.http.get("/province/TH58/brief.pdf").status_code == 200  # any province


def test_bangkok_opens_on_an_indicator_it_has_in_its_own_words(app):
    """TPMAP publishes nothing for Bangkok: its page opened on the target-poor rate, a
    column of 'no data', and 'no hotspot in this area'; its units were อำเภอ/ตำบล and it was
    'Bangkok Province'."""
    from warroom.analysis import area as A  # noqa: N812
    from warroom.analysis.status import Light
    from warroom.app.governor.act import hotspot_note
    from warroom.app.governor.state import status_of

    thai = by_id(render_area_page(app, "TH10", "province", lang="th"))
    state = thai["prov-state"].data
    assert state["indicator"] != A.DEFAULT_INDICATOR
    with app.server.test_request_context("/"):
        status = status_of("TH10").set_index("indicator")
        assert status.at[state["indicator"], "value"] == status.at[state["indicator"], "value"]
        # the indicator to watch: rated, and no rated one of Bangkok is rated worse
        lights = list(Light)
        shown = lights.index(Light(status.at[state["indicator"], "status"]))
        rated = status[status["value"].notna() & (status["status"] != Light.GREY)]
        assert shown == max(lights.index(Light(s)) for s in rated["status"])
        # 'no hotspot' only where the area's khwaeng have figures: here they have none
        hot = pd.DataFrame({"code": ["TH100101"], "cluster": ["LL"]})
        note = hotspot_note(state, hot)
        assert note == "พื้นที่นี้ไม่มีข้อมูลตัวชี้วัดนี้รายแขวง จึงไม่มีจุดร้อนให้แสดง"
        chiang_mai = hotspot_note({**state, "code": "TH50", "indicator": A.DEFAULT_INDICATOR}, hot)
        assert chiang_mai.endswith("ไม่มีจุดร้อนในพื้นที่นี้.")  # figures, and no cluster
    assert thai["prov-title"].children == "กรุงเทพมหานคร"
    chosen = [
        c for c in thai["prov-detail"]._traverse() if "gov-ind-on" in getattr(c, "className", "")
    ]
    assert len(chosen) == 1 and "ไม่มีข้อมูล" not in text_of(chosen[0])  # a figure, shown
    headings = [
        h.children for h in thai["prov-act"].children if getattr(h, "className", "") == "gov-h3"
    ]
    assert headings == ["เขต เรียงจากความจำเป็นมากที่สุด", "แขวง จุดร้อนก่อน แล้วเรียงตามความจำเป็น"]
    assert "/province/TH10/brief.pdf" in thai["prov-brief-link"].href
    assert f"indicator={state['indicator']}" in thai["prov-brief-link"].href

    english = by_id(render_area_page(app, "TH10", "province", lang="en"))
    assert english["prov-title"].children == "Bangkok"
    headings = [
        h.children for h in english["prov-act"].children if getattr(h, "className", "") == "gov-h3"
    ]
    assert headings == ["Khet, most in need first", "Khwaeng, hotspots first, then by need"]
    khet = by_id(render_area_page(app, "TH1001", "district", lang="en"))
    assert khet["prov-title"].children == "Khet Phra Nakhon"
    assert (
        by_id(render_area_page(app, "TH1001", "district", lang="th"))["prov-title"].children
        == "เขตพระนคร"
    )


def test_a_shared_goal_link_opens_every_panel_on_that_goal(app):
    """``/province/TH50?goal=12`` (no indicator): the page opens on goal 12's indicator, as a
    click on its tile does, so the peers chart is not the poverty rate under goal 12."""
    parts = by_id(render_area_page(app, "TH50", "province", lang="en", goal="12"))
    state = parts["prov-state"].data
    assert state["goal"] == 12 and state["indicator"] != "tpmap.target_poor_rate"
    with app.server.test_request_context("/"):
        rows = governor.state.status_of("TH50")
    assert state["indicator"] in set(rows.loc[rows["goal"] == 12, "indicator"])


def test_a_zero_among_the_peers_still_shows_its_figure(app):
    """Bangkok's peers under forest share: Nonthaburi and Pathum Thani have no forest (0 %,
    published as zero). Their bars have no length, so the figure goes outside them."""
    parts = by_id(
        render_area_page(app, "TH10", "province", lang="th", indicator="forest.area_share")
    )
    bars = parts["prov-peers"].figure["data"][0]
    columns = (bars["x"], bars["text"], bars["textposition"])
    shown = dict(zip(bars["y"], zip(*columns, strict=True), strict=True))
    for name in ("นนทบุรี", "ปทุมธานี"):
        value, text, position = shown[name]
        assert value == 0 and text.startswith("0") and position == "outside"
    assert shown["ชลบุรี"][2] == "auto"  # a bar long enough holds its own figure
