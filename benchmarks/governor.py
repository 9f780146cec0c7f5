"""Governor's page benchmark: hotspot computation and the page's server time.

Run: ``python benchmarks/governor.py`` (build folder from ``WARROOM_BUILD_DIR``, or ``build/``).
Prints one figure per line as ``name: value unit``:

- hotspots: queen contiguity of all 7,425 tambons built from the boundaries (the naive way,
  every time) against read from the cache; esda's one-time compilation; Local Moran's I with
  999 permutations over every tambon with a value, for three indicators.
- page: server time of ``/province/TH50`` (every Dash request the page makes, summed from the
  ``Server-Timing`` headers) on first and second load, against the national map's in the same
  run, in headless Chromium.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

from werkzeug.serving import make_server

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from screenshot import driver

from warroom.analysis import hotspots as hs
from warroom.analysis.area import HotspotService
from warroom.app import create_app
from warroom.app.data import AppData
from warroom.config import get_settings
from warroom.store import Store

INDICATORS = ("tpmap.target_poor_rate", "tpmap.bmn09", "tpmap.dim.education_rate")
PAGES = {
    "national map": "/?indicator=tpmap.target_poor_rate&lang=th",
    "province TH50": "/province/TH50?lang=th",
}
SERVER_MS = """
return performance.getEntriesByType('resource')
  .filter(e => e.name.includes('/_dash-'))
  .map(e => (e.serverTiming.find(s => s.name === 'app') || {duration: 0}).duration)
  .reduce((a, b) => a + b, 0);
"""


def _time(fn) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def hotspots(settings) -> None:
    """Contiguity (built vs cached), compilation, and Local Moran's I for three indicators."""
    data = AppData(Store.open(settings.db_url)).warm()
    geometry = Path(settings.geometry_dir) / "areas.parquet"
    cache = Path(tempfile.mkdtemp(prefix="warroom-bench-"))
    try:
        built, w = _time(lambda: hs.load_weights(geometry, level="tambon", cache_dir=cache))
        cached, _ = _time(lambda: hs.load_weights(geometry, level="tambon", cache_dir=cache))
        print(f"hotspots contiguity built from boundaries ({w.n} tambons): {built:.2f} s")
        print(f"hotspots contiguity read from cache: {cached:.2f} s")
        print(f"hotspots esda compilation (once per process): {hs.warm_up():.1f} s")
        service = HotspotService(geometry, None)  # no result cache: compute every time
        for indicator in INDICATORS:
            period = max(data.periods[indicator])
            seconds, result = _time(lambda i=indicator, p=period: service.result(data, i, p))
            hh = int((result["cluster"] == "HH").sum())
            print(
                f"hotspots {indicator} ({len(result)} tambons, 999 permutations, weights cached):"
                f" {seconds:.2f} s ({hh} HH)"
            )
            naive, _ = _time(
                lambda i=indicator, p=period: hs.local_moran(
                    data.observations(i).loc[p],
                    hs.load_weights(geometry, level="tambon"),
                    data.areas[["rep_lon", "rep_lat"]].set_axis(["x", "y"], axis=1),
                )
            )
            print(f"hotspots {indicator} building the contiguity each time: {naive:.2f} s")
    finally:
        shutil.rmtree(cache, ignore_errors=True)


def pages(settings) -> None:
    """Server time of the national map and of a province's page, first and second load."""
    server = make_server("127.0.0.1", 0, create_app(settings).server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    browser = driver(1920, 1080)
    try:
        for load in ("first", "second"):
            for name, path in PAGES.items():
                browser.get("about:blank")
                browser.get(base + path)
                _settle(browser)
                ms = browser.execute_script(SERVER_MS)
                print(f"page {name} server time, {load} load: {ms:.0f} ms")
    finally:
        browser.quit()
        server.shutdown()


def _settle(browser, timeout: float = 240) -> None:
    """Wait until Dash has no callback in flight and no hotspot computation is pending."""
    end = time.monotonic() + timeout
    quiet = 0
    while time.monotonic() < end and quiet < 8:
        busy = browser.execute_script(
            "return !!document.querySelector('[data-dash-is-loading=\"true\"]')"
            " || !document.querySelector('.js-plotly-plot')"
            " || /…|\\.\\.\\./.test(document.querySelector('#prov-hotnote')?.innerText || '')"
        )
        quiet = 0 if busy else quiet + 1
        time.sleep(0.25)


if __name__ == "__main__":
    settings = get_settings()
    hotspots(settings)
    pages(settings)
