"""Dash writes its answers and pages with ``warroom.web.fast_json``: the same JSON as
Plotly's own function, Thai as UTF-8, safe inside an HTML script."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import plotly.io.json as plotly_json
from dash import Patch, dcc, html
from dash._utils import to_json as dash_to_json

from warroom.web.fast_json import _PLOTLY_TO_JSON, to_json, use_fast_json

ANSWER = {
    "multi": True,
    "response": {
        "map-title": {
            "children": [
                html.Div("อัตราคนจนเป้าหมาย (ร้อยละ)", className="wr-ind-name"),
                html.Div(["พ.ศ. 2561 · ", html.B("ตำบล")], title="</script><b>"),
            ]
        },
        "map-trend": {
            "figure": {"data": [{"x": np.arange(3), "y": np.array([1.5, math.nan, 2.25])}]}
        },
        "map-period": {"options": [{"label": "2561", "value": 2018}], "value": np.int64(2018)},
        "map-graph": {"figure": None},
        "map-store": {"data": {1: "one", "k": [True, None, 0.1]}},
        "map-dropdown": {"children": dcc.Dropdown(id="d", options=["ก", "ข"], value="ก")},
    },
}


def test_dash_writes_its_json_with_the_fast_writer():
    use_fast_json()
    assert plotly_json.to_json_plotly is to_json
    patch = Patch()
    patch["data"][0]["z"] = [1, 2]
    answer = {**ANSWER, "response": {**ANSWER["response"], "map-graph": {"figure": patch}}}
    assert dash_to_json(answer) == to_json(answer)


def test_the_json_is_plotlys_own_with_thai_as_utf8():
    ours, theirs = to_json(ANSWER), _PLOTLY_TO_JSON(ANSWER, engine="json")
    assert json.loads(ours) == json.loads(theirs)
    assert "อัตราคนจนเป้าหมาย" in ours and "\\u0e2d" not in ours
    assert "\\u0e2d" in theirs  # the standard library's six bytes a letter
    assert len(ours.encode()) < len(theirs.encode())
    assert json.loads(ours)["response"]["map-trend"]["figure"]["data"][0]["y"][1] is None


def test_the_json_never_closes_an_html_script():
    text = to_json(ANSWER)
    assert "</script>" not in text and "<b>" not in text and "\\u003c\\u002fscript" in text
    assert "\u2028" not in to_json({"t": "a\u2028b"})


def test_what_orjson_cannot_write_goes_to_plotly():
    frame = {"s": pd.Series([1.0, 2.0]), "when": pd.Timestamp("2024-01-02")}
    assert json.loads(to_json(frame)) == json.loads(_PLOTLY_TO_JSON(frame, engine="json"))
