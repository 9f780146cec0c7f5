"""Capture the requests of real dashboard actions in headless Chromium, for the load benchmark.

``capture(base_url)`` opens the dashboard and performs each action as a user does — the
first page, an indicator switch (the indicator list, clicked), a drill-down (a click on
Chiang Mai on the map) — recording every request the page sends to the app (Dash callbacks
with their exact JSON bodies, layout, GeoJSON). Script, style and font files are left out:
browsers hold them (they are cached for a long time).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from chromium import MAP_AT_REST, choose, click_map_at, headless_chromium, wait_for

START = "/?indicator=tpmap.target_poor_rate&lang=th"
SWITCH_TO = "tpmap.target_poor"  # chosen from the indicator list by its Thai name
CHIANG_MAI = (98.6, 18.9)  # clicked on the map: the drill-down

# Injected before any page script: every fetch/XHR with its method and body, and a count of
# requests in flight (to know when the page is idle).
PROBE = """
window.__reqs = []; window.__inflight = 0;
const done = () => { window.__inflight--; }, realFetch = window.fetch;
window.fetch = function (input, init) {
  const url = typeof input === 'string' ? input : input.url;
  window.__reqs.push({method: (init && init.method) || 'GET', url: String(url),
                      body: init && typeof init.body === 'string' ? init.body : null});
  window.__inflight++;
  return realFetch.apply(this, arguments).finally(done);
};
const realOpen = XMLHttpRequest.prototype.open, realSend = XMLHttpRequest.prototype.send;
XMLHttpRequest.prototype.open = function (method, url) {
  this.__req = {method, url: String(url), body: null};
  return realOpen.apply(this, arguments);
};
XMLHttpRequest.prototype.send = function (body) {
  if (this.__req) {
    this.__req.body = typeof body === 'string' ? body : null;
    window.__reqs.push(this.__req);
  }
  window.__inflight++;
  this.addEventListener('loadend', done);
  return realSend.apply(this, arguments);
};
"""
CACHED = ("/_dash-component-suites/", "/assets/", "/fonts/", "/_favicon", "/favicon")


def _wait_idle(d, quiet: float = 1.5, timeout: float = 120.0) -> None:
    """Wait until no request has been in flight for ``quiet`` seconds."""
    deadline, idle_since = time.monotonic() + timeout, None
    while time.monotonic() < deadline:
        busy = d.execute_script(
            "return window.__inflight + (document.readyState === 'complete' ? 0 : 1)"
        )
        if busy:
            idle_since = None
        elif idle_since is None:
            idle_since = time.monotonic()
        elif time.monotonic() - idle_since >= quiet:
            return
        time.sleep(0.1)
    raise TimeoutError("the page never went idle")


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _taken(d) -> list[dict]:
    """The requests recorded since the last call, app requests only."""
    reqs = d.execute_script("const r = window.__reqs; window.__reqs = []; return r;")
    out = []
    for r in reqs:
        path = _path(r["url"])
        if path.startswith(CACHED):
            continue
        body = json.loads(r["body"]) if r["body"] else None
        out.append({"method": r["method"].upper(), "path": path, "body": body})
    return out


def _indicator_name(indicator_id: str) -> str:
    """The Thai name the indicator list shows for ``indicator_id`` (the build's catalogue)."""
    from warroom.indicators.catalogue import load_catalogue

    return load_catalogue().indicators[indicator_id].name_th


def capture(base_url: str) -> dict[str, list[dict]]:
    """The requests of each action: ``{"first_page": [...], "indicator_switch": [...], ...}``."""
    d = headless_chromium()
    try:
        d.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": PROBE})
        d.get(base_url + START)
        _wait_idle(d)
        first = [{"method": "GET", "path": START, "body": None}, *_taken(d)]
        actions = {"first_page": first}
        choose(d, "map-indicator", _indicator_name(SWITCH_TO))
        wait_for(d, lambda d: SWITCH_TO in d.current_url, what="the switch in the URL")
        _wait_idle(d)
        actions["indicator_switch"] = _taken(d)
        wait_for(d, lambda d: d.execute_script(MAP_AT_REST), what="the map at rest")
        click_map_at(d, *CHIANG_MAI)
        wait_for(d, lambda d: "area=TH50" in d.current_url, what="Chiang Mai in the URL")
        _wait_idle(d)
        actions["drill_down"] = _taken(d)
        actions["geojson"] = [
            {"method": "GET", "path": "/geo/country/province.geojson", "body": None}
        ]
        return actions
    finally:
        d.quit()


if __name__ == "__main__":
    import sys

    found = capture(sys.argv[1].rstrip("/"))
    for action, reqs in found.items():
        print(action, len(reqs))
        for r in reqs:
            print("  ", r["method"], r["path"][:90], (r["body"] or {}).get("output", "")[:80])
