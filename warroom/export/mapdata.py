"""What a map export draws: areas, values, classes, colours, legend and the words around them.

The words (``MapText``) come from the caller in the user's language (the app's i18n), since
exports sit below the app; numbers, classes and colours are decided here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from warroom.analysis.classes import (
    NO_DATA_COLOUR,
    band_span,
    decimals_for,
    legend_order,
    shade,
)


@dataclass(frozen=True)
class MapText:
    """The words on an exported map, in one language."""

    title: str  # the indicator's name
    subtitle: str  # level and year, e.g. "จังหวัด · 2561"
    no_data: str
    sources: list[str]  # the indicator's source and the boundaries' licence line
    notes: list[str]  # "modelled", "proxy for SDG 1.2.2": said on the map when true
    lang: str = "th"


@dataclass
class MapLayer:
    """Areas with values and colours, ready to draw.

    ``table`` has the export columns (``code,name_th,name_en,period,value,unit``) plus
    ``colour`` and ``value_text``; ``shapes`` has ``code, geometry`` for the same codes.
    """

    table: pd.DataFrame
    shapes: gpd.GeoDataFrame
    legend: list[tuple[str, str]]  # (colour, label), the no-data class last if any
    text: MapText

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """minx, miny, maxx, maxy of the drawn areas."""
        minx, miny, maxx, maxy = self.shapes.total_bounds
        return float(minx), float(miny), float(maxx), float(maxy)

    def frame(self) -> gpd.GeoDataFrame:
        """The table joined to its shapes, in table order."""
        return gpd.GeoDataFrame(
            self.table.merge(self.shapes, on="code", how="left"), geometry="geometry", crs=4326
        )


def number_text(value: float, digits: int, unit: str = "") -> str:
    """A number with thousands separators and ``digits`` decimals, and its unit."""
    text = f"{value:,.{digits}f}"
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def map_layer(
    table: pd.DataFrame,
    shapes: gpd.GeoDataFrame,
    *,
    direction: str,
    unit: str,
    text: MapText,
    scheme: str = "quantiles",
    anchors: Sequence[float] = (),
) -> MapLayer:
    """Classes (mapclassify), colours cool to warm towards "worse", legend and value texts;
    ``anchors`` (an indicator's stated thresholds) are class breaks whose sides keep their
    colours, as on the screens (``analysis.classes.shade``).

    Parameters
    ----------
    table
        One row per area: ``code,name_th,name_en,period,value,unit`` (value NaN if none).
    shapes
        ``code, geometry`` of the same areas.
    direction
        ``higher_is_worse``, ``higher_is_better`` or ``neutral`` (the colour order).
    unit
        Unit shown after numbers, in the map's language.
    """
    values = pd.to_numeric(table["value"], errors="coerce").astype(float)
    digits = decimals_for(values)
    shown = values.round(digits)
    shading = shade(shown, scheme, direction, anchors)
    classes, colours = shading.classes, shading.colours
    out = table.copy()
    out["colour"] = [
        NO_DATA_COLOUR if pd.isna(k) else colours[int(k)] for k in classes.klass.to_numpy()
    ]
    out["value_text"] = [
        text.no_data if pd.isna(v) else number_text(v, digits, unit) for v in shown
    ]

    def line(x: float, with_unit: bool) -> str:  # a threshold at 5 reads 5, not 5.0
        return number_text(x, 0 if x.is_integer() else max(digits, 1), unit * with_unit)

    legend = []
    for item in legend_order(shading):
        if isinstance(item, int):
            lo, hi = classes.lower[item], classes.upper[item]
            legend.append(
                (colours[item], f"{number_text(lo, digits)} – {number_text(hi, digits, unit)}")
            )
        else:  # a side of a threshold no area reaches keeps its colour, with 0 areas
            legend.append((item.colour, f"{band_span(item, line)} (0)"))
    if shown.isna().any():
        legend.append((NO_DATA_COLOUR, text.no_data))
    return MapLayer(out, shapes, legend, text)


def fit_view(
    bounds: tuple[float, float, float, float],
    width: int = 1000,
    height: int = 850,
    *,
    pad_top: float = 0.0,
    pad_bottom: float = 0.0,
) -> tuple[dict, float]:
    """Map centre and zoom that fit a bounding box (minx, miny, maxx, maxy) in the map area,
    leaving ``pad_top`` and ``pad_bottom`` pixels free for the labels drawn over the map.

    MapLibre's world is 512 px wide at zoom 0; latitude spans stretch by 1/cos(latitude).
    """
    minx, miny, maxx, maxy = bounds
    centre = {"lon": (minx + maxx) / 2, "lat": (miny + maxy) / 2}
    stretch = 1 / math.cos(math.radians(centre["lat"]))
    free = max(height - pad_top - pad_bottom, height * 0.5)
    zoom_x = math.log2(width * 360 / (512 * max(maxx - minx, 1e-3)))
    zoom_y = math.log2(free * 360 / (512 * max(maxy - miny, 1e-3) * stretch))
    zoom = round(min(zoom_x, zoom_y) - 0.1, 2)
    # Move the box down by half the difference of the paddings (degrees per pixel at zoom).
    shift_px = (pad_top - pad_bottom) / 2 if free > height * 0.5 else 0.0
    centre["lat"] += shift_px * 360 / (512 * 2**zoom * stretch)
    return centre, zoom


def offline_style(tile_url: str | None = None) -> dict:
    """A MapLibre style that needs no internet; a raster tile layer only when configured."""
    style: dict = {
        "version": 8,
        # Never empty: plotly drops empty objects when it re-applies a style, and MapLibre
        # then rejects the style ("missing required property sources").
        "sources": {
            "empty": {"type": "geojson", "data": {"type": "FeatureCollection", "features": []}}
        },
        "layers": [
            {"id": "background", "type": "background", "paint": {"background-color": "#e8eef1"}}
        ],
    }
    if tile_url:
        style["sources"]["tiles"] = {"type": "raster", "tiles": [tile_url], "tileSize": 256}
        style["layers"].append({"id": "tiles", "type": "raster", "source": "tiles"})
    return style
