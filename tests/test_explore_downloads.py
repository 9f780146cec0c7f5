"""The workspace's downloads, made as the page makes them, on the real build."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from warroom.app import create_app
from warroom.app.context import app_context
from warroom.app.explore import downloads, pair
from warroom.app.explore.state import read_query
from warroom.export.formats import FORMATS, by_key

pytestmark = pytest.mark.slow  # seconds a test: the whole real store (app, CLI, server)

SHOTS = Path(__file__).resolve().parents[1] / "screenshots"
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
            "tpmap.target_poor_rate (2018) unit", "tpmap.target_poor_rate (2018) source_th",
            "tpmap.target_poor_rate (2018) source_en",
            "pm25.annual_mean (2021) unit", "pm25.annual_mean (2021) source_th",
            "pm25.annual_mean (2021) source_en",
        ]  # fmt: skip
        view = pair.pair_view(data, state)
        both = table.dropna(subset=table.columns[3:5])
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
        assert list(table.columns) == [
            "indicator_id", "name_th", "name_en", "unit", "period",
            "เชียงใหม่ (TH50)", "เชียงราย (TH57)", "ประเทศไทย (TH)", "source_th", "source_en",
        ]  # fmt: skip
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


def _figures(context, data, state) -> dict:
    """The map and the chart each tab shows, made as the page makes them."""
    from warroom.app.explore import comparison, coverage

    if state.tab == "pair":
        view = pair.pair_view(data, state)
        return {
            "map_figure": pair.bivariate_map(context.base, view, data, state, []),
            "chart_figure": pair.scatter_figure(view, data, state, []),
        }
    if state.tab == "compare":
        table = comparison.compare_view(data, state)
        return {"chart_figure": comparison.compare_figure(table, data, state)}
    if state.tab == "years":
        from warroom.app.explore import years

        return {"chart_figure": years.years_figure(data, state)}
    matrix = coverage.coverage_view(data, state)
    return {
        "map_figure": coverage.coverage_map(context.base, data, state)[0],
        "chart_figure": coverage.coverage_figure(matrix, data, state),
    }


TABS = {
    "pair": PAIR,
    "compare": "?tab=compare&areas=TH50,TH57&goal=1&lang=th",
    "coverage": "?tab=coverage&goal=3&level=province&lang=th",
    "years": PAIR + "&tab=years",
}


@pytest.mark.parametrize("tab", list(TABS))
def test_every_export_of_every_tab_opens_and_carries_its_context(app, tab):
    """Issue 25: the compare tab's PNG map failed with a TypeError, its GeoJSON and HTML
    held all 77 provinces, the chart PNG had no title, statistics or source, the coverage
    tab's metadata sheet was empty, and CSV and GeoJSON carried no unit, source or year."""
    from warroom.app.explore.downloads import export_input

    with app.server.test_request_context():
        context = app_context()
        data = context.data
        state = read_query(TABS[tab], data, "th")[0]
        shown = _figures(context, data, state)
        files = {f.key: downloads.export_file(f, data, state, **shown) for f in FORMATS}
        what = export_input(data, state, **shown)
        meta = what.metadata()
        assert not meta.empty and meta["unit"].all() and meta["period"].notna().all()
        assert meta["source_th"].all()
        # CSV: a plain table for Excel and pandas, each indicator's unit and source within it
        table = pd.read_csv(io.BytesIO(files["csv"][1]), encoding="utf-8-sig")
        assert len(table) and not table.columns.str.startswith("Unnamed").any()
        cells = {str(v) for v in table.to_numpy().ravel()} | set(table.columns)
        for row in meta.itertuples():
            assert row.source_th in cells and row.source_en in cells, (tab, row.indicator_id)
            assert tab in ("compare", "coverage") or row.unit in cells, (tab, row.unit)
            assert any(str(row.period) in c for c in cells), (tab, row.period)
        # XLSX: the table and its metadata sheet, filled
        book = openpyxl.load_workbook(io.BytesIO(files["xlsx"][1]))
        assert book.sheetnames == ["data", "metadata"] and book["metadata"].max_row > 1
        # GeoJSON: the areas shown, with each indicator's unit, source and year beside them
        collection = json.loads(files["geojson"][1])
        expected = {"pair": 77, "compare": 2, "coverage": 77, "years": 77}[tab]
        assert len(collection["features"]) == expected
        first = collection["metadata"][0]
        assert first["unit"] and first["source_th"] and first["period"]
        # HTML: the map, its title, legend and sources
        html = files["html"][1].decode("utf-8")
        assert "Leaflet" in html and str(first["source_th"]).split(" (")[0] in html
        if tab == "compare":
            assert "เชียงใหม่" in html and "เชียงราย" in html and "ลำปาง" not in html
        # PNGs: real images, and their figures carry title, legend, unit, year and source
        for key in ("png-map", "png-chart"):
            assert files[key][1].startswith(b"\x89PNG") and len(files[key][1]) > 20_000, key
            SHOTS.mkdir(exist_ok=True)
            (SHOTS / f"export-{tab}-{key}.png").write_bytes(files[key][1])  # looked at
        for picture in (what.map_picture(), what.chart_picture()):
            figure = picture.figure
            layout = figure["layout"] if isinstance(figure, dict) else figure.to_dict()["layout"]
            title = layout["title"]["text"]
            words = " ".join(a["text"] for a in layout.get("annotations", []))
            assert title and "ที่มา" in words and "2561" in words + title, (tab, title)
        legend = what.map_picture().figure
        legend = legend if isinstance(legend, dict) else legend.to_dict()
        drawn = legend["layout"].get("shapes", []) + [
            trace
            for trace in legend["data"]
            if trace.get("name") and trace.get("type") in ("scattermap", "scattermapbox")
        ]
        assert drawn, f"{tab}: a legend on the map picture"


def test_the_fitted_line_reads_as_numbers():
    """It read "y = 2.733e+04 − 1014x"."""
    assert pair.readable(27330.4, "th") == "27,300"
    assert pair.readable(1014.2, "en") == "1,010"
    assert pair.readable(0.012345, "en") == "0.0123"
    assert pair.readable(-3.456, "en") == "−3.46"


def test_pngs_find_sarabun():
    """Thai in the PNGs fell back from Sarabun: Chromium's fontconfig now sees its folder."""
    import os
    import subprocess

    from warroom.export.png import sarabun_for_chromium

    conf = sarabun_for_chromium()
    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    found = subprocess.run(
        ["fc-match", "Sarabun"], env=env, capture_output=True, text=True, check=True
    )
    assert found.stdout.startswith("Sarabun")


def test_the_years_tab_holds_each_year_of_both_indicators(app):
    """Issue 25, item 9: the selected indicators of the area, year by year."""
    from warroom.app.explore import years

    with app.server.test_request_context():
        data = app_context().data
        query = PAIR.replace("level=province", "level=district") + "&tab=years&area=TH50"
        state = read_query(query, data, "th")[0]
        assert state.area == "TH50"
        view = years.years_view(data, state)
        pm25 = data.trend("pm25.annual_mean", "TH50").dropna()
        tpmap = data.trend("tpmap.target_poor_rate", "TH50").dropna()
        assert view["period"].tolist() == sorted({*map(int, pm25.index), *map(int, tpmap.index)})
        at = view.set_index("period")
        assert at.loc[int(pm25.index[-1]), "pm25.annual_mean"] == pytest.approx(pm25.iloc[-1])
        assert at.loc[2018, "tpmap.target_poor_rate"] == pytest.approx(tpmap.loc[2018])
        table = pd.read_csv(io.BytesIO(downloads.export_file(by_key("csv"), data, state)[1]))
        assert list(table.columns) == [
            "code",
            "name_th",
            "name_en",
            "period",
            "tpmap.target_poor_rate",
            "pm25.annual_mean",
            "tpmap.target_poor_rate unit",
            "tpmap.target_poor_rate source_th",
            "tpmap.target_poor_rate source_en",
            "pm25.annual_mean unit",
            "pm25.annual_mean source_th",
            "pm25.annual_mean source_en",
        ]
        assert (table["code"] == "TH50").all() and len(table) == len(view)
