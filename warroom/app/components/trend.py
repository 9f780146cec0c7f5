"""The trend chart: an indicator over every period, for an area and for Thailand."""

from __future__ import annotations

import math

from warroom.analysis.trends import comparable, trend_codes
from warroom.app.components.labels import unit_of
from warroom.app.data import AppData
from warroom.app.state import ViewState
from warroom.text.i18n import format_number, year_label

COLOURS = ("#c62828", "#19486A")


def trend_figure(data: AppData, state: ViewState, *, font_px: float = 16) -> dict:
    """Values over every period, for the area and for Thailand.

    A single period is no trend: it is drawn as labelled points with a readable axis. Marked
    periods (not comparable with the others) are left out; the notes under the map say why.
    ``font_px`` is the page's rem, so the chart's text scales with the screen like the rest.
    """
    lang = state.lang
    ind = data.indicators.loc[state.indicator]
    unit = unit_of(ind, lang)
    codes = trend_codes(state.area, rollup=ind["rollup"])
    lines, values, periods = [], [], set()
    for code, colour in zip(codes, COLOURS, strict=False):
        series = comparable(data.trend(state.indicator, code), data.marked(state.indicator))
        values += [v for v in series.tolist() if not math.isnan(v)]
        periods |= set(series.index)
        single = len(series) == 1
        lines.append(
            {
                "type": "scatter",
                "mode": "markers+text" if single else "lines+markers",
                "x": [year_label(p, lang) for p in series.index],
                "y": series.tolist(),
                "text": [format_number(v, lang, unit) for v in series.tolist()],
                "textposition": "middle right",
                "hovertemplate": "%{x}: %{text}<extra>%{fullData.name}</extra>",
                "name": data.area_name(code, lang),
                "line": {"color": colour, "width": round(font_px * 0.18, 1)},
                "marker": {"size": round(font_px * (0.65 if single else 0.5)), "color": colour},
            }
        )
    return {
        "data": lines,
        "layout": {
            "margin": {"l": 4, "r": 4, "t": 4, "b": 4},
            "autosize": True,
            "font": {"family": "Sarabun, sans-serif", "size": max(11, round(font_px * 0.8))},
            "legend": {"orientation": "h", "y": -0.25, "x": 0},
            "xaxis": {"type": "category", "fixedrange": True, "automargin": True},
            "yaxis": _y_axis(values, unit, single=len(periods) <= 1),
            "paper_bgcolor": "rgba(0,0,0,0)",
            "plot_bgcolor": "rgba(0,0,0,0)",
        },
    }


def _y_axis(values: list[float], unit: str, *, single: bool) -> dict:
    """Plain thousands separators (no '54.8875k'), a range that always shows the points."""
    axis: dict = {"title": {"text": unit}, "fixedrange": True, "automargin": True}
    if not values:
        return axis
    low, high = min(values), max(values)
    biggest = max(abs(low), abs(high))
    axis["tickformat"] = ",.0f" if biggest >= 100 else (",.1f" if biggest >= 1 else ",.2f")
    pad = (high - low) * 0.15 or abs(high) * 0.1 or 1.0
    axis["range"] = [low - pad, high + pad]
    if single or low == high:
        # One value is no trend: no axis to read, the value is written beside its point.
        axis.update(showticklabels=False, showgrid=False, title={"text": ""})
    return axis
