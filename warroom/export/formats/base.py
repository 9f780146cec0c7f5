"""What an export format is, and what every format is written from.

A format (``ExportFormat``) is a key, the words on its button, a media type, the end of its file
name and a writer with one signature, ``write(what, out)``: it reads the parts it needs from
``what`` (an ``ExportInput``) and writes bytes to ``out``. The callers (the explore page, the
``warroom export`` commands) say which parts they can make; each part is made only when a
format reads it, so a CSV never draws a map.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import BinaryIO, Literal, NoReturn, get_args

import geopandas as gpd
import pandas as pd
import plotly.graph_objects as go

from warroom.export.geojson import Detail
from warroom.export.mapdata import MapLayer
from warroom.export.table import ExportError

Part = Literal["table", "metadata", "areas", "shapes", "layer", "map_picture", "chart_picture"]
PARTS: tuple[Part, ...] = get_args(Part)


@dataclass(frozen=True)
class Picture:
    """A plotly figure and the size to render it at (None: the figure's own size)."""

    figure: go.Figure | dict
    width: int | None = None
    height: int | None = None


def _lacking(part: Part) -> Callable[..., NoReturn]:
    def lacking(*_args: object) -> NoReturn:
        raise ExportError(f"this export has no {part}")

    return lacking


@dataclass(frozen=True)
class ExportInput:
    """What one export is written from; each part is a function, called only when needed."""

    # the file name without its ending, e.g. "warroom-coverage-goal1-district"
    stem: str = "warroom"
    # the table shown, and one row per indicator in it (names, unit, year, source)
    table: Callable[[], pd.DataFrame] = field(default=_lacking("table"))
    metadata: Callable[[], pd.DataFrame] = field(default=_lacking("metadata"))
    # one row per area drawn, code first, with the values shown; the areas' shapes
    areas: Callable[[], pd.DataFrame] = field(default=_lacking("areas"))
    shapes: Callable[[Detail | None], gpd.GeoDataFrame] = field(default=_lacking("shapes"))
    # the map, coloured, with its words; the map and the chart as pictures
    layer: Callable[[], MapLayer] = field(default=_lacking("layer"))
    map_picture: Callable[[], Picture] = field(default=_lacking("map_picture"))
    chart_picture: Callable[[], Picture] = field(default=_lacking("chart_picture"))
    tile_url: str | None = None  # a raster basemap on maps, when configured
    pipe: bool = False  # text for a pipe: no byte-order mark, LF line ends


Writer = Callable[[ExportInput, BinaryIO], None]


def metadata_if_any(what: ExportInput) -> pd.DataFrame | None:
    """The export's metadata (each indicator's names, unit, year and source), or None when
    its caller makes none."""
    try:
        return what.metadata()
    except ExportError:
        return None


@dataclass(frozen=True)
class ExportFormat:
    """One export format: what the explore page's button and ``--format`` offer."""

    key: str  # the explore page's button is ``ex-dl-{key}``
    label: str  # the i18n key of the button's words (warroom/text)
    media_type: str
    suffix: str  # added to the stem: ".csv", "-map.png"
    needs: tuple[Part, ...]  # the parts of ExportInput the writer reads
    write: Writer
    cli: str = ""  # its name after ``warroom export ... --format`` when not the key

    @property
    def name(self) -> str:
        """The name the command line knows it by."""
        return self.cli or self.key

    @property
    def text(self) -> bool:
        """Text that may go to standard output."""
        return self.media_type.startswith("text/")

    def filename(self, stem: str) -> str:
        return stem + self.suffix

    def offered_by(self, parts: Iterable[Part]) -> bool:
        """Whether a caller that makes ``parts`` can offer this format."""
        return set(self.needs) <= set(parts)

    def bytes_of(self, what: ExportInput) -> bytes:
        """The whole file in memory."""
        buffer = io.BytesIO()
        self.write(what, buffer)
        return buffer.getvalue()
