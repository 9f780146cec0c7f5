"""Goals 7, 14 and 15 on the screens (issue 22): governor tiles and rows, the two poverty
measures side by side, why a grey area is grey on the map, and a goal's light only from
indicators with a threshold."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tests.helpers import by_id as _by_id
from tests.helpers import render_area_page as _render
from tests.helpers import texts
from warroom.analysis.status import Basis, Light, goals_summary
from warroom.app import create_app
from warroom.app.components.map import NO_DATA_COLOUR, grey_label, map_values

pytestmark = pytest.mark.slow  # the whole real store in the app


@pytest.fixture(scope="module")
def app(built):
    return create_app(built[0])


def tiles(app, code: str, lang: str = "th", **query) -> dict[int, str]:
    parts = _by_id(_render(app, code, "province", lang=lang, **query))
    return {n + 1: texts(tile) for n, tile in enumerate(parts["prov-tiles"].children)}


def test_phang_nga_has_all_17_goals_and_says_which_have_no_threshold(app):
    goals = tiles(app, "TH82")
    assert not any("ยังไม่มีข้อมูล" in text for text in goals.values())
    assert goals[7].startswith("7 พลังงานสะอาดที่เข้าถึงได้ ไม่มีเกณฑ์ประเมิน")
    assert goals[14].startswith("14 ทรัพยากรทางทะเล ไม่มีเกณฑ์ประเมิน พื้นที่ป่าชายเลน 439")
    assert "2557" in goals[14] and "1/21" in goals[14]  # a tile: rank 1 of 21 (word on hover)
    # forest 31.4 % against the national forest policy's 40 % (green) and 15 % (red): yellow
    assert goals[15].startswith("15 ระบบนิเวศบนบก ใกล้เป้า สัดส่วนพื้นที่ป่าไม้ต่อพื้นที่จังหวัด")
    assert "31.4%" in goals[15] and "2558" in goals[15]


def test_an_inland_province_says_no_coast_not_no_data(app):
    goals = tiles(app, "TH50")
    assert goals[14].endswith("ไม่เกี่ยวข้อง: จังหวัดนี้ไม่มีชายฝั่งทะเล จึงไม่มีป่าชายเลน")
    english = tiles(app, "TH50", lang="en")
    assert english[14].endswith("Not applicable: no coast, so no mangroves")
    detail = texts(_by_id(_render(app, "TH50", "province", lang="en", goal="14"))["prov-detail"])
    assert "Not applicable: no coast" in detail and "No data" not in detail


def test_poverty_two_measures_side_by_side_never_one_line(app):
    parts = _by_id(_render(app, "TH58", "province", lang="th", goal="1"))
    block = texts(parts["prov-poverty"])
    nesdc, tpmap = (texts(c) for c in parts["prov-poverty"].children[1].children)
    assert nesdc.startswith("สัดส่วนคนจน (สศช.) 2549 72.1% · 2550 76.2% · 2551 71.6%")
    assert "2554 60.3% ชาย 61.8% · หญิง 58.9% (ปี 2554)" in nesdc  # latest year by sex
    assert "รายจ่ายเพื่อการอุปโภคบริโภค" in nesdc
    assert tpmap.startswith("คนจนเป้าหมาย (TPMAP) 2561 13.7")
    assert "2549" not in tpmap and "2561" not in nesdc  # each measure its own years
    assert "ไม่นำมาต่อเป็นเส้นเดียวกัน" in block
    english = texts(_by_id(_render(app, "TH58", "province", lang="en", goal="1"))["prov-poverty"])
    assert "Poverty headcount (NESDC) 2006 " in english and "Target poor (TPMAP) 2018" in english
    # other goals, and districts, have no such block
    assert "prov-poverty" not in _by_id(_render(app, "TH58", "province", lang="th", goal="3"))


def test_bueng_kan_says_it_was_not_in_the_poverty_table(app):
    parts = _by_id(_render(app, "TH38", "province", lang="en", goal="1"))
    nesdc = texts(parts["prov-poverty"].children[1].children[0])
    assert "Bueng Kan was created in 2011" in nesdc and "Nong Khai" in nesdc
    bangkok = _by_id(_render(app, "TH10", "province", lang="en", goal="1"))["prov-poverty"]
    tpmap = texts(bangkok.children[1].children[1])
    assert "TPMAP did not survey Bangkok" in tpmap  # each measure its own gaps


def _status(rows):
    return pd.DataFrame(rows, columns=["goal", "status", "basis", "value"])


def test_a_goal_light_only_from_indicators_with_a_threshold():
    status = _status(
        [
            (1, Light.RED, Basis.COUNTRY, 5.0),  # worse than Thailand: no target
            (1, Light.GREEN, Basis.THRESHOLD, 0.0),
            (2, Light.RED, Basis.COUNTRY, 3.0),
            (7, Light.GREY, Basis.NONE, 2800.0),
        ]
    )
    summary = goals_summary(status).set_index("goal")
    assert summary.loc[1, "light"] == Light.GREEN
    assert summary.loc[2, "light"] == Light.GREY and summary.loc[2, "with_value"] == 1
    assert summary.loc[7, "light"] == Light.GREY


def test_grey_areas_say_why_in_the_hover_and_the_legend():
    values = pd.Series([439.0, np.nan, np.nan, np.nan], index=["TH82", "TH50", "TH51", "TH83"])
    reasons = pd.Series(
        {
            "TH50": "ไม่เกี่ยวข้อง: จังหวัดนี้ไม่มีชายฝั่งทะเล",
            "TH51": "ไม่เกี่ยวข้อง: จังหวัดนี้ไม่มีชายฝั่งทะเล",
            "TH83": "ไม่มีในแหล่งข้อมูลนี้: ขาดภูเก็ต",
        }
    )
    mv = map_values(
        values,
        unit="ตร.กม.",
        direction="higher_is_better",
        period=2014,
        scheme="quantiles",
        lang="th",
        reasons=reasons,
    )
    assert mv.legend[-1] == (NO_DATA_COLOUR, "ไม่เกี่ยวข้อง / ไม่มีในแหล่งข้อมูลนี้")
    assert mv.nodata_reasons[0] == "ไม่เกี่ยวข้อง: จังหวัดนี้ไม่มีชายฝั่งทะเล"
    assert "ไม่มีข้อมูล" not in mv.nodata_template
    # a reason with no 'lead: explanation' form, or none at all, is plain 'no data'
    assert grey_label(["TPMAP ไม่ได้สำรวจกรุงเทพมหานคร", ""], "th") == "ไม่มีข้อมูล"
