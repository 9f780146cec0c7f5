"""Take a screenshot of a running War Room in headless Chromium: screenshot.py URL OUT.png [W H]."""

from __future__ import annotations

import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

HEADLESS_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def driver(width: int = 1920, height: int = 1080) -> webdriver.Chrome:
    """Debian's Chromium under ChromeDriver, headless, at a fixed window size."""
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in HEADLESS_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--window-size={width},{height}")
    d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    # The viewport itself, not the window, must be width x height (a wall screen has no chrome).
    d.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
    )
    return d


if __name__ == "__main__":
    url, out = sys.argv[1], sys.argv[2]
    w, h = (int(sys.argv[3]), int(sys.argv[4])) if len(sys.argv) > 4 else (1920, 1080)
    d = driver(w, h)
    try:
        d.get(url)
        time.sleep(float(sys.argv[5]) if len(sys.argv) > 5 else 6)
        d.save_screenshot(out)
        logs = d.execute_script("return document.querySelector('.wr-message')?.innerText")
        print("message:", logs)
    finally:
        d.quit()
