"""GeoJSON of areas with their values: each feature's ``id`` its code, properties as in the
table export (``code,name_th,name_en,period,value,unit``)."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Literal

import geopandas as gpd
import pandas as pd
import shapely

from warroom.areas.codes import level_of

# Display geometry written by `warroom build` (warroom.areas.simplify): ~2 km, ~500 m and
# ~100 m tolerances, neighbours sharing edges exactly.
Detail = Literal["national", "province", "district"]


class GeometryMissingError(FileNotFoundError):
    """The built geometry is not there: `warroom build` has not run."""


def area_geometry(
    geometry_dir: Path, level: str, *, within: str | None = None, detail: Detail | None = None
) -> gpd.GeoDataFrame:
    """Shapes of the areas of ``level`` (inside the area ``within``), ``code, geometry``.

    ``detail`` defaults to the national variant for the whole country and the province
    variant inside an area.
    """
    inside = within and level_of(within) != "country"
    detail = detail or ("province" if inside else "national")
    path = Path(geometry_dir) / f"{detail}_{level}.parquet"
    if not path.exists():
        raise GeometryMissingError(f"no built geometry at {path}: run `warroom build` first")
    shapes = gpd.read_parquet(path, columns=["code", "geometry"])
    if inside:
        shapes = shapes[shapes["code"].str.startswith(within)]
    return shapes.reset_index(drop=True)


def _json_value(value: object) -> object:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def values_geojson(table: pd.DataFrame, shapes: gpd.GeoDataFrame) -> dict:
    """A FeatureCollection of the table's rows (in order) with their shapes.

    Every row becomes a feature, with ``value`` null where there is none; rows without a
    shape are an error (the table and the shapes come from the same build).
    """
    geometry = shapes.set_index("code")["geometry"]
    missing = sorted(set(table["code"]) - set(geometry.index))
    if missing:
        raise GeometryMissingError(f"no shape for {len(missing)} areas, e.g. {missing[:3]}")
    geoms = shapely.to_geojson(geometry.reindex(table["code"]).to_numpy())
    columns = list(table.columns)
    features = []
    for row, geom in zip(table.itertuples(index=False), geoms, strict=True):
        properties = {col: _json_value(v) for col, v in zip(columns, row, strict=True)}
        features.append(
            {
                "type": "Feature",
                "id": properties["code"],
                "properties": properties,
                "geometry": json.loads(geom),
            }
        )
    return {"type": "FeatureCollection", "features": features}


def geojson_bytes(collection: dict) -> bytes:
    """Compact UTF-8 GeoJSON (Thai names as text, not escapes)."""
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
