"""The export formats, in the order the explore page shows them (datasette's output renderers,
one module each). The explore page's buttons and its download, and ``warroom export``'s
``--format`` choices, are all read from ``FORMATS``: a new format is a module here and a line
below."""

from __future__ import annotations

from collections.abc import Iterable

from warroom.export.formats.base import ExportFormat, ExportInput, Part, Picture
from warroom.export.formats.csv import CSV
from warroom.export.formats.geojson import GEOJSON
from warroom.export.formats.html import HTML
from warroom.export.formats.png import PNG_CHART, PNG_MAP
from warroom.export.formats.xlsx import XLSX

__all__ = ["FORMATS", "ExportFormat", "ExportInput", "Picture", "by_key", "offered"]

FORMATS: tuple[ExportFormat, ...] = (CSV, XLSX, GEOJSON, HTML, PNG_MAP, PNG_CHART)


def offered(parts: Iterable[Part]) -> tuple[ExportFormat, ...]:
    """The formats a caller that makes ``parts`` can offer, in order."""
    parts = tuple(parts)
    return tuple(f for f in FORMATS if f.offered_by(parts))


def by_key(key: str) -> ExportFormat:
    """The format of the explore page's key or the command line's name."""
    for fmt in FORMATS:
        if key in (fmt.key, fmt.name):
            return fmt
    raise KeyError(key)
