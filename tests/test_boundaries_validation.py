import geopandas as gpd
import pytest
from shapely.geometry import Polygon, box

from warroom.areas.boundaries import validate_layer
from warroom.config import Settings
from warroom.errors import SourceMissingError


def district_layer(rows):
    gdf = gpd.GeoDataFrame(
        rows, columns=["ADM2_PCODE", "ADM2_TH", "ADM2_EN", "ADM1_PCODE", "geometry"], crs=4326
    )
    gdf.attrs["source_file"] = "tha_admbnda_adm2_test.geojson"
    return gdf


def test_every_problem_is_reported_with_row_and_column():
    bowtie = Polygon([(0, 0), (1, 1), (1, 0), (0, 1)])
    gdf = district_layer(
        [
            ("TH5001", "เมืองเชียงใหม่", "Mueang Chiang Mai", "TH50", box(0, 0, 1, 1)),
            ("TH5001", "ซ้ำ", "Duplicate", "TH50", box(1, 0, 2, 1)),
            ("TH5002", "", "Chom Thong", "TH50", box(2, 0, 3, 1)),
            ("TH9901", "ไม่มี", "Orphan", "TH99", box(3, 0, 4, 1)),
            ("TH5003", "แม่แจ่ม", "Mae Chaem", "TH50", bowtie),
            ("TH5104", "ผิด", "Wrong parent", "TH50", box(5, 0, 6, 1)),
        ]
    )
    problems = validate_layer(gdf, "district", {"TH50"})
    found = {(p.row, p.column, p.reason.split(":")[0]) for p in problems}
    assert (1, "ADM2_PCODE", "duplicate area code") in found
    assert (2, "ADM2_PCODE", "duplicate area code") in found
    assert (3, "ADM2_TH", "name is missing") in found
    assert (4, "ADM1_PCODE", "parent area does not exist") in found
    assert (5, "geometry", "invalid geometry") in found
    assert any(p.row == 6 and "does not nest" in p.reason for p in problems)
    assert any("unique district codes; expected 928" in p.reason for p in problems)
    assert all("tha_admbnda_adm2_test.geojson" in str(p) for p in problems)


def test_missing_fields_are_named():
    gdf = district_layer([("TH5001", "ก", "A", "TH50", box(0, 0, 1, 1))]).drop(columns="ADM2_TH")
    (problem,) = validate_layer(gdf, "district", {"TH50"})
    assert "ADM2_TH" in problem.reason


def test_no_source_explains_where_boundaries_come_from(tmp_path):
    with pytest.raises(SourceMissingError, match="cod-ab-tha"):
        Settings(source_dir=None).require_source()
    with pytest.raises(SourceMissingError, match="HDX"):
        Settings(source_dir=tmp_path / "nowhere").require_source()
