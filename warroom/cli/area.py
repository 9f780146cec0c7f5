"""`warroom status`, `hotspots` and `brief` for one area, and `warroom wall check`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from warroom.cli.common import (
    ListFormat,
    app,
    area_data,
    built_store,
    fail,
    print_table,
    wall_app,
)
from warroom.config import get_settings
from warroom.errors import WarroomError


class HotspotLevel(StrEnum):
    tambon = "tambon"
    district = "district"


@app.command()
def status(
    area: Annotated[str, typer.Option(help="province or district code, e.g. TH50")],
    fmt: Annotated[ListFormat, typer.Option("--format", help="table or csv")] = ListFormat.table,
) -> None:
    """One row per SDG indicator: the area's latest value, status light, trend, rank."""
    from warroom.analysis.area import STATUS_CLI_COLUMNS, check_area, status_table

    data = area_data()
    try:
        check_area(data, area)
    except ValueError as exc:
        fail(exc)
    table = status_table(data, area)[STATUS_CLI_COLUMNS]
    # Years and ranks are whole numbers, also when an indicator has none (2022, not 2022.0).
    whole = {c: "Int64" for c in ("period", "rank", "of") if c in table.columns}
    print_table(table.astype(whole), fmt)


@app.command()
def hotspots(
    indicator: Annotated[str, typer.Option(help="indicator id, e.g. tpmap.target_poor_rate")],
    level: Annotated[HotspotLevel, typer.Option(help="tambon or district")] = HotspotLevel.tambon,
    province: Annotated[str | None, typer.Option(help="list only this province, e.g. TH50")] = None,
    period: Annotated[int | None, typer.Option(help="CE year; latest when omitted")] = None,
    fmt: Annotated[ListFormat, typer.Option("--format", help="table or csv")] = ListFormat.table,
) -> None:
    """Local Moran's I over the whole country: one row per area with its cluster."""
    from warroom.analysis.area import hotspot_service, hotspot_table

    settings = get_settings()
    data = area_data()
    try:
        table = hotspot_table(
            data, hotspot_service(settings), indicator, level.value, period, province
        )
    except ValueError as exc:
        fail(exc)
    print_table(table, fmt)


class Language(StrEnum):
    th = "th"
    en = "en"


@app.command()
def brief(
    area_arg: Annotated[
        str | None, typer.Argument(metavar="[AREA]", help="province code, e.g. TH50")
    ] = None,
    area: Annotated[str | None, typer.Option("--area", help="province or district code")] = None,
    district: Annotated[str | None, typer.Option(help="a district of the province")] = None,
    lang: Annotated[Language, typer.Option(help="th or en")] = Language.th,
    indicator: Annotated[
        str | None,
        typer.Option(
            help="indicator of the map and the places to act (default: the one the area's "
            "page opens on: the target-poor rate, or the area's indicator to watch)"
        ),
    ] = None,
    output: Annotated[Path, typer.Option(help="PDF file to write")] = Path("brief.pdf"),
) -> None:
    """Write the one-page A4 brief of a province or district as PDF."""
    from warroom.analysis.area import check_area
    from warroom.export.brief import write_brief

    code = district or area or area_arg
    if code is None:
        fail(WarroomError("name an area: warroom brief TH50 [--district TH5001]"))
    settings = get_settings()
    data = area_data()
    try:
        check_area(data, code)
        parent = area or area_arg
        if district and parent and not district.startswith(parent):
            raise ValueError(f"{district} is not a district of {parent}")
        pages = write_brief(
            data,
            code,
            output,
            lang=lang.value,
            indicator=indicator,
            geometry_dir=settings.geometry_dir,
        )
    except (ValueError, KeyError) as exc:
        fail(exc)
    typer.echo(f"wrote {output} ({pages} page)", err=True)


@wall_app.command("check")
def wall_check(
    name: Annotated[str | None, typer.Argument(help="a playlist (default: every one)")] = None,
) -> None:
    """Check wall playlists against the built store; list every problem with view and line."""
    from warroom.app.data import AppData
    from warroom.app.wall.playlist import PlaylistError, available_playlists, open_playlist

    folder = get_settings().wall_dir
    names = [name] if name else available_playlists(folder=folder)
    if not names:
        fail(WarroomError(f"no playlists in {folder}"))
    data = AppData(built_store())
    failed = 0
    for playlist_name in names:
        try:
            path, playlist = open_playlist(
                playlist_name,
                folder=folder,
                indicators=data.indicators.index,
                observations=data.by_indicator,
                areas=data.areas.index,
            )
        except PlaylistError as exc:
            failed += 1
            typer.echo(f"{playlist_name}: {exc}", err=True)
            continue
        views = f"{len(playlist.views)} view{'s' if len(playlist.views) != 1 else ''}"
        typer.echo(f"{playlist_name}: {views}, {playlist.seconds} s a cycle ({path})")
    if failed:
        raise typer.Exit(code=1)
