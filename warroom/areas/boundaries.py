"""Read and validate the official COD-AB boundary layers; derive the areas table."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from warroom.areas.codes import ADM_LEVEL, COUNTRY_CODE, LEVELS, is_pcode, parent_of
from warroom.errors import DataError, Problem, SourceMissingError

EXPECTED_COUNTS = {"province": 77, "district": 928, "tambon": 7425}
# Equal-area projection for Thailand (Albers, standard parallels spanning the country).
EQUAL_AREA_CRS = "+proj=aea +lat_1=8 +lat_2=18 +lat_0=13 +lon_0=101 +datum=WGS84 +units=m +no_defs"
COUNTRY_NAMES = {"name_th": "ประเทศไทย", "name_en": "Thailand"}


def layer_path(boundaries_dir: Path, level: str) -> Path:
    """Find the COD-AB file of one level (GeoJSON or shapefile, any edition date)."""
    n = ADM_LEVEL[level]
    for pattern in (f"tha_admbnda_adm{n}_*.geojson", f"tha_admbnda_adm{n}_*.shp"):
        found = sorted(Path(boundaries_dir).glob(pattern))
        if found:
            return found[-1]  # newest edition
    raise SourceMissingError(
        f"No admin level {n} ({level}) boundary file tha_admbnda_adm{n}_*.geojson|.shp in "
        f"{boundaries_dir}. The official files come from HDX dataset 'cod-ab-tha'."
    )


def read_layer(boundaries_dir: Path, level: str) -> gpd.GeoDataFrame:
    """Read one official layer unchanged (official field names), in WGS 84."""
    path = layer_path(boundaries_dir, level)
    gdf = gpd.read_file(path)
    gdf.attrs["source_file"] = str(path)
    if gdf.crs is None:
        raise DataError([Problem(str(path), "the layer has no coordinate reference system")])
    return gdf.to_crs(4326)


def validate_layer(gdf: gpd.GeoDataFrame, level: str, parent_codes: set[str]) -> list[Problem]:
    """Every problem with one layer: fields, codes, counts, parents, names, geometry."""
    file = gdf.attrs.get("source_file", f"admin {ADM_LEVEL[level]} layer")
    n = ADM_LEVEL[level]
    code_col, th_col, en_col = f"ADM{n}_PCODE", f"ADM{n}_TH", f"ADM{n}_EN"
    parent_col = f"ADM{n - 1}_PCODE" if n > 1 else None
    required = [c for c in (code_col, th_col, en_col, parent_col) if c]
    missing = [c for c in required if c not in gdf.columns]
    if missing:
        return [Problem(file, f"missing field(s) {', '.join(missing)}")]

    problems: list[Problem] = []
    codes = gdf[code_col].astype("string")
    dupes = codes[codes.duplicated(keep=False)]
    for row, code in dupes.items():
        problems.append(Problem(file, "duplicate area code", row + 1, code_col, code))
    unique = codes.nunique()
    if unique != EXPECTED_COUNTS[level]:
        problems.append(
            Problem(file, f"{unique} unique {level} codes; expected {EXPECTED_COUNTS[level]}")
        )
    for row, rec in enumerate(gdf.itertuples(index=False), start=1):
        code = getattr(rec, code_col)
        if not isinstance(code, str) or not is_pcode(code) or len(code) != 2 + 2 * n:
            problems.append(Problem(file, f"not a {level} P-code", row, code_col, code))
            continue
        for col in (th_col, en_col):
            name = getattr(rec, col)
            if not isinstance(name, str) or not name.strip():
                problems.append(Problem(file, "name is missing", row, col, name))
        if parent_col:
            parent = getattr(rec, parent_col)
            if parent not in parent_codes:
                problems.append(
                    Problem(file, "parent area does not exist", row, parent_col, parent)
                )
            elif parent != parent_of(code):
                problems.append(
                    Problem(file, f"code does not nest in its parent {parent}", row, code_col, code)
                )
        geom = rec.geometry
        if geom is None or geom.is_empty:
            problems.append(Problem(file, "geometry is missing", row, "geometry"))
        elif not geom.is_valid:
            reason = shapely.is_valid_reason(geom)
            problems.append(Problem(file, f"invalid geometry: {reason}", row, "geometry"))
    return problems


def read_boundaries(boundaries_dir: Path) -> dict[str, gpd.GeoDataFrame]:
    """Read and validate all three levels; raise one DataError listing every problem."""
    layers: dict[str, gpd.GeoDataFrame] = {}
    problems: list[Problem] = []
    parents = {COUNTRY_CODE}
    for level in LEVELS[1:]:
        gdf = read_layer(boundaries_dir, level)
        layer_problems = validate_layer(gdf, level, parents)
        problems += layer_problems
        layers[level] = gdf
        code_col = f"ADM{ADM_LEVEL[level]}_PCODE"
        parents = set(gdf[code_col].dropna())
    if not problems:
        problems += _check_spatial_nesting(layers)
    if problems:
        raise DataError(problems)
    return layers


def _check_spatial_nesting(layers: dict[str, gpd.GeoDataFrame]) -> list[Problem]:
    """Each child's representative point must lie in the parent its code names."""
    problems = []
    for child, parent in (("district", "province"), ("tambon", "district")):
        c, p = layers[child], layers[parent]
        n_c, n_p = ADM_LEVEL[child], ADM_LEVEL[parent]
        points = gpd.GeoDataFrame(
            {"code": c[f"ADM{n_c}_PCODE"], "parent": c[f"ADM{n_p}_PCODE"]},
            geometry=c.geometry.representative_point(),
            crs=c.crs,
        )
        polys = gpd.GeoDataFrame({"found": p[f"ADM{n_p}_PCODE"]}, geometry=p.geometry, crs=p.crs)
        joined = points.sjoin(polys, how="left", predicate="within")
        joined = joined[~joined.index.duplicated()]
        bad = joined[joined["found"] != joined["parent"]]
        file = c.attrs.get("source_file", child)
        for row, rec in bad.iterrows():
            problems.append(
                Problem(
                    file,
                    f"lies in {rec['found']}, not in its parent",
                    row + 1,
                    f"ADM{n_c}_PCODE",
                    rec["code"],
                )
            )
    return problems


def areas_table(layers: dict[str, gpd.GeoDataFrame]) -> gpd.GeoDataFrame:
    """One row per area (country, provinces, districts, tambons) with full-resolution geometry.

    Columns: code, level, parent, name_th, name_en, area_km2, minx, miny, maxx, maxy,
    rep_lon, rep_lat, geometry.
    """
    frames = []
    for level in LEVELS[1:]:
        n = ADM_LEVEL[level]
        gdf = layers[level]
        frames.append(
            gpd.GeoDataFrame(
                {
                    "code": gdf[f"ADM{n}_PCODE"].astype(str),
                    "level": level,
                    "parent": gdf[f"ADM{n - 1}_PCODE"].astype(str) if n > 1 else COUNTRY_CODE,
                    "name_th": gdf[f"ADM{n}_TH"].str.strip(),
                    "name_en": gdf[f"ADM{n}_EN"].str.strip(),
                },
                geometry=gdf.geometry.values,
                crs=4326,
            )
        )
    provinces = frames[0]
    country = gpd.GeoDataFrame(
        {
            "code": [COUNTRY_CODE],
            "level": ["country"],
            "parent": [None],
            **{k: [v] for k, v in COUNTRY_NAMES.items()},
        },
        geometry=[shapely.coverage_union_all(provinces.geometry.values)],
        crs=4326,
    )
    areas = pd.concat([country, *frames], ignore_index=True)
    areas = gpd.GeoDataFrame(areas, geometry="geometry", crs=4326)
    areas["area_km2"] = areas.geometry.to_crs(EQUAL_AREA_CRS).area / 1e6
    bounds = areas.geometry.bounds
    areas[["minx", "miny", "maxx", "maxy"]] = bounds[["minx", "miny", "maxx", "maxy"]].values
    rep = areas.geometry.representative_point()
    areas["rep_lon"], areas["rep_lat"] = rep.x, rep.y
    return areas
