"""Map payload benchmark: bytes and server time of the War Room map, measured in Chromium.

Run: ``python benchmarks/map_payload.py`` (build folder from ``WARROOM_BUILD_DIR``).
Prints one figure per line as ``name: value unit``; see benchmarks/README.md.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import dash
import plotly.graph_objects as go
from dash import Input, Output, dcc, html
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from werkzeug.serving import make_server

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from screenshot import driver

from warroom.app.components.map import offline_style
from warroom.build import build
from warroom.config import Settings
from warroom.store import Store
from warroom.web.static import add_static_routes
from warroom.web.timing import add_server_timing

START, SWITCH_TO, PERIOD = "tpmap.target_poor_rate", "tpmap.target_poor", 2018
TAMBONS_URL = f"/?indicator={START}&tambons=all&lang=th"
PROVINCES_URL = f"/?indicator={START}&lang=th"
CHIANG_MAI = (98.98, 18.79)  # lon, lat of Chiang Mai city, inside province TH50
# The server on a core of its own, the browser and this script on the other, as in production,
# where the browsers are other machines: on two cores shared with Chromium drawing the last
# answer, a server's milliseconds measure the browser as much as the server (the header's
# cpu figure, the server thread's own processor time, is printed beside them either way).
# BENCH_PIN=0 shares both cores.
SERVER_CORE, BROWSER_CORE = 1, 0
PIN = os.environ.get("BENCH_PIN", "1") != "0" and len(os.sched_getaffinity(0)) >= 2
# One worker: every callback of a switch is answered by the same process, as the switch back
# must be to find what the first switch computed (two workers may split them).
WORKERS = int(os.environ.get("BENCH_WORKERS", "1"))
# Injected before any page script: a large timing buffer, the output of every Dash callback
# request (to tell the map callback from the others) and a count of requests in flight.
PROBE = """
performance.setResourceTimingBufferSize(10000);
window.__calls = []; window.__inflight = 0;
const settle = () => { window.__inflight--; }, realFetch = window.fetch;
window.fetch = function (input, init) {
  let call = null;
  if (String(input).includes('/_dash-update-component') && typeof init?.body === 'string') {
    try { call = {t: performance.now(), output: JSON.parse(init.body).output, server: null}; }
    catch (e) {}
    if (call) window.__calls.push(call);
  }
  window.__inflight++;
  // The response's own Server-Timing tells which resource entry this call is, even when
  // several callbacks start in the same millisecond.
  return realFetch.apply(this, arguments).then(r => {
    const m = /app;dur=([0-9.]+)/.exec(r.headers.get('Server-Timing') || '');
    if (call && m) call.server = parseFloat(m[1]);
    return r;
  }).finally(settle);
};
const realSend = XMLHttpRequest.prototype.send;  // XHR too, for any library using it
XMLHttpRequest.prototype.send = function () {
  window.__inflight++;
  this.addEventListener('loadend', settle);
  return realSend.apply(this, arguments);
};
"""
ENTRIES = """
return [performance.getEntriesByType('resource').map(e => ({
  name: e.name, start: e.startTime, transfer: e.transferSize, decoded: e.decodedBodySize,
  status: e.responseStatus || 0,
  server: (e.serverTiming.find(s => s.name === 'app') || {duration: 0}).duration,
  cpu: (e.serverTiming.find(s => s.name === 'cpu') || {duration: 0}).duration})),
  window.__calls || []];
"""
BUSY = """
return [document.querySelectorAll('[data-dash-is-loading="true"], ._dash-loading').length
        + (window.__inflight || 0), performance.getEntriesByType('resource').length];
"""


def load_settings() -> Settings:
    """Settings from the environment; build the store first if it is missing."""
    settings = Settings()
    db = Path(settings.build_dir) / "warroom.sqlite"
    geo = Path(settings.geojson_dir) / "country" / "tambon.geojson"
    if (settings.database_url is None and not db.exists()) or not geo.exists():
        print(f"# no built store in {settings.build_dir}: building it", file=sys.stderr)
        build(settings)
    return settings


@contextmanager
def serve_production(settings: Settings, workers: int = WORKERS):
    """Serve the app as production does, ``warroom serve`` (gunicorn, ``workers`` processes
    of ``Settings.threads`` threads, set up before serving), in a process of its own; no
    hotspots computed ahead beside it. Yield its URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "WARROOM_BUILD_DIR": str(settings.build_dir),
        "WARROOM_PORT": str(port),
        "WARROOM_WORKERS": str(workers),
        "WARROOM_HOTSPOTS_AHEAD": "0",
    }
    command = [sys.executable, "-m", "warroom.cli", "serve"]
    proc = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=_server_core,
    )
    try:
        end = time.monotonic() + 300
        while time.monotonic() < end and proc.poll() is None:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(60)


@contextmanager
def serve(app: dash.Dash):
    """Serve a Dash app on a free port of 127.0.0.1 in a background thread; yield its URL."""
    server = make_server("127.0.0.1", 0, app.server, threaded=True)

    def run() -> None:  # its request threads inherit the core
        _server_core()
        server.serve_forever()

    threading.Thread(target=run, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()  # returns once serve_forever has stopped


def _server_core() -> None:
    """Run this process or thread (and what it starts) on the server's core, if pinning."""
    if PIN:
        os.sched_setaffinity(0, {SERVER_CORE})


def naive_app(settings: Settings, indicators: list[str]) -> dash.Dash:
    """The naive map: every callback returns a full figure with the tambon GeoJSON embedded."""
    geojson = json.loads((Path(settings.geojson_dir) / "country" / "tambon.geojson").read_text())
    store = Store(settings.db_url)
    app = dash.Dash(__name__, title="naive map")
    add_server_timing(app.server)
    # Flask-Compress exactly as the real app configures it (this also mounts /geo/, unused).
    add_static_routes(app.server, Path(settings.geojson_dir))
    picker = dcc.Dropdown(id="map-indicator", options=indicators, value=indicators[0])
    app.layout = html.Div([picker, dcc.Graph(id="map-graph", style={"height": "900px"})])

    @app.callback(Output("map-graph", "figure"), Input("map-indicator", "value"))
    def render(indicator):
        values = store.values(indicator, "tambon", PERIOD)
        fig = go.Figure(
            go.Choroplethmap(
                geojson=geojson, featureidkey="id", locations=values["code"], z=values["value"]
            )
        )
        centre = {"lat": 13.0, "lon": 101.0}
        return fig.update_layout(map={"style": offline_style(), "center": centre, "zoom": 4.6})

    return app


def wait_idle(d, quiet: float = 1.0, timeout: float = 180.0) -> None:
    """Wait until nothing is loading or in flight and no resource arrived for ``quiet`` s."""
    last, since, end = -1, time.monotonic(), time.monotonic() + timeout
    while time.monotonic() < end:
        busy, count = d.execute_script(BUSY)
        if busy or count != last:
            last, since = count, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return
        time.sleep(0.1)
    print(f"# WARNING: page still busy after {timeout:.0f} s")


def entries(d) -> list[dict]:
    """Resource entries since the last reset; callback requests get their ``output``."""
    found, calls = d.execute_script(ENTRIES)
    for e in found:
        e["output"] = ""
        if "/_dash-update-component" in e["name"] and calls:
            same = [
                c
                for c in calls
                if c["server"] is not None and abs(c["server"] - e["server"]) < 1e-3
            ]
            best = min(same or calls, key=lambda c: abs(c["t"] - e["start"]))
            calls.remove(best)
            e["output"] = best["output"]
    return found


def report(name: str, found: list[dict], geo: bool = False) -> tuple[int, float]:
    """Print bytes (callbacks, plus /geo/ if ``geo``) and the map callbacks' server ms."""
    counted = [
        e for e in found if "/_dash-update-component" in e["name"] or (geo and "/geo/" in e["name"])
    ]
    size = sum(e["transfer"] for e in counted)
    map_calls = [e for e in counted if "map-graph.figure" in e["output"]]
    print(f"{name}_bytes: {size} B")
    print(f"{name}_decoded_bytes: {sum(e['decoded'] for e in counted)} B")
    server_ms = sum(e["server"] for e in map_calls)
    print(f"{name}_server_ms: {server_ms:.1f} ms")
    print(f"{name}_server_cpu_ms: {sum(e['cpu'] for e in map_calls):.1f} ms")
    for e in counted:
        what = e["output"] or e["name"].split("/", 3)[-1]
        print(
            f"#   {e['transfer']:>8} B {e['server']:>7.1f} ms (cpu {e['cpu']:>6.1f})"
            f"  HTTP {e['status']}  {what[:60]}"
        )
    if not map_calls:
        print("# WARNING: no map callback among these requests")
    return size, server_ms


def check_message(d) -> None:
    """Print the app's error banner, if it shows one."""
    text = d.execute_script("return document.querySelector('.wr-message')?.innerText || ''")
    if text.strip():
        print(f"# WARNING: app message: {text.strip()[:200]}")


def pick(d, value: str) -> str:
    """Choose ``value`` in the ``#indicator`` dropdown, the way a user does."""
    d.find_element(By.ID, "map-indicator").click()
    option = f'.dash-dropdown-content label:has(input[value="{value}"])'
    # Under load the list may take a moment to open.
    WebDriverWait(d, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, option))
    d.find_element(By.CSS_SELECTOR, option).click()
    return ""


def click_chiang_mai(d) -> str:
    """Click Chiang Mai on the map (ranking row as fallback); return how it was clicked."""
    lon, lat = CHIANG_MAI
    target = d.execute_script(
        """const gd = document.querySelector('#map-graph .js-plotly-plot');
        const m = gd && gd._fullLayout.map && gd._fullLayout.map._subplot.map;
        if (!m) return null;
        const p = m.project(arguments[0]), r = m.getCanvas().getBoundingClientRect();
        return [m.getCanvas(), p.x - r.width / 2, p.y - r.height / 2];""",
        [lon, lat],
    )
    if target:
        canvas, dx, dy = target
        ActionChains(d).move_to_element_with_offset(canvas, round(dx), round(dy)).click().perform()
        wait_idle(d)
        if "area=TH50" in d.current_url:
            return "map click on Chiang Mai (TH50)"
    rows = d.find_elements(By.CSS_SELECTOR, "button.wr-rank-row")
    next(r for r in rows if "เชียงใหม่" in r.text).click()
    return "click on the ranking row of Chiang Mai (TH50)"


def act(d, name: str, do, geo: bool = False) -> tuple[int, float]:
    """Clear the timings, do one user action, wait until idle and report what it cost."""
    d.execute_script("performance.clearResourceTimings(); window.__calls = [];")
    how = do()
    wait_idle(d)
    check_message(d)
    if how:
        print(f"# {name} by {how}; URL now {d.current_url.split('?')[-1]}")
    return report(name, entries(d), geo=geo)


def first_load(d, url: str) -> None:
    """Open the nationwide tambon map in a fresh browser and print what it transferred."""
    d.get(url + TAMBONS_URL)
    wait_idle(d)
    check_message(d)
    nav = d.execute_script("return performance.getEntriesByType('navigation')[0].toJSON()")
    found = [{"transfer": nav["transferSize"], "decoded": nav["decodedBodySize"], "name": ""}]
    found += d.execute_script(ENTRIES)[0]
    print(f"first_load_bytes: {sum(e['transfer'] for e in found)} B")
    print(f"first_load_decoded_bytes: {sum(e['decoded'] for e in found)} B")
    print(
        f"first_load_geojson_bytes: {sum(e['transfer'] for e in found if '/geo/' in e['name'])} B"
    )


def measure_app(d, url: str) -> dict[str, tuple[int, float]]:
    """First load, indicator switch (and back, warm) and drill-down in the real app."""
    first_load(d, url)
    switch = act(d, "indicator_switch", lambda: pick(d, SWITCH_TO))
    back = act(d, "indicator_switch_back", lambda: pick(d, START))
    d.get(url + PROVINCES_URL)
    wait_idle(d)
    drill = act(d, "drilldown", lambda: click_chiang_mai(d), geo=True)
    return {"switch": switch, "back": back, "drill": drill}


def measure_naive(d, url: str) -> tuple[int, float]:
    """The indicator switch in the naive app."""
    d.get(url + "/")
    wait_idle(d)
    return act(d, "naive_indicator_switch", lambda: pick(d, SWITCH_TO))


def main() -> None:
    """Run every measurement and print the figures and the targets."""
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    settings = load_settings()
    if PIN:  # this thread, and Chromium started from it, on the browser's core
        os.sched_setaffinity(0, {BROWSER_CORE})
        print(
            f"# server pinned to core {SERVER_CORE}, Chromium and this script to core "
            f"{BROWSER_CORE} (BENCH_PIN=0: shared)"
        )
    else:
        print("# server, Chromium and this script share every core")
    browser = driver()
    browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": PROBE})
    try:
        # Ours as production serves it, in a process of its own (the benchmark's Selenium
        # calls never hold the server's interpreter lock); the naive app in-process.
        print(
            f"# ours served by `warroom serve`: gunicorn, {WORKERS} worker(s) of "
            f"{settings.threads} threads; the naive app by werkzeug in this process"
        )
        with serve_production(settings) as url:
            ours = measure_app(browser, url)
        with serve(naive_app(settings, [START, SWITCH_TO])) as url:
            naive = measure_naive(browser, url)
    finally:
        browser.quit()
    (switch, switch_ms), (drill, _) = ours["switch"], ours["drill"]
    ratio = naive[0] / switch if switch else float("inf")
    print(f"bytes_ratio_naive_over_ours: {ratio:.2f} x")
    print("# targets (1 KB = 1000 B):")
    for label, met in [
        ("indicator_switch_bytes <= 60 KB", switch <= 60_000),
        ("indicator_switch_server_ms <= 20 ms", switch_ms <= 20),
        ("indicator_switch_back_server_ms <= 5 ms", ours["back"][1] <= 5),
        ("drilldown_bytes <= 200 KB", drill <= 200_000),
        ("bytes_ratio_naive_over_ours >= 20x", ratio >= 20),
    ]:
        print(f"#   {label}: {'met' if met else 'NOT met'}")


if __name__ == "__main__":
    print(f"# load average at start: {os.getloadavg()[0]:.2f}")
    main()
    print(f"# load average at end: {os.getloadavg()[0]:.2f}")
