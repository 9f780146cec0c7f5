"""The Folium map export opened from file:// in headless Chromium with the network off."""

from __future__ import annotations

import json

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from typer.testing import CliRunner

from scripts.chromium import CHROMEDRIVER, CHROMIUM, HEADLESS_FLAGS
from tests.browser.conftest import SCREENSHOTS
from warroom.cli import app
from warroom.config import get_settings


@pytest.fixture
def offline_chromium():
    """Chromium that logs every request and has its network emulated as offline."""
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in HEADLESS_FLAGS:
        options.add_argument(flag)
    options.add_argument("--window-size=1920,1080")
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd(
        "Network.emulateNetworkConditions",
        {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    yield driver
    driver.quit()


def requested_urls(driver) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


@pytest.mark.parametrize(
    ("args", "areas", "name"),
    [
        (["--level", "province"], 77, "offline-map-province-th"),
        (["--level", "district", "--area", "TH50", "--lang", "en"], 25, "offline-map-cm-en"),
    ],
)
def test_offline_map_draws_every_area_without_network(
    built, monkeypatch, tmp_path, offline_chromium, args, areas, name
):
    settings, _ = built
    monkeypatch.setenv("WARROOM_BUILD_DIR", str(settings.build_dir))
    monkeypatch.delenv("WARROOM_TILE_URL", raising=False)
    get_settings.cache_clear()
    out = tmp_path / "map.html"
    result = CliRunner().invoke(
        app,
        ["export", "map", "--indicator", "tpmap.target_poor_rate", *args,
         "--format", "html", "--output", str(out)],
    )  # fmt: skip
    get_settings.cache_clear()
    assert result.exit_code == 0, result.output

    driver = offline_chromium
    driver.get(out.as_uri())
    paths = driver.find_elements(By.CSS_SELECTOR, "path.leaflet-interactive")
    assert len(paths) == areas  # every area drawn (SVG: one path each)
    legend = driver.find_element(By.ID, "wr-legend").text
    assert legend.count("%") >= 5 and ("OCHA HDX" in legend)
    ActionChains(driver).move_to_element(paths[len(paths) // 2]).perform()
    tooltip = driver.find_element(By.CSS_SELECTOR, ".leaflet-tooltip").text
    assert "%" in tooltip and len(tooltip.splitlines()) >= 3  # Thai name, English name, value
    SCREENSHOTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(SCREENSHOTS / f"{name}.png"))
    urls = requested_urls(driver)
    assert urls and all(u.startswith(("file:", "data:")) for u in urls), urls
