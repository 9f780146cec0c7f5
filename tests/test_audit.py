"""The audit log: one JSON line per event, readable by its owner only."""

from __future__ import annotations

import json
import stat

from warroom.audit import audit, configure_audit


def test_events_are_json_lines_in_a_private_file(tmp_path):
    path = tmp_path / "audit.log"
    configure_audit(path)
    audit("signin_failed", user="somchai")
    audit("load", user="somchai", batch=3, indicator="moi.elderly", file="ผู้สูงอายุ.csv")
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [r["event"] for r in records][-2:] == ["signin_failed", "load"]
    assert records[-1]["file"] == "ผู้สูงอายุ.csv" and records[-1]["batch"] == 3
    assert "time" in records[-1]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
