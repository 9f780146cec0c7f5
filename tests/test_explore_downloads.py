"""The workspace's downloads, made as the page makes them, on the real build."""

from __future__ import annotations

import io
import json

import openpyxl
import pandas as pd
import pytest

from warroom.app import create_app
from warroom.app.context import app_context
from warroom.app.explore import downloads, pair
from warroom.app.explore.state import read_query
from warroom.export.formats import by_key

pytestmark = pytest.mark.slow  # seconds a test: the whole real store (app, CLI, server)

PAIR = "?x=tpmap.target_poor_rate&y=pm25.annual_mean&level=province&lang=th"


@pytest.fixture(scope="module")
def app(built):
    settings, _ = built
    return create_app(settings)


def test_table_and_geojson_of_the_pair(app):
    with app.server.test_request_context():
        data = app_context().data
        state = read_query(PAIR, data, "th")[0]
        name, body = downloads.export_file(by_key("csv"), data, state)
        assert name.endswith(".csv") and body.startswith(b"\xef\xbb\xbf")
        table = pd.read_csv(io.BytesIO(body), encoding="utf-8-sig")
        assert list(table.columns) == [
            "code", "name_th", "name_en",
            "tpmap.target_poor_rate (2018)", "pm25.annual_mean (2021)",
            "tpmap.target_poor_rate (2018) coverage", "pm25.annual_mean (2021) coverage",
        ]  # fmt: skip
        view = pair.pair_view(data, state)
        both = table.dropna()
        assert view.corr.n == len(both)
        assert view.corr.pearson == pytest.approx(both.iloc[:, 3].corr(both.iloc[:, 4]))
        name, body = downloads.export_file(by_key("xlsx"), data, state)
        book = openpyxl.load_workbook(io.BytesIO(body))
        assert book.sheetnames == ["data", "metadata"]
        name, body = downloads.export_file(by_key("geojson"), data, state)
        collection = json.loads(body)
        assert len(collection["features"]) == 77
        first = collection["features"][0]
        assert first["id"] == first["properties"]["code"]
        assert "pm25.annual_mean (2021)" in first["properties"]


def test_compare_and_coverage_tables(app):
    with app.server.test_request_context():
        data = app_context().data
        state = read_query("?tab=compare&areas=TH50,TH57&goal=1", data, "th")[0]
        table = pd.read_csv(io.BytesIO(downloads.export_file(by_key("csv"), data, state)[1]))
        assert list(table.columns) == ["indicator_id", "period", "TH50", "TH57", "TH"]
        assert "tpmap.target_poor_rate" in set(table["indicator_id"])
        state = read_query("?tab=coverage&goal=1&level=district", data, "th")[0]
        table = pd.read_csv(io.BytesIO(downloads.export_file(by_key("csv"), data, state)[1]))
        assert (table["areas_total"] == 928).all()


def test_offline_html_and_pngs_of_what_is_shown(app):
    with app.server.test_request_context():
        context = app_context()
        data = context.data
        state = read_query(PAIR.replace("lang=th", "lang=en"), data, "th")[0]
        html = downloads.export_file(by_key("html"), data, state)[1].decode("utf-8")
        assert "Leaflet 1.9" in html and "Pearson r = " in html  # the statistics on the map
        assert "Bivariate map" in html and "modelled" in html  # PM2.5 is modelled
        view = pair.pair_view(data, state)
        bimap = pair.bivariate_map(context.base, view, data, state, [])
        name, png = downloads.export_file(by_key("png-map"), data, state, map_figure=bimap)
        assert name.endswith("-map.png") and png.startswith(b"\x89PNG") and len(png) > 50_000
        scatter = pair.scatter_figure(view, data, state, [])
        name, png = downloads.export_file(by_key("png-chart"), data, state, chart_figure=scatter)
        assert name.endswith("-chart.png") and png.startswith(b"\x89PNG")
