"""The upload page's recent checks, kept in memory between the preview and the load."""

from __future__ import annotations

import threading
from collections import OrderedDict

from warroom.intake.report import IntakeReport


class ReportCache:
    """The last few checks' reports, kept in memory so that a language switch or the load
    bar never reads the file again; keyed by the upload's secret token and its owner."""

    def __init__(self, size: int = 16):
        self.size = size
        self._items: OrderedDict[str, tuple[str, IntakeReport]] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, key: str, owner: str, report: IntakeReport) -> None:
        """Remember a report (the oldest is forgotten beyond ``size``)."""
        with self._lock:
            self._items[key] = (owner, report)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def get(self, key: str, owner: str) -> IntakeReport | None:
        """The report of ``key`` if ``owner`` made it."""
        with self._lock:
            found = self._items.get(key)
        return found[1] if found and found[0] == owner else None
