"""What the workspace's figures share: the measured map size, the drawn areas and their bounds,
the selection, the sources line and the PNG map. Figures are plain dicts; maps take their shapes
from the static GeoJSON (only values travel). The pair, the comparison and the coverage are
drawn in pair.py, comparison.py and coverage.py."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from dash import html

from warroom.app.components.labels import indicator_name
from warroom.app.components.map import MapValues, full_figure
from warroom.app.data import AppData
from warroom.app.explore.state import ExploreState
from warroom.areas.codes import COUNTRY_CODE
from warroom.export.captions import indicator_notes, source_text
from warroom.export.mapdata import fit_view
from warroom.text.i18n import t, year_label

FONT = "Sarabun, sans-serif"
MIN_TEXT_PX = 11  # no type under 11 px, as the stylesheets hold it (issue 25)
MAP_SIZE = (780, 430)  # CSS pixels of each map on the pair tab at 1920 x 1080


@dataclass(frozen=True)
class Fit:
    """The measured size of a pair-tab map and how much to scale fonts: as the page's type,
    1 at 1920 x 1080 (1 rem = 17.28 px), 2 on a 4K screen, 0.71 at 1366 x 768."""

    width: int = MAP_SIZE[0]
    height: int = MAP_SIZE[1]
    scale: float = 1.0

    @classmethod
    def of(cls, measured: list | None) -> Fit:
        """From the browser's ``[width, height, rem in px]`` (defaults if unknown)."""
        if not measured or len(measured) != 3 or min(measured[:2]) < 50:
            return cls()
        width, height, rem = measured
        return cls(int(width), int(height), min(max(rem / 17.28, 0.6), 2.5))

    def font(self, size: float) -> int:
        """A size in pixels (a margin, a marker) scaled as the page's type."""
        return round(size * self.scale)

    def text(self, size: float) -> int:
        """A type size scaled as the page's, never under 11 px (a laptop's floor)."""
        return max(MIN_TEXT_PX, self.font(size))


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


def with_selection(figure: dict, selection: list[str]) -> dict:
    """Outline the selected areas on a map figure (its third trace)."""
    figure["data"][2].update(locations=list(selection), z=[0] * len(selection))
    return figure


def sized(figure: dict, fit: Fit) -> dict:
    figure["layout"]["font"] = {"family": FONT, "size": fit.text(16)}
    figure["layout"]["hoverlabel"] = {"font": {"family": FONT, "size": fit.text(18)}}
    return figure


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


def sources(data: AppData, items: Sequence[tuple[str, int | None]], lang: str) -> list:
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


def map_png_figure(
    figure: dict,
    geojson: dict,
    *,
    box: tuple[float, float, float, float],
    title: str,
    lines: list[str],
    subtitle: str = "",
) -> dict:
    """A map figure made ready for an image: shapes inline, a title and source lines."""
    fig = captioned(figure, title=title, lines=lines, subtitle=subtitle)
    for trace in fig["data"]:
        trace["geojson"] = geojson
    centre, zoom = fit_view(box, 1400, 1100)
    fig["layout"]["map"].update(center=centre, zoom=zoom)
    return fig


def captioned(figure: dict, *, title: str, lines: list[str], subtitle: str = "") -> dict:
    """A copy of a figure made ready for an image: its title (and a line under it, such as
    the statistics) on top, its sources and years below, in Sarabun on white."""
    fig = copy.deepcopy(figure)
    layout = fig.setdefault("layout", {})
    # Below what the figure already keeps there (an axis and its title): one line a source.
    bottom = int(layout.get("margin", {}).get("b", 10)) + 20 + 18 * len(lines)
    layout["margin"] = {**layout.get("margin", {}), "t": 90 if subtitle else 70, "b": bottom}
    text = f"<b>{title}</b>" + (f"<br><sup>{subtitle}</sup>" if subtitle else "")
    layout["title"] = {"text": text, "x": 0.02, "font": {"family": FONT, "size": 22}}
    layout["font"] = {**layout.get("font", {}), "family": FONT}
    layout["paper_bgcolor"] = "#ffffff"
    layout["annotations"] = [
        *layout.get("annotations", []),
        {
            "text": "<br>".join(lines),
            "showarrow": False,
            "xref": "paper",
            "yref": "paper",
            "x": 0,
            "y": 0,
            "yshift": -bottom + 8,
            "xanchor": "left",
            "yanchor": "bottom",
            "align": "left",
            "font": {"family": FONT, "size": 13, "color": "#333333"},
        },
    ]
    return fig


def area_map(
    base: dict, data: AppData, state: ExploreState, mv: MapValues, key: str, size: tuple[int, int]
) -> dict:
    """A map of the state's areas with these values, fitted to the state's area; ``key`` names
    what it shows (MapLibre keeps its view while the key stays the same)."""
    return full_figure(
        base,
        geo_url(state),
        mv,
        None,
        bounds(data, state.area),
        f"{key}|{state.level}|{state.area}",
        size=size,
    )
