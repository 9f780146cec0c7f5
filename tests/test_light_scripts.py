"""Issue 26: the first page is light. Browsers get the Plotly bundle the app needs (only the
traces it draws), and scripts and fonts compressed once at the strongest level."""

from __future__ import annotations

import gzip
import os

import brotli
import pytest
from flask import Flask, Response

from warroom.web.scripts import APP_BUNDLE, PLOTLY_PATH, add_light_scripts
from warroom.web.static import add_static_routes

DASH_SCRIPT = "/_dash-component-suites/dash/dcc/dash_core_components.v1_0m1.js"


def server(tmp_path, bundle: str, app_bundle=None) -> Flask:
    app = Flask(__name__)
    add_static_routes(app, tmp_path)  # Flask-Compress as the app configures it

    @app.route(PLOTLY_PATH)
    def dash_plotly():  # stands for Dash's route: the full bundle
        return Response("/* every trace */ " * 2000, mimetype="application/javascript")

    @app.route(DASH_SCRIPT)
    def dash_script():
        return Response("var x = 1; " * 5000, mimetype="application/javascript")

    add_light_scripts(app, bundle, app_bundle or tmp_path / "missing.js")
    return app


def test_the_apps_own_bundle_is_served_compressed_as_built(tmp_path):
    bundle = tmp_path / "plotly-warroom.min.js"
    bundle.write_bytes(b"/* core, bar, heatmap, scattergl, choroplethmap */" * 1000)
    (tmp_path / "plotly-warroom.min.js.br").write_bytes(brotli.compress(bundle.read_bytes()))
    client = server(tmp_path, "app", bundle).test_client()
    answer = client.get(PLOTLY_PATH, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert answer.headers["Content-Encoding"] == "br"
    assert brotli.decompress(answer.data) == bundle.read_bytes()
    again = client.get(
        PLOTLY_PATH, headers={"Accept-Encoding": "br", "If-None-Match": answer.headers["ETag"]}
    )
    assert again.status_code == 304 and not again.data  # a second visit fetches nothing
    plain = client.get(PLOTLY_PATH, headers={"Accept-Encoding": "gzip"})  # made once, kept
    assert gzip.decompress(plain.data) == bundle.read_bytes()


def test_scripts_are_compressed_once_at_a_strong_level(tmp_path):
    client = server(tmp_path, "app").test_client()
    first = client.get(DASH_SCRIPT, headers={"Accept-Encoding": "br"})
    assert first.headers["Content-Encoding"] == "br"
    assert brotli.decompress(first.data) == b"var x = 1; " * 5000
    assert len(first.data) <= len(brotli.compress(b"var x = 1; " * 5000, quality=10))
    # No bundle built: Dash's own is served (the pages work either way).
    assert b"every trace" in brotli.decompress(
        client.get(PLOTLY_PATH, headers={"Accept-Encoding": "br"}).data
    )


@pytest.mark.parametrize("accept", ["br", "gzip"])
def test_fonts_are_sent_compressed(tmp_path, accept):
    client = server(tmp_path, "app").test_client()
    answer = client.get("/fonts/Sarabun-Regular.ttf", headers={"Accept-Encoding": accept})
    assert answer.status_code == 200 and answer.headers["Content-Encoding"] == accept
    raw = brotli.decompress(answer.data) if accept == "br" else gzip.decompress(answer.data)
    assert raw[:4] in (b"\x00\x01\x00\x00", b"true") and len(answer.data) < 0.7 * len(raw)
    assert "immutable" in answer.headers["Cache-Control"]


def test_pages_ask_for_woff2_first_and_get_it_lighter(tmp_path):
    """The style sheet names each Sarabun as WOFF2 first (TrueType after it, for an old
    browser); the WOFF2 is the same cut font, lighter than the TrueType sent with Brotli."""
    import io
    import re

    from fontTools.ttLib import TTFont

    from warroom.config import PROJECT_ROOT

    client = server(tmp_path, "app").test_client()
    css = (PROJECT_ROOT / "assets" / "warroom.css").read_text(encoding="utf-8")
    faces = re.findall(r"@font-face \{[^}]*\}", css)
    assert len(faces) == 3
    for face in faces:
        woff2, ttf = re.findall(r'url\("(/fonts/[^"]+)"\)', face)
        assert woff2.endswith(".woff2") and ttf == woff2.replace(".woff2", ".ttf")
        answer = client.get(woff2, headers={"Accept-Encoding": "br, gzip"})
        assert answer.status_code == 200 and answer.mimetype == "font/woff2"
        assert "Content-Encoding" not in answer.headers  # Brotli inside already
        assert "immutable" in answer.headers["Cache-Control"]
        font = TTFont(io.BytesIO(answer.data))
        assert font.flavor == "woff2" and ord("่") in font.getBestCmap()  # a tone mark
        sent_ttf = client.get(ttf, headers={"Accept-Encoding": "br"})
        assert len(answer.data) < 0.9 * len(sent_ttf.data)
    for name in ("Sarabun-Nothing.woff2", "Sarabun-..woff2", "Other-Regular.woff2"):
        assert client.get(f"/fonts/{name}").status_code == 404


def test_full_leaves_dash_and_flask_compress_as_they_were(tmp_path):
    client = server(tmp_path, "full", APP_BUNDLE).test_client()
    answer = client.get(PLOTLY_PATH, headers={"Accept-Encoding": "br"})
    assert b"every trace" in brotli.decompress(answer.data)
    font = client.get("/fonts/Sarabun-Regular.ttf", headers={"Accept-Encoding": "br"})
    assert "Content-Encoding" not in font.headers


def test_the_built_bundle_holds_the_traces_the_pages_draw():
    if not APP_BUNDLE.is_file():
        why = "no app bundle: scripts/install-plotly.sh (make install) builds it"
        if os.environ.get("WARROOM_REQUIRE_PLOTLY_BUNDLE") == "1":  # CI: never a silent skip
            pytest.fail(why)
        pytest.skip(why)
    from importlib.resources import files

    ours = APP_BUNDLE.read_bytes()
    full = files("plotly").joinpath("package_data/plotly.min.js").read_bytes()
    for trace in (b'"choroplethmap"', b'"scattergl"', b'"heatmap"', b'"bar"'):
        assert trace in ours
    for trace in (b'"scatter3d"', b'"scattergeo"'):  # in Dash's, not in ours
        assert trace in full and trace not in ours
    assert len(ours) < 0.75 * len(full)
    assert brotli.decompress(APP_BUNDLE.with_name(APP_BUNDLE.name + ".br").read_bytes()) == ours


def test_fonts_keep_every_character_the_pages_write():
    import io

    from fontTools.ttLib import TTFont

    from warroom.text.fonts import FONT_DIR
    from warroom.text.i18n import STRINGS
    from warroom.web.fonts import font_subset

    raw = (FONT_DIR / "Sarabun-Regular.ttf").read_bytes()
    small = TTFont(io.BytesIO(font_subset(raw)))
    full = TTFont(io.BytesIO(raw))
    written = {ch for words in STRINGS.values() for text in words.values() for ch in text}
    written |= set("๐๑๒๓๔๕๖๗๘๙฿–—…·→▲▼■²%")  # Thai digits, signs the code writes
    have = set(small.getBestCmap())
    missing = {ch for ch in written if ord(ch) in set(full.getBestCmap()) - have}
    assert not missing, f"characters the pages write were cut from the font: {missing}"
    assert len(font_subset(raw)) < 0.8 * len(raw)
    for table in ("GSUB", "GPOS"):  # Thai vowels and tone marks are placed by these
        assert table in small and small[table].table.FeatureList.FeatureCount > 0


def test_scripts_compressed_ahead_are_never_compressed_in_a_request(tmp_path, monkeypatch):
    """``warroom serve`` compresses the first page's scripts before its workers serve: a
    fresh worker's first request for one is sent as kept, never compressed then."""
    from warroom.web import scripts

    app = server(tmp_path, "app")

    @app.route("/")
    def index():
        return f'<html><script src="{DASH_SCRIPT}"></script></html>'

    css = tmp_path / "css"
    css.mkdir()
    (css / "a.css").write_text("@font-face { src: url(/fonts/Sarabun-Regular.ttf); }")
    found = scripts.first_page_files(app, {}, css)
    assert found == [DASH_SCRIPT, "/fonts/Sarabun-Regular.ttf"]
    assert scripts.compress_ahead(app, [DASH_SCRIPT]) == 2  # brotli and gzip
    made = []
    monkeypatch.setattr(scripts, "_strongest", lambda data, enc: made.append(enc) or b"")
    client = app.test_client()
    for encoding in ("br", "gzip"):
        answer = client.get(DASH_SCRIPT, headers={"Accept-Encoding": encoding})
        assert answer.headers["Content-Encoding"] == encoding and answer.data
    assert made == []
