"""The new sources in the real build: population totals every year at every level, the Bangkok
crosswalk, zero vs missing and repeated periods per loader, and the goals covered."""

from __future__ import annotations

import pandas as pd
import pytest

from warroom.areas.codes import LEVEL_DIGITS
from warroom.indicators.loaders import dopa, dopa_xlsx

# Kingdom totals from the DOPA README (indicators/README.md), 31 December of each year.
KINGDOM = {2021: 66_171_439, 2022: 66_090_475, 2023: 66_052_615, 2024: 65_951_210}
THA_FAEK = "TH530407"  # created after the boundary edition outside Bangkok: no polygon yet


def totals_by_level(store, indicator_id: str) -> pd.DataFrame:
    obs = store.observations(indicator_id)
    level = obs["area_code"].str.len().map({2 + d: k for k, d in LEVEL_DIGITS.items()})
    return obs.groupby([level, "period"])["value"].sum().unstack(0)


@pytest.mark.parametrize("year", sorted(KINGDOM))
def test_population_adds_up_at_every_level_every_year(store, year):
    totals = totals_by_level(store, "dopa.population").loc[year]
    for level in ("country", "province", "district"):
        assert totals[level] == KINGDOM[year], level
    unplaced = store.unplaced("dopa.population", year)
    off_polygon = unplaced[unplaced["value"] > 0]
    assert off_polygon["code"].tolist() == [THA_FAEK]  # only Tha Faek stays on its district
    assert off_polygon["anchor"].tolist() == ["TH5304"]
    assert totals["tambon"] + off_polygon["value"].sum() == KINGDOM[year]


def test_male_female_and_houses_roll_up_for_the_new_years(store):
    male = totals_by_level(store, "dopa.male")
    female = totals_by_level(store, "dopa.female")
    assert male.at[2024, "country"] == 32_145_282
    assert male.at[2024, "country"] + female.at[2024, "country"] == KINGDOM[2024]
    houses = totals_by_level(store, "dopa.households")
    assert houses.at[2024, "country"] == 29_128_519


@pytest.mark.slow
def test_2021_of_the_xlsx_exports_equals_the_2010_2021_table(built):
    settings, _ = built
    new = dopa_xlsx.read(settings.indicators_dir)
    new = new[new["year"] == 2021].set_index("code")["total"]
    old = dopa.read(settings.indicators_dir)
    old = old[(old["year"] == 2021) & (old["level"] == "tambon")].set_index("code")["total"]
    assert new.sum() == old.sum() == KINGDOM[2021]
    both = new.index.intersection(old.index)
    assert (new[both] == old[both]).all()
    assert (new.drop(both) == 0).all()  # codes only the exports list hold nobody


def test_bangkok_khwaeng_carry_the_people_of_those_carved_out_of_them(built, store):
    settings, report = built
    assert {r["code"]: r["polygon"] for r in report.crosswalk} == {
        "TH100910": "TH100905",
        "TH101406": "TH101401",
        "TH102602": "TH102601",
        "TH103402": "TH103401",
        "TH103403": "TH103401",
        "TH104402": "TH104401",
        "TH104403": "TH104401",
        "TH104702": "TH104701",
        "TH104703": "TH104701",
        "TH105002": "TH105001",
        "TH105003": "TH105001",
        "TH105004": "TH105001",
        "TH105005": "TH105001",
    }
    raw = dopa_xlsx.read(settings.indicators_dir)
    raw = raw[raw["year"] == 2024].set_index("code")["total"]
    values = store.values("dopa.population", "tambon", 2024, within="TH10").set_index("code")
    assert values.at["TH104701", "value"] == raw["TH104702"] + raw["TH104703"]  # Bang Na
    assert values.at["TH100905", "value"] == raw["TH100905"] + raw["TH100910"]
    assert values["value"].notna().all()  # every khwaeng of the boundary edition has people
    assert (
        values["value"].sum()
        == store.values("dopa.population", "province", 2024).set_index("code").at["TH10", "value"]
    )


# One known "no figure" per source that writes 0 (or nothing) for it: never stored.
NO_FIGURE = [
    ("panel.household_income", "TH10", 2022),  # survey not run: 0 in every province
    ("panel.unemployment_rate", "TH10", 2014),  # 0 in every province
    ("gpp.manufacturing_share", "TH38", 2010),  # Bueng Kan before it existed
    ("gpp.per_capita", "TH38", 1995),
    ("gpp.real_growth", "TH43", 2011),  # Bueng Kan split off: growth not comparable
    ("physicians.density", "TH94", 2015),  # Pattani: 0 doctors in every category
    ("tpmap.target_poor_rate", "TH10", 2018),  # Bangkok not surveyed
]


@pytest.mark.parametrize(("indicator", "code", "period"), NO_FIGURE)
def test_no_figure_is_not_stored(store, indicator, code, period):
    obs = store.observations(indicator, area_code=code, period=period)
    assert obs.empty


SOURCES = [
    "tpmap2561",
    "dopa_population",
    "muban",
    "province_panel",
    "pm25",
    "physicians",
    "election_candidates",
    "gpp_by_sector",
    "tax_revenue",
]


@pytest.mark.slow  # each source read again
@pytest.mark.parametrize("source", SOURCES)
def test_no_blank_no_all_zero_and_no_repeated_period(store, source):
    obs = store.observations()
    obs = obs[obs["source"].str.startswith(source)]
    assert len(obs), source
    assert obs["value"].notna().all()
    for (ind, level), rows in obs.groupby(["indicator_id", obs["area_code"].str.len()]):
        by_period = rows.groupby("period")
        if len(rows) > 1:
            assert not by_period["value"].apply(lambda v: len(v) > 1 and (v == 0).all()).any()
        seen = set()
        for period, one in by_period:
            signature = tuple(sorted(zip(one["area_code"], one["value"], strict=True)))
            assert len(one) == 1 or signature not in seen, (ind, level, period)
            seen.add(signature)


def test_the_panel_copy_of_2017_is_left_out_and_reported(built, store):
    _, report = built
    repeated = {(r["indicator_id"], r["period"]): r["repeats"] for r in report.repeated_periods}
    assert repeated[("panel.msw_generated", 2018)] == 2017
    assert repeated[("panel.gpp_per_capita", 2018)] == 2017
    assert 2018 not in store.periods("panel.msw_generated")
    assert 2017 in store.periods("panel.msw_generated")
    missing = {m["indicator_id"]: m for m in report.missing}
    assert missing["panel.household_income"]["periods"] == [2014, 2016, 2017, 2018, 2020, 2022]
    assert store.periods("panel.household_income") == [2013, 2015, 2019, 2021]


def test_new_province_tables_cover_every_province(store, built):
    _, report = built
    assert report.unmatched == []
    for indicator, period in (
        ("physicians.density", 2024),
        ("election.women_candidates_share", 2023),
        ("gpp.manufacturing_share", 2020),
        ("tax.revenue", 2023),
    ):
        assert store.values(indicator, "province", period)["value"].notna().sum() == 77
    checks = {(c["source"], c["level"]): c for c in report.crosschecks}
    assert checks[("gpp_by_sector", "province and kingdom per capita")]["differ"] == 0
    tax = store.values("tax.revenue", "country", 2023)["value"].iloc[0]
    assert tax == pytest.approx(1_780_272_030_892, abs=1)
    women = store.values("election.women_candidates_share", "country", 2023)["value"].iloc[0]
    assert women == pytest.approx(100 * 881 / (4781 - 194))


def test_goals_covered(built):
    _, report = built
    assert report.goals_without_indicator == []


def test_nesdc_names_land_on_their_own_province(store):
    """The source's rename_nesdc_provinces.csv swaps Si Sa Ket and Sing Buri; the loader
    does not use it, so SI SA KET's figures are Si Sa Ket's (TH33), SINGBURI's Sing Buri's."""
    per_capita = store.values("gpp.per_capita", "province", 1995).set_index("code")["value"]
    assert per_capita["TH33"] == pytest.approx(12_253.036, abs=0.01)  # SI SA KET row
    assert per_capita["TH17"] == pytest.approx(41_809.733, abs=0.01)  # SINGBURI row
