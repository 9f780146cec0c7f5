"""`warroom actions` as an operator types it, on SQLite and PostgreSQL: the agencies, a file
of actions with Buddhist Era dates, a note that marks one done, a new period loaded with
`warroom ingest` in which its district got worse, and the list saying "relapsed"."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from typer.testing import CliRunner

from tests.intake.helpers import write
from warroom.cli import app
from warroom.config import get_settings

runner = CliRunner()
ADMIN = ("--user", "admin", "--password-stdin")
CM = ("--user", "cm_officer", "--password-stdin")


@pytest.fixture
def cli(intake_store, monkeypatch):
    monkeypatch.setenv("WARROOM_DATABASE_URL", intake_store.url)
    get_settings.cache_clear()

    def run(*args: str, password: str | None = None):
        return runner.invoke(app, list(args), input=password)

    yield run
    get_settings.cache_clear()


def ingest(cli, tmp_path, year: int, rates: dict[str, float]) -> None:
    lines = ["รหัสอำเภอ,ปี พ.ศ.,ร้อยละ", *(f"{c},{year + 543},{v}" for c, v in rates.items())]
    path = write(tmp_path / f"literacy-{year}.csv", "\n".join(lines) + "\n")
    done = cli("ingest", str(path), "--indicator", "moi.literacy", *CM, password="chiangmai-2566\n")
    assert done.exit_code == 0, done.output


def listed(cli, *args: str) -> list[dict]:
    result = cli("actions", "list", "--format", "csv", *args)
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_agencies_file_note_and_relapse(cli, tmp_path):
    assert cli("actions", "agencies").stdout.strip() == "no agencies yet"
    refused = cli("actions", "agencies", "add", "--name-th", "กศน.", "--name-en", "NFE", *CM,
                  password="chiangmai-2566\n")  # fmt: skip
    assert refused.exit_code == 1 and "ask an admin" in refused.output
    names = ("--name-th", "สำนักงาน กศน. จังหวัด", "--name-en", "Provincial NFE Office")
    added = cli("actions", "agencies", "add", *names, *ADMIN, password="admin-password\n")
    assert added.exit_code == 0, added.output
    assert "สำนักงาน กศน. จังหวัด" in cli("actions", "agencies").stdout

    ingest(cli, tmp_path, 2023, {"5001": 91.0, "5002": 82.5})
    file = write(
        tmp_path / "actions.csv",
        "area_code,what,agency,indicator_id,due_date,target_value\n"
        "TH5001,ห้องเรียนผู้ใหญ่ทุกตำบล,Provincial NFE Office,moi.literacy,2569-09-30,95\n"
        "TH5002,อาสาสมัครสอนอ่าน,สำนักงาน กศน. จังหวัด,moi.literacy,2026-09-30,\n",
    )
    planned = cli("actions", "add", "--file", str(file), *CM, password="chiangmai-2566\n")
    assert planned.exit_code == 0, planned.output
    assert "planned 2 action(s): 1, 2" in planned.output
    rows = {r["id"]: r for r in listed(cli, "--area", "TH50")}
    assert rows["1"]["due_date"] == "2026-09-30"  # read as Buddhist Era
    assert (rows["1"]["baseline_period"], rows["1"]["baseline_value"]) == ("2023", "91.0")
    assert rows["1"]["area_th"] == "เมืองเชียงใหม่" and rows["1"]["status"] == "planned"

    bad = write(
        tmp_path / "bad.csv", "area_code,what,agency,due_date\nTH1001,ทดสอบ,NFE,2026-01-01\n"
    )
    refused = cli("actions", "add", "--file", str(bad), *CM, password="chiangmai-2566\n")
    assert refused.exit_code == 1
    assert "bad.csv, row 2, column area_code" in refused.output
    crafted = cli("actions", "note", "1", "--status", "done", "--user", "viewer",
                  "--password-stdin", password="viewer-password\n")  # fmt: skip
    assert crafted.exit_code == 1 and "may not" in crafted.output

    done = cli("actions", "note", "1", "--status", "done", "--text", "เปิดครบ 16 ตำบล",
               "--on", "2569-03-01", *CM, password="chiangmai-2566\n")  # fmt: skip
    assert done.exit_code == 0, done.output
    assert listed(cli, "--status", "relapsed") == []

    ingest(cli, tmp_path, 2024, {"5001": 88.0, "5002": 85.0})  # Mueang worse, Saraphi better
    relapsed = listed(cli, "--status", "relapsed")
    assert [(r["id"], r["latest_period"], r["moved"]) for r in relapsed] == [("1", "2024", "worse")]
    assert float(relapsed[0]["change"]) == pytest.approx(-3.0)
    assert [r["id"] for r in listed(cli, "--status", "open")] == ["2"]

    out = tmp_path / "actions.xlsx"
    assert cli("actions", "list", "--format", "xlsx", "--output", str(out)).exit_code == 0
    sheet = openpyxl.load_workbook(out)["actions"]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["id", "area_code", "area_th"] and sheet.max_row == 3
    assert cli("actions", "list", "--format", "xlsx").exit_code == 1  # needs --output
