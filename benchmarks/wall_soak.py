"""Wall soak: does the browser's memory stay flat over hundreds of view changes?

Run: ``python benchmarks/wall_soak.py [--changes 300] [--speed 100] [--playlist default]``
(build folder from ``WARROOM_BUILD_DIR``). Serves the app, opens ``/wall`` in headless
Chromium with the views sped up (``speed=100``: a 30-second view lasts 0.3 s, so a change
takes as long as the server's answer and the drawing), lets it warm up for 10 changes, then
prints the JS heap in use after a garbage collection (CDP ``Performance.getMetrics``, and
``performance.memory``), the DOM node count and the event listeners, at the start, every
50 changes and at the end. The start is the baseline: the target is growth under 20 %.
"""

from __future__ import annotations

import argparse
import logging
import sys
import threading
import time
from pathlib import Path

from werkzeug.serving import make_server

from warroom.app import create_app
from warroom.config import get_settings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from chromium import headless_chromium  # scripts/chromium.py

WARM_UP = 10


def sample(driver) -> dict:
    """Heap in use after a garbage collection, DOM nodes and listeners."""
    driver.execute_cdp_cmd("HeapProfiler.collectGarbage", {})
    metrics = {
        m["name"]: m["value"]
        for m in driver.execute_cdp_cmd("Performance.getMetrics", {})["metrics"]
    }
    counters = driver.execute_cdp_cmd("Memory.getDOMCounters", {})
    return {
        "heap_mb": metrics["JSHeapUsedSize"] / 1e6,
        "perf_memory_mb": driver.execute_script("return performance.memory.usedJSHeapSize") / 1e6,
        "nodes": counters["nodes"],
        "listeners": counters["jsEventListeners"],
    }


def shown(driver) -> int:
    stats = driver.execute_script("return window.wallStats ? window.wallStats() : null")
    return stats["shown"] if stats else 0


def wait_for(driver, target: int, timeout: float) -> None:
    end = time.monotonic() + timeout
    while shown(driver) < target:
        if time.monotonic() > end:
            raise SystemExit(f"only {shown(driver)} of {target} views after {timeout:.0f} s")
        time.sleep(0.2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=300)
    parser.add_argument("--speed", type=float, default=100)
    parser.add_argument("--playlist", default="default")
    parser.add_argument("--width", type=int, default=1920)
    parser.add_argument("--height", type=int, default=1080)
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)

    server = make_server("127.0.0.1", 0, create_app(get_settings()).server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    driver = headless_chromium(args.width, args.height)
    try:
        driver.execute_cdp_cmd("Performance.enable", {})
        query = f"?playlist={args.playlist}&speed={args.speed:g}"
        driver.get(f"http://127.0.0.1:{server.server_port}/wall{query}")
        wait_for(driver, WARM_UP, timeout=120)
        started = time.monotonic()
        first = shown(driver)
        rows = [(0, sample(driver))]
        for step in range(50, args.changes + 1, 50):
            wait_for(driver, first + step, timeout=30 + 10 * 50)
            rows.append((step, sample(driver)))
        if rows[-1][0] != args.changes:
            wait_for(driver, first + args.changes, timeout=600)
            rows.append((args.changes, sample(driver)))
        elapsed = time.monotonic() - started
        stats = driver.execute_script("return window.wallStats()")
    finally:
        driver.quit()
        server.shutdown()

    print(f"wall soak: /wall{query} at {args.width}x{args.height}, {args.changes} view changes")
    head = ("changes", "heap MB", "perf.memory MB", "DOM nodes", "listeners")
    print(f"{head[0]:>8} {head[1]:>8} {head[2]:>15} {head[3]:>10} {head[4]:>10}")
    for step, s in rows:
        print(
            f"{step:>8} {s['heap_mb']:>8.1f} {s['perf_memory_mb']:>15.1f} "
            f"{s['nodes']:>10} {s['listeners']:>10}"
        )
    start, end = rows[0][1], rows[-1][1]
    print(f"heap_start: {start['heap_mb']:.1f} MB")
    print(f"heap_end: {end['heap_mb']:.1f} MB")
    print(f"heap_growth: {100 * (end['heap_mb'] / start['heap_mb'] - 1):+.1f} %")
    print(f"dom_nodes_start: {start['nodes']}")
    print(f"dom_nodes_end: {end['nodes']}")
    print(f"dom_nodes_growth: {100 * (end['nodes'] / start['nodes'] - 1):+.1f} %")
    print(f"listeners: {start['listeners']} -> {end['listeners']}")
    print(f"seconds_per_change: {elapsed / args.changes:.2f} s")
    print(f"failed_views: {stats['failed']}")


if __name__ == "__main__":
    main()
