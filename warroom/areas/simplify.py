"""Display geometry: coverage-aware simplification so that neighbours keep sharing edges.

The tambon layer is snapped to a grid fitting the zoom, cleaned into an exact polygonal
coverage, simplified as a coverage (shapely's ``coverage_simplify``: each shared edge is
simplified once, identically for both neighbours), and dissolved upwards, so districts and
provinces nest exactly in the simplified tambons.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely

from warroom.errors import DataError, Problem


@dataclass(frozen=True)
class Variant:
    """One zoom's display geometry: simplification tolerance and coordinate grid (degrees)."""

    name: str
    tolerance: float
    grid: float

    @property
    def decimals(self) -> int:
        """Decimal places that the grid needs."""
        return round(-np.log10(self.grid))


# ~2 km, ~500 m and ~100 m tolerances; 11 m and 1 m grids.
VARIANTS = {
    "national": Variant("national", tolerance=0.02, grid=1e-4),
    "province": Variant("province", tolerance=0.005, grid=1e-5),
    "district": Variant("district", tolerance=0.001, grid=1e-5),
}


def snap_to_grid(geoms: np.ndarray, grid: float) -> np.ndarray:
    """Round every vertex to the grid; shared vertices round identically for both neighbours."""
    decimals = round(-np.log10(grid))
    rounded = shapely.transform(geoms, lambda xy: np.round(xy, decimals))
    invalid = ~shapely.is_valid(rounded)
    if invalid.any():  # a sliver may collapse onto itself when rounded
        rounded[invalid] = shapely.make_valid(
            rounded[invalid], method="structure", keep_collapsed=False
        )
    return rounded


def simplify_coverage(geoms: np.ndarray, variant: Variant) -> np.ndarray:
    """Simplify a polygon coverage for one zoom; the result is a valid coverage.

    Order matters: snap to the grid first, then clean (overlaps and near-coincident
    vertices become exact shared edges), then simplify, which only drops vertices, so it
    keeps the grid and cannot open gaps. Snapping after simplifying would.
    """
    clean = shapely.coverage_clean(snap_to_grid(geoms, variant.grid))
    return shapely.coverage_simplify(clean, variant.tolerance)


def coverage_problems(geoms: np.ndarray, codes: list[str], label: str) -> list[Problem]:
    """Overlaps, unmatched shared edges, invalid or empty polygons in a coverage."""
    problems = []
    edges = shapely.coverage_invalid_edges(geoms)
    for code, edge, geom in zip(codes, edges, geoms, strict=True):
        if geom is None or shapely.is_empty(geom):
            problems.append(Problem(label, "polygon vanished in simplification", column=code))
        elif not shapely.is_valid(geom):
            problems.append(Problem(label, "invalid polygon after simplification", column=code))
        elif edge is not None and not shapely.is_empty(edge):
            problems.append(Problem(label, "edge not shared exactly with neighbour", column=code))
    return problems


def dissolve(tambons: gpd.GeoDataFrame, by: str) -> gpd.GeoDataFrame:
    """Union a simplified tambon coverage into its districts or provinces (exact nesting)."""
    groups = tambons.groupby(by).geometry.apply(lambda s: shapely.coverage_union_all(s.values))
    return gpd.GeoDataFrame({"code": groups.index}, geometry=groups.values, crs=tambons.crs)


def display_layers(areas: gpd.GeoDataFrame) -> dict[str, dict[str, gpd.GeoDataFrame]]:
    """Simplified layers for every variant and level: ``{variant: {level: GeoDataFrame}}``.

    Each GeoDataFrame has ``code``, ``parent`` and ``geometry``; raises DataError when a
    simplified tambon layer is not a clean coverage.
    """
    tambons = areas[areas["level"] == "tambon"].reset_index(drop=True)
    parents = areas.set_index("code")["parent"]
    out: dict[str, dict[str, gpd.GeoDataFrame]] = {}
    for variant in VARIANTS.values():
        geoms = simplify_coverage(tambons.geometry.values, variant)
        problems = coverage_problems(geoms, list(tambons["code"]), f"{variant.name} tambons")
        if problems:
            raise DataError(problems)
        tam = gpd.GeoDataFrame(
            {"code": tambons["code"], "district": tambons["parent"]},
            geometry=geoms,
            crs=4326,
        )
        tam["province"] = tam["district"].str[:4]
        dist = dissolve(tam, "district")
        prov = dissolve(tam, "province")
        layers = {"province": prov, "district": dist, "tambon": tam[["code", "geometry"]]}
        for level, gdf in layers.items():
            gdf = gdf.copy()
            gdf["parent"] = gdf["code"].map(parents)
            layers[level] = gdf[["code", "parent", "geometry"]]
        out[variant.name] = layers
    return out


def vertex_count(gdf: gpd.GeoDataFrame) -> int:
    """Number of coordinates in a layer."""
    return int(shapely.get_num_coordinates(gdf.geometry.values).sum())
