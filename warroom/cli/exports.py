"""`warroom export table` and `warroom export map`: what the store holds, as files.

Their ``--format`` choices are the export formats (warroom.export.formats) written from the
parts each command makes: a table and its metadata; or areas, shapes and a map.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from warroom.analysis.status import stated_thresholds
from warroom.cli.common import (
    Level,
    built_store,
    export_app,
    fail,
)
from warroom.config import get_settings
from warroom.errors import WarroomError
from warroom.export.formats import ExportInput, Picture, by_key, offered
from warroom.export.formats.base import Part
from warroom.numbers import whole_number

if TYPE_CHECKING:
    import geopandas as gpd

TABLE_PARTS: tuple[Part, ...] = ("table", "metadata")
MAP_PARTS: tuple[Part, ...] = ("areas", "shapes", "layer", "map_picture")


def _choices(name: str, parts: tuple[Part, ...]) -> type[StrEnum]:
    """The names of the formats written from ``parts``, as typer's choices."""
    return StrEnum(name, [(f.name, f.name) for f in offered(parts)])  # type: ignore[return-value]


if TYPE_CHECKING:  # the choices are read from the registry when the command is defined
    TableFormat = str
    MapFormat = str
else:
    TableFormat = _choices("TableFormat", TABLE_PARTS)
    MapFormat = _choices("MapFormat", MAP_PARTS)


@export_app.command("table")
def export_table(
    indicator: Annotated[
        list[str],
        typer.Option(help="indicator id, repeat for several columns; ID@YEAR picks its year"),
    ],
    level: Annotated[Level, typer.Option(help="area level")],
    period: Annotated[int | None, typer.Option(help="CE year; latest when omitted")] = None,
    area: Annotated[str | None, typer.Option(help="only areas inside this code, e.g. TH50")] = None,
    fmt: Annotated[TableFormat, typer.Option("--format")] = "csv",
    output: Annotated[Path | None, typer.Option(help="file; standard output when omitted")] = None,
) -> None:
    """One row per area: code,name_th,name_en,period,value,unit; or one column per indicator.

    XLSX files carry a second sheet, "metadata": names, SDG code or proxy, unit, year,
    source and whether the figures are modelled.
    """
    from warroom.export.table import (
        ExportError,
        indicator_table,
        indicators_table,
        store_metadata,
        write_atomic,
    )

    form = by_key(fmt)
    if not form.text and output is None:
        fail(WarroomError(f"--format {fmt} needs --output FILE{form.suffix}"))
    store = built_store()
    try:
        selections = [_selection(item, period) for item in indicator]
        if len(selections) == 1:
            (ind, year) = selections[0]
            table = indicator_table(store, ind, level.value, year, within=area)
            resolved = [(ind, int(table["period"].iloc[0]))]
        else:
            table, resolved = indicators_table(store, selections, level.value, within=area)
    except ExportError as exc:
        fail(exc)
    what = ExportInput(
        table=lambda: table,
        metadata=lambda: store_metadata(store, resolved),
        pipe=output is None,
    )
    if output is None:
        form.write(what, sys.stdout.buffer)
        sys.stdout.flush()
    else:
        write_atomic(output, form.bytes_of(what))
        typer.echo(f"wrote {len(table)} rows to {output}", err=True)


def _selection(item: str, period: int | None) -> tuple[str, int | None]:
    """``ID`` or ``ID@YEAR`` from the command line (the year overrides --period)."""
    ind, _, year = item.partition("@")
    if not year:
        return ind, period
    number = whole_number(year)
    if number is None:
        fail(WarroomError(f"{item!r}: the year after @ must be a CE year such as 2018"))
    return ind, number


class MapLevel(StrEnum):
    province = "province"
    district = "district"
    tambon = "tambon"


@export_app.command("map")
def export_map(
    indicator: Annotated[str, typer.Option(help="indicator id, e.g. tpmap.target_poor_rate")],
    level: Annotated[MapLevel, typer.Option(help="areas drawn")],
    fmt: Annotated[MapFormat, typer.Option("--format", help=" | ".join(MapFormat))],
    output: Annotated[Path, typer.Option(help="file to write")],
    area: Annotated[
        str | None, typer.Option(help="only areas inside this province or district, e.g. TH50")
    ] = None,
    period: Annotated[int | None, typer.Option(help="CE year; latest when omitted")] = None,
    lang: Annotated[str | None, typer.Option(help="th or en (default WARROOM_LANGUAGE)")] = None,
) -> None:
    """A map of one indicator: offline interactive HTML (Folium), GeoJSON, or PNG."""
    from warroom.export.geojson import GeometryMissingError
    from warroom.export.table import ExportError, write_atomic

    settings = get_settings()
    try:
        what = _map_input(indicator, level.value, area, period, lang or settings.language)
        data = by_key(fmt).bytes_of(what)
    except (ExportError, GeometryMissingError, OSError, RuntimeError) as exc:
        fail(exc)
    write_atomic(output, data)
    typer.echo(f"wrote {output} ({len(data):,} bytes)", err=True)


def _map_input(
    indicator: str, level: str, area: str | None, period: int | None, lang: str
) -> ExportInput:
    """The indicator's values at ``level`` (checked now); its shapes and map when asked for."""
    from warroom.areas.codes import LEVELS, is_pcode, level_of
    from warroom.export.captions import map_text
    from warroom.export.geojson import Detail, area_geometry
    from warroom.export.mapdata import MapLayer, map_layer
    from warroom.export.png import map_figure
    from warroom.export.table import ExportError, indicator_table, store_metadata

    settings = get_settings()
    store = built_store()
    if area is not None and not (
        is_pcode(area) and LEVELS.index(level_of(area)) < LEVELS.index(level)
    ):
        raise ExportError(f"--area {area!r} must be a code above the {level} level, e.g. TH50")
    if area is not None and area not in set(store.areas(level_of(area))["code"]):
        raise ExportError(f"--area {area!r} is not a known area")
    table = indicator_table(store, indicator, level, period, within=area)
    if table["value"].isna().all():
        raise ExportError(
            f"{indicator} has no {level} values for {table['period'].iloc[0]}"
            + (f" in {area}" if area else "")
            + ": try another --level or --period (`warroom export table` shows what there is)"
        )

    def shapes(detail: Detail | None = None) -> gpd.GeoDataFrame:
        return area_geometry(settings.geometry_dir, level, within=area, detail=detail)

    @cache
    def layer() -> MapLayer:
        meta = store.indicators().set_index("id").loc[indicator]
        sources = store.sources().set_index("id")
        area_name = None
        if area is not None:
            row = store.areas(level_of(area)).set_index("code").loc[area]
            area_name = row["name_th" if lang == "th" else "name_en"]
        year = int(table["period"].iloc[0])
        text = map_text(meta, sources, level=level, period=year, lang=lang, area_name=area_name)
        unit = meta["unit_th"] if lang == "th" and meta.get("unit_th") else meta["unit"]
        return map_layer(
            table,
            shapes(),
            direction=meta["direction"],
            unit=unit or "",
            text=text,
            anchors=[x for x in stated_thresholds(meta) if x is not None],
        )

    return ExportInput(
        areas=lambda: table,
        # each indicator's names, unit, year and source, beside the features of a GeoJSON
        metadata=lambda: store_metadata(store, [(indicator, int(table["period"].iloc[0]))]),
        shapes=shapes,
        layer=layer,
        map_picture=lambda: Picture(map_figure(layer(), tile_url=settings.tile_url)),
        tile_url=settings.tile_url,
    )
