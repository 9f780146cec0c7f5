"""The shell on every screen, 1366 x 768 to 3840 x 2160: no scrollbars, the map fitted to
its real size, type that scales, Thai marks never clipped, bad URLs answered."""

from __future__ import annotations

import pytest

from scripts.chromium import set_viewport as set_cdp_viewport
from tests.browser.conftest import Page

SCREENS = [(1366, 768), (1920, 1080), (3840, 2160)]
CHIANG_MAI = "?goal=1&indicator=tpmap.target_poor_rate&area=TH50&lang=th"


def set_viewport(driver, width: int, height: int) -> None:
    driver.set_window_size(width, height)
    set_cdp_viewport(driver, width, height)


@pytest.fixture
def screen(request, chromium, live_url):
    width, height = request.param
    set_viewport(chromium, width, height)
    yield Page(chromium, live_url), width, height
    set_viewport(chromium, 1920, 1080)


def no_scrollbars(page: Page) -> bool:
    return page.js(
        "const d = document.documentElement;"
        "return d.scrollHeight <= window.innerHeight && d.scrollWidth <= window.innerWidth"
    )


def clipped_on_tiles(page: Page) -> list[str]:
    """Tile texts whose content is taller or wider than their box (cut-off marks or words)."""
    return page.js(
        "return [...document.querySelectorAll('.wr-goal, .wr-goal *')]"
        ".filter(e => e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1)"
        ".map(e => e.className + ': ' + e.innerText);"
    )


def province_share_of_map_height(page: Page, bounds) -> float:
    """How much of the map's height the drawn box of a province takes."""
    minx, miny, maxx, maxy = bounds
    return page.js(
        "const gd = document.querySelector('#map-graph .js-plotly-plot');"
        "const m = gd._fullLayout.map._subplot.map;"
        "const top = m.project([arguments[0], arguments[3]]);"
        "const bottom = m.project([arguments[2], arguments[1]]);"
        "return (bottom.y - top.y) / gd.clientHeight;",
        minx,
        miny,
        maxx,
        maxy,
    )


@pytest.mark.parametrize("screen", SCREENS, indirect=True, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_shell_fits_the_screen(screen, store):
    page, width, height = screen
    page.open(CHIANG_MAI)
    page.wait(
        lambda: page.js(
            "const gd = document.querySelector('#map-graph .js-plotly-plot');"
            "return gd.layout.map.zoom > 6 && Math.abs("
            "gd._fullLayout.map._subplot.map.getZoom() - gd.layout.map.zoom) < 0.01"
        ),
        what="map fitted to Chiang Mai",
    )
    assert no_scrollbars(page)
    # the province fills most of the map's height, whatever the screen
    box = store.areas().set_index("code").loc["TH50", ["minx", "miny", "maxx", "maxy"]]
    share = province_share_of_map_height(page, tuple(box))
    assert 0.75 <= share <= 1.0, share
    # type grows with the screen: the heading keeps its share of the height
    heading = page.js("return parseFloat(getComputedStyle(document.querySelector('h1')).fontSize)")
    assert heading / height >= 0.024, heading
    # no clipped Thai on the goal tiles (น้ำสะอาด, ลดความเหลื่อมล้ำ)
    assert clipped_on_tiles(page) == []
    names = page.text(".wr-goals")
    assert "น้ำสะอาดและการสุขาภิบาล" in names and "ลดความเหลื่อมล้ำ" in names
    line = page.js(
        "const s = getComputedStyle(document.querySelector('.wr-goal-name'));"
        "return parseFloat(s.lineHeight) / parseFloat(s.fontSize);"
    )
    assert line >= 1.4
    # the credit line never covers the legend
    overlap = page.js(
        "const a = document.querySelector('#map-legend').getBoundingClientRect();"
        "const b = document.querySelector('#map-credit').getBoundingClientRect();"
        "return a.bottom > b.top + 1;"
    )
    assert not overlap
    if width in (1920, 3840):
        page.screenshot(f"chiang_mai_th_{width}x{height}")
        page.open("?lang=en")
        assert no_scrollbars(page) and clipped_on_tiles(page) == []
        counts = page.text(".wr-goals").split("\n")
        assert "1 indicator" in counts and "1 indicators" not in counts
        page.screenshot(f"national_en_{width}x{height}")


@pytest.mark.parametrize("screen", SCREENS, indirect=True, ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_bad_url_gets_a_message_not_an_error(screen):
    page, width, height = screen
    page.open("?area=TH99&period=%C2%B2&indicator=nope&lang=en")
    notice = page.wait(lambda: page.text("#map-url-notice"), what="notice")
    assert "No area with the code “TH99”" in notice and "Unknown indicator “nope”" in notice
    assert page.query()["area"] == "TH" and len(page.map_locations()) == 77
    assert no_scrollbars(page)
    if width == 1920:
        page.screenshot(f"bad_url_en_{width}x{height}")
    page.driver.get(page.base + "/no/such/page")
    page.wait(lambda: "Page not found" in page.text("#notfound"), what="not-found page")
    assert "ไม่พบหน้านี้" in page.text("#notfound") and no_scrollbars(page)
    page.driver.find_element("id", "notfound-back-th").click()
    page.wait_idle()
    assert page.text("h1") == "ห้องสถานการณ์ กระทรวงมหาดไทย"


def test_the_indicator_list_shows_several_options(page):
    page.open("?goal=context&indicator=dopa.population&lang=th")
    page.click("id", "map-indicator", what="indicator picker")

    def visible_options() -> int:
        return page.js(
            "return [...document.querySelectorAll('.dash-dropdown-content [role=option]')]"
            ".filter(o => { const r = o.getBoundingClientRect();"
            " const e = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);"
            " return r.height > 0 && e && o.contains(e); }).length"
        )

    # the list opens with an animation: wait for it to settle with several options in view
    page.wait(lambda: visible_options() >= 5, what="five or more options in view")
