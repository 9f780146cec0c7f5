"""The audit log: who signed in (or failed to), who loaded or rolled back what, and when.

One JSON object per line, appended to ``Settings.audit_path`` (``audit.log`` in the build
folder by default; ``WARROOM_AUDIT_LOG``), readable by its owner only. Several processes may
append to the same file: each line is written whole in one ``write``. Records made while a
web request is served carry the client's address; work done for a request in another
process (a web load runs in a worker) carries it with :func:`for_client`.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from contextvars import ContextVar
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

log = logging.getLogger("warroom.audit")
_configured: set[str] = set()
_client: ContextVar[str | None] = ContextVar("warroom_audit_client", default=None)


class _JsonLines(logging.Handler):
    """Append each record as one line to a file opened in append mode, mode 0600."""

    def __init__(self, path: Path):
        super().__init__()
        self.path = path

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = (record.getMessage() + "\n").encode("utf-8")
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(fd, line)
            finally:
                os.close(fd)
        except OSError:
            self.handleError(record)


def configure_audit(path: Path) -> None:
    """Write the audit log of this process to ``path`` (once per path)."""
    path = Path(path)
    if str(path) in _configured:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    log.addHandler(_JsonLines(path))
    log.setLevel(logging.INFO)
    log.propagate = False
    _configured.add(str(path))


def for_client(address: str | None) -> None:
    """Records made from now on in this context carry ``address`` (outside a request)."""
    _client.set(address)


def _address() -> str | None:
    # A process that never imported Flask serves no request (a command-line load): no
    # need to import it (0.1 s) to learn that.
    flask = sys.modules.get("flask")
    if flask is not None and flask.has_request_context():
        return flask.request.remote_addr
    return _client.get()


def audit(event: str, **fields: Any) -> None:
    """Record ``event`` (``signin``, ``signin_failed``, ``load``, ...) with its details."""
    record = {"time": datetime.now(UTC).isoformat(timespec="seconds"), "event": event}
    address = _address()
    if address:
        record["address"] = address
    record.update({k: v for k, v in fields.items() if v is not None})
    log.info(json.dumps(record, ensure_ascii=False, default=str))
