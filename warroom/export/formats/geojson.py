"""GeoJSON of the areas drawn with their values, on the ~100 m (district) geometry."""

from __future__ import annotations

from typing import BinaryIO

from warroom.export.formats.base import ExportFormat, ExportInput, metadata_if_any
from warroom.export.geojson import geojson_bytes, values_geojson


def write(what: ExportInput, out: BinaryIO) -> None:
    """The features, and beside them (a GeoJSON foreign member, as OWID's downloads carry
    theirs) ``metadata``: each indicator's names, unit, year and source."""
    collection = values_geojson(what.areas(), what.shapes("district"))
    meta = metadata_if_any(what)
    if meta is not None and not meta.empty:
        collection["metadata"] = [
            {k: (None if v != v else v) for k, v in row.items()}  # NaN is not JSON
            for row in meta.astype(object).to_dict("records")
        ]
    out.write(geojson_bytes(collection))


GEOJSON = ExportFormat(
    "geojson", "ex_geojson", "application/geo+json", ".geojson", ("areas", "shapes"), write
)
