"""Issue 23 item 6: faults that still showed raw internals. A read-only store gave raw SQL
with its parameters (``warroom users add`` printed a traceback holding the new account's
password hash); ``kill -9`` of a load was reported as "needed more than 1,024 MB";
``text/plain`` callbacks got Flask's English 415 page; ``?goal=³``, ``ID@²⁰¹⁸``,
``header_row="²"`` and ``period=1e999`` ended in tracebacks (``isdigit()`` accepts digits
``int()`` refuses). Each is now one line in words, with nothing of the internals."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3

import pytest
from typer.testing import CliRunner

from warroom.app import create_app
from warroom.cli import app as cli_app
from warroom.config import get_settings
from warroom.errors import DataError, WarroomError

pytestmark = pytest.mark.slow  # seconds a test: the whole real store (app, CLI)


@pytest.fixture
def cli(built, monkeypatch, tmp_path):
    from tests.helpers import copy_store

    settings = copy_store(built[0], tmp_path / "build")
    monkeypatch.setenv("WARROOM_BUILD_DIR", str(settings.build_dir))
    monkeypatch.setenv("WARROOM_SOURCE_DIR", str(settings.source_dir))
    get_settings.cache_clear()
    yield lambda *args, input=None: CliRunner().invoke(cli_app, list(args), input=input)
    get_settings.cache_clear()


def said_in_words(result) -> str:
    """The output of a command that failed as designed: exit 1, no traceback."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    return result.output


class ReadOnlySqlite:
    """``sqlite3`` whose connections may not write, as on a read-only disk."""

    def __getattr__(self, name: str):
        return getattr(sqlite3, name)

    @staticmethod
    def connect(*args, **kwargs):
        conn = sqlite3.connect(*args, **kwargs)
        conn.execute("PRAGMA query_only = 1")
        return conn


def test_a_read_only_store_is_one_line_with_no_sql_and_no_hash(cli, monkeypatch):
    from warroom.store import engine

    monkeypatch.setattr(engine, "sqlite3", ReadOnlySqlite())
    result = cli("users", "add", "newbie", "--role", "viewer", "--password-stdin",
                 input="a-long-password-1\n")  # fmt: skip
    out = said_in_words(result)
    assert "read-only" in out
    assert "INSERT" not in out and "scrypt" not in out and "parameters" not in out
    errors = [line for line in out.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "read-only" in errors[0]  # one line


def test_digits_that_int_refuses_are_named_not_tracebacks(cli, built):
    out = said_in_words(
        cli("export", "table", "--indicator", "tpmap.target_poor_rate@²⁰¹⁸", "--level",
            "province")
    )  # fmt: skip
    assert "CE year" in out

    from tests.helpers import render_area_page
    from warroom.app.context import app_context
    from warroom.app.explore.state import read_query
    from warroom.app.upload.actions import options_from
    from warroom.intake.actions import ce_date

    app = create_app(built[0])
    render_area_page(app, "TH50", "province", goal="³")  # the page, on goal 1
    render_area_page(app, "TH5001", "district", goal="²")
    with app.server.test_request_context():
        state, fixes = read_query("?goal=³&x=tpmap.target_poor_rate", app_context().data, "th")
    assert state.goal == 1 and fixes  # replaced, and said so
    for fields in ({"header_row": "²"}, {"period": 1e999}, {"period": "1e999"}):
        with pytest.raises(WarroomError, match="not a whole number"):
            options_from(fields)
    assert options_from({"header_row": 3, "period": "2566"}).period == 2566
    assert ce_date("²⁵⁶⁹-03-31") == "²⁵⁶⁹-03-31"  # not a year: left for the date check
    assert ce_date("2569-03-31") == "2026-03-31"


def test_text_plain_callbacks_get_the_bilingual_refusal(built):
    client = create_app(built[0]).server.test_client()
    answer = client.post("/_dash-update-component", data="{}", content_type="text/plain")
    assert answer.status_code == 415
    assert answer.mimetype == "text/plain"
    assert answer.get_data(as_text=True).startswith("คำขอไม่ถูกต้อง / bad callback request")


def killed_by_a_signal() -> None:
    """A load that something outside the server kills (``kill -9``)."""
    os.kill(os.getpid(), signal.SIGKILL)


def test_a_killed_load_is_not_called_out_of_memory():
    from warroom.intake.worker import WorkerLimits, run_limited

    with pytest.raises(DataError) as caught:
        run_limited(killed_by_a_signal, file="table.csv", what="load", limits=WorkerLimits())
    said = str(caught.value)
    assert "signal 9" in said and "SIGKILL" in said and "nothing was loaded" in said
    assert "MB" not in said


def test_a_corrupt_geometry_file_is_said_on_the_brief(built, tmp_path):
    from tests.helpers import copy_store

    settings = copy_store(built[0], tmp_path / "build")
    geometry = settings.build_dir / "geometry"
    geometry.mkdir()
    for part in built[0].geometry_dir.glob("*.parquet"):
        (geometry / part.name).write_bytes(b"PAR1 not a parquet file PAR1")
    client = create_app(settings).server.test_client()
    answer = client.get("/province/TH50/brief.pdf")
    assert answer.status_code == 503
    said = answer.get_data(as_text=True)
    assert said.startswith("ทำเอกสารสรุปไม่ได้ชั่วคราว") and "The brief cannot be made" in said
    assert "parquet" not in said  # the file and the error are in the log only


def test_a_damaged_geojson_file_is_named_at_start_and_answered_in_words(built, tmp_path):
    from tests.helpers import copy_store
    from warroom.serving import check_geometry

    settings = copy_store(built[0], tmp_path / "build")
    (settings.build_dir / "geojson").unlink()  # a folder of its own, not the build's
    shutil.copytree(built[0].geojson_dir, settings.geojson_dir)
    damaged = settings.geojson_dir / "province" / "TH50.geojson"
    damaged.write_bytes(damaged.read_bytes()[:5000])  # cut short, as by a full disk
    problems = check_geometry(settings)  # what `warroom serve` logs before it serves
    assert [p.split(":")[0] for p in problems] == ["province/TH50.geojson"]
    assert "not JSON" in problems[0]
    client = create_app(settings).server.test_client()
    answer = client.get("/geo/province/TH50.geojson")
    assert answer.status_code == 503
    said = answer.get_data(as_text=True)
    assert said.startswith("ไฟล์ขอบเขตของแผนที่เสียหาย") and "warroom build" in said
    assert client.get("/geo/province/TH57.geojson").status_code == 200  # the others serve


def test_a_missing_font_is_said_not_replaced_in_the_brief(built, tmp_path, monkeypatch):
    from warroom.export import brief

    monkeypatch.setattr(brief, "FONT_DIR", tmp_path / "no-fonts")
    client = create_app(built[0]).server.test_client()
    answer = client.get("/province/TH57/brief.pdf?lang=en")
    assert answer.status_code == 503  # not a PDF in whatever fonts the system has
    assert "The brief cannot be made" in answer.get_data(as_text=True)
