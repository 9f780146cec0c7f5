"""GeoJSON of the areas drawn with their values, on the ~100 m (district) geometry."""

from __future__ import annotations

from typing import BinaryIO

from warroom.export.formats.base import ExportFormat, ExportInput
from warroom.export.geojson import geojson_bytes, values_geojson


def write(what: ExportInput, out: BinaryIO) -> None:
    out.write(geojson_bytes(values_geojson(what.areas(), what.shapes("district"))))


GEOJSON = ExportFormat(
    "geojson", "ex_geojson", "application/geo+json", ".geojson", ("areas", "shapes"), write
)
