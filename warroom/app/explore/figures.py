"""What the workspace draws: the scatter, the bivariate map and its 3×3 legend, the two maps,
the comparison of areas and the coverage matrix and map. Figures are plain dicts; maps take
their shapes from the static GeoJSON (only values travel)."""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass

import pandas as pd
from dash import Patch, html

from warroom.analysis.bivariate import (
    BIVARIATE_PALETTE,
    BivariateClasses,
    Correlation,
    Line,
    bivariate_classes,
    correlation,
    fitted_line,
    join_pair,
    legend_cells,
)
from warroom.analysis.classes import NO_DATA_COLOUR, decimals_for, palette
from warroom.analysis.compare import compare_areas
from warroom.analysis.coverage import area_coverage, coverage_matrix
from warroom.app.components.labels import indicator_name, unit_of
from warroom.app.components.map import MapValues, fit, full_figure, map_values
from warroom.app.data import AppData
from warroom.app.explore.state import ExploreState
from warroom.app.export_text import indicator_notes, source_text
from warroom.app.i18n import format_number, name, t, year_label
from warroom.areas.codes import COUNTRY_CODE

FONT = "Sarabun, sans-serif"
MAP_SIZE = (780, 430)  # CSS pixels of each map on the pair tab at 1920 x 1080


@dataclass(frozen=True)
class Fit:
    """The measured size of a pair-tab map and how much to scale fonts (1 at 1920 wide)."""

    width: int = MAP_SIZE[0]
    height: int = MAP_SIZE[1]
    scale: float = 1.0

    @classmethod
    def of(cls, measured: list | None) -> Fit:
        """From the browser's ``[width, height, window width]`` (defaults if unknown)."""
        if not measured or len(measured) != 3 or min(measured[:2]) < 50:
            return cls()
        width, height, window = measured
        return cls(int(width), int(height), min(max(window / 1920, 1.0), 2.0))

    def font(self, size: float) -> int:
        return round(size * self.scale)


SCATTER_GL_FROM = 1500  # points; WebGL above this keeps hover and lasso quick


def geo_url(state: ExploreState) -> str:
    """The static GeoJSON holding the drawn areas' shapes."""
    if state.area == COUNTRY_CODE:
        return f"/geo/country/{state.level}.geojson"
    return f"/geo/province/{state.area[:4]}.geojson"


def drawn_areas(data: AppData, state: ExploreState) -> pd.DataFrame:
    """The areas of the state's level inside its area, in code order."""
    a = data.areas
    return a[(a["level"] == state.level) & a["code"].str.startswith(state.area)]


def bounds(data: AppData, code: str) -> tuple[float, float, float, float]:
    """Bounding box of an area."""
    minx, miny, maxx, maxy = (
        float(v) for v in data.areas.loc[code, ["minx", "miny", "maxx", "maxy"]]
    )
    return minx, miny, maxx, maxy


@dataclass
class PairView:
    """Two indicators over the drawn areas: classes, correlation and line."""

    classes: BivariateClasses  # .table: code, names, x, y, x_class, y_class, colour
    corr: Correlation
    line: Line | None

    @property
    def table(self) -> pd.DataFrame:
        return self.classes.table


def pair_view(data: AppData, state: ExploreState) -> PairView:
    """Join the two indicators (each at its period) over the drawn areas and analyse them."""
    areas = drawn_areas(data, state)
    x = data.values(state.x, state.xperiod, areas.index)
    y = data.values(state.y, state.yperiod, areas.index)
    pair = join_pair(areas, x, y)
    return PairView(bivariate_classes(pair), correlation(pair), fitted_line(pair))


def axis_label(data: AppData, ind: str, period: int | None, lang: str) -> str:
    """Indicator name, unit and year, for an axis or a column."""
    row = data.indicators.loc[ind]
    unit = unit_of(row, lang)
    title = indicator_name(row, lang)
    unit_part = f" ({unit})" if unit and unit not in title else ""
    return f"{title}{unit_part} · {year_label(period, lang)}"


def _value_format(values: pd.Series, unit: str) -> str:
    """A d3 number format for hover templates, with the unit after it."""
    digits = decimals_for(values)
    suffix = unit if unit == "%" else f" {unit}" if unit else ""
    return f":,.{digits}f}}{suffix}"


def _hover(view: PairView, data: AppData, state: ExploreState, x: str, y: str) -> str:
    """'X: 1.23% · Y: 4.5 µg/m³' as a template over ``x`` and ``y`` (template fields)."""
    ux = unit_of(data.indicators.loc[state.x], state.lang)
    uy = unit_of(data.indicators.loc[state.y], state.lang)
    fx = _value_format(view.table["x"], ux)
    fy = _value_format(view.table["y"], uy)
    return f"X: %{{{x}{fx}<br>Y: %{{{y}{fy}<extra></extra>"


def _compact(values: pd.Series) -> list:
    """Values with six significant digits (null where missing): fewer bytes, same reading."""
    return [None if pd.isna(v) else float(f"{v:.6g}") for v in values]


def scatter_figure(
    view: PairView,
    data: AppData,
    state: ExploreState,
    selection: list[str],
    *,
    fit: Fit | None = None,
) -> dict:
    """Every drawn area as a point (coloured by its bivariate class; areas missing a value
    are not drawn), the fitted line, the tercile breaks as dotted lines; lasso or box
    selects areas. Points keep the drawn areas' order, so a new pair of indicators on the
    same areas is a patch of values (``scatter_patch``)."""
    fit = fit or Fit()
    table = view.table
    n = int((table["colour"] != NO_DATA_COLOUR).sum())
    points = {
        "type": "scattergl" if len(table) >= SCATTER_GL_FROM else "scatter",
        "mode": "markers",
        "name": "areas",
        "customdata": table["code"].tolist(),
        "text": ("<b>" + table["name_th"] + "</b><br>" + table["name_en"]).tolist(),
        "marker": {
            "size": fit.font(9 if n < 300 else (6 if n < 2000 else 4)),
            "line": {"width": 0.5, "color": "#555555"},
        },
        "selected": {"marker": {"opacity": 1.0}},
        "unselected": {"marker": {"opacity": 0.2}},
    }
    line = {
        "type": "scatter",
        "mode": "lines",
        "name": "fit",
        "line": {"color": "#19486A", "width": 2},
        "hoverinfo": "skip",
    }
    figure = {
        "data": [points, line],
        "layout": {
            "margin": {"l": fit.font(70), "r": 16, "t": 10, "b": fit.font(60)},
            "font": {"family": FONT, "size": fit.font(14)},
            "hoverlabel": {"font": {"family": FONT, "size": fit.font(16)}},
            "xaxis": {"title": {}},
            "yaxis": {"title": {}},
            "showlegend": False,
            "dragmode": "lasso",
            "plot_bgcolor": "#ffffff",
            "paper_bgcolor": "rgba(0,0,0,0)",
        },
    }
    for path, value in scatter_values(view, data, state, selection).items():
        _put(figure, path, value)
    return figure


def _put(target: dict | Patch, path: tuple, value: object) -> None:
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value


def scatter_values(
    view: PairView, data: AppData, state: ExploreState, selection: list[str]
) -> dict[tuple, object]:
    """What changes in the scatter when the indicators or periods change (by path)."""
    lang = state.lang
    table = view.table
    chosen = set(selection)
    line = view.line
    breaks = (("x", view.classes.x_breaks), ("y", view.classes.y_breaks))
    shapes = [
        {
            "type": "line",
            "xref": "x" if axis == "x" else "paper",
            "yref": "y" if axis == "y" else "paper",
            "x0": b if axis == "x" else 0,
            "x1": b if axis == "x" else 1,
            "y0": b if axis == "y" else 0,
            "y1": b if axis == "y" else 1,
            "line": {"dash": "dot", "width": 1, "color": "#8a96a0"},
        }
        for axis, values in breaks
        for b in values[:-1]
    ]
    return {
        ("data", 0, "x"): _compact(table["x"]),
        ("data", 0, "y"): _compact(table["y"]),
        ("data", 0, "marker", "color"): table["colour"].tolist(),
        ("data", 0, "hovertemplate"): "%{text}<br>" + _hover(view, data, state, "x", "y"),
        ("data", 0, "selectedpoints"): (
            [i for i, c in enumerate(table["code"]) if c in chosen] if chosen else None
        ),
        ("data", 1, "x"): list(line.x) if line else [],
        ("data", 1, "y"): list(line.y) if line else [],
        ("layout", "shapes"): shapes,
        ("layout", "xaxis", "title", "text"): _short(
            axis_label(data, state.x, state.xperiod, lang)
        ),
        ("layout", "yaxis", "title", "text"): _short(
            axis_label(data, state.y, state.yperiod, lang), 36
        ),
        ("layout", "uirevision"): f"{state.x}|{state.y}|{state.level}|{state.area}",
    }


def scatter_patch(
    view: PairView, data: AppData, state: ExploreState, selection: list[str]
) -> Patch:
    """Only the values of the scatter: the drawn areas (and their names) are unchanged."""
    patch = Patch()
    for path, value in scatter_values(view, data, state, selection).items():
        _put(patch, path, value)
    return patch


def _short(text: str, limit: int = 80) -> str:
    """An axis title that fits beside the plot (the maps' titles carry the full names)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def stats_line(view: PairView, lang: str) -> str:
    """r and ρ with their n, and the fitted line, in words."""
    c = view.corr
    if math.isnan(c.pearson):
        return t("ex_no_corr", lang, n=c.n)
    text = t("ex_corr", lang, r=f"{c.pearson:.2f}", rho=f"{c.spearman:.2f}", n=f"{c.n:,}")
    if view.line is not None:
        text += " · " + t(
            "ex_line", lang, slope=f"{view.line.slope:.4g}", intercept=f"{view.line.intercept:.4g}"
        )
    return text


def with_selection(figure: dict, selection: list[str]) -> dict:
    """Outline the selected areas on a map figure (its third trace)."""
    figure["data"][2].update(locations=list(selection), z=[0] * len(selection))
    return figure


def _sized(figure: dict, fit: Fit) -> dict:
    figure["layout"]["font"] = {"family": FONT, "size": fit.font(16)}
    figure["layout"]["hoverlabel"] = {"font": {"family": FONT, "size": fit.font(18)}}
    return figure


def bivariate_map(
    base: dict,
    view: PairView,
    data: AppData,
    state: ExploreState,
    selection: list[str],
    *,
    fit: Fit | None = None,
) -> dict:
    """Each area in its 3×3 class colour; areas missing either value in grey."""
    fit = fit or Fit()
    table = view.table.set_index("code")
    has = table["colour"] != NO_DATA_COLOUR
    klass = (table.loc[has, "y_class"] * 3 + table.loc[has, "x_class"]).astype(int)
    colours = [BIVARIATE_PALETTE[k // 3][k % 3] for k in range(9)]
    scale = [[edge, c] for i, c in enumerate(colours) for edge in (i / 9, (i + 1) / 9)]
    names = "<b>%{properties.name_th}</b><br>%{properties.name_en}<br>"
    mv = MapValues(
        locations=list(klass.index),
        z=[k + 0.5 for k in klass],
        hovertemplate=names + _hover(view, data, state, "customdata[0]", "customdata[1]"),
        colorscale=scale,
        zmin=0,
        zmax=9,
        nodata=list(table.index[~has]),
        nodata_template=(
            "<b>%{properties.name_th}</b><br>%{properties.name_en}<br>"
            + t("ex_missing_either", state.lang)
            + "<extra></extra>"
        ),
        legend=[],
    )
    figure = full_figure(
        base,
        geo_url(state),
        mv,
        None,
        bounds(data, state.area),
        f"bi|{state.level}|{state.area}",
        size=(fit.width, fit.height),
    )
    both = table.loc[klass.index, ["x", "y"]]
    figure["data"][0]["customdata"] = list(
        zip(_compact(both["x"]), _compact(both["y"]), strict=True)
    )
    return _sized(with_selection(figure, selection), fit)


def bivariate_legend(view: PairView, data: AppData, state: ExploreState) -> html.Div:
    """The 3×3 legend: y rises upwards, x to the right, with each axis' tercile breaks."""
    lang = state.lang
    cells = [
        html.Span(className="ex-bi-cell", style={"background": c["colour"]}) for c in legend_cells()
    ]

    def breaks(values: list[float], ind: str) -> str:
        unit = unit_of(data.indicators.loc[ind], lang)
        return " | ".join(format_number(v, lang, unit) for v in values[:-1]) or "–"

    return html.Div(
        className="ex-bi-legend",
        children=[
            html.Div(
                f"↑ Y: {indicator_name(data.indicators.loc[state.y], lang)}", className="ex-bi-y"
            ),
            html.Div(cells, className="ex-bi-grid"),
            html.Div(
                f"X: {indicator_name(data.indicators.loc[state.x], lang)} →", className="ex-bi-x"
            ),
            html.Div(
                t(
                    "ex_terciles",
                    lang,
                    x=breaks(view.classes.x_breaks, state.x),
                    y=breaks(view.classes.y_breaks, state.y),
                ),
                className="ex-bi-breaks",
            ),
        ],
    )


def indicator_map(
    base: dict,
    data: AppData,
    state: ExploreState,
    ind: str,
    period: int,
    selection: list[str],
    *,
    fit: Fit | None = None,
) -> tuple[dict, MapValues]:
    """One indicator on the drawn areas (quantile classes, colours by direction), and its
    values (legend, locations) for a patch when only the indicator changes."""
    fit = fit or Fit()
    areas = drawn_areas(data, state)
    row = data.indicators.loc[ind]
    mv = map_values(
        data.values(ind, period, areas.index),
        unit=unit_of(row, state.lang),
        direction=row["direction"],
        period=period,
        scheme="quantiles",
        lang=state.lang,
    )
    figure = full_figure(
        base,
        geo_url(state),
        mv,
        None,
        bounds(data, state.area),
        f"{ind}|{state.level}|{state.area}",
        size=(fit.width, fit.height),
    )
    return _sized(with_selection(figure, selection), fit), mv


def sources(data: AppData, items: list[tuple[str, int | None]], lang: str) -> list:
    """Per indicator: name, year, source, and 'modelled' or 'proxy' when it is."""
    lines = []
    for ind, period in items:
        row = data.indicators.loc[ind]
        notes = indicator_notes(row, lang)
        lines.append(
            html.Div(
                className="ex-source",
                children=[
                    html.B(f"{indicator_name(row, lang)} ({year_label(period, lang)})"),
                    html.Span(f" · {t('source', lang)}: {source_text(row, data.sources, lang)}"),
                    *[html.Span(f" · {n}", className="wr-modelled ex-note") for n in notes],
                ],
            )
        )
    lines.append(html.Div(t("boundaries_credit", lang), className="ex-source"))
    return lines


def tidy_observations(data: AppData) -> pd.DataFrame:
    """Every value as rows ``indicator_id, period, area_code, value`` (cached per data
    version: the coverage matrix and the comparison read all indicators)."""
    key = (id(data), data.version, id(data.by_indicator))
    if _tidy_cache.get("key") != key:
        frames = [
            obs.rename("value").reset_index().assign(indicator_id=ind)
            for ind, obs in data.by_indicator.items()
        ]
        _tidy_cache.update(key=key, frame=pd.concat(frames, ignore_index=True))
    return _tidy_cache["frame"]


_tidy_cache: dict = {}


def compare_view(data: AppData, state: ExploreState) -> pd.DataFrame:
    """The compared areas and Thailand across the state's goal (latest period each)."""
    catalogue = data.indicators.reset_index(drop=True)
    return compare_areas(tidy_observations(data), catalogue, list(state.areas), goal=state.goal)


def compare_table(table: pd.DataFrame, data: AppData, state: ExploreState) -> html.Table:
    """Indicators as rows, the areas and Thailand as columns."""
    lang = state.lang
    codes = [c for c in table.columns if c not in ("indicator_id", "period")]
    head = html.Tr(
        [html.Th(t("indicator", lang)), html.Th(t("period", lang))]
        + [html.Th(name(data.areas.loc[c], lang)) for c in codes]
    )
    rows = []
    for r in table.to_dict("records"):
        row = data.indicators.loc[r["indicator_id"]]
        unit = unit_of(row, lang)
        cells = [html.Td(format_number(r[c], lang, unit)) for c in codes]
        rows.append(
            html.Tr(
                [
                    html.Td(indicator_name(row, lang)),
                    html.Td(year_label(int(r["period"]), lang)),
                    *cells,
                ]
            )
        )
    return html.Table([html.Thead(head), html.Tbody(rows)], className="ex-compare-table")


def compare_figure(table: pd.DataFrame, data: AppData, state: ExploreState) -> dict:
    """Small bar charts, one per indicator: each area's value, Thailand as a dashed line."""
    lang = state.lang
    n = max(len(table), 1)
    codes = [c for c in table.columns if c not in ("indicator_id", "period", COUNTRY_CODE)]
    cols = 3
    rows = math.ceil(n / cols)
    traces, annotations, shapes, layout = [], [], [], {}
    for i, r in enumerate(table.to_dict("records")):
        axis = "" if i == 0 else str(i + 1)
        row, col = divmod(i, cols)
        x0, x1 = col / cols + 0.04, (col + 1) / cols - 0.02
        y1 = 1 - row / rows - 0.06 / rows * 2
        y0 = 1 - (row + 1) / rows + 0.02
        layout[f"xaxis{axis}"] = {"domain": [x0, x1], "anchor": f"y{axis}", "showticklabels": True}
        layout[f"yaxis{axis}"] = {"domain": [y0, y1], "anchor": f"x{axis}", "automargin": True}
        ind = data.indicators.loc[r["indicator_id"]]
        labels = [name(data.areas.loc[c], lang) for c in codes]
        traces.append(
            {
                "type": "bar",
                "x": labels,
                "y": [r[c] for c in codes],
                "xaxis": f"x{axis}",
                "yaxis": f"y{axis}",
                "marker": {"color": "#19486A"},
                "hovertemplate": "%{x}: %{y:,.2f}<extra></extra>",
            }
        )
        country = r.get(COUNTRY_CODE)
        # a count's national total is no yardstick for an area; a rate's national value is
        if country is not None and not pd.isna(country) and ind["rollup"] != "sum":
            shapes.append(
                {
                    "type": "line",
                    "xref": f"x{axis} domain",
                    "yref": f"y{axis}",
                    "x0": 0,
                    "x1": 1,
                    "y0": country,
                    "y1": country,
                    "line": {"dash": "dash", "color": "#d7191c", "width": 2},
                }
            )
        title = indicator_name(ind, lang)
        annotations.append(
            {
                "text": f"<b>{title[:48]}</b> ({year_label(r['period'], lang)})",
                "xref": "paper",
                "yref": "paper",
                "x": x0,
                "y": y1,
                "xanchor": "left",
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": 13},
            }
        )
    return {
        "data": traces,
        "layout": {
            **layout,
            "height": max(260, 230 * rows),
            "margin": {"l": 50, "r": 10, "t": 30, "b": 30},
            "font": {"family": FONT, "size": 12},
            "showlegend": False,
            "shapes": shapes,
            "annotations": annotations,
            "paper_bgcolor": "rgba(0,0,0,0)",
            "plot_bgcolor": "#ffffff",
        },
    }


def coverage_view(data: AppData, state: ExploreState) -> pd.DataFrame:
    """The coverage matrix at the state's level for the state's goal."""
    catalogue = data.indicators.reset_index(drop=True)
    if state.goal is not None:
        catalogue = catalogue[catalogue["goal"] == state.goal]
    return coverage_matrix(
        tidy_observations(data), data.areas.reset_index(drop=True), catalogue, state.level
    )


def coverage_figure(matrix: pd.DataFrame, data: AppData, state: ExploreState) -> dict:
    """Indicators × years: the share of areas with a value (text: how many)."""
    lang = state.lang
    grid = matrix.pivot(index="indicator_id", columns="period", values="share")
    grid = grid.reindex(matrix["indicator_id"].drop_duplicates())
    counts = matrix.pivot(index="indicator_id", columns="period", values="areas_with_data")
    counts = counts.reindex(grid.index)
    names = [indicator_name(data.indicators.loc[i], lang)[:60] for i in grid.index]
    text = [["" if pd.isna(v) else f"{int(v):,}" for v in row] for row in counts.to_numpy()]
    return {
        "data": [
            {
                "type": "heatmap",
                "z": [
                    [None if pd.isna(v) else round(float(v) * 100, 1) for v in row]
                    for row in grid.to_numpy()
                ],
                "x": [year_label(int(p), lang) for p in grid.columns],
                "y": names,
                "text": text,
                "texttemplate": "%{text}",
                "colorscale": [[0, "#f7fbff"], [0.5, "#6baed6"], [1, "#08306b"]],
                "zmin": 0,
                "zmax": 100,
                "xgap": 2,
                "ygap": 2,
                "colorbar": {"title": {"text": "%"}, "thickness": 14},
                "hovertemplate": "%{y}<br>%{x}: %{text} ("
                + t("ex_of_areas", lang, n=f"{int(matrix['areas_total'].max() or 0):,}")
                + ", %{z}%)<extra></extra>",
            }
        ],
        "layout": {
            "height": max(300, 26 * len(names) + 90),
            "margin": {"l": 10, "r": 10, "t": 40, "b": 10},
            "font": {"family": FONT, "size": 13},
            "yaxis": {"autorange": "reversed", "automargin": True},
            "xaxis": {"type": "category", "side": "top"},
            "paper_bgcolor": "rgba(0,0,0,0)",
        },
    }


def coverage_map(base: dict, data: AppData, state: ExploreState) -> tuple[dict, list, int]:
    """The x indicator's coverage: how many periods each drawn area has a value for."""
    tidy = tidy_observations(data)
    one = tidy[tidy["indicator_id"] == state.x]
    areas = drawn_areas(data, state)
    table = area_coverage(one, areas.reset_index(drop=True), state.level).set_index("code")
    periods = table["periods"].astype(float).where(table["periods"] > 0)
    counts = sorted(int(v) for v in periods.dropna().unique())
    colours = ["#3182bd"] if len(counts) == 1 else palette("neutral", len(counts))
    colour_of = dict(zip(counts, colours, strict=False))
    has = periods.notna()
    n = max(len(counts), 1)
    z = periods[has].map(lambda v: counts.index(int(v)) + 0.5)
    unit = t("ex_periods_unit", state.lang)
    names = "<b>%{properties.name_th}</b><br>%{properties.name_en}<br>"
    mv = MapValues(
        locations=list(z.index),
        z=z.tolist(),
        hovertemplate=f"{names}%{{customdata}} {unit}<extra></extra>",
        colorscale=[[e, colour_of[c]] for i, c in enumerate(counts) for e in (i / n, (i + 1) / n)]
        or [[0, NO_DATA_COLOUR], [1, NO_DATA_COLOUR]],
        zmin=0,
        zmax=n,
        nodata=list(periods.index[~has]),
        nodata_template=f"{names}{t('no_data', state.lang)}<extra></extra>",
        legend=[(colour_of[c], f"{c} {unit}") for c in counts]
        + ([(NO_DATA_COLOUR, t("no_data", state.lang))] if (~has).any() else []),
    )
    figure = full_figure(
        base,
        geo_url(state),
        mv,
        None,
        bounds(data, state.area),
        f"cov|{state.level}|{state.area}",
        size=(800, 700),
    )
    figure["data"][0]["customdata"] = periods[has].astype(int).tolist()
    return figure, mv.legend, len(data.periods.get(state.x, []))


def map_png_figure(
    figure: dict,
    geojson: dict,
    *,
    box: tuple[float, float, float, float],
    title: str,
    lines: list[str],
) -> dict:
    """A map figure made ready for an image: shapes inline, a title and source lines."""
    fig = copy.deepcopy(figure)
    for trace in fig["data"]:
        trace["geojson"] = geojson
    layout = fig["layout"]
    layout["margin"] = {"l": 10, "r": 10, "t": 70, "b": 60}
    layout["title"] = {"text": f"<b>{title}</b>", "x": 0.02}
    layout["paper_bgcolor"] = "#ffffff"
    layout["annotations"] = [
        {
            "text": "<br>".join(lines),
            "showarrow": False,
            "xref": "paper",
            "yref": "paper",
            "x": 0,
            "y": -0.01,
            "xanchor": "left",
            "yanchor": "top",
            "align": "left",
            "font": {"size": 12, "color": "#333333"},
        }
    ]
    centre, zoom = fit(box, 1400, 1100)
    layout["map"].update(center=centre, zoom=zoom)
    return fig
