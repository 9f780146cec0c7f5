"""The choropleth: class breaks (mapclassify), colours by direction, figure and value patches.

The base figure (style, layout, trace settings) is built once; callbacks send only values
(``locations``, ``z``, hover text) and the static GeoJSON URL, never the geometry itself.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd
from dash import Patch

from warroom.analysis.classes import (  # shared with the exports
    NO_DATA_COLOUR,
    Classes,
    Shading,
    band_span,
    decimals_for,
    legend_order,
    shade,
)
from warroom.analysis.rankings import has_good_side, lowest_first
from warroom.export.mapdata import fit_view, offline_style
from warroom.text.i18n import format_number, t, year_label


def base_figure(tile_url: str | None = None) -> dict:
    """The figure skeleton shared by every map: built once per app."""
    trace = {
        "type": "choroplethmap",
        "featureidkey": "id",
        "showscale": False,
        "marker": {"opacity": 0.9, "line": {"width": 0.6, "color": "#ffffff"}},
    }
    return {
        "data": [
            {**trace, "name": "values"},
            {
                **trace,
                "name": "no data",
                "colorscale": [[0, NO_DATA_COLOUR], [1, NO_DATA_COLOUR]],
                "zmin": 0,
                "zmax": 1,
            },
            {
                **trace,
                "name": "selected",
                "colorscale": [[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
                "zmin": 0,
                "zmax": 1,
                "hoverinfo": "skip",
                "marker": {"line": {"width": 3, "color": "#111111"}},
            },
        ],
        "layout": {
            "map": {
                "style": offline_style(tile_url),
                "center": {"lat": 13.0, "lon": 101.0},
                "zoom": 4.6,
            },
            "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
            "paper_bgcolor": "rgba(0,0,0,0)",
            "font": {"family": "Sarabun, sans-serif", "size": 16},
            "hoverlabel": {"font": {"family": "Sarabun, sans-serif", "size": 18}},
            "showlegend": False,
            "dragmode": "pan",
        },
    }


def banded_scale(colours: list[str], classes: Classes) -> tuple[list[list], float, float]:
    """A colour scale with one flat band per class over the real values (zmin, zmax).

    z carries the values themselves, so no class array travels: the bands sit at the
    mapclassify breaks, each class including its upper bound as mapclassify does.
    """
    if not classes.upper:
        return [[0, NO_DATA_COLOUR], [1, NO_DATA_COLOUR]], 0.0, 1.0
    zmin, zmax = classes.lower[0], classes.upper[-1]
    span = (zmax - zmin) or 1.0
    scale: list[list] = []
    for i, colour in enumerate(colours):
        start = 0.0 if i == 0 else min((classes.upper[i - 1] - zmin) / span + 1e-9, 1.0)
        end = 1.0 if i == len(colours) - 1 else (classes.upper[i] - zmin) / span
        scale += [[start, colour], [max(end, start), colour]]
    return scale, zmin, (zmax if zmax > zmin else zmin + 1.0)


@dataclass
class MapValues:
    """Everything value-dependent in the map, ready to send (names come with the GeoJSON).

    Ranks are not sent: the browser computes them from z (``RANKS_JS``).
    """

    locations: list[str]
    z: list[float]
    hovertemplate: str
    colorscale: list
    zmin: float
    zmax: float
    nodata: list[str]
    nodata_template: str
    legend: list[tuple[str, str]]  # (colour, label)
    nodata_reasons: list[str] = field(default_factory=list)  # why each area is grey (hover)
    rank_order: str = "desc"  # "asc": rank 1 is the lowest value (higher is worse)


def _unit_suffix(unit: str) -> str:
    return unit if unit == "%" else f" {unit}"


def map_values(
    values: pd.Series,
    *,
    unit: str,
    direction: str,
    period: int | None,
    scheme: str,
    lang: str,
    reasons: pd.Series | None = None,
    anchors: Sequence[tuple[float, str]] = (),
) -> MapValues:
    """Classes, colours, hover template and legend for the drawn areas (index: codes);
    ``reasons`` (index: codes) says why an area has no value; ``anchors`` (value, name) are
    the thresholds or reference line the classes break at (``analysis.classes.shade``)."""
    digits = decimals_for(values)
    shown = values.round(digits)  # what the user reads is what is classed and ranked
    shading = shade(shown, scheme, direction, [value for value, _ in anchors])
    classes, colours = shading.classes, shading.colours
    scale, zmin, zmax = banded_scale(colours, classes)
    has = shown.notna()
    year = year_label(period, lang)
    names = "<b>%{properties.name_th}</b><br>%{properties.name_en}<br>"
    rule = "rank_of" if has_good_side(direction) else "rank_of_neutral"
    rank = t(rule, lang, rank="%{customdata}", n=int(has.sum()))
    template = f"{names}%{{z:,.{digits}f}}{_unit_suffix(unit)} ({year})<br>{rank}<extra></extra>"
    legend = legend_entries(shading, unit=unit, digits=digits, lang=lang)
    grey = shown.index[~has]
    # Whole columns, never a Python loop over the codes (7,425 tambons on the national map).
    why = [] if reasons is None else reasons.reindex(grey).fillna("").astype(str).tolist()
    why = why or [""] * len(grey)
    if len(grey) and not has.any() and len(set(why)) == 1 and why[0]:
        # An all-grey map says why in full ("An indicator of provinces only: no figures for
        # smaller areas"), not only the lead of its reason.
        legend.append((NO_DATA_COLOUR, why[0]))
    elif len(grey):
        legend.append((NO_DATA_COLOUR, grey_label(why, lang)))
    legend += anchors_note(anchors, unit=unit, lang=lang)
    z = shown[has]
    return MapValues(
        locations=z.index.tolist(),
        z=z.astype("int64").tolist() if digits == 0 else z.tolist(),  # whole numbers: ints
        hovertemplate=template,
        colorscale=scale,
        zmin=zmin,
        zmax=zmax,
        nodata=grey.tolist(),
        # An area with a reason says it instead of "no data" ("Not applicable: no coast").
        nodata_template=f"{names}%{{customdata}} ({year})<extra></extra>",
        nodata_reasons=[w or t("no_data", lang) for w in why],
        legend=legend,
        rank_order="asc" if lowest_first(direction) else "desc",
    )


def legend_entries(shading: Shading, *, unit: str, digits: int, lang: str) -> list[tuple[str, str]]:
    """(colour, label) per class; with anchors, a band no value falls in keeps a row of its
    own ("≤ 5 µg/m³: none")."""

    def number(x: float, with_unit: bool) -> str:  # a line at 5 reads 5, not 5.0
        places = 0 if float(x).is_integer() else max(digits, 1)
        return format_number(x, lang, unit if with_unit else "", digits=places)

    classes = shading.classes
    rows = []
    for item in legend_order(shading):
        if isinstance(item, int):
            lo, hi = classes.lower[item], classes.upper[item]
            label = (
                f"{format_number(lo, lang, digits=digits)} – "
                f"{format_number(hi, lang, unit, digits=digits)}"
            )
            rows.append((shading.colours[item], label))
        else:
            rows.append((item.colour, t("legend_empty", lang, range=band_span(item, number))))
    return rows


def anchors_note(
    anchors: Sequence[tuple[float, str]], *, unit: str, lang: str
) -> list[tuple[str, str]]:
    """The legend's last entry, without a colour: the lines the classes break at."""
    if not anchors:
        return []
    named = ", ".join(
        f"{format_number(value, lang, unit, digits=0 if float(value).is_integer() else 1)} {name}"
        for value, name in sorted(anchors)
    )
    return [("", t("legend_anchors", lang, anchors=named))]


GREY_LEAD_CHARS = 30  # a reason's lead ("Not applicable", "Missing from this source")


def grey_label(reasons: list[str], lang: str) -> str:
    """The legend's label of the grey areas: 'no data', or the leads of their reasons when
    the area notes word them as 'lead: explanation' (mangrove: 'Not applicable / Missing from
    this source'), most frequent first, at most three."""
    leads: dict[str, int] = {}
    for why in reasons:
        lead = why.split(":", 1)[0].strip() if ":" in why else ""
        lead = lead if 0 < len(lead) <= GREY_LEAD_CHARS else t("no_data", lang)
        leads[lead] = leads.get(lead, 0) + 1
    ordered = sorted(leads, key=lambda k: -leads[k])
    return " / ".join(ordered) if len(ordered) <= 3 else t("no_data", lang)


# Ranks among the drawn areas (1 = best by the direction: the lowest where the trace's meta
# is "asc", otherwise the highest; ties share the best rank; analysis.rankings's rule),
# computed in the browser from the values already there, so that a switch sends no ranks.
RANKS_JS = """
function(figure) {
    const trace = figure && figure.data && figure.data[0];
    if (!trace || !trace.z) { return window.dash_clientside.no_update; }
    const z = trace.z;
    const sign = trace.meta === 'asc' ? -1 : 1;
    const order = z.map((_, i) => i).sort((a, b) => sign * (z[b] - z[a]));
    const ranks = new Array(z.length);
    order.forEach((idx, pos) => {
        const prev = pos > 0 ? order[pos - 1] : null;
        ranks[idx] = (prev !== null && z[prev] === z[idx]) ? ranks[prev] : pos + 1;
    });
    const old = trace.customdata;
    if (old && old.length === ranks.length && old.every((r, i) => r === ranks[i])) {
        return window.dash_clientside.no_update;
    }
    // A patch, not a new figure: a figure that arrived meanwhile must not be overwritten.
    return new window.dash_clientside.Patch().assign(["data", 0, "customdata"], ranks).build();
}
"""


# The map's real size in CSS pixels and the page's rem (the type size that scales with the
# screen), measured in the browser when the page opens and again after the window is
# resized, so that the server fits each view to the map as drawn and sizes chart text.
MEASURE_JS = """
function(_id) {
    const measure = () => {
        const el = document.getElementById('map-graph');
        if (!el) { return null; }
        const r = el.getBoundingClientRect();
        const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
        return r.width > 50 && r.height > 50
            ? [Math.round(r.width), Math.round(r.height), Math.round(rem * 10) / 10] : null;
    };
    const size = measure();
    window._wrMapSize = size;
    if (!window._wrMapResize) {
        let timer = null;
        window._wrMapResize = () => {
            clearTimeout(timer);
            timer = setTimeout(() => {
                const now = measure();
                const was = window._wrMapSize;
                if (now && (!was || now[0] !== was[0] || now[1] !== was[1])) {
                    window._wrMapSize = now;
                    window.dash_clientside.set_props('map-size', {data: now});
                }
            }, 300);
        };
        window.addEventListener('resize', window._wrMapResize);
    }
    return size || window.dash_clientside.no_update;
}
"""


def full_figure(
    base: dict,
    geo_url: str,
    mv: MapValues,
    selected: str | None,
    bounds: tuple[float, float, float, float],
    revision: str,
    *,
    size: tuple[int, int] = (1000, 850),
    font_px: float = 16,
    pad: tuple[float, float] = (0.0, 0.0),
) -> dict:
    """A complete figure for a new view (new GeoJSON URL or new area), fitted to ``size``
    (the map's width and height in CSS pixels) less ``pad`` (top, bottom) pixels under the
    labels, its hover text sized from ``font_px``."""
    fig = copy.deepcopy(base)
    values, nodata, sel = fig["data"]
    for trace in (values, nodata, sel):
        trace["geojson"] = geo_url
    values.update(
        locations=mv.locations,
        z=mv.z,
        hovertemplate=mv.hovertemplate,
        colorscale=mv.colorscale,
        zmin=mv.zmin,
        zmax=mv.zmax,
        meta=mv.rank_order,
    )
    nodata.update(
        locations=mv.nodata,
        z=[0] * len(mv.nodata),
        customdata=mv.nodata_reasons,
        hovertemplate=mv.nodata_template,
    )
    sel.update(locations=[selected] if selected else [], z=[0] if selected else [])
    centre, zoom = fit_view(bounds, *size, pad_top=pad[0], pad_bottom=pad[1])
    fig["layout"]["map"].update(center=centre, zoom=zoom)
    fig["layout"]["uirevision"] = revision
    fig["layout"]["font"] = {**fig["layout"]["font"], "size": round(font_px)}
    fig["layout"]["hoverlabel"]["font"]["size"] = round(font_px * 1.1)
    return fig


def locations_key(mv: MapValues) -> str:
    """Short fingerprints of which areas have data and of why the others are grey, as
    ``<areas>.<reasons>`` (to skip resending lists the browser already holds)."""
    areas = hashlib.blake2b(",".join(mv.locations).encode(), digest_size=8)
    reasons = hashlib.blake2b("\n".join(mv.nodata_reasons).encode(), digest_size=8)
    return f"{areas.hexdigest()}.{reasons.hexdigest()}"


def value_patch(mv: MapValues, *, key: str, held: str | None) -> Patch:
    """Only what changes when the indicator, period, classes or language change.

    ``key`` is ``locations_key(mv)``, ``held`` that of the values the browser holds (None:
    unknown): the location lists are left out when the same areas have data, and the grey
    areas' reasons (tens of kB of Thai on the tambon map) when they are worded the same.
    """
    areas, _, reasons = key.partition(".")
    held_areas, _, held_reasons = (held or "").partition(".")
    patch = Patch()
    if areas != held_areas:
        patch["data"][0]["locations"] = mv.locations
        patch["data"][1]["locations"] = mv.nodata
        patch["data"][1]["z"] = [0] * len(mv.nodata)
    patch["data"][0]["z"] = mv.z
    patch["data"][0]["hovertemplate"] = mv.hovertemplate
    patch["data"][0]["colorscale"] = mv.colorscale
    patch["data"][0]["zmin"] = mv.zmin
    patch["data"][0]["zmax"] = mv.zmax
    patch["data"][0]["meta"] = mv.rank_order
    patch["data"][1]["hovertemplate"] = mv.nodata_template
    if areas != held_areas or reasons != held_reasons:
        patch["data"][1]["customdata"] = mv.nodata_reasons
    return patch
