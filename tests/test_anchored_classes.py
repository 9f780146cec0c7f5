"""Classes that honour a reference line or thresholds (issue 25, item 6), without a store."""

from __future__ import annotations

import pandas as pd

from warroom.analysis.classes import RAMPS, shade
from warroom.app.components.map import map_values

# Provinces' PM2.5 as the modelled series has them: all above Thailand's 15 µg/m³ standard,
# five to seven times the WHO guideline of 5.
PM25 = pd.Series(
    [16.2, 18.4, 21.0, 23.5, 25.1, 27.9, 30.3, 33.8, None],
    index=[f"TH{n}" for n in range(10, 19)],
)
WHO, THAI = 5.0, 15.0


def test_without_anchors_the_lowest_class_is_cool():
    """The old behaviour, kept where no line stands: classes from the values alone, so the
    cleanest province of a very polluted set is dark blue ("good")."""
    plain = shade(PM25, "quantiles", "higher_is_worse")
    assert plain.colours[0] == "#2c7bb6" and not plain.bands


def test_pm25_beyond_the_standard_is_never_cool():
    shading = shade(PM25, "quantiles", "higher_is_worse", [WHO, THAI])
    assert set(shading.colours) <= set(RAMPS["bad"])  # every class warm
    assert shading.classes.lower[0] == THAI  # the first class starts at the standard
    kinds = [(band.lower, band.upper, band.kind, bool(band.classes)) for band in shading.bands]
    assert kinds == [
        (None, WHO, "good", False),
        (WHO, THAI, "between", False),
        (THAI, None, "bad", True),
    ]
    assert shading.classes.klass.isna().tolist() == PM25.isna().tolist()


def test_no_class_straddles_a_line_and_the_sides_keep_their_colours():
    values = pd.Series([2.0, 4.0, 6.0, 9.0, 12.0, 17.0, 22.0, 40.0])
    shading = shade(values, "quantiles", "higher_is_worse", [WHO, THAI])
    lower, upper = shading.classes.lower, shading.classes.upper
    for lo, hi in zip(lower, upper, strict=True):
        assert not (lo < WHO < hi) and not (lo < THAI < hi)
    by_value = dict(zip(values, shading.classes.klass, strict=True))
    assert shading.colours[int(by_value[2.0])] in RAMPS["good"]
    assert shading.colours[int(by_value[9.0])] in RAMPS["between"]
    assert shading.colours[int(by_value[40.0])] in RAMPS["bad"]
    # where higher is better (forest share), the low side is the bad one
    forest = shade(values, "quantiles", "higher_is_better", [15.0, 40.0])
    assert forest.colours[int(forest.classes.klass[0])] in RAMPS["bad"]


def test_the_legend_shows_the_empty_sides_and_names_the_lines():
    mv = map_values(
        PM25,
        unit="µg/m³",
        direction="higher_is_worse",
        period=2023,
        scheme="quantiles",
        lang="en",
        anchors=[(WHO, "WHO guideline"), (THAI, "Thai standard")],
    )
    labels = [label for _, label in mv.legend]
    assert labels[0] == "≤ 5 µg/m³: none" and labels[1] == "5 – 15 µg/m³: none"
    assert labels[2].startswith("15.0 – ")
    assert mv.legend[-2] == ("#c8c8c8", "No data")
    assert mv.legend[-1] == (
        "",
        "Colours break at fixed lines, not recomputed from the data: "
        "5 µg/m³ WHO guideline, 15 µg/m³ Thai standard",
    )


def test_an_exported_map_honours_the_same_lines():
    import geopandas as gpd

    from warroom.export.mapdata import MapText, map_layer

    table = pd.DataFrame(
        {
            "code": PM25.index,
            "name_th": PM25.index,
            "name_en": PM25.index,
            "period": 2021,
            "value": PM25.to_numpy(),
            "unit": "µg/m³",
        }
    )
    text = MapText(title="PM2.5", subtitle="", no_data="no data", sources=[], notes=[])
    shapes = gpd.GeoDataFrame({"code": PM25.index}, geometry=[None] * len(PM25))
    layer = map_layer(
        table, shapes, direction="higher_is_worse", unit="µg/m³", text=text, anchors=[WHO, THAI]
    )
    coloured = layer.table["colour"][PM25.notna().to_numpy()]
    assert set(coloured) <= set(RAMPS["bad"])
    assert [label for _, label in layer.legend[:2]] == ["≤ 5 µg/m³ (0)", "5 – 15 µg/m³ (0)"]
