"""Page weight: the compressed bytes of each page's first load and of a second visit.

Run: ``python benchmarks/page_weight.py`` (build folder from ``WARROOM_BUILD_DIR``).
Serves the app in-process (as ``map_payload.py`` does) and opens each page in headless
Chromium with an empty cache (``/``, ``/province/TH50``, ``/wall``, ``/explore``), waits
until it is idle, and counts every byte it fetched (``transferSize``: compressed bodies and
headers, the document included); then opens the same page again in the same browser (a
second visit: what the cache does not hold). The baseline, in the same run, is the same
app serving Dash's full Plotly bundle (``WARROOM_PLOTLY_BUNDLE=full``). Prints
``name: value unit`` lines and the largest resources of each first load as ``#`` lines.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from map_payload import ENTRIES, PROBE, load_settings, serve, wait_idle
from screenshot import driver

from warroom.app import create_app

PAGES = {
    "map": "/?lang=th",
    "province": "/province/TH50?lang=th",
    "wall": "/wall?lang=th",
    "explore": "/explore?lang=th",
}
TARGET = 1_200_000
DRAWN = "return !!window.Plotly && !!document.querySelector('.js-plotly-plot .main-svg')"


def visit(d, url: str) -> tuple[int, int, list[dict]]:
    """Open ``url``; return (transferred, decoded, resources) of everything it fetched."""
    d.get(url)
    end = time.monotonic() + 180  # Plotly arrives by a script tag: no fetch says it is coming
    while time.monotonic() < end and not d.execute_script(DRAWN):
        time.sleep(0.1)
    wait_idle(d, quiet=1.5)
    nav = d.execute_script("return performance.getEntriesByType('navigation')[0].toJSON()")
    found = [{"name": url, "transfer": nav["transferSize"], "decoded": nav["decodedBodySize"]}]
    found += d.execute_script(ENTRIES)[0]
    return sum(e["transfer"] for e in found), sum(e["decoded"] for e in found), found


def fresh_browser():
    browser = driver(1920, 1080)
    browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": PROBE})
    browser.execute_cdp_cmd("Network.enable", {})
    return browser


def measure(label: str, url: str) -> dict[str, tuple[int, int]]:
    """First load (empty cache, a new browser per page) and second visit of every page."""
    out: dict[str, tuple[int, int]] = {}
    for name, path in PAGES.items():
        browser = fresh_browser()
        try:
            first, decoded, found = visit(browser, url + path)
            second, _, again = visit(browser, url + path)
        finally:
            browser.quit()
        out[name] = (first, second)
        print(f"{label}_{name}_first_load_bytes: {first} B")
        print(f"{label}_{name}_first_load_decoded_bytes: {decoded} B")
        print(f"{label}_{name}_second_visit_bytes: {second} B")
        for e in sorted(found, key=lambda e: -e["transfer"])[:40]:
            print(f"#   {e['transfer']:>9} B  {e['name'].split('/', 3)[-1][:90]}")
        fetched = [e for e in again if e["transfer"] > 0]
        print(f"#   second visit: {len(fetched)} of {len(again)} resources fetched")
    return out


def main() -> None:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    print(f"# load average at start: {os.getloadavg()[0]:.2f}")
    settings = load_settings()
    results = {}
    for label, bundle in (("baseline", "full"), ("ours", "app")):
        with serve(create_app(settings.model_copy(update={"plotly_bundle": bundle}))) as url:
            results[label] = measure(label, url)
    print("# targets: first load <= 1.2 MB compressed per page; a second visit near 0")
    for name, (first, second) in results["ours"].items():
        base = results["baseline"][name][0]
        print(
            f"#   {name}: {first / 1e6:.2f} MB ({first / base:.0%} of the baseline's "
            f"{base / 1e6:.2f} MB) {'met' if first <= TARGET else 'NOT met'}; "
            f"second visit {second / 1e3:.1f} kB"
        )
    print(f"# load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
