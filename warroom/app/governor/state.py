"""The page's state (the URL's goal, indicator and language), the area's status table and
the hotspots computed once per indicator and data version in the background."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TypeAlias
from urllib.parse import parse_qs, urlencode

import pandas as pd
from flask import has_request_context
from flask_limiter.util import get_remote_address

from warroom.analysis import area as A  # noqa: N812
from warroom.analysis.ahead import stored_status
from warroom.app.context import app_context
from warroom.numbers import whole_number
from warroom.text.i18n import LANGUAGES
from warroom.web.heavy import BusyError, heavy_work

log = logging.getLogger(__name__)

KIND = "prov-i18n"
ACT_ROWS = 6
POLL_MS = 2000
_services: dict[int, A.HotspotService] = {}
_running: set[tuple] = set()
_running_lock = threading.Lock()
_failed: dict[tuple, NoHotspots] = {}  # by key (data version included): retried after a load
_busy: dict[tuple, float] = {}  # by key: until when "busy, try again" is said
BUSY_SAID_S = 30
AHEAD_TIMEOUT_S = 3600  # every indicator of the country, numba's compilation included
# A fresh server's run ahead waits this long before it starts: its process reads the whole
# store (seconds of CPU on two cores) and would otherwise do it beside the first pages.
AHEAD_DELAY_S = 10.0


def one_value(value: object) -> str | None:
    if isinstance(value, list):
        value = value[-1] if value else None
    return value if isinstance(value, str) else None


def read_state(query: dict, code: str) -> dict:
    """The page's state from the URL query; what cannot be used falls back to a default."""
    context = app_context()
    data = context.data
    lang = one_value(query.get("lang"))
    lang = lang if lang in LANGUAGES else context.settings.language
    goal_number = whole_number(one_value(query.get("goal")) or "")
    if goal_number is not None and not 1 <= goal_number <= 17:
        goal_number = None
    indicator = one_value(query.get("indicator"))
    if indicator not in data.indicators.index:
        indicator = _opening(code, goal_number)
    if goal_number is None:
        ind_goal = data.indicators.at[indicator, "goal"]
        goal_number = int(ind_goal) if not pd.isna(ind_goal) else 1
    return {"code": code, "lang": lang, "indicator": indicator, "goal": goal_number}


def goal_indicator(code: str, goal: int) -> str | None:
    """The indicator of ``goal`` the area's page shows when that goal is chosen (its worst
    against its basis); None when the goal has no figure for the area."""
    status = status_of(code)
    worst = A.worst_indicator(status[status["goal"] == goal])
    return None if worst is None else worst["indicator"]


def _opening(code: str, goal: int | None) -> str:
    """The indicator a page opens on: a goal's (``?goal=12``), as a click on its tile
    chooses it, so every panel shows that goal; otherwise one the area has figures for."""
    chosen = goal_indicator(code, goal) if goal is not None else None
    return chosen or A.opening_indicator(status_of(code))


def state_query(state: dict) -> str:
    """The URL query of a state."""
    return "?" + urlencode(
        {"lang": state["lang"], "goal": state["goal"], "indicator": state["indicator"]}
    )


# ---- cached pieces ----------------------------------------------------------------------


_status_cache: dict[tuple, pd.DataFrame] = {}


def status_of(code: str) -> pd.DataFrame:
    """The area's status table, kept per data version: as computed ahead (``analysis.ahead``,
    every province) or else computed here."""
    context = app_context()
    data, settings = context.data, context.settings
    key = (code, repr(data.version))
    if key not in _status_cache:
        if len(_status_cache) > 256:
            _status_cache.clear()
        folder = Path(settings.build_dir) / "analysis"
        ahead = stored_status(data, folder, settings.catalogue_dir, code)
        _status_cache[key] = A.status_table(data, code) if ahead is None else ahead
    return _status_cache[key]


def service() -> A.HotspotService:
    """The hotspot service of this app's installation."""
    settings = app_context().settings
    key = id(settings)
    if key not in _services:
        _services[key] = A.hotspot_service(settings)
    return _services[key]


@dataclass(frozen=True)
class NoHotspots:
    """Why an indicator has no hotspot map: a string key, said on the page in plain words."""

    reason: str  # gov_hotspot_no_values, _no_tambons, _too_few or _failed


# The result, why there is none, or None while computing.
Hotspots: TypeAlias = pd.DataFrame | NoHotspots | None


def hotspots_ready(indicator: str) -> Hotspots:
    """The nationwide tambon hotspots of an indicator's latest period; None while computing.

    A missing result starts one background computation (never two for the same key in a
    process; the hotspot cache lets one process compute what all of them read). An
    indicator without tambon figures, or a computation that failed, gives the reason
    instead, so that the page says it rather than 'computing' for ever.
    """
    data = app_context().data
    obs = data.observations(indicator)
    if obs.empty:
        return NoHotspots("gov_hotspot_no_values")
    period = A.latest_with_figures(data, indicator, "tambon")
    if period is None:
        return NoHotspots("gov_hotspot_no_tambons")
    svc = service()
    key = svc.key(data, indicator, period, "tambon")
    if key in _failed:
        return _failed[key]
    if svc.cached(data, indicator, period, "tambon"):
        return svc.result(data, indicator, period, "tambon")
    busy_until = _busy.get(key, 0.0)
    if time.monotonic() < busy_until:
        return NoHotspots("gov_hotspot_busy")
    with _running_lock:
        if key in _running:
            return None
        _running.add(key)
    pool, address = heavy_work(), get_remote_address() if has_request_context() else None

    def run() -> None:
        try:
            with pool.slot("hotspots", address):  # bounded and throttled like every heavy job
                svc.result(data, indicator, period, "tambon")
        except BusyError:  # said on the page for a while; a later visit tries again
            _busy[key] = time.monotonic() + BUSY_SAID_S
        except ValueError:  # too few tambons with differing values
            log.info("no hotspots for %s %s: too few tambons with values", indicator, period)
            _failed[key] = NoHotspots("gov_hotspot_too_few")
        except Exception:  # said on the page; the traceback goes to the server's log
            log.exception("hotspots for %s %s failed", indicator, period)
            _failed[key] = NoHotspots("gov_hotspot_failed")
        finally:
            with _running_lock:
                _running.discard(key)

    threading.Thread(target=run, name=f"hotspots-{indicator}", daemon=True).start()
    return None


_ahead: dict[str, object] = {"pid": 0, "version": None, "thread": None}
_ahead_lock = threading.Lock()


def keep_hotspots_ready() -> None:
    """Compute every indicator's hotspots in the background whenever the data held change
    (at start and after each load), so that a page finds them ready.

    Called on every request (cheap): once per process and data version, a thread starts
    (``AHEAD_DELAY_S`` later, after the first pages) ``warroom hotspots-ahead`` in a
    process of its own (so the computation never holds this
    process's interpreter lock while it serves) and waits for it. One run at a time per
    machine (the others skip it and read the files it writes); results of unchanged figures
    are kept, so after a load only the loaded indicator is computed.
    """
    context = app_context()
    data, settings = context.data, context.settings
    if not settings.hotspots_ahead:
        return
    pid = os.getpid()
    if _ahead["pid"] == pid and _ahead["version"] == data.version:
        return
    with _ahead_lock:
        thread = _ahead["thread"]
        if _ahead["pid"] == pid and (
            _ahead["version"] == data.version
            or (isinstance(thread, threading.Thread) and thread.is_alive())
        ):
            return  # done for these data, or a run for older data is still going
        _ahead.update(pid=pid, version=data.version)
        env = settings.child_environment()

        def run() -> None:
            time.sleep(AHEAD_DELAY_S)
            # --parent: the run ends with this process (a server stopped or restarted)
            command = [sys.executable, "-m", "warroom.cli", "hotspots-ahead", "--parent", str(pid)]
            try:
                done = subprocess.run(
                    command, env=env, capture_output=True, text=True, timeout=AHEAD_TIMEOUT_S
                )
            except (OSError, subprocess.SubprocessError):  # the pages compute on demand
                log.exception("computing the hotspots ahead failed")
                return
            said = (done.stdout.strip().splitlines() or [""])[-1].strip()
            if done.returncode:
                log.error("computing the hotspots ahead failed: %s", done.stderr[-2000:])
            else:
                log.info("hotspots ahead: %s", said)

        thread = threading.Thread(target=run, name="hotspots-ahead", daemon=True)
        _ahead["thread"] = thread
        thread.start()


def hotspot_frame(hot: Hotspots) -> pd.DataFrame | None:
    """The hotspots table when there is one (for the map and the lists)."""
    return hot if isinstance(hot, pd.DataFrame) else None


# ---- pieces of the page -----------------------------------------------------------------


def parse_query(search: str | None) -> dict:
    """A URL query string as Dash pages passes it to ``layout``."""
    return {k: v[-1] for k, v in parse_qs((search or "").lstrip("?")).items()}
