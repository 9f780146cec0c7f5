"""What one view of a playlist puts on the wall: map, title, headline, legend, ranking.

``render`` turns a playlist view into a :class:`Screen` from the data in memory; the page's
callback only hands its parts to the components. Nothing here waits on the database.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

import pandas as pd
from dash import html

from warroom.analysis.area import status_table
from warroom.analysis.changes import Changes, measure_for, what_changed
from warroom.analysis.counts import MIN_DENOMINATOR
from warroom.analysis.rankings import has_good_side
from warroom.analysis.rankings import ranking as rank_areas
from warroom.analysis.status import Light, goals_summary
from warroom.app.components.labels import anchors_of, indicator_name, rank_heads, unit_of
from warroom.app.components.map import decimals_for, full_figure, map_values
from warroom.app.data import AppData
from warroom.app.wall.playlist import View
from warroom.export.brief import coverage_label
from warroom.indicators.fields import field as catalogue_field
from warroom.indicators.fields import flag, is_proxy
from warroom.indicators.goals import GOALS
from warroom.text.i18n import LOCAL_TIME, date_label, format_number, t, year_label

SHOWN = 5  # areas in each half of the ranking
OLD_YEARS = 3  # data this many years old or more say so in the headline
MOVED_COLOUR = "#111111"
HALO_COLOUR = "#ffffff"  # under the dark outline, so that it shows on the darkest classes too


@dataclass
class Screen:
    """Everything one view shows; ``figure`` is None on a goals view (the map stays)."""

    kind: str  # "map" or "goals"
    title: str
    subtitle: str
    here: list = field(default_factory=list)  # the area's own value, above the legend
    headline: list = field(default_factory=list)
    figure: dict | None = None
    legend_title: str = ""
    legend: list = field(default_factory=list)
    side: list = field(default_factory=list)
    goals: list = field(default_factory=list)
    as_of: str = ""
    credit: str = ""
    badges: list = field(default_factory=list)


def geo_url(area: str, level: str) -> str:
    """The static GeoJSON holding the shapes of ``level`` areas inside ``area``."""
    if area == "TH":
        return f"/geo/country/{level}.geojson"
    return f"/geo/province/{area[:4]}.geojson"


def view_geo(view: View) -> str | None:
    """The GeoJSON a view's map draws (None for the goals, which draw no map)."""
    if view.show == "goals":
        return None
    return geo_url(view.area, view.drawn_level)


def drawn_areas(data: AppData, area: str, level: str) -> pd.DataFrame:
    """The areas of ``level`` inside ``area``, in code order."""
    a = data.areas
    return a[(a["level"] == level) & a["code"].str.startswith(area)]


def period_of(view: View, data: AppData, codes: pd.Index) -> int | None:
    """The view's year; for ``latest``, the latest year with a value for any of ``codes``."""
    if view.period != "latest":
        return int(view.period)
    assert view.indicator is not None, "a map view names its indicator"
    obs = data.observations(view.indicator)
    if obs.empty:
        return None
    held = obs[obs.index.get_level_values(1).isin(codes)]
    periods = held.index.get_level_values(0)
    return int(periods.max()) if len(periods) else None


def render(view: View, data: AppData, *, base: dict, lang: str, size: tuple[int, int]) -> Screen:
    """The screen of one view; ``size`` is the map's width and height in CSS pixels."""
    if view.show == "goals":
        return render_goals(view, data, lang=lang)
    return render_map(view, data, base=base, lang=lang, size=size)


def render_map(
    view: View, data: AppData, *, base: dict, lang: str, size: tuple[int, int]
) -> Screen:
    """An indicator on the map of an area at a level, with its ranking and headline."""
    assert view.indicator is not None, "a map view names its indicator"
    indicator = view.indicator
    ind = data.indicators.loc[indicator]
    level = view.drawn_level
    drawn = drawn_areas(data, view.area, level)
    period = period_of(view, data, drawn.index)
    if period is None:
        raise LookupError(f"no values of {view.indicator} in {view.area} at {level} level")
    unit = unit_of(ind, lang)
    values = data.values(indicator, period, drawn.index)
    anchors = dict(anchors_of(ind, lang))
    if view.reference is not None:  # the playlist's line names itself (the WHO guideline)
        anchors[view.reference.value] = view.reference.th if lang == "th" else view.reference.en
    mv = map_values(
        values,
        unit=unit,
        direction=ind["direction"],
        period=period,
        scheme="quantiles",
        lang=lang,
        anchors=list(anchors.items()),
    )
    changes = None
    if view.headline is not None and view.headline.what_changed:
        changes = what_changed(
            data.observations(indicator),
            areas=drawn.index,
            period=period,
            measure=view.headline.measure or measure_for(ind["unit"]),
            n=view.headline.areas,
        )
    few = data.few_people(indicator, period).intersection(values.index)
    ranked = values.drop(few)
    # Outlined on the map: the areas the headline names when it says what changed, otherwise
    # the highest and lowest five of the ranking beside the map (the side says which).
    if changes is not None:
        marked = list(changes.moved.index)
    else:
        ends = rank_areas(ranked, direction=ind["direction"], n=SHOWN)
        marked = [*ends.top.index, *ends.bottom.index]
    box = tuple(data.areas.loc[view.area, ["minx", "miny", "maxx", "maxy"]])
    revision = f"{view.area}|{level}"
    figure = full_figure(base, geo_url(view.area, level), mv, None, box, revision, size=size)
    outline(figure, marked, height=size[1])
    where = data.area_name(view.area, lang)
    source = source_label(data, ind, lang)
    subtitle = " · ".join(
        [
            f"{where} {t('wall_by_' + level, lang)}",
            t("wall_unit", lang, unit=unit),
            t("wall_year", lang, year=year_label(period, lang)),
            t("wall_source", lang, source=source),
        ]
    )
    total = data.value(indicator, period, view.area)
    here = [
        html.Div(where, className="wall-here-name"),
        html.Div(
            format_number(total, lang, unit, digits=decimals_for(values)),
            className="wall-here-value",
        ),
    ]
    cover = coverage_label(
        float(data.finest_coverage(indicator, period).get(view.area, float("nan"))),
        data.finest_levels.get(indicator),
        lang,
    )
    if cover:  # the area's value stands on only part of its finest areas: say so
        here.append(html.Div(cover, className="wall-here-cover"))
    side = ranking(data, ranked, lang=lang, unit=unit, direction=ind["direction"])
    if changes is None and marked:
        side.append(html.Div(t("wall_outlined", lang, n=SHOWN), className="wall-side-note"))
    return Screen(
        kind="map",
        title=indicator_name(ind, lang),
        subtitle=subtitle,
        here=here,
        headline=headline_lines(
            view, data, values, changes, lang=lang, unit=unit, level=level, period=period
        ),
        figure=figure,
        legend_title=t("wall_legend", lang, unit=unit),
        # The wall's side has no room for the legend's note on its lines: the rows of the
        # sides no area reaches ("≤ 5: none") and the headline's reference line say it.
        legend=[(colour, label) for colour, label in mv.legend if colour],
        side=side + few_line(few, lang),
        as_of=as_of(data, indicator, period, lang),
        credit=t("boundaries_credit", lang),
        badges=badges(ind, lang),
    )


def outline(figure: dict, codes: list[str], *, height: int) -> None:
    """Draw a heavy outline around ``codes`` (the areas a headline names): a dark line over a
    wider white one, seen on the lightest and the darkest classes alike."""
    trace = figure["data"][2]
    trace["locations"] = codes
    trace["z"] = [0] * len(codes)
    trace["marker"] = copy.deepcopy(trace["marker"])
    # As thick on a 4K screen as on a 1080p one, seen from across the room.
    width = max(3.0, height / 220)
    trace["marker"]["line"] = {"width": width * 2, "color": HALO_COLOUR}
    dark = copy.deepcopy(trace)
    dark["marker"]["line"] = {"width": width, "color": MOVED_COLOUR}
    figure["data"].append(dark)


def source_label(data: AppData, ind: pd.Series, lang: str) -> str:
    """The source's name and publisher in the language."""
    src = data.sources.loc[ind["source"]]
    if lang == "th":
        return f"{src['name_th']} ({src['publisher_th']})"
    return f"{src['name_en']} ({src['publisher_en']})"


def badges(ind: pd.Series, lang: str) -> list[str]:
    """Marks the data must carry: modelled figures, a proxy indicator."""
    marks = []
    if flag(catalogue_field(ind, "modelled")):
        marks.append(t("modelled", lang))
    if is_proxy(ind):
        marks.append(t("wall_proxy", lang, sdg=ind.get("sdg") or ""))
    return marks


def as_of(data: AppData, indicator: str, period: int, lang: str) -> str:
    """'Data as of' the year shown, and when the store last changed it."""
    batch = data.latest_batch(indicator)
    when = batch["loaded_at"] if batch is not None else (data.version or (None,))[0]
    updated = date_label(when, lang) if when else "–"
    return t("wall_as_of", lang, year=year_label(period, lang), date=updated)


def headline_lines(
    view: View,
    data: AppData,
    values: pd.Series,
    changes: Changes | None,
    *,
    lang: str,
    unit: str,
    level: str,
    period: int | None = None,
) -> list:
    """The lines under the title: how old the figures are (when years old), the playlist's
    text, the reference count, what changed."""
    lines: list = []
    if period is not None:  # figures years old say so first
        age = pd.Timestamp.now(tz=LOCAL_TIME).year - period
        if age >= OLD_YEARS:
            text = t("wall_old_data", lang, year=year_label(period, lang), age=age)
            lines.append(html.Div(text, className="wall-hl wall-hl-old"))
    headline = view.headline
    if headline is not None and headline.th and headline.en:
        lines.append(html.Div(headline.th if lang == "th" else headline.en, className="wall-hl"))
    if view.reference is not None:
        ref = view.reference
        have = values.dropna()
        text = t(
            "wall_above",
            lang,
            n=format_number(float((have > ref.value).sum()), lang),
            total=format_number(float(len(have)), lang),
            level=t("level_" + level, lang),
            label=ref.th if lang == "th" else ref.en,
            value=format_number(ref.value, lang, unit),
        )
        lines.append(html.Div(text, className="wall-hl wall-hl-ref"))
    if headline is not None and headline.what_changed:
        lines.append(changed_line(data, changes, lang=lang, unit=unit))
    return lines


def changed_line(data: AppData, changes: Changes | None, *, lang: str, unit: str) -> html.Div:
    """'Moved most since 2020: Rayong +1.3 %, ...' (the same areas are outlined on the map)."""
    if changes is None or changes.moved.empty:
        return html.Div(t("wall_changed_none", lang), className="wall-hl wall-hl-changed")
    items = []
    for code, row in changes.moved.iterrows():
        if changes.measure == "absolute":
            amount = _signed(row["change"], lang, t("wall_pp", lang) if unit == "%" else unit)
        else:
            amount = _signed(row["change_pct"], lang, "%")
        items.append(
            html.Span([html.B(data.area_name(code, lang)), f" {amount}"], className="wall-moved")
        )
    label = t("wall_changed", lang, year=year_label(changes.previous, lang))
    return html.Div(
        [html.Span(label, className="wall-hl-label"), *items], className="wall-hl wall-hl-changed"
    )


def _signed(value: float, lang: str, unit: str) -> str:
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    return sign + format_number(abs(value), lang, unit, digits=1 if abs(value) < 100 else 0)


def ranking(data: AppData, values: pd.Series, *, lang: str, unit: str, direction: str) -> list:
    """The first and last ``SHOWN`` drawn areas by rank (1 = best by the direction, highest
    where it has none), with their rank among all drawn, and the rule said."""
    have = values.dropna()
    if have.empty:
        return [html.Div(t("no_data", lang), className="wall-empty")]
    ranked = rank_areas(have, direction=direction, n=SHOWN)
    ranks = ranked.ranks
    digits = decimals_for(have)
    blocks = []
    for half, rows in enumerate((ranked.top, ranked.bottom)):
        if rows.empty:
            continue
        head = rank_heads(direction, len(rows), lang)[half]
        blocks.append(html.Div(head, className="wall-rank-head"))
        blocks += [
            html.Div(
                className="wall-rank-row",
                children=[
                    html.Span(f"{int(ranks[code])}", className="wall-rank-no"),
                    html.Span(data.area_name(code, lang), className="wall-rank-name"),
                    html.Span(
                        format_number(value, lang, "%" if unit == "%" else "", digits=digits),
                        className="wall-rank-value",
                    ),
                ],
            )
            for code, value in rows.items()
        ]
    rule = "rank_rule_short" if has_good_side(direction) else "rank_rule_short_neutral"
    blocks.append(html.Div(t(rule, lang), className="wall-side-note"))
    return blocks


def few_line(few: pd.Index, lang: str) -> list:
    """Say how many drawn areas are left out of the ranking for resting on too few people."""
    if len(few) == 0:
        return []
    text = t("wall_few", lang, n=format_number(float(len(few)), lang), min=MIN_DENOMINATOR)
    return [html.Div(text, className="wall-side-note")]


# --- The 17 goals ----------------------------------------------------------------------


def goal_coverage(data: AppData, area: str) -> pd.DataFrame:
    """Per goal: indicators with a value for ``area``, and the latest year among them."""
    rows = []
    for number, _, _, _ in GOALS:
        ids = data.indicators.index[data.indicators["goal"] == number]
        latest = [data.trend(i, area).dropna() for i in ids]
        with_data = [s for s in latest if not s.empty]
        rows.append(
            {
                "goal": number,
                "indicators": len(ids),
                "with_data": len(with_data),
                "latest": max((int(s.index.max()) for s in with_data), default=None),
            }
        )
    return pd.DataFrame(rows).set_index("goal")


WORDS = {"better": "better", "same": "about_same", "worse": "worse"}  # string key: versus

LIGHT_COLOURS = {  # as on the governor's page and brief
    Light.GREEN: "#2e7d32",
    Light.YELLOW: "#f2c500",
    Light.ORANGE: "#ef6c00",
    Light.RED: "#c62828",
    Light.GREY: "#bdbdbd",
}


def swatch(light: Light) -> str:
    """A light's colour in the goals' legend: a goal not rated is a neutral (white) tile."""
    return "#ffffff" if light == Light.GREY else LIGHT_COLOURS[light]


def render_goals(view: View, data: AppData, *, lang: str) -> Screen:
    """The 17 goals of an area: each goal's status light (``analysis.status``, SDSN style),
    how many of its indicators hold data and how recent; a goal no threshold or reference can
    rate says "no threshold" and shows its coverage, and the side says why."""
    coverage = goal_coverage(data, view.area)
    status = status_table(data, view.area)
    summary = goals_summary(status).set_index("goal")
    where = data.area_name(view.area, lang)
    tiles = []
    for number, colour, name_th, name_en in GOALS:
        row = coverage.loc[number]
        light = Light(summary.at[number, "light"])
        if row["with_data"]:
            count = t("wall_goal_count", lang, n=int(row["with_data"]))
            latest = t("wall_goal_latest", lang, year=year_label(int(row["latest"]), lang))
        else:
            count, latest = t("wall_goal_none", lang), ""
        lamp = []
        if light != Light.GREY:
            dot = html.Span(className="wall-lamp", style={"background": LIGHT_COLOURS[light]})
            lamp = [
                html.Div([dot, t(f"gov_light_{light.value}", lang)], className="wall-goal-light")
            ]
        else:  # no target: the comparison with Thailand, in words and without colour
            versus = status.loc[status["goal"] == number, "versus"]
            better, worse = int((versus == "better").sum()), int((versus == "worse").sum())
            if better or worse:
                text = t("wall_goal_versus", lang, better=better, worse=worse)
                lamp = [html.Div(text, className="wall-goal-light wall-goal-versus")]
            elif row["with_data"]:  # data, but nothing rates or compares it: no light
                lamp = [html.Div(t("gov_goal_unrated", lang), className="wall-goal-light")]
        # Coloured by its status where it has one (as SDSN's dashboards do), neutral where it
        # has none (white with data, grey without); the goal's own colour stays as a stripe.
        if light != Light.GREY:
            kind = f"wall-goal-rated wall-goal-{light.value}"
        else:
            kind = "wall-goal-unrated" if row["with_data"] else "wall-goal-empty"
        tiles.append(
            html.Div(
                className=f"wall-goal {kind}",
                style={"--goal-colour": colour, "--status-colour": LIGHT_COLOURS[light]},
                children=[
                    html.Div(str(number), className="wall-goal-no"),
                    html.Div(name_th if lang == "th" else name_en, className="wall-goal-name"),
                    *lamp,
                    html.Div(count, className="wall-goal-count"),
                    html.Div(latest, className="wall-goal-latest"),
                ],
            )
        )
    covered = int((coverage["with_data"] > 0).sum())
    lights = summary["light"].map(Light)
    side = [html.Div(t("wall_goals_covered", lang, n=covered), className="wall-side-big")]
    if (lights != Light.GREY).any():
        side += [
            html.Div(
                className="wall-legend-row",
                children=[
                    html.Span(className="wall-swatch", style={"background": swatch(light)}),
                    html.Span(
                        f"{t(f'gov_light_{light.value}', lang)}: "
                        + t("wall_goals_n", lang, n=int((lights == light).sum()))
                    ),
                ],
            )
            for light in Light
        ]
        judged = status[status["basis"] == "threshold"]
        names = ", ".join(dict.fromkeys(indicator_name(row, lang) for _, row in judged.iterrows()))
        side.append(html.Div(t("wall_goals_rule", lang, sources=names), className="wall-side-note"))
    else:
        side.append(html.Div(t("wall_goals_note", lang), className="wall-side-note"))
    versus = status["versus"]
    if (status["basis"] == "country").any():
        counts = {k: int((versus == v).sum()) for k, v in WORDS.items()}
        side.append(html.Div(t("wall_goals_versus", lang, **counts), className="wall-side-note"))
    rated = int((lights != Light.GREY).sum())
    headline = [html.Div(t("wall_goals_rated", lang, n=rated), className="wall-hl")]
    return Screen(
        kind="goals",
        title=t("wall_goals_title", lang),
        subtitle=f"{where} · {t('wall_goals_sub', lang)}",
        headline=headline,
        goals=tiles,
        side=side,
        legend_title="",
        as_of=t(
            "wall_as_of_store",
            lang,
            date=date_label(data.version[0], lang) if data.version else "–",
        ),
        credit=t("boundaries_credit", lang),
    )
