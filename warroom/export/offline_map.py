"""An interactive map in one HTML file (Folium) that opens from disk with no server and no
internet: geometry, Leaflet and the Sarabun font are inline; no tile layer unless asked.

Every text that reaches the file is escaped as HTML: the boxes, the title, and the features'
properties (Folium's hover sets them as ``innerHTML``, and writes them inside a ``<script>``),
so a unit, a name or a source holding markup shows as text and never runs.
"""

from __future__ import annotations

import base64
import html
import json
import os
from pathlib import Path
from typing import Any

import folium
from branca.element import Element

from warroom.config import PROJECT_ROOT
from warroom.export.mapdata import MapLayer
from warroom.text.fonts import FONT_DIR

# Where scripts/install-leaflet.sh puts Leaflet (npm), and Debian's libjs-leaflet.
LEAFLET_DIRS = (PROJECT_ROOT / "vendor" / "leaflet", Path("/usr/share/javascript/leaflet"))
FONT_STACK = "Sarabun, Tahoma, sans-serif"
HOVER_FIELDS = ["name_th", "name_en", "value_text"]
PROPERTIES = ["code", "name_th", "name_en", "period", "value", "unit", "value_text", "colour"]


class LeafletMissingError(FileNotFoundError):
    """Leaflet's files are not installed (``make install`` runs scripts/install-leaflet.sh)."""


def leaflet_dir() -> Path:
    """The folder holding ``leaflet.js`` and ``leaflet.css`` (``WARROOM_LEAFLET_DIR`` first)."""
    override = os.environ.get("WARROOM_LEAFLET_DIR")
    for folder in ([Path(override)] if override else []) + list(LEAFLET_DIRS):
        if (folder / "leaflet.js").is_file() and (folder / "leaflet.css").is_file():
            return folder
    raise LeafletMissingError(
        "Leaflet is not installed: run `make install` (scripts/install-leaflet.sh) "
        "or set WARROOM_LEAFLET_DIR to a folder with leaflet.js and leaflet.css"
    )


def _font_face(weight: int, file: str) -> str:
    data = base64.b64encode((FONT_DIR / file).read_bytes()).decode("ascii")
    return (
        f"@font-face{{font-family:Sarabun;font-weight:{weight};"
        f"src:url(data:font/ttf;base64,{data}) format('truetype');}}"
    )


def _inline_assets(folder: Path) -> str:
    """Leaflet and Sarabun as inline ``<style>``/``<script>``: nothing to fetch."""
    css = (folder / "leaflet.css").read_text(encoding="utf-8")
    js = (folder / "leaflet.js").read_text(encoding="utf-8").replace("</script", "<\\/script")
    fonts = _font_face(400, "Sarabun-Regular.ttf") + _font_face(700, "Sarabun-Bold.ttf")
    return f"<style>{css}</style>\n<style>{fonts}{STYLE}</style>\n<script>{js}</script>"


STYLE = f"""
html, body {{ font-family: {FONT_STACK}; }}
.leaflet-container {{ background: #e8eef1; font-family: {FONT_STACK}; }}
.wr-box {{ position: fixed; z-index: 1000; background: rgba(255,255,255,0.94);
  border-radius: 6px; box-shadow: 0 1px 4px rgba(0,0,0,0.3); padding: 10px 14px;
  line-height: 1.5; }}
.wr-title {{ top: 10px; left: 60px; max-width: 60vw; }}
.wr-title h1 {{ font-size: 20px; margin: 0; font-weight: 700; }}
.wr-title p {{ font-size: 15px; margin: 2px 0 0; }}
.wr-note {{ color: #8a4b00; font-weight: 700; }}
.wr-legend {{ bottom: 64px; left: 10px; font-size: 14px; max-width: 420px; }}
.wr-legend .row {{ display: flex; align-items: center; gap: 8px; margin: 2px 0; }}
.wr-legend .swatch {{ width: 22px; height: 16px; border: 1px solid #888; flex: none; }}
.wr-legend .sources {{ margin-top: 8px; font-size: 12px; color: #333; }}
.leaflet-tooltip {{ font-family: {FONT_STACK}; font-size: 15px; line-height: 1.45; }}
"""


def _boxes(layer: MapLayer) -> str:
    text = layer.text
    notes = "".join(f'<p class="wr-note">{html.escape(n)}</p>' for n in text.notes)
    rows = "".join(
        f'<div class="row"><span class="swatch" style="background:{colour}"></span>'
        f"<span>{html.escape(label)}</span></div>"
        for colour, label in layer.legend
    )
    sources = "".join(f"<div>{html.escape(s)}</div>" for s in text.sources)
    return (
        f'<div class="wr-box wr-title" id="wr-title"><h1>{html.escape(text.title)}</h1>'
        f"<p>{html.escape(text.subtitle)}</p>{notes}</div>"
        f'<div class="wr-box wr-legend" id="wr-legend">{rows}'
        f'<div class="sources">{sources}</div></div>'
    )


def offline_map_html(layer: MapLayer, *, tile_url: str | None = None) -> str:
    """The whole map as one self-contained HTML document.

    Hovering an area shows its Thai and English names and its value; the title, notes
    (modelled, proxy), legend and sources sit on the map. ``tile_url`` (``{z}/{x}/{y}``)
    adds a raster basemap, which then needs the network; without it nothing is fetched.
    """
    assets = _inline_assets(leaflet_dir())
    frame = layer.frame()
    minx, miny, maxx, maxy = layer.bounds
    fmap = folium.Map(
        location=[(miny + maxy) / 2, (minx + maxx) / 2],
        zoom_start=6,
        tiles=None,
        prefer_canvas=len(frame) > 1500,  # thousands of tambons draw faster on a canvas
        control_scale=True,
        zoom_snap=0.25,
    )
    fmap.default_js = []  # Folium's CDN links: Leaflet is inlined, the rest is not needed
    fmap.default_css = []
    root: Any = fmap.get_root()  # a branca Figure (typed as Element)
    root.header.add_child(Element(assets), name="wr_assets", index=0)
    if tile_url:
        folium.TileLayer(tiles=tile_url, attr="WARROOM_TILE_URL").add_to(fmap)
    features = json.loads(
        frame[[*PROPERTIES, "geometry"]]
        .assign(value=frame["value"].astype(float))
        .to_json(na="null", drop_id=True)
    )
    for feature in features["features"]:
        properties = feature["properties"]
        for key, value in properties.items():
            if isinstance(value, str):
                properties[key] = html.escape(value)
        feature["id"] = properties["code"]
    folium.GeoJson(
        features,
        name=html.escape(layer.text.title),
        style_function=lambda f: {
            "fillColor": f["properties"]["colour"],
            "color": "#ffffff",
            "weight": 0.6,
            "fillOpacity": 0.9,
        },
        highlight_function=lambda _f: {"color": "#111111", "weight": 2.5},
        tooltip=folium.GeoJsonTooltip(fields=HOVER_FIELDS, labels=False, sticky=True),
    ).add_to(fmap)
    fmap.fit_bounds([[miny, minx], [maxy, maxx]])
    root.html.add_child(Element(_boxes(layer)))
    root.title = html.escape(layer.text.title)
    document = fmap.get_root().render()
    return document.replace("<html>", f'<html lang="{layer.text.lang}">', 1)
