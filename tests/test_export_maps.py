"""Exports on the real build: tables of several indicators, XLSX metadata, GeoJSON, HTML, PNG."""

from __future__ import annotations

import csv
import io
import json
import re

import geopandas as gpd
import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from warroom.cli import app
from warroom.config import get_settings

runner = CliRunner()


@pytest.fixture
def cli(built, monkeypatch):
    settings, _ = built
    monkeypatch.setenv("WARROOM_BUILD_DIR", str(settings.build_dir))
    monkeypatch.setenv("WARROOM_SOURCE_DIR", str(settings.source_dir))
    monkeypatch.delenv("WARROOM_TILE_URL", raising=False)
    get_settings.cache_clear()
    yield lambda *args: runner.invoke(app, list(args))
    get_settings.cache_clear()


def test_table_with_several_indicators_one_column_each(cli):
    result = cli(
        "export", "table", "--level", "province",
        "--indicator", "tpmap.target_poor_rate",
        "--indicator", "dopa.population@2014",
        "--indicator", "dopa.population",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == [
        "code", "name_th", "name_en",
        "tpmap.target_poor_rate (2018)", "dopa.population (2014)", "dopa.population (2024)",
        "tpmap.target_poor_rate (2018) coverage", "dopa.population (2014) coverage",
        "dopa.population (2024) coverage",
        "tpmap.target_poor_rate (2018) unit", "tpmap.target_poor_rate (2018) source_th",
        "tpmap.target_poor_rate (2018) source_en",
        "dopa.population (2014) unit", "dopa.population (2014) source_th",
        "dopa.population (2014) source_en",
        "dopa.population (2024) unit", "dopa.population (2024) source_th",
        "dopa.population (2024) source_en",
    ]  # fmt: skip
    assert float(next(r for r in rows if r["code"] == "TH50")[
        "tpmap.target_poor_rate (2018) coverage"]) == pytest.approx(0.9657, abs=1e-4)  # fmt: skip
    assert len(rows) == 77
    cm = next(r for r in rows if r["code"] == "TH50")
    assert int(cm["dopa.population (2014)"]) > 1_500_000
    assert int(cm["dopa.population (2014)"]) != int(cm["dopa.population (2024)"])


def test_xlsx_has_thai_names_and_a_metadata_sheet(cli, tmp_path):
    out = tmp_path / "two.xlsx"
    result = cli(
        "export", "table", "--level", "province", "--format", "xlsx", "--output", str(out),
        "--indicator", "tpmap.target_poor_rate", "--indicator", "pm25.annual_mean",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["data", "metadata"]
    data = list(book["data"].iter_rows(values_only=True))
    assert data[0][:3] == ("code", "name_th", "name_en")
    cm = next(row for row in data if row[0] == "TH50")
    assert cm[:3] == ("TH50", "เชียงใหม่", "Chiang Mai")
    meta = list(book["metadata"].iter_rows(values_only=True))
    header = meta[0]
    assert {"indicator_id", "name_th", "name_en", "sdg_code", "proxy", "unit", "period",
            "source_th", "source_en", "modelled"} <= set(header)  # fmt: skip
    by_id = {
        row[header.index("indicator_id")]: dict(zip(header, row, strict=True)) for row in meta[1:]
    }
    assert by_id["tpmap.target_poor_rate"]["name_th"] == "สัดส่วนคนจนเป้าหมาย"
    assert by_id["tpmap.target_poor_rate"]["sdg_code"] == "1.2.2"
    assert by_id["tpmap.target_poor_rate"]["period"] == 2018
    assert by_id["tpmap.target_poor_rate"]["modelled"] is False
    assert by_id["pm25.annual_mean"]["modelled"] is True
    assert "AIT" in by_id["pm25.annual_mean"]["source_en"]
    assert by_id["pm25.annual_mean"]["column"] in data[0]


def test_geojson_is_valid_and_matches_the_table_export(cli, tmp_path):
    geo, table = tmp_path / "cm.geojson", tmp_path / "cm.csv"
    args = ["--indicator", "tpmap.target_poor_rate", "--level", "tambon", "--area", "TH50"]
    assert cli("export", "map", *args, "--format", "geojson", "--output", str(geo)).exit_code == 0
    assert cli("export", "table", *args, "--output", str(table)).exit_code == 0
    raw = json.loads(geo.read_text(encoding="utf-8"))
    assert raw["type"] == "FeatureCollection"
    first = raw["features"][0]
    assert first["id"] == first["properties"]["code"]
    assert list(first["properties"]) == [
        "code", "name_th", "name_en", "period", "value", "unit", "coverage",
    ]  # fmt: skip
    frame = gpd.read_file(geo)
    assert frame.is_valid.all() and frame.crs.to_epsg() == 4326
    expected = pd.read_csv(table, encoding="utf-8-sig", dtype={"code": str})
    assert len(frame) == len(expected) == 204  # Chiang Mai's tambons
    assert frame["code"].str.startswith("TH50").all()
    merged = expected.merge(frame.drop(columns="geometry"), on="code", suffixes=("", "_geo"))
    for col in ("name_th", "name_en", "period", "unit"):
        assert (merged[col] == merged[f"{col}_geo"]).all(), col
    pd.testing.assert_series_equal(merged["value"], merged["value_geo"], check_names=False)
    # Each file says what its figures are (issue 25): the CSV in columns, the GeoJSON beside
    # its features, as OWID's downloads carry theirs.
    assert (expected["indicator_id"] == "tpmap.target_poor_rate").all()
    assert expected["source_en"].str.contains("TPMAP").all()
    assert expected["source_th"].str.contains("TPMAP").all()
    (meta,) = raw["metadata"]
    assert meta["indicator_id"] == "tpmap.target_poor_rate" and meta["unit"] == "%"
    assert meta["period"] == 2018 and "TPMAP" in meta["source_en"]
    assert meta["name_th"] == "สัดส่วนคนจนเป้าหมาย"


def test_offline_html_has_everything_inline(cli, tmp_path):
    out = tmp_path / "map.html"
    result = cli(
        "export", "map", "--indicator", "pm25.annual_mean", "--level", "province",
        "--format", "html", "--output", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    # No external file of any kind: no <script src>, no <link href>, no tile layer.
    assert not re.search(r"<script[^>]+src=", html)
    assert not re.search(r"<link[^>]+href=", html)
    for host in ("jsdelivr", "cloudflare", "unpkg", "jquery.com", "bootstrapcdn", "googleapis"):
        assert host not in html  # none of Folium's CDN links
    assert "tileLayer(" not in html
    assert "Leaflet 1.9" in html  # Leaflet itself is inline
    assert "ค่าเฉลี่ยรายปีฝุ่น PM2.5" in html and "ข้อมูลจากแบบจำลอง" in html
    assert "สถาบันเทคโนโลยีแห่งเอเชีย" in html  # the source
    assert html.count('"type": "Feature"') + html.count('"type":"Feature"') >= 77


def test_map_export_errors_are_plain(cli, tmp_path):
    out = str(tmp_path / "x.png")
    cases = [
        (["--indicator", "no.such", "--level", "province"], "unknown indicator"),
        (["--indicator", "pm25.annual_mean", "--level", "tambon"], "no tambon values"),
        (["--indicator", "dopa.population", "--level", "province", "--area", "TH5001"], "above"),
        (["--indicator", "dopa.population", "--level", "tambon", "--area", "TH99"], "not a known"),
    ]
    for args, message in cases:
        result = cli("export", "map", *args, "--format", "png", "--output", out)
        assert result.exit_code == 1, args
        assert message in result.stderr and "Traceback" not in result.output


@pytest.mark.slow
@pytest.mark.servers  # Chromium
def test_png_of_a_map_renders_offline_in_chromium(cli, tmp_path):
    out = tmp_path / "map.png"
    result = cli(
        "export", "map", "--indicator", "tpmap.target_poor_rate", "--level", "district",
        "--area", "TH50", "--format", "png", "--output", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    from PIL import Image

    image = Image.open(out)
    assert image.size == (1600, 1400)
    colours = {c for _, c in image.convert("RGB").getcolors(1_000_000)}
    # the five class colours are all drawn
    for hex_colour in ("#2c7bb6", "#abd9e9", "#ffffbf", "#fdae61", "#d7191c"):
        rgb = tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
        assert any(sum(abs(a - b) for a, b in zip(rgb, c, strict=True)) < 20 for c in colours)
