"""A live War Room on a free local port, and headless Debian Chromium to drive it."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from werkzeug.serving import make_server

from warroom.app import create_app

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"

# Every text node a reader sees (the charts' SVG text too) whose type is under the size given:
# [its font size, its parent's class, its first characters]. Hidden nodes (no box, hidden,
# transparent) are left out.
SMALL_TEXT_JS = """
const limit = arguments[0], small = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let n = walker.nextNode(); n; n = walker.nextNode()) {
  const el = n.parentElement;
  if (!n.data.trim() || !el || el.closest('script, style, title')) continue;
  const range = document.createRange();
  range.selectNodeContents(n);
  if (![...range.getClientRects()].some(r => r.width && r.height)) continue;
  const s = getComputedStyle(el);
  if (s.visibility === 'hidden' || parseFloat(s.opacity) === 0) continue;
  const size = parseFloat(s.fontSize);
  const cls = String(el.className.baseVal ?? el.className);
  if (size < limit) small.push([size, cls, n.data.trim().slice(0, 30)]);
}
return small;
"""


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def live_url(built):
    """Serve the app from the session's build on 127.0.0.1 in a background thread."""
    settings, _ = built
    server = make_server("127.0.0.1", 0, create_app(settings).server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the session, at a wall screen's 1920 x 1080."""
    if not (shutil.which("chromium") and shutil.which("chromedriver")):
        pytest.fail("chromium and chromium-driver are missing: run scripts/install-browser.sh")
    from scripts.chromium import headless_chromium

    driver = headless_chromium(1920, 1080)
    yield driver
    driver.quit()


class Page:
    """Small helpers over Selenium for this app."""

    def __init__(self, driver, base: str):
        self.driver, self.base = driver, base

    def open(self, query: str = "") -> Page:
        self.driver.get(self.base + "/" + query)
        self.wait_idle()
        return self

    def js(self, script: str, *args):
        return self.driver.execute_script(script, *args)

    def wait(self, condition, timeout: float = 20.0, what: str = "condition"):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                result = condition()
            except Exception:
                result = None
            if result:
                return result
            time.sleep(0.1)
        # What the page showed: its text and a screenshot (a fault, or a slow machine?).
        shot = self.screenshot("timeout-" + "".join(c if c.isalnum() else "-" for c in what))
        try:
            shown = self.driver.execute_script("return document.body.innerText")[:400]
        except Exception:
            shown = "(no page text)"
        raise AssertionError(
            f"timed out waiting for {what}; url={self.driver.current_url}; "
            f"page text: {shown!r}; screenshot: {shot}"
        )

    def wait_idle(self):
        """Wait until the map has data, the legend is drawn and no callback is running."""
        self.wait(
            lambda: self.js(
                "const gd = document.querySelector('#map-graph .js-plotly-plot');"
                "return gd && gd.data && gd.data.length === 3 && gd._fullLayout.map"
                " && document.querySelectorAll('.wr-legend-row').length > 0"
                " && !document.querySelector('[data-dash-is-loading=\"true\"]');"
            ),
            what="idle app",
        )
        time.sleep(0.3)

    def click(self, by: str, selector: str, what: str = "element"):
        """Click an element, finding it again if a re-render replaced it meanwhile."""

        def attempt():
            self.driver.find_element(by, selector).click()
            return True

        self.wait(attempt, what=f"clickable {what}")

    def choose(self, dropdown_id: str, text: str) -> None:
        """Open a dropdown and choose the option showing ``text``, opening it again if the
        list was redrawn.

        The options arrive from a callback; a list opened before they arrive, or redrawn
        while they arrive, closes with nothing in it, as a user would see and click again.
        """
        last_click = [0.0]

        def option():
            found = [
                o
                for o in self.driver.find_elements(By.CSS_SELECTOR, "[role=option]")
                if text in o.text
            ]
            if found:
                return found[0]
            if time.monotonic() - last_click[0] > 2:
                self.driver.find_element(By.ID, dropdown_id).click()
                last_click[0] = time.monotonic()
            return None

        self.wait(option, what=f"option {text}").click()

    def text(self, css: str) -> str:
        return self.js("return document.querySelector(arguments[0])?.innerText || ''", css)

    def query(self) -> dict:
        from urllib.parse import parse_qs, urlparse

        return {k: v[-1] for k, v in parse_qs(urlparse(self.driver.current_url).query).items()}

    def map_locations(self) -> list[str]:
        return self.js(
            "const gd = document.querySelector('#map-graph .js-plotly-plot');"
            "return gd.data[0].locations.concat(gd.data[1].locations);"
        )

    def small_text(self, limit: float = 11.0) -> list:
        """Visible text under ``limit`` px: [size, class, text] of each node (none is good)."""
        return self.js(SMALL_TEXT_JS, limit)

    @contextmanager
    def viewport(self, width: int, height: int) -> Iterator[None]:
        """The viewport at exactly ``width`` x ``height`` (back to 1920 x 1080 after)."""
        from scripts.chromium import set_viewport

        set_viewport(self.driver, width, height)
        try:
            yield
        finally:
            set_viewport(self.driver, 1920, 1080)

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.driver.save_screenshot(str(path))
        return path


@pytest.fixture
def page(chromium, live_url) -> Page:
    return Page(chromium, live_url)
