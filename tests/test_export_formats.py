"""The export formats as one registry: the explore page's buttons and download, and the
``--format`` choices of ``warroom export``, are all read from ``FORMATS``."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from warroom.cli import app as cli_app
from warroom.export.formats import FORMATS, ExportInput, by_key, offered
from warroom.export.formats.base import PARTS
from warroom.export.table import ExportError


def _choices(command: str) -> list[str]:
    """The ``--format`` choices that ``warroom export COMMAND --help`` shows."""
    result = CliRunner().invoke(cli_app, ["export", command, "--help"])
    return re.search(r"--format\s+<([^>]+)>", result.stdout).group(1).split("|")


def test_each_place_offers_the_formats_its_parts_make():
    assert [f.key for f in FORMATS] == ["csv", "xlsx", "geojson", "html", "png-map", "png-chart"]
    assert _choices("table") == ["csv", "xlsx"]
    assert sorted(_choices("map")) == ["geojson", "html", "png"]
    from warroom.app.explore.layout import EXPORTS

    assert EXPORTS == offered(PARTS) == FORMATS
    assert by_key("png") is by_key("png-map")
    assert [f.name for f in FORMATS if f.text] == ["csv", "html"]


def test_a_part_the_caller_cannot_make_is_said_plainly():
    what = ExportInput(table=lambda: pd.DataFrame({"code": ["TH"], "value": [1]}))
    assert by_key("csv").bytes_of(what) == b"\xef\xbb\xbfcode,value\r\nTH,1\r\n"
    plain = ExportInput(table=what.table, pipe=True)
    assert by_key("csv").bytes_of(plain) == b"code,value\nTH,1\n"
    with pytest.raises(ExportError, match="no metadata"):
        by_key("xlsx").bytes_of(what)


# A throwaway format, registered as a new one would be: a module (its writer and its entry)
# and one line in FORMATS (here, before the CLI and the app read the registry); its button's
# words are a line in warroom/text.
NEW_FORMAT = """
from typing import BinaryIO

from warroom.export import formats
from warroom.export.formats.base import ExportFormat, ExportInput
from warroom.text.i18n import STRINGS


def write(what: ExportInput, out: BinaryIO) -> None:
    out.write(what.table().to_csv(index=False, sep="\\t").encode("utf-8"))


TSV = ExportFormat("tsv", "ex_tsv", "text/tab-separated-values", ".tsv", ("table",), write)
formats.FORMATS = (*formats.FORMATS, TSV)
STRINGS["ex_tsv"] = {"th": "TSV (แท็บ)", "en": "TSV (tabs)"}
"""

CHECK = """
import json, sys
from plotly.utils import PlotlyJSONEncoder
from typer.testing import CliRunner

from warroom.cli import app as cli
from warroom.config import get_settings

runner = CliRunner()
result = runner.invoke(cli, ["export", "table", "--help"])
table_help = result.stdout
result = runner.invoke(cli, ["export", "map", "--help"])
map_help = result.stdout
out = sys.argv[1]
args = ["export", "table", "--indicator", "tpmap.target_poor_rate", "--level", "province"]
written = runner.invoke(cli, [*args, "--format", "tsv", "--output", out]).exit_code

from warroom.app import create_app
from warroom.app.context import app_context
from warroom.app.explore import downloads, layout
from warroom.app.explore.state import read_query
from warroom.export.formats import by_key

app = create_app(get_settings())
with app.server.test_request_context():
    tree = json.dumps(layout.workspace(lang="en"), cls=PlotlyJSONEncoder)
    data = app_context().data
    state = read_query("?x=tpmap.target_poor_rate&y=pm25.annual_mean", data, "th")[0]
    name, body = downloads.export_file(by_key("tsv"), data, state)
download = app.callback_map["ex-download.data"]
print(json.dumps({
    "table_choices": "csv|xlsx|tsv" in table_help,
    "map_choices": "tsv" not in map_help,
    "written": written,
    "button": '"TSV (tabs)"' in tree and '"ex-dl-tsv"' in tree,
    "download_input": {"id": "ex-dl-tsv", "property": "n_clicks"} in download["inputs"],
    "translated": any(k.startswith("..") and "ex-dl-tsv.children" in k for k in app.callback_map),
    "name": name,
    "body": body.decode("utf-8"),
}))
"""


@pytest.mark.slow
def test_a_new_format_is_offered_by_the_cli_and_the_explore_page(built, tmp_path):
    settings, _ = built
    env = os.environ | {
        "PYTHONPATH": str(Path(__file__).resolve().parents[1]),  # this tree's warroom
        "WARROOM_BUILD_DIR": str(settings.build_dir),
        "WARROOM_SOURCE_DIR": str(settings.source_dir),
    }
    script = textwrap.dedent(NEW_FORMAT) + textwrap.dedent(CHECK)
    out = tmp_path / "poor.tsv"
    run = subprocess.run(
        [sys.executable, "-c", script, str(out)], env=env, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    import json

    seen = json.loads(run.stdout.splitlines()[-1])
    assert seen.pop("name").endswith("-vs-pm25.annual_mean-2021-province.tsv")
    page = pd.read_csv(io.StringIO(seen.pop("body")), sep="\t")
    assert list(page.columns)[3:] == [  # each figure with its coverage (issue 20, item 7)
        "tpmap.target_poor_rate (2018)",
        "pm25.annual_mean (2021)",
        "tpmap.target_poor_rate (2018) coverage",
        "pm25.annual_mean (2021) coverage",
    ]
    assert seen == {
        "table_choices": True,
        "map_choices": True,
        "written": 0,
        "button": True,
        "download_input": True,
        "translated": True,
    }
    cli = pd.read_csv(out, sep="\t")
    assert len(cli) == 77 and list(cli.columns) == [
        "code", "name_th", "name_en", "period", "value", "unit", "coverage",
    ]  # fmt: skip


def test_without_the_new_format_nothing_offers_it():
    assert "tsv" not in [*_choices("table"), *_choices("map")]
    assert all(f.key != "tsv" for f in FORMATS)
