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


def export_offline_map(settings, monkeypatch, folder, indicator: str, args: list[str]):
    """The offline map of ``indicator`` exported by the CLI from ``settings``' build."""
    monkeypatch.setenv("WARROOM_BUILD_DIR", str(settings.build_dir))
    monkeypatch.delenv("WARROOM_TILE_URL", raising=False)
    get_settings.cache_clear()
    out = folder / "map.html"
    result = CliRunner().invoke(
        app,
        ["export", "map", "--indicator", indicator, *args, "--format", "html",
         "--output", str(out)],
    )  # fmt: skip
    get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    return out


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
    out = export_offline_map(built[0], monkeypatch, tmp_path, "tpmap.target_poor_rate", args)

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


MARKUP = "<img src=x onerror=\"document.body.dataset.ran='{}'\">"


def test_text_on_the_offline_map_is_shown_never_run(built, monkeypatch, tmp_path, offline_chromium):
    """Issue 23 item 4: Folium's hover set the unit as HTML, so an injected ``<img>`` ran
    (and fetched a local listener). Every text reaching the file is escaped now."""
    from tests.helpers import store_with_indicator
    from warroom.intake.declare import IndicatorSpec

    spec = IndicatorSpec.model_validate(
        {
            "id": "moi.markup",
            "name_th": "ชื่อ " + MARKUP.format("title") + "</script><script>x=1</script>",
            "name_en": "Name",
            "unit": "people",
            "unit_th": MARKUP.format("unit"),
            "direction": "neutral",
            "rollup": "sum",
            "sdg": "3",
            "source": MARKUP.format("source"),
        }
    )
    table = "จังหวัด,ปี,จำนวน\nเชียงใหม่,2566,100\nลำพูน,2566,50\nลำปาง,2566,70\n"
    settings = store_with_indicator(built[0], tmp_path, spec, table, "markup.csv")
    args = ["--level", "province", "--lang", "th"]
    out = export_offline_map(settings, monkeypatch, tmp_path, spec.id, args)

    driver = offline_chromium
    driver.get(out.as_uri())
    paths = driver.find_elements(By.CSS_SELECTOR, "path.leaflet-interactive")
    assert len(paths) == 77  # the page still draws: the name did not close its script
    shown = [p for p in paths if p.get_attribute("fill") != paths[0].get_attribute("fill")]
    ActionChains(driver).move_to_element((shown or paths)[0]).perform()
    tooltip = driver.find_element(By.CSS_SELECTOR, ".leaflet-tooltip")
    assert "<img" in "".join(driver.find_element(By.ID, "wr-legend").text.split("\n"))
    assert driver.find_elements(By.CSS_SELECTOR, ".leaflet-tooltip img, #wr-title img") == []
    assert driver.find_elements(By.CSS_SELECTOR, "#wr-legend img") == []
    assert driver.execute_script("return document.body.dataset.ran") is None  # nothing ran
    assert driver.title.startswith(spec.name_th)  # the title as written, as text
    assert "<img" in driver.find_element(By.ID, "wr-title").text
    assert tooltip.text  # the hover shows, with the unit as text where there is a value
    urls = requested_urls(driver)
    assert all(u.startswith(("file:", "data:")) for u in urls), urls  # nothing fetched
