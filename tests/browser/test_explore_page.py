"""The analyst's workspace in headless Chromium: two indicators, a lasso, exports, tabs."""

from __future__ import annotations

import re
import time
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

from scripts.chromium import headless_chromium
from tests.browser.conftest import SCREENSHOTS, Page

STATS = re.compile(r"r = (-?\d\.\d\d) .* ρ = (-?\d\.\d\d) .* n = ([\d,]+)")


class Explore(Page):
    def open_explore(self, query: str, *, pair: bool = True) -> Explore:
        self.driver.get(f"{self.base}/explore{query}")
        if pair:
            self.wait_drawn()
        return self

    def count(self, graph: str, expression: str):
        return self.js(f"return document.querySelector('#{graph} .js-plotly-plot').{expression}")

    def wait_drawn(self, what: str = "scatter, maps and legends"):
        self.wait(
            lambda: self.js(
                "const s = document.querySelector('#ex-scatter .js-plotly-plot');"
                "const m = document.querySelector('#ex-bimap .js-plotly-plot');"
                "return s && s.data && s.data.length && m && m.data && m.data[0].locations"
                " && document.querySelectorAll('#ex-xlegend .wr-legend-row').length"
                " && document.querySelector('.ex-bi-grid')"
                " && !document.querySelector('[data-dash-is-loading=\"true\"]');"
            ),
            what=what,
        )
        time.sleep(0.5)

    def stats(self) -> tuple[float, float, int]:
        r, rho, n = STATS.search(self.text("#ex-stats")).groups()
        return float(r), float(rho), int(n.replace(",", ""))

    def download(self, button: str, folder: Path, suffix: str) -> Path:
        before = set(folder.glob(f"*{suffix}"))
        self.click(By.ID, button, button)
        found = self.wait(
            lambda: [p for p in set(folder.glob(f"*{suffix}")) - before if p.stat().st_size],
            timeout=120,
            what=f"download of {suffix}",
        )
        time.sleep(0.3)
        return found[0]


@pytest.fixture
def explore(chromium, live_url, tmp_path) -> Explore:
    chromium.execute_cdp_cmd(
        "Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)}
    )
    return Explore(chromium, live_url)


def test_two_indicators_lasso_and_exports(explore, tmp_path):
    page = explore.open_explore(
        "?x=tpmap.target_poor_rate&y=dopa.population_density&level=province&lang=th"
    )
    # Pick the second indicator with the dropdown, as a user does.
    page.click(By.ID, "ex-y", "y picker")
    time.sleep(0.3)
    page.driver.switch_to.active_element.send_keys("PM2.5")
    option = page.wait(
        lambda: next(
            o
            for o in page.driver.find_elements(By.CSS_SELECTOR, "[role=listbox] [role=option]")
            if "PM2.5" in o.text
        ),
        what="the PM2.5 option",
    )
    option.click()
    page.wait(lambda: page.query().get("y") == "pm25.annual_mean", what="y in the URL")
    page.wait_drawn("the new pair")
    assert page.query()["x"] == "tpmap.target_poor_rate" and page.query()["level"] == "province"
    r, rho, n = page.stats()
    assert 60 <= n <= 77

    # The correlation on screen is the one pandas finds in the exported table.
    csv = page.download("ex-dl-csv", tmp_path, ".csv")
    table = pd.read_csv(csv, encoding="utf-8-sig")
    x_col, y_col = table.columns[3], table.columns[4]
    assert x_col.startswith("tpmap.target_poor_rate (") and y_col.startswith("pm25.annual_mean (")
    both = table.dropna(subset=[x_col, y_col])
    assert len(both) == n
    assert r == pytest.approx(both[x_col].corr(both[y_col]), abs=0.005)
    assert rho == pytest.approx(both[x_col].corr(both[y_col], method="spearman"), abs=0.005)

    # Lasso some points: they are outlined on all three maps and highlighted in the scatter.
    drag = page.driver.find_element(By.CSS_SELECTOR, "#ex-scatter .nsewdrag")
    w, h = drag.size["width"], drag.size["height"]
    chain = ActionChains(page.driver).move_to_element_with_offset(drag, -w // 2 + 4, -h // 2 + 4)
    chain.click_and_hold()
    for dx, dy in ((w // 3, 0), (0, h - 8), (-w // 3, 0), (0, -(h - 8))):
        chain.move_by_offset(dx, dy)
    chain.release().perform()
    chosen = page.wait(
        lambda: page.js(
            "const g = document.querySelector('#ex-bimap .js-plotly-plot');"
            "return g.data[2].locations.length"
        ),
        what="selection on the map",
    )
    assert 0 < chosen < n
    for graph in ("ex-xmap", "ex-ymap"):
        assert page.count(graph, "data[2].locations.length") == chosen
    assert page.count("ex-scatter", "data[0].selectedpoints.length") == chosen
    assert str(chosen) in page.text("#ex-selected")
    page.screenshot("explore-lasso-th")

    # XLSX of what is shown: Thai names intact, a metadata sheet that says PM2.5 is modelled.
    xlsx = page.download("ex-dl-xlsx", tmp_path, ".xlsx")
    book = openpyxl.load_workbook(xlsx)
    assert book.sheetnames == ["data", "metadata"]
    names = [row[1] for row in book["data"].iter_rows(min_row=2, values_only=True)]
    assert "เชียงใหม่" in names
    meta = {row[1]: row for row in book["metadata"].iter_rows(min_row=2, values_only=True)}
    assert meta["pm25.annual_mean"][-1] is True  # modelled

    html = page.download("ex-dl-html", tmp_path, ".html")
    assert "Leaflet 1.9" in html.read_text(encoding="utf-8")


def test_compare_and_coverage_tabs(explore):
    page = explore.open_explore("?tab=compare&areas=TH50,TH57,TH5001&goal=1&lang=en", pair=False)
    page.wait(
        lambda: page.js("return document.querySelectorAll('.ex-compare-table tbody tr').length"),
        what="table",
    )
    header = page.text(".ex-compare-table thead")
    for name in ("Chiang Mai", "Chiang Rai", "Mueang Chiang Mai", "Thailand"):
        assert name in header
    rows = page.text(".ex-compare-table tbody")
    assert "Target poor rate" in rows and "2018" in rows
    page.click(
        By.XPATH, "//div[contains(@class,'tab')][normalize-space()='Coverage']", "coverage tab"
    )
    page.wait(lambda: page.query().get("tab") == "coverage", what="tab in the URL")
    page.wait(lambda: page.count("ex-covmap", "data[0].locations.length"), what="coverage map")
    matrix = page.js("return document.querySelector('#ex-coverage-matrix .js-plotly-plot').data[0]")
    # goal 1: TPMAP 2561 (2018) and NESDC's poverty by province and sex, 2549-2554 (2006-2011)
    assert len(matrix["y"]) >= 5
    assert matrix["x"] == [str(year) for year in (*range(2006, 2012), 2018)]
    assert "Years with data" in page.text("#ex-covmap-title")


def test_screenshots_for_the_docs(live_url):
    """The workspace at 1920 x 1080 and 3840 x 2160, in Thai (docs/ holds the ones looked at)."""
    query = "/explore?x=tpmap.target_poor_rate&y=pm25.annual_mean&level=province&lang=th"
    for width, height, out in (
        (1920, 1080, "screenshot-explore-th.png"),
        (3840, 2160, "screenshot-explore-th-4k.png"),
    ):
        driver = headless_chromium(width, height)
        try:
            page = Explore(driver, live_url)
            driver.get(live_url + query)
            page.wait_drawn()
            overflow = page.js(
                "return [document.documentElement.scrollWidth > innerWidth,"
                " document.documentElement.scrollHeight > innerHeight]"
            )
            assert overflow == [False, False]  # no page scrollbars
            SCREENSHOTS.mkdir(exist_ok=True)
            driver.save_screenshot(str(SCREENSHOTS / out))
        finally:
            driver.quit()


def test_every_export_of_the_compare_tab_downloads_the_compared_areas(explore, tmp_path):
    """The compare tab's "PNG map" produced nothing and no message (a TypeError in the log);
    its GeoJSON held all 77 provinces (issue 25)."""
    import json

    page = explore.open_explore("?tab=compare&areas=TH50,TH57&goal=1&lang=th", pair=False)
    page.wait(
        lambda: page.js("return document.querySelectorAll('.ex-compare-table tbody tr').length"),
        what="table",
    )
    png = page.download("ex-dl-png-map", tmp_path, "-map.png")
    assert png.read_bytes().startswith(b"\x89PNG")
    shape = page.download("ex-dl-geojson", tmp_path, ".geojson")
    collection = json.loads(shape.read_text(encoding="utf-8"))
    assert sorted(f["id"] for f in collection["features"]) == ["TH50", "TH57"]
    assert collection["metadata"][0]["unit"] and collection["metadata"][0]["source_th"]
    table = pd.read_csv(page.download("ex-dl-csv", tmp_path, ".csv"), encoding="utf-8-sig")
    assert "เชียงใหม่ (TH50)" in table.columns and "unit" in table.columns
    book = openpyxl.load_workbook(page.download("ex-dl-xlsx", tmp_path, ".xlsx"))
    assert book["metadata"].max_row > 1
    assert not page.js("return document.querySelector('.wr-message')?.innerText")


def test_a_year_slider_plays_x_on_its_map_and_a_tab_lists_years(explore):
    """Issue 25, item 9: the workspace had no time dimension."""
    page = explore.open_explore("?x=pm25.annual_mean&y=tpmap.target_poor_rate&lang=en")
    first = page.query().get("xperiod")
    marks = page.js(
        "return [...document.querySelectorAll('#ex-xslider .dash-slider-mark')]"
        ".map(e => e.innerText)"
    )
    assert len(marks) >= 3 and "2021" in marks
    page.click(By.ID, "ex-play", "play")
    page.wait(lambda: page.query().get("xperiod") != first, timeout=30, what="the next year")
    page.wait_drawn("the map of the next year")
    shown = page.query()["xperiod"]
    assert shown in page.text("#ex-xmap-title")
    page.click(By.ID, "ex-play", "pause")
    time.sleep(3)
    paused = page.query()["xperiod"]
    time.sleep(3)
    assert page.query()["xperiod"] == paused
    page.click(By.XPATH, "//div[contains(@class,'tab')][normalize-space()='By year']", "years tab")
    page.wait(lambda: page.query().get("tab") == "years", what="tab in the URL")
    table = page.wait(lambda: page.text("#ex-years-table"), what="the years table")
    assert "2018" in table and "2021" in table and "µg/m³" in table
    page.screenshot("explore-years-en")


@pytest.mark.parametrize("lang", ["th", "en"])
def test_a_laptop_reads_every_tab(explore, lang):
    """1366 x 768: no type under 11 px on any tab (the buttons, legends, sources and the
    scatter's ticks were 9 to 10.8 px), and no page scrollbar (issue 25, item 8)."""
    page = explore
    tabs = {
        "pair": "#ex-stats",
        "compare": ".ex-compare-table tbody tr",
        "coverage": "#ex-covmap .js-plotly-plot",
        "years": "#ex-years-table table",
    }
    with page.viewport(1366, 768):
        for tab, drawn in tabs.items():
            page.open_explore(f"?tab={tab}&areas=TH50,TH57,TH5001&lang={lang}", pair=tab == "pair")
            page.wait(
                lambda drawn=drawn: page.js("return document.querySelector(arguments[0])", drawn),
                what=f"the {tab} tab",
            )
            page.wait(
                lambda: (
                    not page.js("return document.querySelector('[data-dash-is-loading=\"true\"]')")
                ),
                what="callbacks done",
            )
            time.sleep(0.5)
            assert page.small_text(11) == [], tab
            assert page.js(
                "return document.documentElement.scrollHeight <= innerHeight"
                " && document.documentElement.scrollWidth <= innerWidth"
            ), tab
            page.screenshot(f"explore-{tab}-{lang}-1366")
