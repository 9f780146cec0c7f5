"""Static GeoJSON files that the app serves: one per level nationally, one per province."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from warroom.areas.simplify import VARIANTS, Variant


def rounded(
    gdf: gpd.GeoDataFrame, variant: Variant, level: str, names: pd.DataFrame
) -> gpd.GeoDataFrame:
    """Code, level, Thai and English names, and geometry rounded to the variant's grid.

    The names travel with the shapes (fetched once), so map callbacks need not send them.
    """
    geoms = shapely.transform(gdf.geometry.values, lambda xy: np.round(xy, variant.decimals))
    codes = gdf["code"].to_numpy()
    return gpd.GeoDataFrame(
        {
            "code": codes,
            "level": level,
            "name_th": names["name_th"].reindex(codes).to_numpy(),
            "name_en": names["name_en"].reindex(codes).to_numpy(),
        },
        geometry=geoms,
        crs=gdf.crs,
    )


def to_geojson(gdf: gpd.GeoDataFrame) -> str:
    """Compact GeoJSON text whose feature ``id`` is the area code."""
    out = gdf.set_index("code")[["level", "name_th", "name_en", "geometry"]]
    out.index.name = None
    return out.to_json(drop_id=False, separators=(",", ":"), ensure_ascii=False)


def write_static_files(
    layers: dict[str, dict[str, gpd.GeoDataFrame]], names: pd.DataFrame, folder: Path
) -> dict:
    """Write ``country/{level}.geojson`` and ``province/{code}.geojson``; return byte sizes.

    National files use the national variant. A province file holds the province's
    districts (province variant) and tambons (district variant), for drilling down.
    ``names`` (indexed by code) gives each feature its Thai and English name.
    """
    sizes: dict[str, int] = {}
    (folder / "country").mkdir(parents=True, exist_ok=True)
    (folder / "province").mkdir(parents=True, exist_ok=True)
    for level, gdf in layers["national"].items():
        sizes[f"country/{level}.geojson"] = _write(
            folder / "country" / f"{level}.geojson",
            to_geojson(rounded(gdf, VARIANTS["national"], level, names)),
        )
    districts = rounded(layers["province"]["district"], VARIANTS["province"], "district", names)
    tambons = rounded(layers["district"]["tambon"], VARIANTS["district"], "tambon", names)
    both = pd.concat([districts, tambons], ignore_index=True)
    for code, features in both.groupby(both["code"].str[:4]):
        sizes[f"province/{code}.geojson"] = _write(
            folder / "province" / f"{code}.geojson", to_geojson(features)
        )
    return sizes


def _write(path: Path, text: str) -> int:
    """Write atomically (a reader never sees half a file); return the size in bytes."""
    data = text.encode("utf-8")
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return len(data)
