"""PNG of the map or of the chart, rendered by Kaleido in the system Chromium."""

from __future__ import annotations

from typing import BinaryIO

from warroom.export.formats.base import ExportFormat, ExportInput, Picture
from warroom.export.png import figure_png


def _png(picture: Picture) -> bytes:
    return figure_png(picture.figure, width=picture.width, height=picture.height)


def write_map(what: ExportInput, out: BinaryIO) -> None:
    out.write(_png(what.map_picture()))


def write_chart(what: ExportInput, out: BinaryIO) -> None:
    out.write(_png(what.chart_picture()))


PNG_MAP = ExportFormat(
    "png-map", "ex_png_map", "image/png", "-map.png", ("map_picture",), write_map, cli="png"
)
PNG_CHART = ExportFormat(
    "png-chart", "ex_png_chart", "image/png", "-chart.png", ("chart_picture",), write_chart
)
