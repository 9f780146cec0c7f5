"""Check and load uploads in a worker process with a memory and a time limit.

A web request never reads an uploaded file itself: :func:`check_upload` and
:func:`load_upload` hand the work to a process forked from a small fork server (the
intake modules already imported, so a worker starts in milliseconds), capped in address
space (``RLIMIT_AS``, the worker's own size plus ``WARROOM_INTAKE_MEMORY_MB``) and stopped
after ``WARROOM_INTAKE_CHECK_SECONDS`` / ``WARROOM_INTAKE_LOAD_SECONDS``. At most
``WARROOM_INTAKE_WORKERS`` run at once. Whatever a file does, the server's own memory and
threads are untouched: a file over a limit gets one message naming it, the cause and the
limit. A load stopped half-way leaves nothing (the transaction is never committed).
"""

from __future__ import annotations

import logging
import multiprocessing
import resource
import signal
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from warroom.audit import configure_audit, for_client
from warroom.config import Settings, get_settings
from warroom.errors import DataError, Problem, WarroomError
from warroom.intake.batches import LoadResult, check_table, load_table
from warroom.intake.report import IntakeOptions, IntakeReport
from warroom.intake.users import User
from warroom.intake.xlsx import XlsxLimits
from warroom.store import Store

log = logging.getLogger(__name__)
_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(["warroom.intake.worker"])
_SLOTS: dict[int, threading.BoundedSemaphore] = {}
_SLOTS_LOCK = threading.Lock()


@dataclass(frozen=True)
class WorkerLimits:
    """How much memory and time one check or load may take, and how many run at once."""

    memory_mb: int = 1_024
    seconds: float = 180
    workers: int = 2
    setting: str = "INTAKE_CHECK_SECONDS"  # named in the message when time runs out

    @classmethod
    def for_check(cls, settings: Settings | None = None) -> WorkerLimits:
        """The limits of a check (``WARROOM_INTAKE_*``)."""
        s = settings or get_settings()
        return cls(s.intake_memory_mb, s.intake_check_seconds, s.intake_workers)

    @classmethod
    def for_load(cls, settings: Settings | None = None) -> WorkerLimits:
        """The limits of a load (``WARROOM_INTAKE_*``)."""
        s = settings or get_settings()
        return cls(
            s.intake_memory_mb, s.intake_load_seconds, s.intake_workers, "INTAKE_LOAD_SECONDS"
        )


@dataclass
class WorkerStats:
    """What a worker used: seconds, and its peak memory above its size at start."""

    seconds: float = 0.0
    peak_mb: float = 0.0


def _status_kb(field: str) -> int:
    with Path("/proc/self/status").open() as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def _child(send, fn: Callable, args: tuple, kwargs: dict, memory_mb: int, seconds: float):
    started_kb = _status_kb("VmRSS")
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = _status_kb("VmSize") * 1024 + memory_mb * (1 << 20)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    resource.setrlimit(resource.RLIMIT_CPU, (int(seconds) + 5, hard))  # a backstop
    try:
        outcome: tuple[str, Any] = ("ok", fn(*args, **kwargs))
    except MemoryError:
        outcome = ("memory", None)
    except WarroomError as exc:
        outcome = ("error", exc)
    except Exception as exc:  # a bug: logged with its traceback, shown as one line
        log.error("intake worker failed:\n%s", traceback.format_exc())
        outcome = ("crash", f"{type(exc).__name__}: {exc}")
    peak_mb = (_status_kb("VmHWM") - started_kb) / 1024
    try:
        send.send((*outcome, peak_mb))
    except MemoryError:
        send.send(("memory", None, peak_mb))
    finally:
        send.close()


def _slots(workers: int) -> threading.BoundedSemaphore:
    with _SLOTS_LOCK:
        return _SLOTS.setdefault(workers, threading.BoundedSemaphore(workers))


def run_limited(
    fn: Callable,
    /,
    *args: Any,
    file: str,
    what: str,
    limits: WorkerLimits,
    stats: WorkerStats | None = None,
    **kwargs: Any,
) -> Any:
    """``fn(*args, **kwargs)`` in a worker process, within ``limits``; its result or error.

    ``fn`` must be importable (a module-level function). Raises a DataError naming
    ``file`` when the worker runs out of memory or time, or when all workers stay busy.
    """
    started = time.perf_counter()
    slots = _slots(limits.workers)
    if not slots.acquire(timeout=limits.seconds):
        raise DataError(
            [Problem(file, f"the server is busy with other uploads; try the {what} again soon")]
        )
    receive, send = _CONTEXT.Pipe(duplex=False)
    kind, payload, peak_mb = "time", None, float("nan")
    try:
        proc = _CONTEXT.Process(
            target=_child,
            args=(send, fn, args, kwargs, limits.memory_mb, limits.seconds),
            daemon=True,
        )
        proc.start()
        send.close()
        if receive.poll(limits.seconds):
            try:
                kind, payload, peak_mb = receive.recv()
            except EOFError:  # killed from outside (the kernel's OOM killer, a signal)
                proc.join(10)
                kind, payload = "killed", proc.exitcode
        proc.join(0 if kind == "time" else 10)
        if proc.is_alive():
            proc.kill()
            proc.join()
    finally:
        receive.close()
        slots.release()
        if stats is not None:
            stats.seconds, stats.peak_mb = time.perf_counter() - started, peak_mb
    if kind == "ok":
        return payload
    if kind == "error":
        assert isinstance(payload, BaseException)
        raise payload
    if kind == "time":
        raise DataError(
            [
                Problem(
                    file,
                    f"the {what} took longer than {limits.seconds:g} s and was stopped; "
                    f"nothing was loaded (limit {limits.seconds:g} s, setting "
                    f"WARROOM_{limits.setting})",
                )
            ]
        )
    if kind == "memory":
        raise DataError(
            [
                Problem(
                    file,
                    f"the {what} needed more than {limits.memory_mb:,} MB of memory and was "
                    f"stopped; nothing was loaded (limit {limits.memory_mb:,} MB, setting "
                    "WARROOM_INTAKE_MEMORY_MB)",
                )
            ]
        )
    if kind == "killed" and isinstance(payload, int) and payload < 0:
        name = signal.Signals(-payload).name if -payload in signal.valid_signals() else "?"
        raise DataError(
            [
                Problem(
                    file,
                    f"the {what} was stopped from outside the server (signal {-payload}, "
                    f"{name}: an operator, or the system running out of memory); nothing "
                    "was loaded",
                )
            ]
        )
    raise WarroomError(f"{Path(file).name}: the {what} failed unexpectedly ({payload})")


def _check_job(url: str, lock_timeout: float, *args: Any, **kwargs: Any) -> IntakeReport:
    return check_table(Store(url, lock_timeout=lock_timeout), *args, **kwargs)


def _load_job(
    url: str,
    lock_timeout: float,
    audit_path: Path | None,
    address: str | None,
    *args: Any,
    **kwargs: Any,
) -> LoadResult:
    if audit_path is not None:  # the worker is a process of its own: the load is audited here
        configure_audit(audit_path)
        for_client(address)
    return load_table(Store(url, lock_timeout=lock_timeout), *args, **kwargs)


def check_upload(
    store: Store,
    path: Path,
    indicator_id: str,
    user: User,
    options: IntakeOptions | None = None,
    *,
    display_name: str | None = None,
    settings: Settings | None = None,
    stats: WorkerStats | None = None,
) -> IntakeReport:
    """:func:`check_table` in a worker process, within the settings' limits."""
    settings = settings or get_settings()
    return run_limited(
        _check_job,
        store.url,
        store.lock_timeout,
        Path(path),
        indicator_id,
        user,
        options,
        display_name=display_name,
        xlsx_limits=XlsxLimits.from_settings(settings),
        file=display_name or Path(path).name,
        what="check",
        limits=WorkerLimits.for_check(settings),
        stats=stats,
    )


def load_upload(
    store: Store,
    path: Path,
    indicator_id: str,
    user: User,
    options: IntakeOptions | None = None,
    *,
    report: IntakeReport | None = None,
    drop_invalid: bool = False,
    allow_duplicate: bool = False,
    replace_built: bool = False,
    display_name: str | None = None,
    settings: Settings | None = None,
    address: str | None = None,
) -> LoadResult:
    """:func:`load_table` in a worker process, within the settings' limits.

    Pass the ``report`` of the check the user saw, so the file is not checked again. With
    the ``settings`` of an installation (the web app passes its own), the load is written
    to its audit log with the client's ``address``.
    """
    audit_path = settings.audit_path if settings is not None else None
    settings = settings or get_settings()
    return run_limited(
        _load_job,
        store.url,
        store.lock_timeout,
        audit_path,
        address,
        Path(path),
        indicator_id,
        user,
        options,
        report=report,
        drop_invalid=drop_invalid,
        allow_duplicate=allow_duplicate,
        replace_built=replace_built,
        display_name=display_name,
        xlsx_limits=XlsxLimits.from_settings(settings),
        file=display_name or Path(path).name,
        what="load",
        limits=WorkerLimits.for_load(settings),
    )
