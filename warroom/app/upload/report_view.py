"""The check's report as the upload page shows it: cards, warnings, the preview map (the latest
period of the checked rows, in the dashboard's classes and colours, fitted to where the table
has values), problems and skipped rows."""

from __future__ import annotations

import pandas as pd
from dash import dcc, html

from warroom.analysis.rankings import rank_by_direction
from warroom.app.components.labels import anchors_of
from warroom.app.components.legend import legend_rows
from warroom.app.components.map import full_figure, map_values
from warroom.app.upload.views import (
    Places,
    mixed_items,
    notice,
    problems_panel,
    skipped_panel,
    summary_cards,
    when_text,
    year_pair,
)
from warroom.areas.codes import level_of
from warroom.export.mapdata import fit_view
from warroom.intake.report import IntakeReport
from warroom.text.i18n import t

MAP_WIDTH, MAP_HEIGHT = 620, 430  # the preview map's usual size at 1920 x 1080, for the zoom


def preview_figure(
    report: IntakeReport, indicator: dict, places: Places, base: dict, lang: str
) -> tuple[dict, list[tuple[str, str]], int] | None:
    """A choropleth of the latest period of the preview rows, with the dashboard's classes
    and colours (``mapview``); None for country-level data or no rows.

    One province's districts or tambons come from that province's GeoJSON; anything
    wider from the country file of the level. The view fits the areas that have values.
    """
    level = report.level
    frame = report.preview
    if frame is None or frame.empty or level not in ("province", "district", "tambon"):
        return None
    frame = frame[frame["area_code"].map(level_of) == level]
    if frame.empty:
        return None
    latest = int(frame["period"].max())
    values = (
        frame[frame["period"] == latest]
        .drop_duplicates("area_code", keep="last")
        .set_index("area_code")["value"]
    )
    province = report.province
    if level != "province" and province:
        geo_url, within = f"/geo/province/{province}.geojson", province
    else:
        geo_url, within = f"/geo/country/{level}.geojson", "TH"
    drawn = places.codes(level, within)
    unit = (indicator.get("unit_th") if lang == "th" else None) or indicator.get("unit") or ""
    mv = map_values(
        values.reindex(drawn).astype(float),
        unit=unit,
        direction=indicator.get("direction") or "neutral",
        period=latest,
        scheme="quantiles",
        lang=lang,
        anchors=anchors_of(indicator, lang),
    )
    # Zoom to where the table has values; the rest of the province (or country) is context.
    bounds = places.extent(mv.locations) if mv.locations else places.bounds(within)
    figure = full_figure(base, geo_url, mv, None, bounds, f"{report.sha256}|{geo_url}")
    centre, zoom = fit_view(bounds, MAP_WIDTH, MAP_HEIGHT)
    figure["layout"]["map"].update(center=centre, zoom=zoom)
    ranks = rank_by_direction(pd.Series(mv.z, dtype=float), indicator.get("direction") or "neutral")
    figure["data"][0]["customdata"] = ranks.tolist()
    return figure, mv.legend, latest


def map_panel(
    report: IntakeReport, indicator: dict, places: Places, base: dict, lang: str
) -> html.Section:
    """The preview map with its title and legend (or why there is none)."""
    drawn = preview_figure(report, indicator, places, base, lang)
    if drawn is None:
        return html.Section(
            id="up-mapbox",
            className="wr-up-mapbox",
            children=[html.Div(t("up_map_none", lang), className="wr-up-empty")],
        )
    figure, legend, year = drawn
    return html.Section(
        id="up-mapbox",
        className="wr-up-mapbox",
        children=[
            html.H3(t("up_map_title", lang, year=year_pair(year, lang))),
            dcc.Graph(
                id="up-map",
                figure=figure,
                className="wr-up-graph",
                responsive=True,
                config={"displayModeBar": False, "scrollZoom": True},
            ),
            html.Div(
                id="up-legend",
                className="wr-up-legend",
                children=legend_rows(legend),
            ),
        ],
    )


def _province_notices(report: IntakeReport, places: Places, lang: str) -> list:
    """An officer's file with rows of other provinces: the tick that loads only theirs, what
    it set aside, or that the file has none of their rows."""
    province = places.name(report.scope, lang)
    only = report.options is not None and report.options.only_province
    if report.blocking and only:
        text = t("up_no_own_rows", lang, province=province, n=f"{report.outside_rows:,}")
        return [notice(text, "error", id="up-blocking")]
    if report.blocking:
        text = t("up_blocking_tick", lang, n=f"{len(report.blocking):,}", province=province)
        return [notice(text, "error", id="up-blocking")]
    if report.outside_rows:
        text = t(
            "up_set_aside",
            lang,
            n=f"{report.outside_rows:,}",
            m=f"{len(report.outside_provinces):,}",
            province=province,
        )
        return [notice(text, "info", id="up-set-aside")]
    return []


def _rows_notices(report: IntakeReport, lang: str) -> list:
    """Which rows a table of several measures loads: the question when none was chosen,
    what the choice left; blank area cells read as "same as above"."""
    notices = []
    if report.measures:
        column, values = report.measures
        shown = ", ".join(values[:6]) + (" …" if len(values) > 6 else "")
        text = t("up_several_measures", lang, column=column, values=shown)
        notices.append(notice(text, "warn", id="up-measures", role="alert"))
    if report.left and report.options is not None and report.options.rows:
        column, _, value = report.options.rows.partition("=")
        by_value = ", ".join(
            f"{v or t('up_blank', lang)} ({n:,})" for v, n in report.left.most_common()
        )
        text = t(
            "up_rows_left",
            lang,
            column=column,
            value=value,
            n=f"{sum(report.left.values()):,}",
            values=by_value,
        )
        notices.append(notice(text, "info", id="up-rows-left"))
    if report.filled:
        text = t("up_filled_down", lang, n=f"{report.filled:,}")
        notices.append(notice(text, "info", id="up-filled"))
    return notices


def report_view(
    report: IntakeReport, indicator: dict, places: Places, base: dict, lang: str
) -> list:
    """The whole preview: cards, the blocking warning, the map, problems and skipped rows."""
    children: list = [summary_cards(report, indicator, lang)]
    if report.same_file is not None:
        same = report.same_file
        text = t(
            "up_dry_same_file",
            lang,
            batch=same["id"],
            when=when_text(same["loaded_at"], lang),
            user=same["user"],
        )
        children.append(notice(text, "warn", id="up-same-file"))
    if report.replaced_built:  # official values: said apart, never folded into a count
        examples = "; ".join(report.replaced_built_examples[:3])
        built = t("up_dry_built", lang, n=f"{report.replaced_built:,}", examples=examples)
        children.append(notice(built, "warn", id="up-dry-built"))
    if report.mixed_count:
        items = mixed_items(report.mixed, places, lang)
        text = t("up_dry_mixed", lang, n=f"{report.mixed_count:,}", items=items)
        children.append(notice(text, "warn", id="up-dry-mixed"))
    children += _province_notices(report, places, lang)
    children += _rows_notices(report, lang)
    children.append(
        html.Div(
            className="wr-up-detail",
            children=[
                map_panel(report, indicator, places, base, lang),
                html.Div(
                    className="wr-up-lists",
                    children=[
                        problems_panel(
                            report.problems, report.problem_count, lang, report.blocking
                        ),
                        skipped_panel(report, lang),
                    ],
                ),
            ],
        )
    )
    return children
