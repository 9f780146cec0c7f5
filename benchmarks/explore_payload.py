"""Workspace payload benchmark: the tambon-level scatter (7,425 areas) and bivariate map,
against the national map's indicator switch, measured in Chromium in the same run.

Run: ``python benchmarks/explore_payload.py`` (build folder from ``WARROOM_BUILD_DIR``).
Prints ``name: value unit`` lines; see benchmarks/README.md.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from selenium.webdriver.common.by import By

sys.path.insert(0, str(Path(__file__).resolve().parent))
# The same probe, waits and report as the map benchmark, so the figures compare.
from map_payload import PROBE, SWITCH_TO, TAMBONS_URL, act, driver, load_settings, serve, wait_idle

from warroom.app import create_app

X, Y, Y2 = "tpmap.target_poor_rate", "tpmap.bmn22", "tpmap.bmn09"
EXPLORE_URL = f"/explore?x={X}&y={Y}&level=tambon&lang=th"


def pick(d, dropdown: str, value: str) -> str:
    """Choose ``value`` in a dcc.Dropdown, the way a user does."""
    d.find_element(By.ID, dropdown).click()
    option = d.find_element(
        By.CSS_SELECTOR, f'.dash-dropdown-content label:has(input[value="{value}"])'
    )
    d.execute_script("arguments[0].scrollIntoView({block: 'center'})", option)
    option.click()
    return ""


def open_page(d, url: str) -> str:
    d.get(url)
    wait_idle(d)
    return ""


def main() -> None:
    """The national map's switch at tambon level; the workspace's first view and Y switch."""
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    settings = load_settings()
    browser = driver()
    browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": PROBE})
    try:
        with serve(create_app(settings)) as url:
            open_page(browser, url + TAMBONS_URL)
            national = act(
                browser, "national_tambon_switch", lambda: pick(browser, "indicator", SWITCH_TO)
            )
            opened = act(
                browser,
                "explore_tambon_open",
                lambda: open_page(browser, url + EXPLORE_URL),
                geo=True,
            )
            points = browser.execute_script(
                "return document.querySelector('#ex-scatter .js-plotly-plot').data[0].x.length"
            )
            print(f"explore_scatter_points: {points}")
            switch = act(browser, "explore_tambon_y_switch", lambda: pick(browser, "ex-y", Y2))
    finally:
        browser.quit()
    for name, (size, ms) in (("open", opened), ("y_switch", switch)):
        print(f"explore_{name}_bytes_over_national_switch: {size / max(national[0], 1):.1f} x")
        print(f"explore_{name}_server_over_national_switch: {ms / max(national[1], 1e-9):.1f} x")


if __name__ == "__main__":
    main()
