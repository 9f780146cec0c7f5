"""The peers chart: the area against its region and the provinces most like it, with the
country's line."""

from __future__ import annotations

import math

from warroom.analysis import area as A  # noqa: N812
from warroom.app.context import app_context
from warroom.app.governor.goals import (
    name_of,
    unit_text,
)
from warroom.areas.codes import level_of
from warroom.text.i18n import format_number, t, year_label


def peers_figure(state: dict) -> tuple[dict, str]:
    """Bars: the area, its region (or province), its five most alike; a line for Thailand.

    Returns the figure and its title (drawn in HTML, where a long Thai name wraps).
    """
    data = app_context().data
    code, lang, indicator = state["code"], state["lang"], state["indicator"]
    ind = data.indicators.loc[indicator]
    peers = A.peers_of(data, code)
    rows = A.peer_values(data, code, indicator, peers)
    bars = rows[rows["role"] != "country"]
    labels, colours = [], []
    for _, r in bars.iterrows():
        if r["role"] == "group":
            label = (
                t(f"gov_region_{r['code']}", lang)
                if level_of(code) == "province"
                else name_of(data.areas.loc[r["code"]], lang)
            )
            colours.append("#5f6b73")
        else:
            label = name_of(data.areas.loc[r["code"]], lang)
            colours.append("#c62828" if r["role"] == "area" else "#8fa3b0")
        labels.append(label)
    country = rows.loc[rows["role"] == "country", "value"]
    shapes = []
    if len(country) and not math.isnan(country.iloc[0]):
        shapes.append(
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": country.iloc[0],
                "x1": country.iloc[0],
                "y0": 0,
                "y1": 1,
                "line": {"color": "#19486A", "width": 2, "dash": "dash"},
            }
        )
    period = int(rows["period"].iloc[0]) if len(rows) else None
    unit = unit_text(ind, lang)
    title = name_of(ind, lang) + ("" if unit in name_of(ind, lang) else f" ({unit})")
    if period:
        title += f" · {year_label(period, lang)}"
    if shapes:
        title += f" · - - {t('value_country', lang)}"
    figure = {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "y": labels[::-1],
                "x": bars["value"].tolist()[::-1],
                "marker": {"color": colours[::-1]},
                "text": [format_number(v, lang) for v in bars["value"].tolist()[::-1]],
                # A zero has no bar to hold its figure: "auto" would show nothing at all.
                "textposition": ["outside" if v == 0 else "auto" for v in bars["value"][::-1]],
                "hovertemplate": "%{y}: %{x}<extra></extra>",
            }
        ],
        "layout": {
            "margin": {"l": 8, "r": 16, "t": 6, "b": 28},
            "font": {"family": "Sarabun, sans-serif", "size": 15},
            "yaxis": {"automargin": True},
            "xaxis": {"title": None},
            "shapes": shapes,
            "paper_bgcolor": "rgba(0,0,0,0)",
            "plot_bgcolor": "rgba(0,0,0,0)",
            "autosize": True,
        },
    }
    return figure, title
