"""Headless Debian Chromium for the browser tests, screenshots and benchmarks (a tool)."""

from __future__ import annotations

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
HEADLESS_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-dev-shm-usage",
)


def headless_chromium(width: int = 1920, height: int = 1080) -> webdriver.Chrome:
    """Chromium under ChromeDriver with a viewport of exactly ``width`` x ``height``."""
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in HEADLESS_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--window-size={width},{height}")
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    set_viewport(driver, width, height)
    return driver


def set_viewport(driver: webdriver.Chrome, width: int, height: int) -> None:
    """The viewport itself, not the window, at exactly ``width`` x ``height`` (a wall screen
    has no browser chrome), through CDP's Emulation.setDeviceMetricsOverride."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
    )


def wait_for(driver: webdriver.Chrome, condition, timeout: float = 20.0, what: str = "condition"):
    """Poll ``condition(driver)`` until it returns something truthy; that value."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    # A page mid-render throws (stale elements, a plot not drawn yet): try again.
    wait = WebDriverWait(driver, timeout, 0.1, ignored_exceptions=(WebDriverException,))
    return wait.until(condition, message=f"timed out waiting for {what}")


def choose(driver: webdriver.Chrome, dropdown_id: str, option_text: str) -> None:
    """Open the dcc.Dropdown ``dropdown_id`` and click the option reading ``option_text``."""
    from selenium.webdriver.common.by import By

    driver.find_element(By.ID, dropdown_id).click()
    option = wait_for(
        driver,
        lambda d: next(
            (
                o
                for o in d.find_elements(By.CSS_SELECTOR, "[role=listbox] [role=option]")
                if o.text.strip() == option_text
            ),
            None,
        ),
        what=f"option {option_text!r}",
    )
    option.click()


MAP_AT_REST = (
    "const gd = document.querySelector('#map-graph .js-plotly-plot');"
    "const m = gd && gd._fullLayout.map && gd._fullLayout.map._subplot.map;"
    "return Boolean(m && m.loaded() && !m.isMoving());"
)


def click_map_at(driver: webdriver.Chrome, lon: float, lat: float) -> None:
    """A real mouse click on the map page's map where (lon, lat) is drawn."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    gd = driver.find_element(By.CSS_SELECTOR, "#map-graph .js-plotly-plot")
    # The map may still be fitting itself to its box: project only once it stands still.
    wait_for(driver, lambda d: d.execute_script(MAP_AT_REST), what="map at rest")
    x, y, w, h = driver.execute_script(
        "const gd = document.querySelector('#map-graph .js-plotly-plot');"
        "const p = gd._fullLayout.map._subplot.map.project([arguments[0], arguments[1]]);"
        "return [p.x, p.y, gd.clientWidth, gd.clientHeight];",
        lon,
        lat,
    )
    ActionChains(driver).move_to_element_with_offset(
        gd, int(x - w / 2), int(y - h / 2)
    ).click().perform()
