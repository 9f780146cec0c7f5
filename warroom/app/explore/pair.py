"""The pair of indicators: the scatter with its statistics, the bivariate map and its 3×3
legend, and each indicator's own map."""

from __future__ import annotations

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
from warroom.analysis.classes import NO_DATA_COLOUR, decimals_for
from warroom.app.components.labels import anchors_of, indicator_name, unit_of
from warroom.app.components.map import MapValues, map_values
from warroom.app.components.reasons import grey_reasons
from warroom.app.data import AppData
from warroom.app.explore.figures import (
    FONT,
    Fit,
    area_map,
    drawn_areas,
    sized,
    with_selection,
)
from warroom.app.explore.state import ExploreState
from warroom.text.i18n import format_number, t, year_label

SCATTER_GL_FROM = 1500  # points; WebGL above this keeps hover and lasso quick


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


def axis_label(
    data: AppData, ind: str, period: int | None, lang: str, *, wrap: bool = False
) -> str:
    """Indicator name, unit and year, for an axis or a column.

    ``wrap``: for the scatter's upright axis, shorter than the name: the name on one line
    (shortened), unit and year on the next.
    """
    row = data.indicators.loc[ind]
    unit = unit_of(row, lang)
    title = indicator_name(row, lang)
    unit_part = f" ({unit})" if unit and unit not in title else ""
    if wrap:
        second = " · ".join(p for p in (unit_part.strip(), year_label(period, lang)) if p)
        return f"{_short(title, 40)}<br>{second}"
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
            "margin": {"l": fit.font(88), "r": 16, "t": 10, "b": fit.font(60)},
            "font": {"family": FONT, "size": fit.text(14)},
            "hoverlabel": {"font": {"family": FONT, "size": fit.text(16)}},
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
        ("layout", "yaxis", "title", "text"): axis_label(
            data, state.y, state.yperiod, lang, wrap=True
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
        slope = view.line.slope
        text += " · " + t(
            "ex_line",
            lang,
            sign="−" if slope < 0 else "+",
            slope=readable(abs(slope), lang),
            intercept=readable(view.line.intercept, lang),
        )
    return text


def readable(x: float, lang: str, significant: int = 3) -> str:
    """A coefficient as a reader reads it: three significant digits with thousands
    separators, never an exponent ("27,300", not "2.733e+04"; "0.0123")."""
    if x == 0 or not math.isfinite(x):
        return format_number(x, lang)
    magnitude = math.floor(math.log10(abs(x)))
    decimals = max(significant - 1 - magnitude, 0)
    rounded = round(x, significant - 1 - magnitude)
    return format_number(rounded, lang, digits=decimals).replace("-", "−")


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
    figure = area_map(base, data, state, mv, "bi", (fit.width, fit.height))
    both = table.loc[klass.index, ["x", "y"]]
    figure["data"][0]["customdata"] = list(
        zip(_compact(both["x"]), _compact(both["y"]), strict=True)
    )
    return sized(with_selection(figure, selection), fit)


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
    period: int | None,
    selection: list[str],
    *,
    fit: Fit | None = None,
) -> tuple[dict, MapValues]:
    """One indicator on the drawn areas (quantile classes, colours by direction), and its
    values (legend, locations) for a patch when only the indicator changes."""
    fit = fit or Fit()
    areas = drawn_areas(data, state)
    row = data.indicators.loc[ind]
    values = data.values(ind, period, areas.index)
    mv = map_values(
        values,
        unit=unit_of(row, state.lang),
        direction=row["direction"],
        period=period,
        scheme="quantiles",
        lang=state.lang,
        reasons=grey_reasons(data, ind, period, state.level, values, state.lang),
        anchors=anchors_of(row, state.lang),
    )
    figure = area_map(base, data, state, mv, ind, (fit.width, fit.height))
    return sized(with_selection(figure, selection), fit), mv
