"""The whole build on the real files in ../shared/data: counts, totals, roll-up, geometry."""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from warroom.areas.codes import LEVEL_DIGITS

TARGET_POOR = 1_032_987
SURVEYED = 36_647_817
POPULATION_2021 = 66_171_439


def test_area_counts_and_nesting(store):
    areas = store.areas()
    assert areas.groupby("level").size().to_dict() == {
        "country": 1,
        "province": 77,
        "district": 928,
        "tambon": 7425,
    }
    codes = set(areas["code"])
    children = areas[areas["level"] != "country"]
    assert children["parent"].isin(codes).all()
    assert (
        children["code"].str[:-2].where(children["level"] != "province", "TH") == children["parent"]
    ).all()
    thailand = areas.set_index("code").loc["TH"]
    assert 500_000 < thailand["area_km2"] < 530_000  # Thailand: about 513,000 km²
    by_level = areas.groupby("level")["area_km2"].sum()
    assert by_level["tambon"] == pytest.approx(thailand["area_km2"], rel=1e-6)
    cm = areas.set_index("code").loc["TH50"]
    assert cm["name_th"] == "เชียงใหม่"
    assert cm["minx"] < cm["rep_lon"] < cm["maxx"]


def level_totals(store, indicator_id, period):
    obs = store.observations(indicator_id, period=period)
    level = obs["area_code"].str.len().map({2 + d: k for k, d in LEVEL_DIGITS.items()})
    return obs.groupby(level)["value"].sum()


def test_target_poor_totals_agree_at_every_level(store):
    totals = level_totals(store, "tpmap.target_poor", 2018)
    assert totals["country"] == TARGET_POOR
    assert totals["province"] == TARGET_POOR
    assert totals["district"] == TARGET_POOR
    assert totals["tambon"] < TARGET_POOR  # pseudo-units sit on districts, not tambons
    assert level_totals(store, "tpmap.people_surveyed", 2018)["country"] == SURVEYED
    rate = store.values("tpmap.target_poor_rate", "country", 2018)["value"].iloc[0]
    assert rate == pytest.approx(100 * TARGET_POOR / SURVEYED)


def test_registered_population_2021_agrees_at_every_level(store):
    totals = level_totals(store, "dopa.population", 2021)
    for level in ("country", "province", "district"):
        assert totals[level] == POPULATION_2021, level
    unplaced = store.unplaced("dopa.population", 2021)
    assert totals["tambon"] + unplaced["value"].sum() == POPULATION_2021


def test_district_equals_its_tambons_plus_pseudo_units(built, store):
    """Recompute districts from the raw TPMAP tambon file, independently of the roll-up."""
    settings, _ = built
    raw = pd.read_csv(
        settings.indicators_dir / "tpmap2561" / "tpmap2561_tambon.csv", dtype={"tumbol_ID": str}
    )
    raw["district"] = "TH" + raw["tumbol_ID"].str[:4]
    expected = raw.groupby("district")[["poor.JPT.MOFval.CNT", "HOUSEMEMBER_CNT"]].sum()
    poor = store.values("tpmap.target_poor", "district", 2018).set_index("code")["value"]
    rate = store.values("tpmap.target_poor_rate", "district", 2018).set_index("code")["value"]
    assert (poor.reindex(expected.index) == expected["poor.JPT.MOFval.CNT"]).all()
    expected_rate = 100 * expected["poor.JPT.MOFval.CNT"] / expected["HOUSEMEMBER_CNT"]
    assert np.allclose(rate.reindex(expected.index), expected_rate)
    # and the pseudo-unit part is kept, per district, in the unplaced table
    unplaced = store.unplaced("tpmap.target_poor")
    assert len(unplaced) == 594  # 593 municipal pseudo-units and 530407
    tambons = store.values("tpmap.target_poor", "tambon", 2018)
    tambon_sum = tambons.groupby(tambons["code"].str[:6])["value"].sum()
    placed_plus_unplaced = tambon_sum.add(unplaced.groupby("anchor")["value"].sum(), fill_value=0)
    assert (placed_plus_unplaced.reindex(poor.dropna().index) == poor.dropna()).all()


def test_rollups_match_tpmap_published_district_and_province_files(built):
    _, report = built
    for check in report.crosschecks:
        assert check["compared"] > 0
        assert check["differ"] == 0, check


def test_name_keyed_tables_match_every_province(store, built):
    _, report = built
    assert report.unmatched == []
    for indicator, period in (("panel.msw_generated", 2020), ("pm25.annual_mean", 2021)):
        values = store.values(indicator, "province", period)
        assert values["value"].notna().sum() == 77, indicator


def test_pm25_country_value_is_population_weighted(store):
    prov = store.values("pm25.annual_mean", "province", 2021).set_index("code")
    pop = store.values("dopa.population", "province", 2021).set_index("code")["value"]
    weighted = (prov["value"] * pop).sum() / pop.sum()
    country = store.values("pm25.annual_mean", "country", 2021)["value"].iloc[0]
    assert country == pytest.approx(weighted, rel=1e-3)  # weights: DOPA populations
    assert country != pytest.approx(prov["value"].mean(), rel=1e-4)


def test_simplified_national_tambons_have_no_gaps_or_overlaps(built):
    settings, _ = built
    tambons = gpd.read_parquet(settings.geometry_dir / "national_tambon.parquet")
    original = gpd.read_parquet(settings.geometry_dir / "areas.parquet")
    original = original[original["level"] == "tambon"]
    geoms = tambons.geometry.values
    assert len(geoms) == 7425
    assert shapely.is_valid(geoms).all()
    assert shapely.coverage_is_valid(geoms)  # no overlaps, shared edges identical
    union = shapely.coverage_union_all(geoms)
    holes = sum(len(p.interiors) for p in shapely.get_parts(union))
    original_union = shapely.coverage_union_all(shapely.coverage_clean(original.geometry.values))
    original_holes = sum(len(p.interiors) for p in shapely.get_parts(original_union))
    assert holes == original_holes  # simplification opened no gaps between neighbours
    assert union.area == pytest.approx(original_union.area, rel=0.01)
    assert (
        shapely.get_num_coordinates(geoms).sum()
        < 0.5 * shapely.get_num_coordinates(original.geometry.values).sum()
    )


def test_static_geojson_files(built):
    settings, report = built
    folder = settings.geojson_dir
    provinces = json.loads((folder / "country" / "province.geojson").read_text())
    assert len(provinces["features"]) == 77
    assert {f["id"] for f in provinces["features"]} >= {"TH10", "TH50", "TH38"}
    files = sorted((folder / "province").glob("*.geojson"))
    assert len(files) == 77
    cm = json.loads((folder / "province" / "TH50.geojson").read_text())
    levels = pd.Series([f["properties"]["level"] for f in cm["features"]]).value_counts()
    assert levels["district"] == 25 and levels["tambon"] == 204
    assert all(f["id"].startswith("TH50") for f in cm["features"])
    sizes = {(g["variant"], g["level"]): g for g in report.geometry}
    assert sizes[("national", "tambon")]["geojson_bytes"] < 3_000_000
