"""The governor's page in headless Chromium: one screen at 1366 x 768, 1920 x 1080 and
3840 x 2160."""

from __future__ import annotations

import time

import pytest
from selenium.webdriver.common.by import By

# Every line of text inside the page's columns must lie wholly inside each box that clips it
# (its text box, measured by the browser from the font's ascent and descent, so a Thai tone
# mark cut at the top or a vowel cut at the bottom counts, and so does a line hidden by a
# line clamp). Lists that scroll are left out; an ellipsis may shorten a line sideways.
CLIPPED_JS = """
const out = [];
const walker = document.createTreeWalker(document.querySelector('.gov-root'), NodeFilter.SHOW_TEXT);
for (let n = walker.nextNode(); n; n = walker.nextNode()) {
  if (!n.data.trim()) continue;
  const range = document.createRange();
  range.selectNodeContents(n);
  const rects = [...range.getClientRects()].filter(r => r.width && r.height);
  for (let a = n.parentElement; a && a !== document.body; a = a.parentElement) {
    const s = getComputedStyle(a);
    if (s.overflowX === 'visible' && s.overflowY === 'visible') continue;
    if (/auto|scroll/.test(s.overflowX + s.overflowY)) break;
    const b = a.getBoundingClientRect();
    const cut = rects.some(r => r.top < b.top - 1 || r.bottom > b.bottom + 1
      || (s.textOverflow !== 'ellipsis' && (r.left < b.left - 1 || r.right > b.right + 1)));
    if (cut) { out.push(n.data.trim().slice(0, 60)); break; }
  }
}
return out;
"""

# A badge ("proxy", "modelled") is one word to the reader: never broken over two lines.
SPLIT_BADGES_JS = """
return [...document.querySelectorAll('.gov-proxy')]
  .filter(e => e.getClientRects().length > 1).map(e => e.innerText);
"""


def _open(page, path: str):
    page.driver.get(page.base + path)
    page.wait(
        lambda: page.js(
            "return document.querySelectorAll('.gov-tile').length === 17"
            " && document.querySelector('#prov-peers .js-plotly-plot')"
            " && document.querySelector('#prov-hotmap .js-plotly-plot')"
            " && !document.querySelector('[data-dash-is-loading=\"true\"]');"
        ),
        timeout=60,
        what="the governor's page",
    )


def _wait_hotspots(page):
    # The first page starts the nationwide computation (esda compiles its kernels once).
    page.wait(
        lambda: page.js(
            "const n = document.querySelector('#prov-hotnote');"
            "return n && !/…|\\.\\.\\./.test(n.innerText);"
        ),
        timeout=300,
        what="hotspots",
    )


def _wait_hotspot_map(page):
    """The small map shows the hotspots (z = 2) once they arrive."""
    page.wait(
        lambda: page.js(
            "return document.querySelector('#prov-hotmap .js-plotly-plot').data[0].z.includes(2)"
        ),
        what="hotspots on the map",
    )


def _charts_fitted(page) -> tuple[float, float]:
    """The peers chart's font size, and how much of the hotspot map the area's box fills
    (its larger share of the map's width or height) once the browser has fitted both."""
    page.wait(
        lambda: page.js(
            "return ['prov-peers', 'prov-hotmap'].every(id => {"
            " const gd = document.querySelector('#' + id + ' .js-plotly-plot');"
            " return gd && gd.layout.meta && gd.layout.meta.fitted; })"
        ),
        what="charts fitted to the screen",
    )
    return page.js(
        "const peers = document.querySelector('#prov-peers .js-plotly-plot');"
        "const gd = document.querySelector('#prov-hotmap .js-plotly-plot');"
        "const m = gd._fullLayout.map._subplot.map;"
        "const [minx, miny, maxx, maxy] = gd.layout.meta.bounds;"
        "const a = m.project([minx, maxy]), b = m.project([maxx, miny]);"
        "return [peers._fullLayout.font.size,"
        " Math.max((b.x - a.x) / gd.clientWidth, (b.y - a.y) / gd.clientHeight)];"
    )


def _no_scrollbars(page) -> bool:
    return page.js(
        "return document.documentElement.scrollHeight <= window.innerHeight"
        " && document.documentElement.scrollWidth <= window.innerWidth"
    )


def _resize(page, width: int, height: int):
    from scripts.chromium import set_viewport

    set_viewport(page.driver, width, height)


def test_chiang_mai_in_thai_on_a_wall(page):
    _open(page, "/province/TH50?lang=th")
    _wait_hotspots(page)
    assert page.text("#prov-title") == "จังหวัดเชียงใหม่"
    tiles = page.js("return [...document.querySelectorAll('.gov-tile')].map(e => e.innerText)")
    assert tiles[0].startswith("1") and "ขจัดความยากจน" in tiles[0] and "5.62%" in tiles[0]
    assert not any("ยังไม่มีข้อมูล" in tile for tile in tiles)  # 17 of 17 goals (issue 22)
    assert "ไม่เกี่ยวข้อง: จังหวัดนี้ไม่มีชายฝั่งทะเล" in tiles[13]  # no coast, not "no data"
    assert "ไม่มีเกณฑ์ประเมิน" in tiles[6]  # energy: data, no threshold, no light
    assert "ภาคเหนือ" in page.js(
        "return document.querySelector('#prov-peers .js-plotly-plot').data[0].y.join(' ')"
    )
    act = page.text("#prov-act")
    assert "อมก๋อย" in act and "จุดร้อน" in act
    assert "จุดร้อน คือ" in page.text("#prov-hotnote")
    _wait_hotspot_map(page)
    page.screenshot("province-TH50-th-1920")
    assert _no_scrollbars(page)
    assert page.js(CLIPPED_JS) == []
    assert page.js(SPLIT_BADGES_JS) == []
    font_1080, filled = _charts_fitted(page)
    assert 0.8 <= filled <= 1.0, filled
    _resize(page, 3840, 2160)
    try:
        page.driver.refresh()
        _open(page, "/province/TH50?lang=th")
        _wait_hotspot_map(page)
        page.screenshot("province-TH50-th-3840")
        assert _no_scrollbars(page)
        assert page.js(CLIPPED_JS) == []
        assert page.js(SPLIT_BADGES_JS) == []
        # the charts grow with the type, and the province still fills its map
        font_4k, filled = _charts_fitted(page)
        assert font_4k >= 1.8 * font_1080, (font_1080, font_4k)
        assert 0.8 <= filled <= 1.0, filled
    finally:
        _resize(page, 1920, 1080)


@pytest.mark.parametrize(
    "path",
    [
        "/province/TH50?lang=th",
        "/province/TH75?lang=en",
        "/province/TH10?lang=en",
        "/district/TH5001?lang=th",
    ],
)
def test_a_laptop_screen(page, path):
    """1366 x 768: one screen, no type under 11 px (it was 8.6 px: badges, notes, the tiles'
    lines, the switch), every tile's text whole (the goals column scrolls instead of cutting
    a line), Thai lines tall enough for their marks, the map still fitted. Then the board in
    the where-to-act column, held to the same floor."""
    _resize(page, 1366, 768)
    try:
        _open(page, path)
        _wait_hotspots(page)
        page.screenshot("province-" + path.split("/")[2].replace("?lang=", "-") + "-1366")
        assert _no_scrollbars(page)
        assert page.small_text(11) == []
        assert page.js(CLIPPED_JS) == []
        assert page.js(SPLIT_BADGES_JS) == []
        ratios = page.js(
            "return [...document.querySelectorAll("
            "'.gov-tile .gov-goal-name, .gov-tile .gov-ind-name, .gov-tile .gov-ind-line')]"
            ".map(e => { const s = getComputedStyle(e);"
            " return parseFloat(s.lineHeight) / parseFloat(s.fontSize); })"
        )
        assert min(ratios) >= 1.4, min(ratios)
        font, filled = _charts_fitted(page)
        assert 11 <= font < 14, font  # the charts' type follows the laptop's smaller rem
        assert 0.8 <= filled <= 1.0, filled
        page.click(By.ID, "prov-tab-board", "the board's tab")
        page.wait(
            lambda: page.driver.find_element(By.ID, "prov-board").is_displayed(), what="board"
        )
        assert page.small_text(11) == []
        assert page.js(CLIPPED_JS) == []
    finally:
        _resize(page, 1920, 1080)


def test_small_province_in_english_and_a_place_to_act(page):
    _open(page, "/province/TH75?lang=en")  # Samut Songkhram: 3 districts
    assert page.text("#prov-title") == "Samut Songkhram Province"
    assert "West region" in page.js(  # first digit 7
        "return document.querySelector('#prov-peers .js-plotly-plot').data[0].y.join(' ')"
    )
    page.screenshot("province-TH75-en-1920")
    assert _no_scrollbars(page)
    assert page.js(CLIPPED_JS) == []
    first = page.driver.find_element(By.CSS_SELECTOR, "#prov-act .gov-act")
    code = page.js("return arguments[0].id", first)
    assert '"code":"TH75' in code.replace(" ", "")
    first.click()
    page.wait(lambda: "/district/TH75" in page.driver.current_url, what="district page")
    _open(page, page.driver.current_url.replace(page.base, ""))
    assert page.text("#prov-title").endswith("District")
    assert "lang=en" in page.driver.current_url


def test_goal_indicator_and_language(page):
    _open(page, "/province/TH50?lang=th")
    page.click(By.CSS_SELECTOR, "#prov-tiles .gov-tile:nth-child(3)", "goal 3 tile")
    page.wait(lambda: page.query().get("goal") == "3", what="goal 3 in the URL")
    _open(page, page.driver.current_url.replace(page.base, ""))
    assert page.text("#prov-detail h2").startswith("3.")
    page.click(By.CSS_SELECTOR, "#prov-detail .gov-ind:nth-child(2)", "second indicator")
    page.wait(lambda: page.query().get("indicator") == "tpmap.dim.health", what="indicator")
    page.click(By.XPATH, "//*[@id='prov-lang']//input[@value='en']", "English")
    page.wait(lambda: page.query().get("lang") == "en", what="English in the URL")
    page.wait(lambda: page.text("#prov-title") == "Chiang Mai Province", what="English title")
    assert page.query()["goal"] == "3"


def test_unknown_area_says_so_with_a_way_back(page):
    page.driver.get(page.base + "/province/TH99?lang=en")
    page.wait(lambda: page.text("#prov-unknown"), what="message")
    assert "TH99" in page.text("#prov-unknown")
    back = page.driver.find_element(By.ID, "prov-back")
    assert back.get_attribute("href").endswith("/?lang=en")


@pytest.mark.parametrize("path", ["/district/TH50", "/province/TH5001"])
def test_wrong_level_is_unknown(page, path):
    page.driver.get(page.base + path)
    page.wait(lambda: page.text("#prov-unknown"), what="message")


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (1920, 1080), (3840, 2160)])
def test_bangkok_opens_on_its_figures_in_khet_and_khwaeng(page, width, height):
    """TPMAP has no Bangkok: the page opened on its target-poor rate, every figure 'no data'
    and 'no hotspot in this area'; its units were อำเภอ/ตำบล."""
    _resize(page, width, height)
    try:
        _open(page, "/province/TH10?lang=th")
        _wait_hotspots(page)
        assert page.text("#prov-title") == "กรุงเทพมหานคร"
        chosen = page.text("#prov-detail .gov-ind-on .gov-ind-line")
        assert chosen and "ไม่มีข้อมูล" not in chosen  # the indicator it opens on has a figure
        act = page.text("#prov-act")
        assert "เขต เรียงจากความจำเป็นมากที่สุด" in act and "แขวง จุดร้อนก่อน" in act
        assert "อำเภอ" not in act and "ตำบล" not in act
        note = page.text("#prov-hotnote")
        assert "ไม่มีจุดร้อนในพื้นที่นี้" not in note and "ตำบล" not in note, note
        page.screenshot(f"province-TH10-th-{width}")
        assert _no_scrollbars(page)
        assert page.small_text(11) == []
        assert page.js(CLIPPED_JS) == []
        assert page.js(SPLIT_BADGES_JS) == []
    finally:
        _resize(page, 1920, 1080)


def test_bangkok_in_english(page):
    _open(page, "/province/TH10?lang=en")
    assert page.text("#prov-title") == "Bangkok"
    act = page.text("#prov-act")
    assert "Khet, most in need first" in act and "Khwaeng, hotspots first" in act
    assert "District" not in act and "Tambon" not in act
    brief = page.js("return document.getElementById('prov-brief-link').href")
    assert "indicator=" in brief and "tpmap.target_poor_rate" not in brief


def test_one_rank_and_arrow_rule_on_the_governors_page(page, store):
    """An arrow is the way the value moved, as on the map's cards; its word says better or
    worse; rank 1 is the best; the page says both (issue 25)."""
    from warroom.analysis.area import status_table
    from warroom.app.data import AppData

    _open(page, "/province/TH50?lang=th&goal=3")
    assert "อันดับ 1 = ดีที่สุด; ▲ ▼ = ค่าเพิ่มขึ้น / ลดลง" in page.text(".gov-goals")
    shown = page.js(
        "return [...document.querySelectorAll('.gov-ind .gov-trend')]"
        ".map(e => [e.className, e.innerText.trim()])"
    )
    assert shown, "goal 3's indicators show trends"
    rows = status_table(AppData(store).warm(), "TH50").set_index("indicator")
    for cls, text in shown:
        trend = cls.split("gov-trend-")[1]
        assert text.split(" ")[0] in ("▲", "▼", "■"), text
        if trend in ("rising", "falling"):
            assert text.startswith("▲" if trend == "rising" else "▼")
    moved = [
        (row["trend"], row["direction"])
        for _, row in rows.iterrows()
        if row["goal"] == 3 and row["trend"] in ("improving", "worsening")
    ]
    up = {("improving", "higher_is_better"), ("worsening", "higher_is_worse")}
    expected = sorted("▲" if pair in up else "▼" for pair in moved)
    got = sorted(
        text[0] for cls, text in shown if cls.split("gov-trend-")[1] in ("improving", "worsening")
    )
    assert got == expected


# The peers chart's height and its drawing's, and the room between the goal's indicators and
# the chart's heading.
PEERS_JS = """
const peers = document.querySelector('#prov-peers');
const svg = peers.querySelector('.main-svg').getBoundingClientRect();
const detail = document.querySelector('#prov-detail').getBoundingClientRect();
const heading = peers.previousElementSibling.previousElementSibling.getBoundingClientRect();
return [peers.getBoundingClientRect().height, svg.height, heading.top - detail.bottom];
"""


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (3840, 2160)])
def test_a_goal_of_one_indicator_leaves_no_empty_band(page, width, height):
    """Goal 12 has one indicator: the middle column showed a large empty band between it and
    the peers chart (issue 25). The chart takes the room, and gives it back to a goal of many
    indicators; the page stays one screen."""
    _resize(page, width, height)
    try:
        _open(page, "/province/TH50?lang=th&goal=12")
        box, drawn, gap = page.js(PEERS_JS)
        assert gap < 0.01 * height and box > 0.5 * height, (box, gap)
        assert abs(drawn - box) <= 2, (drawn, box)  # the chart drawn to its grown box
        assert _no_scrollbars(page) and page.js(CLIPPED_JS) == []
        page.screenshot(f"province-TH50-goal12-th-{width}")
        page.click(By.CSS_SELECTOR, "#prov-tiles .gov-tile:nth-child(1)", "goal 1 tile")
        page.wait(lambda: page.query().get("goal") == "1", what="goal 1")
        page.wait(lambda: page.js(PEERS_JS)[0] < 0.35 * height, what="the chart gives room back")
        time.sleep(0.5)
        box, drawn, gap = page.js(PEERS_JS)
        assert gap < 0.01 * height and abs(drawn - box) <= 2, (box, drawn, gap)
        assert _no_scrollbars(page) and page.js(CLIPPED_JS) == []
    finally:
        _resize(page, 1920, 1080)
