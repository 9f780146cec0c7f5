"""Why an area is grey, as data the app reads: reasons per area, and notes beside values."""

from __future__ import annotations

from typing import ClassVar

import numpy as np
import pandas as pd

from warroom.config import CATALOGUE_DIR
from warroom.indicators.reasons import area_notes, missing_reasons, read_notes

NOTES = read_notes(CATALOGUE_DIR)


def values(pairs):
    return pd.DataFrame(pairs, columns=["code", "value"])


def test_bangkok_is_not_surveyed_and_other_gaps_have_no_figure():
    found = missing_reasons(
        values([("TH10", np.nan), ("TH50", 1.2), ("TH94", np.nan)]),
        source="tpmap2561",
        level="province",
        period=2018,
        notes=NOTES,
    )
    assert found.loc["TH10", "reason"] == "not_surveyed"
    assert "Bangkok" in found.loc["TH10", "note_en"] and "กรุงเทพ" in found.loc["TH10", "note_th"]
    assert found.loc["TH94", "reason"] == "no_figure"
    assert "TH50" not in found.index


def test_tambons_counted_in_the_municipality_carry_its_figure():
    unplaced = pd.DataFrame(
        {"anchor": ["TH5001"], "code": ["TH500151"], "value": [2.5], "indicator_id": "x"}
    )
    found = missing_reasons(
        values([("TH500101", np.nan), ("TH500107", 2.27), ("TH500201", np.nan)]),
        source="tpmap2561",
        level="tambon",
        period=2018,
        unplaced=unplaced,
        notes=NOTES,
    )
    assert found.loc["TH500101", ["reason", "figure", "figure_code"]].tolist() == [
        "in_municipality",
        2.5,
        "TH500151",
    ]
    assert found.loc["TH500201", "reason"] == "no_figure"  # no municipal unit in that district


def test_a_province_indicator_drilled_to_districts_says_so():
    found = missing_reasons(
        values([("TH5001", np.nan), ("TH5002", np.nan)]),
        source="physicians",
        level="district",
        period=2024,
        notes=NOTES,
    )
    assert set(found["reason"]) == {"coarser_level"}


def test_bueng_kan_before_it_existed_and_tha_faek_moved():
    gpp = missing_reasons(
        values([("TH38", np.nan), ("TH43", 5.0)]),
        source="gpp_by_sector",
        level="province",
        period=2005,
        notes=NOTES,
    )
    assert gpp.loc["TH38", "reason"] == "not_yet_created"
    later = missing_reasons(
        values([("TH38", np.nan), ("TH43", 5.0)]),
        source="gpp_by_sector",
        level="province",
        period=2015,
        notes=NOTES,
    )
    assert later.loc["TH38", "reason"] == "no_figure"
    dopa = missing_reasons(
        values([("TH530306", np.nan), ("TH530301", 900.0)]),
        source="dopa_population",
        level="tambon",
        period=2024,
        notes=NOTES,
    )
    assert dopa.loc["TH530306", "reason"] == "moved" and "530407" in dopa.loc["TH530306", "note_en"]


def test_bangkok_tambons_note_the_2017_boundaries():
    notes = area_notes(
        ["TH100905", "TH500101"], source="dopa_population", level="tambon", period=2024, notes=NOTES
    )
    assert notes["code"].tolist() == ["TH100905"]
    assert "2017" in notes.iloc[0]["note_en"] and "2560" in notes.iloc[0]["note_th"]
    assert area_notes(["TH10"], source="dopa_population", level="province", period=2024,
                      notes=NOTES).empty  # fmt: skip


class _NoValues:
    """An indicator declared by a user and not loaded yet: no observations at all."""

    indicators = pd.DataFrame(
        {"source": ["moi"], "unit": ["clinics"], "unit_th": ["แห่ง"]}, index=["moi.clinics"]
    )
    finest_levels: ClassVar[dict[str, str]] = {}  # no values, so no level

    def unplaced_of(self, indicator_id: str, period: int) -> pd.DataFrame:
        return pd.DataFrame(columns=["indicator_id", "period", "code", "anchor", "value"])

    def excluded_of(self, indicator_id: str, period: int) -> None:
        return None  # nothing left out as impossible


def test_an_indicator_without_any_value_says_no_figure():
    from warroom.app.components.reasons import grey_reasons

    values = pd.Series([np.nan, np.nan], index=["TH500101", "TH500102"])
    why = grey_reasons(_NoValues(), "moi.clinics", 2023, "tambon", values, "en")  # type: ignore[arg-type]
    assert set(why) == {"The source has no figure for this area this year"}
