"""The map as one HTML file (Folium) that opens from disk with no server and no internet."""

from __future__ import annotations

from typing import BinaryIO

from warroom.export.formats.base import ExportFormat, ExportInput
from warroom.export.offline_map import offline_map_html


def write(what: ExportInput, out: BinaryIO) -> None:
    out.write(offline_map_html(what.layer(), tile_url=what.tile_url).encode("utf-8"))


HTML = ExportFormat("html", "ex_html_map", "text/html", ".html", ("layer",), write)
