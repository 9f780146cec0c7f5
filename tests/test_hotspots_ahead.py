"""Issue 26: every indicator's hotspots are computed when the data change (after `warroom
build`, after a load), in the background, one run at a time, so that no page waits."""

from __future__ import annotations

import threading
import time

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from tests.helpers import copy_store
from warroom.analysis.area import hotspot_service, with_figures_at
from warroom.app import create_app
from warroom.app.data import AppData
from warroom.app.governor import state as governor_state
from warroom.config import Settings, get_settings
from warroom.intake.users import LOCAL_ADMIN
from warroom.store import Store

pytestmark = pytest.mark.slow  # minutes: Local Moran's I for every indicator of the country

RATE = "tpmap.target_poor_rate"


@pytest.fixture(scope="module")
def ahead(built, tmp_path_factory) -> Settings:
    """A private copy of the built store, its geometry linked, hotspots computed ahead."""
    copied = copy_store(built[0], tmp_path_factory.mktemp("ahead") / "build")
    (copied.build_dir / "geometry").symlink_to(built[0].geometry_dir.resolve())
    return Settings(build_dir=copied.build_dir, source_dir=copied.source_dir, hotspots_ahead=True)


def test_warroom_build_leaves_every_indicators_hotspots_ready(ahead, built, monkeypatch):
    # `warroom build` on the session's build (the store is built already: that step returns
    # its report); everything after it runs for real.
    from warroom.cli import app

    monkeypatch.setattr("warroom.build.build", lambda settings, echo: built[1])
    monkeypatch.setenv("WARROOM_BUILD_DIR", str(ahead.build_dir))
    monkeypatch.setenv("WARROOM_HOTSPOTS_AHEAD", "1")
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["build"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    data = AppData(Store(ahead.db_url)).warm()
    wanted = with_figures_at(data)
    assert len(wanted) > 40 and (RATE, 2018) in wanted
    service = hotspot_service(ahead)  # a fresh one: what is ready is on disk
    for indicator, period in wanted:
        line = next(x for x in result.output.splitlines() if x.strip().startswith(indicator))
        assert service.cached(data, indicator, period, "tambon") or "too few" in line, line
    assert f"{len(wanted)} indicators in" in result.output

    # A page never waits: Narathiwat's page finds its map at once, in a fresh server.
    server = create_app(ahead)
    with server.server.test_request_context("/"):
        start = time.perf_counter()
        hot = governor_state.hotspots_ready(RATE)
        assert isinstance(hot, pd.DataFrame) and time.perf_counter() - start < 5
        assert hot["code"].str.startswith("TH96").sum() > 50


def test_after_a_load_only_the_loaded_indicator_is_computed_again(ahead, tmp_path):
    from warroom.intake.batches import load_table

    store = Store(ahead.db_url)
    data = AppData(store).warm()
    service = hotspot_service(ahead)
    done = service.precompute(data)  # as after the build (ready when the test above ran)
    assert done is not None
    drawn = {i for i, (_seconds, outcome) in done.items() if outcome in ("kept", "computed")}
    folder = ahead.build_dir / "analysis"
    before = {p.name: p.stat().st_mtime_ns for p in folder.glob("lisa_*.parquet")}
    old = service.result(data, RATE, 2018).set_index("code")["value"]
    # A corrected table of Narathiwat's tambons: every rate a little higher.
    mine = data.observations(RATE).loc[2018]
    mine = mine[mine.index.str.startswith("TH96") & (mine.index.str.len() == 8)]
    path = tmp_path / "narathiwat.csv"
    table = pd.DataFrame({"code": mine.index, "year": 2561, "value": np.round(mine + 7, 2)})
    table.to_csv(path, index=False)
    load_table(store, path, RATE, LOCAL_ADMIN, replace_built=True)

    app = create_app(ahead)  # a server on the data after the load
    app.server.test_client().get("/wall")  # any request: the run starts in the background
    thread = governor_state._ahead["thread"]
    assert isinstance(thread, threading.Thread)
    thread.join(600)
    assert not thread.is_alive()

    fresh = AppData(store).warm()
    assert fresh.version != data.version
    for indicator, period in with_figures_at(fresh):  # every map is ready for the new data
        assert service.cached(fresh, indicator, period, "tambon") or indicator not in drawn
    new = service.result(fresh, RATE, 2018).set_index("code")["value"]
    assert (new.filter(like="TH96") > old.filter(like="TH96")).all()
    # Only the loaded indicator was computed again; the others were kept as they were, and
    # the result of the figures replaced is gone.
    after = {p.name: p.stat().st_mtime_ns for p in folder.glob("lisa_*.parquet")}
    assert len(set(after) - set(before)) == 1 and len(set(before) - set(after)) == 1
    assert all(after[name] == before[name] for name in set(after) & set(before))


def test_a_load_on_the_command_line_leaves_its_hotspots_ready(ahead, tmp_path, monkeypatch):
    """No server runs: `warroom load` itself starts the run ahead, which outlives it."""
    from warroom.cli import app

    store = Store(ahead.db_url)
    data = AppData(store).warm()
    mine = data.observations(RATE).loc[2018]
    mine = mine[mine.index.str.startswith("TH96") & (mine.index.str.len() == 8)]
    path = tmp_path / "narathiwat_again.csv"
    table = pd.DataFrame({"code": mine.index, "year": 2561, "value": np.round(mine + 1, 2)})
    table.to_csv(path, index=False)
    monkeypatch.setenv("WARROOM_BUILD_DIR", str(ahead.build_dir))
    monkeypatch.setenv("WARROOM_HOTSPOTS_AHEAD", "1")
    get_settings.cache_clear()
    log = ahead.build_dir / "analysis" / "ahead.log"
    log.unlink(missing_ok=True)
    try:
        runner = CliRunner()
        checked = runner.invoke(app, ["load", str(path), "--indicator", RATE, "--dry-run"])
        assert checked.exit_code == 0, checked.output
        assert "background" not in checked.output and not log.exists()  # nothing loaded
        loaded = runner.invoke(app, ["load", str(path), "--indicator", RATE, "--replace-built"])
    finally:
        get_settings.cache_clear()
    assert loaded.exit_code == 0, loaded.output
    assert f"being computed in the background (progress: {log})" in loaded.output
    end = time.monotonic() + 600
    while time.monotonic() < end and " indicators in " not in log.read_text():
        time.sleep(1)
    assert " indicators in " in log.read_text(), log.read_text()[-2000:]
    fresh = AppData(store).warm()
    assert fresh.version != data.version
    assert hotspot_service(ahead).cached(fresh, RATE, 2018, "tambon")
    assert "Status tables of 77 provinces" in log.read_text()


def test_a_run_ahead_ends_with_the_server_that_started_it():
    # A server starts the run with --parent and is killed: the run must not go on alone.
    import os
    import signal
    import subprocess
    import sys
    from pathlib import Path

    run = (
        "import sys, time; from warroom.cli.data import exit_with_parent; "
        "exit_with_parent(int(sys.argv[1]), every=0.1); time.sleep(60)"
    )
    server = (
        "import os, subprocess, sys, time; "
        f"child = subprocess.Popen([sys.executable, '-c', {run!r}, str(os.getpid())]); "
        "print(child.pid, flush=True); time.sleep(60)"
    )
    proc = subprocess.Popen([sys.executable, "-c", server], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    child = int(proc.stdout.readline())
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    stat = Path(f"/proc/{child}/stat")
    deadline = time.monotonic() + 60  # its imports may take a while on a busy machine
    while time.monotonic() < deadline:
        if not stat.exists() or stat.read_text().split(") ", 1)[-1].startswith("Z"):
            return  # ended with its parent (a zombie until whoever adopted it reaps it)
        time.sleep(0.1)
    os.kill(child, signal.SIGKILL)
    pytest.fail("the run ahead outlived the server that started it")
