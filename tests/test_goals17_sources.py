"""Goals 7, 14 and 15 and poverty by sex (issue 22): electricity, forest, mangrove and NESDC
poverty, on small tables in the sources' layouts and on the real store (the READMEs' spot
values, coverage, cross-checks and why an area is grey)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tests.helpers import loader_context, values_by, write_source
from warroom.config import CATALOGUE_DIR
from warroom.errors import DataError
from warroom.indicators.catalogue import read_catalogue
from warroom.indicators.loaders import electricity, forest, mangrove, nesdc_poverty
from warroom.indicators.reasons import missing_reasons, read_notes

AREAS = pd.DataFrame(
    [
        ("TH", "country", None, "ประเทศไทย", "Thailand"),
        ("TH10", "province", "TH", "กรุงเทพมหานคร", "Bangkok"),
        ("TH15", "province", "TH", "อ่างทอง", "Ang Thong"),
        ("TH50", "province", "TH", "เชียงใหม่", "Chiang Mai"),
        ("TH82", "province", "TH", "พังงา", "Phangnga"),
    ],
    columns=["code", "level", "parent", "name_th", "name_en"],
)
NOTES = read_notes(CATALOGUE_DIR)
CATALOGUE = read_catalogue(CATALOGUE_DIR)


# --- small tables -------------------------------------------------------------------------


def test_forest_no_forest_area_is_a_true_zero_and_the_share_is_the_ratio(tmp_path):
    write_source(
        tmp_path / forest.SOURCE / forest.FILE,
        "province,thaiName,totalArea,forestArea,forestPct,nonforestPct\n"
        ' Ang Thong,อ่างทอง,"593,996.89",ไม่มีพื้นที่ป่าไม้,,\n'
        ' Chiang Mai,เชียงใหม่,"1,000.00","700.00",69.00,31.00\n',
    )
    obs = forest.load(loader_context(tmp_path, CATALOGUE, AREAS))
    assert values_by(obs, "forest.area_rai")[("TH15", 2015)] == 0
    assert values_by(obs, "forest.area_share")[("TH15", 2015)] == 0
    assert values_by(obs, "forest.area_share")[("TH50", 2015)] == pytest.approx(70.0)  # not 69.00
    assert forest.printed_share_differs(tmp_path).to_dict() == {"เชียงใหม่": 69.0}


def test_a_code_whose_name_is_another_province_is_refused(tmp_path):
    write_source(
        tmp_path / electricity.SOURCE / electricity.FILE,
        "adm1_pcode,dopa_code,province_th,province_en,year_be,year_ce,"
        "electricity_users,electricity_kwh_sold_and_used\n"
        "TH50,50,เชียงใหม่,Chiang Mai,2564,2021,10,100\n"
        "TH10,10,อ่างทอง,Bangkok,2564,2021,10,100\n",
    )
    population = pd.DataFrame({"code": ["TH50"], "year": [2021], "total": [5], "households": [2]})
    with pytest.raises(DataError, match="row 3, column province_th: the name matches TH15"):
        electricity.load(loader_context(tmp_path, CATALOGUE, AREAS, population))


def test_electricity_per_person_and_per_house_use_dopa_of_the_same_year(tmp_path):
    write_source(
        tmp_path / electricity.SOURCE / electricity.FILE,
        "adm1_pcode,dopa_code,province_th,province_en,year_be,year_ce,"
        "electricity_users,electricity_kwh_sold_and_used\n"
        "TH50,50,เชียงใหม่,Chiang Mai,2563,2020,9,90\n"
        "TH50,50,เชียงใหม่,Chiang Mai,2564,2021,10,100\n",
    )
    population = pd.DataFrame({"code": ["TH50"], "year": [2021], "total": [5], "households": [4]})
    obs = electricity.load(loader_context(tmp_path, CATALOGUE, AREAS, population))
    assert values_by(obs, "electricity.kwh_per_person")[("TH50", 2021)] == pytest.approx(20)
    assert values_by(obs, "electricity.users_per_house")[("TH50", 2021)] == pytest.approx(2.5)
    assert np.isnan(values_by(obs, "electricity.kwh_per_person")[("TH50", 2020)])  # no DOPA year
    assert values_by(obs, "electricity.users")[("TH50", 2020)] == 9


def test_mangrove_loads_the_printed_kingdom_and_leaves_a_dash_blank(tmp_path):
    write_source(
        tmp_path / mangrove.SOURCE / mangrove.FILE,
        "level,adm1_pcode,dopa_code,area_th,area_en,year_be,year_ce,mangrove_area_sqkm,note\n"
        "country,,,ทั่วราชอาณาจักร,,2557,2014,2455.3,\n"
        "coast_total_andaman,,,ทะเลอันดามัน,,2557,2014,1761.5,\n"
        "province,TH82,82,พังงา,Phangnga,2557,2014,439.0,\n"
        'province,TH10,10,กรุงเทพมหานคร,Bangkok,2547,2004,,"shown as ""-"""\n',
    )
    obs = mangrove.load(loader_context(tmp_path, CATALOGUE, AREAS))
    area = values_by(obs, "mangrove.area_km2")
    assert area[("TH", 2014)] == 2455.3 and area[("TH82", 2014)] == 439.0
    assert np.isnan(area[("TH10", 2004)])
    assert len(area) == 3  # the seas are not areas


def test_poverty_rates_are_the_printed_ones_with_their_counts(tmp_path):
    header = (
        "year_be,year_ce,sex,level,adm1_pcode,dopa_code,area_th,area_en,"
        "poverty_headcount_pct,poor_thousand,population_thousand\n"
    )
    write_source(
        tmp_path / nesdc_poverty.SOURCE / nesdc_poverty.FILE,
        header + "2549,2006,male,province,TH50,50,เชียงใหม่,Chiang Mai,19.50,150.0,770.0\n"
        "2549,2006,male,region,,,ภาคเหนือ,,20.00,1.0,5.0\n"
        "2549,2006,both (derived: male+female),country,,,ทั่วราชอาณาจักร,,23.43,14506.3,61915.9\n",
    )
    write_source(
        tmp_path / nesdc_poverty.SOURCE / nesdc_poverty.LINE_FILE,
        "year_be,year_ce,level,adm1_pcode,dopa_code,area_th,area_en,"
        "poverty_line_baht_per_person_month,poverty_headcount_pct,poor_thousand\n"
        "2549,2006,province,TH50,50,เชียงใหม่,Chiang Mai,1500.0,19.15,293.4\n",
    )
    obs = nesdc_poverty.load(loader_context(tmp_path, CATALOGUE, AREAS))
    male = obs[obs["indicator_id"] == "nesdc.poverty_rate_male"].iloc[0]
    assert (male["code"], male["period"], male["value"]) == ("TH50", 2006, 19.50)
    assert (male["numerator"], male["denominator"]) == (150_000, 770_000)
    assert values_by(obs, "nesdc.poverty_rate")[("TH", 2006)] == 23.43  # the printed kingdom
    assert values_by(obs, "nesdc.poverty_line")[("TH50", 2006)] == 1500.0
    assert "ภาคเหนือ" not in set(obs["source_name"])  # regions are not areas


# --- why an area is grey ------------------------------------------------------------------


def _why(source: str, code: str, period: int) -> pd.Series:
    found = missing_reasons(
        pd.DataFrame({"code": [code, "TH82"], "value": [np.nan, 1.0]}),
        source=source,
        level="province",
        period=period,
        notes=NOTES,
    )
    return found.loc[code]


def test_inland_provinces_have_no_coast_and_three_coastal_ones_are_missing():
    inland = _why(mangrove.SOURCE, "TH50", 2014)
    assert inland["reason"] == "no_coast"
    assert inland["note_en"].startswith("Not applicable: no coast")
    assert inland["note_th"].startswith("ไม่เกี่ยวข้อง")
    for code in mangrove.NOT_IN_SOURCE:
        missing = _why(mangrove.SOURCE, code, 2014)
        assert missing["reason"] == "not_in_source"
        assert missing["note_en"].startswith("Missing from this source")
    assert _why(mangrove.SOURCE, "TH96", 2004)["note_en"].startswith('The source shows "-"')
    assert _why(mangrove.SOURCE, "TH96", 2009)["reason"] == "no_figure"


def test_the_no_coast_rule_lists_exactly_the_provinces_without_a_coast(store):
    provinces = set(store.areas().query("level == 'province'")["code"])
    rule = NOTES[(NOTES["source"] == mangrove.SOURCE) & (NOTES["reason"] == "no_coast")]
    inland = set(rule["area"].iloc[0].split())
    assert len(mangrove.COASTAL) == len(set(mangrove.COASTAL)) == 24
    assert inland.isdisjoint(mangrove.COASTAL)
    assert inland | set(mangrove.COASTAL) == provinces


def test_no_figure_per_person_where_dopa_has_no_province_population():
    for year in (2013, 2015, 2016):
        why = _why(electricity.SOURCE, "TH50", year)
        assert why["reason"] == "no_denominator" and "DOPA" in why["note_en"]
    assert _why(electricity.SOURCE, "TH50", 2014)["reason"] == "no_figure"


def test_bueng_kan_did_not_exist_in_the_poverty_table():
    why = _why(nesdc_poverty.SOURCE, "TH38", 2010)
    assert why["reason"] == "not_yet_created" and "Nong Khai" in why["note_en"]
    assert "บึงกาฬ" in why["note_th"]


# --- the real store -----------------------------------------------------------------------


def value(store, indicator: str, level: str, period: int, code: str) -> float:
    return store.values(indicator, level, period).set_index("code")["value"][code]


def test_readme_spot_values(store):
    assert value(store, "electricity.users", "province", 2021, "TH50") == 810_005
    assert value(store, "electricity.kwh", "province", 2021, "TH50") == 3_323_262_008
    assert value(store, "electricity.kwh", "province", 2021, "TH10") == 33_844_181_399
    assert value(store, "electricity.users", "province", 2021, "TH10") == 2_884_953
    assert value(store, "electricity.kwh", "province", 2021, "TH21") == 10_766_237_987
    assert value(store, "forest.area_rai", "country", 2015, "TH") == 102_240_981.84
    assert value(store, "forest.area_rai", "province", 2015, "TH15") == 0  # Ang Thong
    assert value(store, "mangrove.area_km2", "province", 2014, "TH82") == 439.0
    assert value(store, "mangrove.area_km2", "province", 1996, "TH22") == 38.9
    assert value(store, "mangrove.area_km2", "country", 2014, "TH") == 2455.3
    assert value(store, "nesdc.poverty_rate_male", "province", 2006, "TH58") == 73.68
    assert value(store, "nesdc.poverty_rate_male", "province", 2010, "TH50") == 9.40
    assert value(store, "nesdc.poverty_rate_female", "country", 2011, "TH") == 12.53
    assert value(store, "nesdc.poverty_rate", "country", 2011, "TH") == 13.15


def test_the_kingdom_of_electricity_is_the_sum_of_the_77_provinces(store):
    """The source's own 'kingdom' block is PEA only (20,985,283 users in 2564)."""
    assert value(store, "electricity.users", "country", 2021, "TH") == 25_094_762
    per_person = value(store, "electricity.kwh_per_person", "country", 2021, "TH")
    people = value(store, "dopa.population", "country", 2021, "TH")
    assert per_person == pytest.approx(185_956_757_788 / people)


def test_coverage_of_the_new_indicators(store):
    def provinces(indicator: str, period: int) -> int:
        return int(store.values(indicator, "province", period)["value"].notna().sum())

    for year in range(2012, 2022):
        assert provinces("electricity.users", year) == 77
        assert provinces("electricity.kwh", year) == 77
    assert provinces("forest.area_share", 2015) == 77
    # 21 coastal provinces in 2557; Narathiwat's "-" in the first three surveys
    assert provinces("mangrove.area_km2", 2014) == 21
    assert provinces("mangrove.area_km2", 1996) == 20
    for year in range(2006, 2012):
        rates = store.values("nesdc.poverty_rate_male", "province", year).set_index("code")
        have = set(rates.index[rates["value"].notna()])
        assert "TH38" not in have  # Bueng Kan did not exist / is in Nong Khai
        # Phuket is blank in the source in 2552 (both sexes); 76 provinces otherwise
        assert len(have) == (75 if year == 2009 else 76)


def test_the_new_cross_checks_ran_and_agree(built):
    _, report = built
    checks = [c for c in report.crosschecks if c["source"] in SOURCES]
    assert {c["source"] for c in checks} == SOURCES
    assert all(c["compared"] > 0 and c["differ"] == 0 for c in checks), checks
    by_level = {c["level"]: c for c in checks}
    seas = by_level["printed Gulf + Andaman = printed kingdom (within rounding)"]
    assert seas["andaman_not_in_source_km2"][2014] == 619.3  # Trang + Ranong + Phuket
    gulf = by_level["Gulf of Thailand provinces = printed Gulf total (within rounding)"]
    assert gulf["largest_difference_km2"] == 0.2  # 2557: 693.7 summed, 693.9 printed
    rfd = by_level["provinces' forest area = RFD's national total (rai)"]
    assert rfd["sum_of_provinces"] == 102_240_981.84
    assert rfd["printed_share_differs_from_ratio"] == 19  # the README's 19 north-eastern


SOURCES = {electricity.SOURCE, forest.SOURCE, mangrove.SOURCE, nesdc_poverty.SOURCE}
