"""PNG images of a map or a chart: plotly figures rendered by Kaleido in the system Chromium.

Kaleido drives the Chromium already installed for the browser tests and takes plotly.js
from the plotly package, so nothing is fetched. The map is a ``choroplethmap`` (MapLibre)
on a background-only style, as in the app (plotly's ``geo`` maps would fetch a world
topology from a CDN); a raster basemap only when a tile URL is given.
"""

from __future__ import annotations

import json
import os
import tempfile
from functools import cache
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio

from warroom.export.mapdata import MapLayer, fit_view, offline_style
from warroom.text.fonts import FONT_DIR

MARGIN = {"l": 10, "r": 10, "t": 110, "b": 80}
FONT = "Sarabun, Loma, Garuda, Tahoma, sans-serif"  # Thai fonts Chromium finds on Debian


class ImageError(RuntimeError):
    """The image could not be rendered (Chromium missing or failing)."""


def map_figure(
    layer: MapLayer, *, width: int = 1600, height: int = 1400, tile_url: str | None = None
) -> go.Figure:
    """The map as a plotly figure: areas coloured by class, legend, title, notes, sources."""
    frame = layer.frame()
    geojson = json.loads(frame[["code", "geometry"]].to_json(drop_id=True))
    for feature in geojson["features"]:
        feature["id"] = feature["properties"]["code"]
    colours = [colour for colour, _ in layer.legend]
    klass = frame["colour"].map({c: i for i, c in enumerate(colours)})
    n = len(colours)
    scale = [
        [min(max(edge, 0.0), 1.0), colour]
        for i, colour in enumerate(colours)
        for edge in (i / n, (i + 1) / n)
    ]
    fig = go.Figure(
        go.Choroplethmap(
            geojson=geojson,
            featureidkey="id",
            locations=frame["code"],
            z=klass + 0.5,
            zmin=0,
            zmax=n,  # class i spans [i, i + 1) of the scale: one flat colour each
            colorscale=scale,
            showscale=False,
            # thousands of tambons: hairlines, or the borders wash out the colours
            marker={
                "line": {"color": "#ffffff", "width": 0.5 if len(frame) < 2000 else 0.1},
                "opacity": 0.95,
            },
            text=frame["name_th"] + " / " + frame["name_en"] + ": " + frame["value_text"],
            hoverinfo="text",
        )
    )
    for colour, label in layer.legend:  # legend swatches: empty geo markers of each colour
        fig.add_trace(
            go.Scattermap(
                lon=[None],
                lat=[None],
                mode="markers",
                marker={"symbol": "square", "size": 18, "color": colour},
                name=label,
            )
        )
    text = layer.text
    subtitle = " · ".join([text.subtitle, *text.notes])
    map_height = height - MARGIN["t"] - MARGIN["b"]
    centre, zoom = fit_view(layer.bounds, width - MARGIN["l"] - MARGIN["r"], map_height)
    fig.update_layout(
        width=width,
        height=height,
        font={"family": FONT, "size": 20},
        title={"text": f"<b>{text.title}</b><br><sup>{subtitle}</sup>", "x": 0.02},
        showlegend=True,
        legend={"x": 0.02, "y": 0.06, "yanchor": "bottom", "bgcolor": "rgba(255,255,255,0.9)"},
        margin=MARGIN,
        map={"style": offline_style(tile_url), "center": centre, "zoom": zoom},
        paper_bgcolor="#ffffff",
        annotations=[
            {
                "text": "<br>".join(text.sources),
                "showarrow": False,
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": -0.02,
                "xanchor": "left",
                "yanchor": "top",
                "align": "left",
                "font": {"size": 14, "color": "#333333"},
            }
        ],
    )
    return fig


@cache
def sarabun_for_chromium() -> Path:
    """A fontconfig file that adds Sarabun's folder to the system's fonts, named in
    ``FONTCONFIG_FILE`` for the Chromium Kaleido starts: Sarabun comes from a Python package,
    not from the system, and the PNGs' Thai fell back to another font without it."""
    folder = Path(tempfile.gettempdir()) / f"warroom-fonts-{os.getuid()}"
    folder.mkdir(exist_ok=True)
    conf = folder / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <dir>{FONT_DIR}</dir>\n  <cachedir>{folder / 'cache'}</cachedir>\n</fontconfig>\n",
        encoding="utf-8",
    )
    os.environ["FONTCONFIG_FILE"] = str(conf)  # read by Chromium's fontconfig when it starts
    return conf


def figure_png(
    figure: go.Figure | dict,
    *,
    width: int | None = None,
    height: int | None = None,
    scale: float = 1.0,
) -> bytes:
    """Render a plotly figure (or its dict) to PNG bytes with Kaleido (Thai in Sarabun)."""
    sarabun_for_chromium()
    try:
        return pio.to_image(figure, format="png", width=width, height=height, scale=scale)
    except Exception as exc:  # Kaleido raises its own errors when Chromium is missing or fails
        raise ImageError(
            f"could not render the PNG with Chromium ({exc}); "
            "install it with scripts/install-browser.sh"
        ) from exc
