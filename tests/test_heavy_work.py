"""Issue 23 item 5: heavy work a signed-out visitor can start (hotspots on demand, briefs,
exports) waits in a bounded pool shared by the machine's processes, is answered "busy, try
again" in Thai and English past it, and is counted per address."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from warroom.web.heavy import BUSY, TOO_OFTEN, BusyError, HeavyWork

HOLD = textwrap.dedent(
    """
    import fcntl, sys, time
    from pathlib import Path
    folder = Path(sys.argv[1]); folder.mkdir(parents=True, exist_ok=True)
    handles = [(folder / f"slot-{i}.lock").open("a") for i in range(int(sys.argv[2]))]
    for h in handles:
        fcntl.flock(h, fcntl.LOCK_EX)
    print("held", flush=True)
    sys.stdin.read()  # until the test closes it
    """
)


@contextmanager
def slots_held_elsewhere(folder: Path, n: int):
    """Another process of the machine (a gunicorn worker, say) holds ``n`` slots."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(folder), str(n)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
        yield
    finally:
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait(10)


def pool(folder: Path, **kw) -> HeavyWork:
    options = {"workers": 2, "queue": 1, "wait_seconds": 0.3, "per_minute": 100} | kw
    return HeavyWork(folder, **options)


def test_a_full_pool_answers_busy_in_thai_and_english(tmp_path):
    heavy = pool(tmp_path)
    with slots_held_elsewhere(tmp_path, 2):
        assert heavy.running() == 2
        start = time.monotonic()
        with pytest.raises(BusyError) as refused, heavy.slot("brief", "10.0.0.1"):
            pass
        assert time.monotonic() - start >= 0.3  # it waited its turn first
    assert str(refused.value) == BUSY and refused.value.status == 503
    assert "โปรดลองใหม่" in BUSY and "try again" in BUSY
    with heavy.slot("brief", "10.0.0.1"):  # freed: runs at once
        assert heavy.running() == 1


def test_work_waits_for_a_slot_and_the_queue_is_bounded(tmp_path):
    heavy = pool(tmp_path, workers=1, queue=1, wait_seconds=5)
    started, release, order = threading.Event(), threading.Event(), []

    def long_job():
        with heavy.slot("export", "10.0.0.1"):
            started.set()
            release.wait(10)
            order.append("first")

    def queued_job():
        with heavy.slot("export", "10.0.0.2"):
            order.append("second")

    first = threading.Thread(target=long_job)
    first.start()
    assert started.wait(10)
    second = threading.Thread(target=queued_job)
    second.start()
    time.sleep(0.2)  # the second waits in the queue; the queue (1) is now full
    with pytest.raises(BusyError), heavy.slot("export", "10.0.0.3"):
        pass
    release.set()
    first.join(10)
    second.join(10)
    assert order == ["first", "second"]  # never two at once, the waiting one served after


def test_one_address_is_held_to_its_count_per_minute(tmp_path):
    heavy = pool(tmp_path, per_minute=3)
    for _ in range(3):
        with heavy.slot("brief", "198.51.100.7"):
            pass
    with pytest.raises(BusyError) as refused, heavy.slot("brief", "198.51.100.7"):
        pass
    assert str(refused.value) == TOO_OFTEN and refused.value.status == 429
    with heavy.slot("brief", "198.51.100.8"):  # another address is not held back
        pass


@pytest.mark.slow
def test_brief_export_and_hotspots_answer_busy_past_the_pool(built, monkeypatch):
    from warroom.app import create_app
    from warroom.app.errors import error_text
    from warroom.app.governor import state as governor_state
    from warroom.text.i18n import t
    from warroom.web.heavy import heavy_work

    settings = built[0].model_copy(update={"heavy_wait_seconds": 0.2})
    app = create_app(settings)
    client = app.server.test_client()
    folder = Path(settings.build_dir) / "heavy"
    with slots_held_elsewhere(folder, settings.heavy_workers):
        # The brief: a plain bilingual 503 saying to try again, with Retry-After.
        answer = client.get("/province/TH50/brief.pdf?lang=en")
        assert answer.status_code == 503 and answer.mimetype == "text/plain"
        assert answer.get_data(as_text=True) == BUSY and int(answer.headers["Retry-After"]) > 0
        # An export's callback: the message box says the same words, once in each language.
        assert error_text(BusyError()) == BUSY
        # Hotspots on demand: the page says the server is busy, not "computing" for ever.
        monkeypatch.setattr(governor_state, "_failed", {})
        monkeypatch.setattr(governor_state, "_busy", {})
        with app.server.test_request_context("/"):
            service = governor_state.service()
            monkeypatch.setattr(service, "cached", lambda *_a, **_k: False)
            assert governor_state.hotspots_ready("tpmap.target_poor_rate") is None
            deadline = time.monotonic() + 30
            while governor_state._running:
                assert time.monotonic() < deadline
                time.sleep(0.05)
            said = governor_state.hotspots_ready("tpmap.target_poor_rate")
            assert said == governor_state.NoHotspots("gov_hotspot_busy")
            assert "busy" in t(said.reason, "en") and "สักครู่" in t(said.reason, "th")
            assert heavy_work().running() == settings.heavy_workers
    # Freed: the brief is drawn.
    answer = client.get("/province/TH50/brief.pdf?lang=en")
    assert answer.status_code == 200 and answer.mimetype == "application/pdf"
