"""Hotspots computed ahead (issue 26): every indicator's time, and a governor's page from a
cold server start, against the page computing them on demand in the same run.

Run: ``python benchmarks/hotspots_ahead.py`` (build folder from ``WARROOM_BUILD_DIR``).
Works on a copy of the build in a temporary folder (the store copied, its geometry and
GeoJSON linked, ``analysis/`` its own), so the build's own results are never touched. Prints
``name: value unit`` lines:

- ``baseline cold page``: ``warroom serve`` started cold with no hotspot result kept and
  ``WARROOM_HOTSPOTS_AHEAD=0`` (what a page did before: compute on demand, numba's
  compilation included), then ``/province/TH96?goal=3`` opened in headless Chromium; the
  seconds until its hotspot map is drawn (the map has its tambons and their geometry, and
  the note no longer says it is computing).
- ``ahead <indicator>``: ``HotspotService.precompute`` as ``warroom build`` runs it, per
  indicator (esda's one-time compilation in the first), and ``ahead total``.
- ``ahead status tables``: every province's status table (``analysis.ahead``), as
  ``warroom hotspots-ahead`` computes them before the hotspots.
- ``ahead cold page``: the same page from a new cold server on the results kept (the
  baseline had neither hotspots nor status tables ahead). Both servers set themselves up
  before listening (``serving.prepare``); the time counts from the first request.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from screenshot import driver

from warroom.analysis.ahead import precompute_status
from warroom.analysis.area import hotspot_service
from warroom.app.data import AppData
from warroom.config import Settings, get_settings
from warroom.store import Store
from warroom.text.i18n import t

PAGE = "/province/TH96?goal=3&lang=th"
DRAWN = """
const gd = document.querySelector('#prov-hotmap .js-plotly-plot');
const m = gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot.map;
const note = document.querySelector('#prov-hotnote');
return !!(gd && gd.data && gd.data[0] && gd.data[0].locations.length && m && m.loaded()
          && note && !note.innerText.includes(arguments[0]));
"""


def copy_build(settings: Settings, folder: Path) -> Settings:
    """A build folder sharing the store, geometry and GeoJSON, with its own analysis/ (the
    tambon contiguity copied: the baseline never paid for that either)."""
    folder.mkdir(parents=True)
    shutil.copy(Path(settings.build_dir) / "warroom.sqlite", folder / "warroom.sqlite")
    for name in ("geometry", "geojson", "secret_key"):
        if (Path(settings.build_dir) / name).exists():
            (folder / name).symlink_to((Path(settings.build_dir) / name).resolve())
    (folder / "analysis").mkdir()
    for queen in (Path(settings.build_dir) / "analysis").glob("queen_*.parquet"):
        shutil.copy(queen, folder / "analysis" / queen.name)
    return Settings(build_dir=folder, source_dir=settings.source_dir)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cold_page(build_dir: Path, ahead: bool, browser) -> float:
    """Start ``warroom serve`` cold, open the page, return seconds until its map is drawn."""
    port = free_port()
    env = {
        **os.environ,
        "WARROOM_BUILD_DIR": str(build_dir),
        "WARROOM_PORT": str(port),
        "WARROOM_HOTSPOTS_AHEAD": "1" if ahead else "0",
        "WARROOM_WORKERS": "2",
    }
    log = (build_dir / f"serve-{port}.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "warroom.cli", "serve"], env=env, stdout=log, stderr=log
    )
    try:
        end = time.monotonic() + 300
        while time.monotonic() < end:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        computing = t("gov_hotspot_computing", "th")
        browser.get("about:blank")
        start = time.monotonic()
        browser.get(f"http://127.0.0.1:{port}{PAGE}")
        while not browser.execute_script(DRAWN, computing):
            if time.monotonic() - start > 600:
                print("# WARNING: the hotspot map was not drawn in 600 s")
                break
            time.sleep(0.05)
        return time.monotonic() - start
    finally:
        proc.terminate()
        proc.wait(30)
        log.close()


def main() -> None:
    print(f"# load average at start: {os.getloadavg()[0]:.2f}")
    settings = get_settings()
    folder = Path(tempfile.mkdtemp(prefix="warroom-hotspots-"))
    browser = driver(1920, 1080)
    try:
        mine = copy_build(settings, folder / "build")
        seconds = cold_page(mine.build_dir, ahead=False, browser=browser)
        print(f"baseline cold page {PAGE} (hotspots on demand): {seconds:.1f} s")
        print(f"# load average: {os.getloadavg()[0]:.2f}")
        for lisa in (mine.build_dir / "analysis").glob("lisa_*.parquet"):
            lisa.unlink()  # what the baseline computed: the run below computes everything
        data = AppData(Store.open(mine.db_url)).warm()
        start = time.perf_counter()
        done = hotspot_service(mine).precompute(
            data, echo=lambda ind, s, outcome: print(f"ahead {ind}: {s:.2f} s ({outcome})")
        )
        total = time.perf_counter() - start
        print(f"ahead total ({len(done or {})} indicators): {total:.1f} s")
        print(f"# load average: {os.getloadavg()[0]:.2f}")
        precompute_status(
            data,
            mine.build_dir / "analysis",
            mine.catalogue_dir,
            echo=lambda n, s: print(f"ahead status tables ({n} provinces): {s:.1f} s"),
        )
        print(f"# load average: {os.getloadavg()[0]:.2f}")
        seconds = cold_page(mine.build_dir, ahead=True, browser=browser)
        print(f"ahead cold page {PAGE}: {seconds:.1f} s")
        print("# target: ahead cold page < 3 s")
    finally:
        browser.quit()
        shutil.rmtree(folder, ignore_errors=True)
    print(f"# load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
