"""Every value the build stores passes the checks an upload passes (issue 20, item 2).

One module says what values an indicator can take (``warroom.indicators.plausibility``); the
build leaves out what fails, lists it in ``report.json`` and in the store's ``excluded`` rows,
and every screen shows the area grey with the reason. The real panel read as published (its
waste totals on the wrong rows) is the proof: 226 shares over 100 %.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pytest

import warroom.build
from warroom.app.components.reasons import grey_reasons
from warroom.config import Settings
from warroom.indicators.catalogue import load_catalogue
from warroom.indicators.checks import screen
from warroom.indicators.loaders import province_panel, registry
from warroom.indicators.loaders.context import SourceContext
from warroom.indicators.plausibility import implausible, value_range
from warroom.indicators.reasons import missing_reasons
from warroom.intake.rules import value_schema
from warroom.store import Store

SHARES = ("panel.msw_recycled_rate", "panel.msw_proper_rate", "panel.msw_improper_rate")


def _rows() -> dict[str, dict]:
    return {i.id: i.model_dump() for i in load_catalogue()}


def test_one_range_per_indicator_for_the_build_and_the_upload():
    rows = _rows()
    share = value_range(rows["panel.msw_recycled_rate"])
    assert (share.low, share.high, share.rule) == (0, 100, "share")
    assert value_range(rows["tpmap.target_poor"]).rule == "count"
    doctors = value_range(rows["physicians.density"])
    assert (doctors.low, doctors.high) == (0, 100_000)
    per_person = value_range(rows["panel.msw_per_capita"])
    assert (per_person.low, per_person.high, per_person.rule) == (0.11, 4.54, "declared")
    assert "World Bank" in per_person.source
    assert value_range(rows["gpp.real_growth"]).low == -100  # a growth rate is no share
    # The upload refuses the same value with the same words.
    tidy = pd.DataFrame({"area_code": ["TH50"], "period": [2022], "value": [145.6]})
    with pytest.raises(pa.errors.SchemaErrors) as refused:
        value_schema(rows["panel.msw_recycled_rate"]).validate(tidy, lazy=True)
    assert share.message() in str(refused.value)
    growth = tidy.assign(value=-7.6)
    value_schema(rows["gpp.real_growth"]).validate(growth)  # was refused as a "percentage"


@pytest.fixture(scope="module")
def as_published(built, store):
    """The real panel read as published: each year's waste total on the row it is printed on."""
    settings, _ = built
    ctx = SourceContext(Path(settings.indicators_dir), load_catalogue(), store.areas())
    keep = province_panel.aligned_totals
    province_panel.aligned_totals = lambda values, _names: (values[province_panel.TOTAL], [])
    try:
        return province_panel.load(ctx)
    finally:
        province_panel.aligned_totals = keep


def test_the_panel_read_as_published_fails_the_check_226_times(as_published):
    kept = screen(as_published).observations  # 2018, a copy of 2017, is left out first
    bad = implausible(kept, _rows())
    over = bad[bad["indicator_id"].isin(SHARES)]
    assert len(over) == 226
    assert set(over["reason"]) == {"a percentage must lie between 0 and 100"}
    cm = over[(over["code"] == "TH50") & (over["period"] == 2022)].set_index("indicator_id")
    assert cm.loc["panel.msw_recycled_rate", "value"] == pytest.approx(145.63, abs=0.01)
    # Per person: Chiang Mai's 0.115 kg a day passes the world's lowest (0.11); Ang Thong's
    # 5.3 does not.
    per_person = bad[bad["indicator_id"] == "panel.msw_per_capita"]
    assert "TH15" in set(per_person["code"]) and len(per_person) > 10


def test_a_build_stores_no_impossible_value_and_says_which_it_left_out(
    tmp_path, monkeypatch, source_settings
):
    """The build of the panel read as published: not one share over 100 % in the store; each
    listed in report.json and the store's excluded rows; the map's hover says why."""
    monkeypatch.setattr(
        province_panel, "aligned_totals", lambda values, _n: (values[province_panel.TOTAL], [])
    )
    line = registry.Source(province_panel.SOURCE, province_panel.load)
    monkeypatch.setattr(registry, "SOURCES", (line,))
    monkeypatch.setattr(warroom.build, "display_layers", lambda _areas: {})
    monkeypatch.setattr(warroom.build, "_write_geometry", lambda *_args: None)
    settings = Settings(source_dir=source_settings.source_dir, build_dir=tmp_path / "build")
    warroom.build.build(settings, echo=lambda _msg: None)

    report = json.loads((tmp_path / "build" / "report.json").read_text(encoding="utf-8"))
    listed = [r for r in report["implausible"] if r["indicator_id"] in SHARES]
    assert len(listed) == 226 and not any(r["derived"] for r in listed)
    store = Store(settings.db_url)
    for indicator in SHARES:
        assert store.observations(indicator)["value"].between(0, 100).all()
    recycled = store.observations("panel.msw_recycled_rate", area_code="TH50")
    assert 2022 not in set(recycled["period"])
    excluded = store.excluded("panel.msw_recycled_rate", 2022).set_index("area_code")
    assert excluded.loc["TH50", "value"] == pytest.approx(145.63, abs=0.01)

    class Data:  # what grey_reasons reads of the app's data
        indicators = store.indicators().set_index("id")
        finest_levels: dict = {}  # noqa: RUF012

        def unplaced_of(self, *_):
            return None

        def excluded_of(self, indicator_id, period):
            return store.excluded(indicator_id, period)

    values = pd.Series([np.nan, 12.0], index=pd.Index(["TH50", "TH57"], name="code"))
    for lang, words in (("en", "Impossible in the source: 145.6"), ("th", "เป็นไปไม่ได้: 145.6")):
        said = grey_reasons(Data(), "panel.msw_recycled_rate", 2022, "province", values, lang)
        assert words in said["TH50"], said["TH50"]


def test_grey_reasons_name_the_excluded_value():
    excluded = pd.DataFrame(
        {"area_code": ["TH50", "TH47"], "value": [145.6, 0.0], "rule": ["share", "sampling_zero"]}
    )
    found = missing_reasons(
        pd.DataFrame({"code": ["TH50", "TH47", "TH10"], "value": [np.nan, np.nan, np.nan]}),
        source="province_panel",
        level="province",
        period=2022,
        excluded=excluded,
    )
    assert found.loc["TH50", ["reason", "figure"]].tolist() == ["implausible", 145.6]
    assert found.loc["TH47", "reason"] == "sampling_zero"
    assert found.loc["TH10", "reason"] == "no_figure"
