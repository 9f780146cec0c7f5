"""Every page renders under `warroom serve` (gunicorn) with the production headers: no
Content-Security-Policy violation, no script error, downloads and the PDF brief still work."""

from __future__ import annotations

import time
import urllib.request

import pytest

from tests.instances import Instance

# Recorded in each page before any of its scripts run.
LISTEN = (
    "window.__csp = [];"
    "document.addEventListener('securitypolicyviolation', e =>"
    " window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
)
IDLE = "!document.querySelector('[data-dash-is-loading=\"true\"]')"
PLOT = "(id => { const g = document.querySelector(id + ' .js-plotly-plot');"
PLOT += " return !!(g && g.data && g.data.length); })"
# Each page, and what shows it is drawn (maps drawn by MapLibre in its blob: workers).
PAGES = {
    "/?indicator=tpmap.target_poor_rate&area=TH50&lang=th": f"{PLOT}('#map-graph')"
    " && document.querySelector('#map-graph canvas')"
    " && document.querySelectorAll('.wr-legend-row').length > 0",
    "/province/TH50?lang=th": "document.querySelectorAll('.gov-tile').length === 17"
    f" && {PLOT}('#prov-peers') && document.querySelector('#prov-hotmap .js-plotly-plot')",
    "/district/TH5001?lang=en": "document.querySelectorAll('.gov-tile').length === 17",
    "/wall?lang=th": "window.wallStats && window.wallStats().shown >= 1"
    " && document.querySelector('#wall-map canvas')",
    "/explore?x=tpmap.target_poor_rate&y=pm25.annual_mean&level=province&lang=en": (
        f"{PLOT}('#ex-scatter') && {PLOT}('#ex-bimap')"
    ),
    "/upload?lang=en": "document.body.innerText.includes('One Data')",
    "/signin": "document.querySelector('main.wr-signin') && document.styleSheets.length",
}
PDF_VIEWER = "chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/"


@pytest.fixture(scope="module")
def production(built, tmp_path_factory):
    """`warroom serve` on the session's build as deployed behind HTTPS (Secure cookie, HSTS)."""
    log = tmp_path_factory.mktemp("production") / "serve.log"
    env = {"WARROOM_BUILD_DIR": str(built[0].build_dir), "WARROOM_HTTPS": "1"}
    instance = Instance(env, log, workers=1, threads=8)
    try:
        yield instance.wait_ready()
    finally:
        instance.stop()


def _wait(driver, condition: str, what: str, timeout: float = 90) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if driver.execute_script(f"return !!({condition})"):
                return
        except Exception:
            pass
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def _downloaded(folder, before: set, suffix: str):
    end = time.monotonic() + 120
    while time.monotonic() < end:
        done = [p for p in set(folder.glob(f"*{suffix}")) - before if p.stat().st_size]
        if done:
            return done[0]
        time.sleep(0.2)
    raise AssertionError(f"no {suffix} downloaded")


def test_every_page_renders_under_the_production_headers(production, chromium, tmp_path):
    with urllib.request.urlopen(production.url + "/wall") as response:
        headers = response.headers
    policy = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "script-src 'self' 'sha256-" in policy
    assert "worker-src 'self' blob:" in policy and "'unsafe-eval'" not in policy
    assert headers["X-Frame-Options"] == "DENY" and headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Strict-Transport-Security"].startswith("max-age=")
    assert headers["Server"] == "gunicorn"

    driver = chromium
    script = driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": LISTEN})
    driver.execute_cdp_cmd(
        "Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)}
    )
    driver.get_log("browser")  # forget what earlier tests left
    problems: dict[str, list] = {}

    def check(name: str) -> None:
        found = driver.execute_script("return window.__csp || []") + [
            entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"
        ]
        if found:
            problems[name] = found

    try:
        for path, drawn in PAGES.items():
            driver.get(production.url + path)
            _wait(driver, f"({drawn}) && {IDLE}", path)
            time.sleep(1)  # callbacks and workers started by the first draw
            if path.startswith("/province"):
                brief = driver.execute_script(
                    "return document.getElementById('prov-brief-link').href"
                )
            if path.startswith("/explore"):  # downloads through dcc.Download (blob: URLs)
                for button, suffix in (("ex-dl-csv", ".csv"), ("ex-dl-png-map", ".png")):
                    before = set(tmp_path.glob(f"*{suffix}"))
                    driver.find_element("id", button).click()
                    assert _downloaded(tmp_path, before, suffix).stat().st_size > 1000
            check(path)

        driver.get(brief)  # the PDF brief opens in Chromium's viewer, not blocked or blank
        end = time.monotonic() + 60
        while time.monotonic() < end:
            targets = driver.execute_cdp_cmd("Target.getTargets", {})["targetInfos"]
            if any(t["url"].startswith(PDF_VIEWER) for t in targets):
                break
            time.sleep(0.2)
        else:
            raise AssertionError("the PDF viewer did not open the brief")
        check(brief)
    finally:
        driver.execute_cdp_cmd(
            "Page.removeScriptToEvaluateOnNewDocument", {"identifier": script["identifier"]}
        )
    assert problems == {}
