import numpy as np
import pandas as pd
import pytest

from warroom.areas.codes import level_of, parent_of
from warroom.config import CATALOGUE_DIR
from warroom.indicators.catalogue import read_catalogue
from warroom.indicators.rollup import place, rollup

KNOWN = {"TH", "TH50", "TH5001", "TH5002", "TH500101", "TH500102", "TH500201"}
AREAS = pd.DataFrame(
    [(c, level_of(c), parent_of(c)) for c in sorted(KNOWN)], columns=["code", "level", "parent"]
)


def raw(rows):
    df = pd.DataFrame(rows, columns=["code", "indicator_id", "value", "numerator", "denominator"])
    df["period"], df["source"], df["source_row"], df["source_name"] = 2018, "t", 0, ""
    return df


def test_place_walks_up_to_the_nearest_known_area():
    codes = pd.Series(["TH500101", "TH500151", "TH509901", "TH99", "TH"])
    assert place(codes, KNOWN).tolist() == ["TH500101", "TH5001", "TH50", "", "TH"]


def test_rates_are_recomputed_from_sums_never_averaged():
    cat = read_catalogue(CATALOGUE_DIR)
    rows = raw(
        [
            ("TH500101", "tpmap.target_poor_rate", 50.0, 1, 2),
            ("TH500102", "tpmap.target_poor_rate", 10.0, 10, 100),
        ]
    )
    obs = rollup(rows, cat, AREAS).observations.set_index("area_code")
    assert obs.at["TH5001", "value"] == pytest.approx(100 * 11 / 102)  # not 30
    assert obs.at["TH", "value"] == pytest.approx(100 * 11 / 102)


def test_pseudo_units_count_toward_their_district_and_are_reported():
    cat = read_catalogue(CATALOGUE_DIR)
    rows = raw(
        [
            ("TH500101", "tpmap.target_poor", 5, np.nan, np.nan),
            ("TH500151", "tpmap.target_poor", 7, np.nan, np.nan),  # municipal pseudo-unit
            ("TH500201", "tpmap.target_poor", 1, np.nan, np.nan),
            ("TH770101", "tpmap.target_poor", 3, np.nan, np.nan),  # no such province
        ]
    )
    result = rollup(rows, cat, AREAS)
    obs = result.observations.set_index("area_code")["value"]
    assert obs["TH5001"] == 12
    assert "TH500151" not in obs.index
    assert obs["TH50"] == 13
    assert obs["TH"] == 13
    assert result.unplaced[["code", "anchor"]].values.tolist() == [["TH500151", "TH5001"]]
    assert result.unmatched["code"].tolist() == ["TH770101"]


def test_weighted_means_use_weights():
    cat = read_catalogue(CATALOGUE_DIR)
    rows = raw(
        [
            ("TH500101", "tpmap.happiness", 8.0, 8.0 * 3, 3),
            ("TH500102", "tpmap.happiness", 4.0, 4.0 * 1, 1),
        ]
    )
    obs = rollup(rows, cat, AREAS).observations.set_index("area_code")["value"]
    assert obs["TH5001"] == pytest.approx(7.0)
