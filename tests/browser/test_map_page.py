"""The War Room as its users drive it, in headless Chromium at 1920 x 1080."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from scripts import chromium


def choose(page, dropdown_id: str, option_text: str):
    """Open a dcc.Dropdown and click the option with this text."""
    chromium.choose(page.driver, dropdown_id, option_text)


def click_map_at(page, lon: float, lat: float):
    """A real mouse click on the map where (lon, lat) is drawn."""
    chromium.click_map_at(page.driver, lon, lat)


def test_first_screen_on_a_wall(page):
    page.open()
    assert page.text("h1") == "ห้องสถานการณ์ กระทรวงมหาดไทย"
    assert page.query()["area"] == "TH"  # the state is written into the URL
    assert len(page.map_locations()) == 77
    # no scrollbars on a 1920 x 1080 wall screen
    assert page.js(
        "return document.documentElement.scrollHeight <= window.innerHeight"
        " && document.documentElement.scrollWidth <= window.innerWidth"
    )
    # Thai text is drawn with Sarabun served by the app, not a fallback font
    page.wait(
        lambda: page.js(
            "return [...document.fonts].some(f => f.family.includes("
            "'Sarabun') && f.status === 'loaded')"
        ),
        what="Sarabun",
    )
    assert page.js("return document.fonts.check('16px Sarabun', 'ประเทศไทย')")
    fetched = page.js(
        "return performance.getEntriesByType('resource').map(r => r.name)"
        ".filter(n => n.includes('/fonts/'))"
    )
    assert fetched and all(name.endswith(".woff2") for name in fetched)  # never the TrueType
    credit = page.text("#map-credit")
    assert "กรมแผนที่ทหาร" in credit and "OCHA HDX (CC BY-IGO)" in credit and "2561" in credit
    legend = page.text("#map-legend")
    assert "ไม่มีข้อมูล" in legend and "%" in legend  # Bangkok is not surveyed by TPMAP
    tiles = page.driver.find_elements(By.CSS_SELECTOR, "button.wr-goal")
    assert len(tiles) == 19
    assert all(t.is_enabled() for t in tiles)  # every goal has an indicator (issue 22)
    assert not any("ยังไม่มีตัวชี้วัด" in t.text for t in tiles)
    page.screenshot("national_th")


def test_click_a_province_then_breadcrumb_back_and_browser_history(page):
    page.open("?indicator=tpmap.target_poor_rate&lang=th")
    click_map_at(page, 98.6, 18.9)  # Chiang Mai
    page.wait(lambda: page.query().get("area") == "TH50", what="drill into Chiang Mai")
    page.wait_idle()
    locations = page.map_locations()
    assert len(locations) == 25 and all(c.startswith("TH50") for c in locations)
    # the map itself moved (MapLibre accepted the new figure), not only the figure data
    page.wait(
        lambda: page.js(
            "const gd = document.querySelector('#map-graph .js-plotly-plot');"
            "return Math.abs(gd._fullLayout.map._subplot.map.getZoom() - gd.layout.map.zoom)"
            " < 0.01 && gd.layout.map.zoom > 6"
        ),
        what="map zoomed to Chiang Mai",
    )
    assert page.text("#map-breadcrumb").replace(" ", "") == "ประเทศไทย›เชียงใหม่"
    page.screenshot("chiang_mai_th")

    click_map_at(page, 98.98, 18.79)  # Mueang Chiang Mai district
    page.wait(lambda: page.query().get("area") == "TH5001", what="drill into a district")
    page.wait_idle()
    assert all(c.startswith("TH5001") for c in page.map_locations())
    assert "เมืองเชียงใหม่" in page.text("#map-breadcrumb")

    page.click(By.XPATH, "//button[contains(@class,'wr-crumb') and text()='เชียงใหม่']")
    page.wait(lambda: page.query().get("area") == "TH50", what="breadcrumb up")
    page.driver.back()
    page.wait(lambda: page.query().get("area") == "TH5001", what="browser back")
    page.wait(lambda: "เมืองเชียงใหม่" in page.text("#map-breadcrumb"), what="view follows back")
    page.driver.forward()
    page.wait(lambda: page.query().get("area") == "TH50", what="browser forward")
    page.click(By.XPATH, "//button[contains(@class,'wr-crumb') and text()='ประเทศไทย']")
    page.wait(lambda: page.query().get("area") == "TH", what="breadcrumb to the country")
    page.wait_idle()
    assert len(page.map_locations()) == 77


def test_switch_indicator_period_and_language(page):
    page.open("?goal=context&indicator=dopa.population&area=TH50&period=2021&lang=th")
    assert page.text("#map-period") == "2564"  # Buddhist Era in Thai
    before = page.text("#kpi-area")
    choose(page, "map-period", "2553")
    page.wait(lambda: page.query().get("period") == "2010", what="period in the URL")
    page.wait(lambda: page.text("#kpi-area") != before, what="KPI for 2010")
    choose(page, "map-indicator", "จำนวนบ้านตามทะเบียนราษฎร")
    page.wait(lambda: page.query().get("indicator") == "dopa.households", what="indicator")
    page.wait_idle()
    assert "ครัวเรือน" in page.text("#kpi-area")
    page.click(By.XPATH, "//label[normalize-space()='English']")
    page.wait(lambda: page.text("h1") == "MOI War Room", what="English header")
    page.wait(lambda: page.text("#map-period") == "2010", what="CE years in English")
    assert page.query()["lang"] == "en"
    assert "Chiang Mai" in page.text("#map-breadcrumb")
    assert "Registered households" in page.text("#map-title")
    page.screenshot("households_en")


# Records each Dash callback request: what it asks for, when it left and when it came back.
WATCH_CALLBACKS = """
window.__calls = [];
const realFetch = window.fetch;
window.fetch = function (input, init) {
  const body = init && typeof init.body === 'string' ? init.body : '';
  if (!String(input).includes('/_dash-update-component')) return realFetch.apply(this, arguments);
  const call = {output: JSON.parse(body).output, sent: performance.now(), back: null};
  window.__calls.push(call);
  return realFetch.apply(this, arguments).then(r => r.clone().text().then(() => {
    call.back = performance.now(); return r; }));
};
"""


def test_a_switch_draws_the_map_before_the_panels_are_asked_for(page):
    """The map is what a switch is for: its answer never waits behind the panels'."""
    page.open("?indicator=tpmap.target_poor_rate&tambons=all&lang=th")
    page.js(WATCH_CALLBACKS)
    choose(page, "map-indicator", "คนจนเป้าหมาย")
    page.wait(lambda: page.query().get("indicator") == "tpmap.target_poor", what="switch")
    page.wait_idle()
    calls = page.js("return window.__calls")
    maps = [c for c in calls if "map-graph.figure" in c["output"]]
    panels = [c for c in calls if "map-kpis.children" in c["output"]]
    assert len(maps) == 1 and len(panels) == 1, [c["output"][:40] for c in calls]
    assert panels[0]["sent"] >= maps[0]["back"]
    assert "คน" in page.text("#kpi-area")  # the panels did follow


def test_goal_tile_and_ranking_row(page):
    page.open("?lang=en")
    page.click(By.CSS_SELECTOR, 'button.wr-goal[id*=\'"goal":"6"\']')
    page.wait(lambda: page.query().get("goal") == "6", what="goal 6")
    page.wait_idle()
    assert page.query()["indicator"] in {"tpmap.bmn09", "tpmap.bmn10", "tpmap.bmn11"}
    row = page.driver.find_elements(By.CSS_SELECTOR, "button.wr-rank-row")[0]
    name = row.find_element(By.CSS_SELECTOR, ".wr-rank-name").text
    row.click()
    page.wait(lambda: name in page.text("#map-breadcrumb"), what="ranking row drills down")
    assert len(page.query()["area"]) == 4


def test_shared_link_opens_the_same_view(page, store):
    link = "?goal=1&indicator=tpmap.target_poor_rate&area=TH50&period=2018&lang=en"
    page.open(link)
    assert page.text("#map-breadcrumb").split("›")[-1].strip() == "Chiang Mai"
    assert page.text("#map-indicator") == "Target poor rate (% of people surveyed)"
    expected = store.values("tpmap.target_poor_rate", "province", 2018)
    value = expected.set_index("code").at["TH50", "value"]
    assert f"{value:,.2f}%" in page.text("#kpi-area")
    assert page.query() == {
        "goal": "1",
        "indicator": "tpmap.target_poor_rate",
        "area": "TH50",
        "period": "2018",
        "lang": "en",
    }


def test_one_rank_rule_on_the_map_and_its_hover(page, store):
    """Rank 1 is the best by the indicator's direction (the lowest poverty rate), in the
    ranking and in the map's hover ranks, and the page says so (issue 25)."""
    page.open("?indicator=tpmap.target_poor_rate&lang=th")
    page.wait_idle()
    assert page.text("#map-ranking").startswith("อันดับ 1 = ดีที่สุดตามทิศทางของตัวชี้วัด")
    trace = page.wait(
        lambda: page.js(
            "const gd = document.querySelector('#map-graph .js-plotly-plot');"
            "const t = gd && gd.data[0];"
            "return t && t.customdata && t.customdata.length === t.z.length"
            " ? {z: t.z, ranks: t.customdata, codes: t.locations, tpl: t.hovertemplate} : null"
        ),
        what="ranks computed in the browser",
    )
    lowest = trace["codes"][trace["z"].index(min(trace["z"]))]
    assert trace["ranks"][trace["codes"].index(lowest)] == 1
    assert max(trace["ranks"]) == len(trace["z"]) and "(1 = ดีที่สุด)" in trace["tpl"]
    first = page.driver.find_elements(By.CSS_SELECTOR, "button.wr-rank-row")[0].text
    assert first.startswith("1.")
    # population has no better side: rank 1 is the highest
    page.open("?goal=context&indicator=dopa.population&lang=en")
    page.wait_idle()
    assert page.text("#map-ranking").startswith("Rank 1 = the best by the indicator's")
    assert "Highest 10" in page.text("#map-ranking")


# Text cut by its box (a name ending in an ellipsis, a line hidden by overflow), and the
# panels whose content overflows them.
CUT_JS = """
const cut = [];
for (const el of document.querySelectorAll('body *')) {
  const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
  const r = el.getBoundingClientRect();
  if (!own || !r.width || !r.height || el.closest('.js-plotly-plot')) continue;
  const s = getComputedStyle(el);
  if (s.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1) cut.push(el.innerText);
  if (s.overflowY !== 'visible' && el.scrollHeight > el.clientHeight + 1) cut.push(el.innerText);
}
const boxes = [...document.querySelectorAll('.wr-filters, .wr-panels, .wr-ranking, .wr-kpis')]
  .filter(b => b.scrollHeight > b.clientHeight + 1).map(b => b.className);
return {cut, boxes};
"""


def test_a_laptop_reads_every_panel_whole(page):
    """At 1366 x 768 the smallest text was 8.1 px (the goal tiles), ranking names were cut
    ("Prachuap Khi…") and the KPI coverage note was cut at every size (issue 25, item 8).
    Every text node counts: the goal tiles and the trend chart's own SVG text too."""
    with page.viewport(1366, 768):
        for lang in ("en", "th"):
            page.open(f"?indicator=tpmap.target_poor_rate&lang={lang}")
            page.wait_idle()
            assert page.small_text(11) == []
            found = page.js(CUT_JS)
            assert found["cut"] == [] and found["boxes"] == [], found
            names = page.text("#map-ranking")
            assert ("Prachuap Khiri Khan" if lang == "en" else "ประจวบคีรีขันธ์") in names
            page.screenshot(f"map-1366-{lang}")


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (3840, 2160)])
def test_the_kpi_notes_are_whole_on_a_wall(page, width, height):
    """The coverage note ended in an ellipsis at every size, not only on a laptop."""
    with page.viewport(width, height):
        for lang in ("th", "en"):
            page.open(f"?indicator=tpmap.target_poor_rate&lang={lang}")
            page.wait_idle()
            notes = page.js(
                "return [...document.querySelectorAll('.wr-kpi-note')].map(e => [e.innerText,"
                " e.scrollWidth <= e.clientWidth + 1 && e.scrollHeight <= e.clientHeight + 1])"
            )
            assert any("94%" in text for text, _ in notes), notes
            assert all(whole for _, whole in notes), notes
            assert page.js(CUT_JS)["boxes"] == []
