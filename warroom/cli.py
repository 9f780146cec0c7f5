"""The ``warroom`` command: build the store, list indicators, export tables, serve the app."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from warroom.config import get_settings
from warroom.errors import WarroomError

app = typer.Typer(
    help="War Room: SDG and poverty indicators on Thailand's official boundaries.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
export_app = typer.Typer(help="Export what the store holds.", no_args_is_help=True)
app.add_typer(export_app, name="export")
indicators_app = typer.Typer(help="The indicators: list them, or declare new ones.")
app.add_typer(indicators_app, name="indicators")
batches_app = typer.Typer(help="Loads (batches): list them, roll one back.", no_args_is_help=True)
app.add_typer(batches_app, name="batches")
users_app = typer.Typer(help="Accounts and roles for loading data.", no_args_is_help=True)
app.add_typer(users_app, name="users")
wall_app = typer.Typer(help="The wall screen: check its playlists.", no_args_is_help=True)
app.add_typer(wall_app, name="wall")

UserOption = Annotated[
    str | None, typer.Option("--user", help="sign in as this user (asks for the password)")
]
PasswordStdin = Annotated[
    bool, typer.Option("--password-stdin", help="read the password from standard input")
]


class Level(StrEnum):
    country = "country"
    province = "province"
    district = "district"
    tambon = "tambon"


class TableFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"


class ListFormat(StrEnum):
    table = "table"
    csv = "csv"


def _fail(exc: Exception) -> NoReturn:
    typer.echo(f"error: {exc}", err=True)
    raise typer.Exit(code=1)


def _store():
    """The built store of the settings; a clear error when there is none."""
    from warroom.store import Store

    settings = get_settings()
    return Store.open(settings.db_url, lock_timeout=settings.lock_timeout)


@app.command()
def build() -> None:
    """Validate the official boundaries and indicator tables and build the store."""
    from warroom.build import build as run_build

    settings = get_settings()
    typer.echo(f"Building from {settings.source_dir} into {settings.build_dir}")
    try:
        report = run_build(settings, echo=typer.echo)
    except WarroomError as exc:
        _fail(exc)
    typer.echo(
        f"Done in {sum(report.seconds.values()):.1f} s: {report.observations:,} observations."
    )
    typer.echo("Geometry (variant, level, features, vertices, GeoJSON bytes):")
    for g in report.geometry:
        typer.echo(
            f"  {g['variant']:<15} {g['level']:<16} {g['features']:>6} "
            f"{g.get('vertices', ''):>8} {g.get('geojson_bytes', ''):>10}"
        )
    for source, n in report.unplaced.items():
        typer.echo(f"  {source}: {n} codes not on a mapped area, counted on their parent")
    typer.echo(f"  unmatched rows: {len(report.unmatched)}")
    for row in report.unmatched:
        typer.echo(f"    {row['source']} row {row['source_row']}: {row['source_name']!r}")
    for check in report.crosschecks:
        typer.echo(
            f"  cross-check {check['source']} {check['level']}: "
            f"{check['compared']:,} figures, {check['differ']} differ"
        )
    typer.echo(f"Report: {settings.build_dir / 'report.json'}")


@indicators_app.callback(invoke_without_command=True)
def indicators(
    ctx: typer.Context,
    fmt: Annotated[ListFormat, typer.Option("--format", help="table or csv")] = ListFormat.table,
) -> None:
    """List the indicators: the catalogue's and those declared by users."""
    if ctx.invoked_subcommand is not None:
        return
    import pandas as pd

    from warroom.indicators.catalogue import load_catalogue

    try:
        catalogue = load_catalogue(get_settings().catalogue_dir)
    except WarroomError as exc:
        _fail(exc)
    table = pd.DataFrame(
        [
            {
                "id": i.id,
                "name_th": i.name_th,
                "name_en": i.name_en,
                "sdg": i.sdg or "",
                "unit": i.unit,
                "direction": i.direction,
                "rollup": i.rollup,
                "source": i.source,
                "modelled": i.modelled,
                "origin": "catalogue",
            }
            for i in catalogue
        ]
    )
    declared = _declared_indicators()
    if len(declared):
        table = pd.concat([table, declared[table.columns]], ignore_index=True)
    if fmt == ListFormat.csv:
        sys.stdout.write(table.to_csv(index=False))
    else:
        typer.echo(
            table[["id", "sdg", "unit", "rollup", "origin", "name_en"]].to_string(index=False)
        )


def _declared_indicators():
    import pandas as pd

    from warroom.store import INTAKE, StoreMissingError

    try:
        found = _store().indicators(origin=INTAKE)
        sources = _store().sources()
    except StoreMissingError:
        return pd.DataFrame()
    # A declared indicator's source is its own row in sources: show its text, not its id.
    text = sources.set_index("id")["name_th"] if len(sources) else pd.Series(dtype=str)
    found["source"] = found["source"].map(text).fillna(found["source"])
    return found.fillna({"sdg": ""})


def _signed_in(user: str | None, password_stdin: bool):
    """The acting user: --user with its password; before any account exists, the operator."""
    from warroom.intake.users import LOCAL_ADMIN, authenticate, has_users

    store = _store()
    if user is None:
        if has_users(store):
            _fail(WarroomError("sign in with --user NAME (accounts exist: `warroom users list`)"))
        typer.echo("no accounts yet: acting as the local operator (admin)", err=True)
        return LOCAL_ADMIN
    return authenticate(store, user, _password(password_stdin, f"password for {user}"))


def _password(from_stdin: bool, prompt: str, *, confirm: bool = False) -> str:
    """A password from standard input's first line, or typed at a hidden prompt."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return typer.prompt(prompt, hide_input=True, confirmation_prompt=confirm)


@indicators_app.command("add")
def indicators_add(
    id: Annotated[str | None, typer.Option("--id", help="new id, e.g. moi.elderly")] = None,
    name_th: Annotated[str | None, typer.Option(help="Thai name")] = None,
    name_en: Annotated[str | None, typer.Option(help="English name")] = None,
    unit: Annotated[str | None, typer.Option(help="unit, e.g. people or %")] = None,
    unit_th: Annotated[str | None, typer.Option(help="unit in Thai, e.g. คน")] = None,
    direction: Annotated[
        str | None, typer.Option(help="higher_is_better | higher_is_worse | neutral")
    ] = None,
    rollup: Annotated[str | None, typer.Option(help="sum | ratio | weighted_mean | none")] = None,
    sdg: Annotated[str | None, typer.Option(help="SDG goal, target or indicator: 1, 1.2")] = None,
    source: Annotated[str | None, typer.Option(help="who publishes it, and the year")] = None,
    weight: Annotated[
        str | None, typer.Option(help="weighted_mean: indicator id of the weights")
    ] = None,
    modelled: Annotated[bool, typer.Option(help="the figures are modelled estimates")] = False,
    file: Annotated[
        Path | None, typer.Option("--file", help="CSV/XLSX with one indicator per row")
    ] = None,
    user: UserOption = None,
    password_stdin: PasswordStdin = False,
) -> None:
    """Declare indicators that users can then load (`warroom ingest`)."""
    from pydantic import ValidationError

    from warroom.errors import DataError, Problem
    from warroom.intake.declare import IndicatorSpec, declare, read_specs

    try:
        acting = _signed_in(user, password_stdin)
        if file is not None:
            specs = read_specs(file)
        else:
            fields = {
                "id": id,
                "name_th": name_th,
                "name_en": name_en,
                "unit": unit,
                "unit_th": unit_th,
                "direction": direction,
                "rollup": rollup,
                "sdg": sdg,
                "source": source,
                "weight": weight,
                "modelled": modelled,
            }
            try:
                specs = [IndicatorSpec.model_validate(fields)]
            except ValidationError as exc:
                raise DataError(
                    [
                        Problem(
                            "--" + str(e["loc"][0]).replace("_", "-") if e["loc"] else "", e["msg"]
                        )
                        for e in exc.errors()
                    ]
                ) from None
        declare(_store(), specs, acting, file=file.name if file is not None else None)
    except WarroomError as exc:
        _fail(exc)
    for spec in specs:
        typer.echo(f"declared {spec.id}: {spec.name_th} / {spec.name_en} ({spec.unit})")


@export_app.command("table")
def export_table(
    indicator: Annotated[
        list[str],
        typer.Option(help="indicator id, repeat for several columns; ID@YEAR picks its year"),
    ],
    level: Annotated[Level, typer.Option(help="area level")],
    period: Annotated[int | None, typer.Option(help="CE year; latest when omitted")] = None,
    area: Annotated[str | None, typer.Option(help="only areas inside this code, e.g. TH50")] = None,
    fmt: Annotated[TableFormat, typer.Option("--format")] = TableFormat.csv,
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
        write_table,
    )

    if fmt == TableFormat.xlsx and output is None:
        _fail(WarroomError("--format xlsx needs --output FILE.xlsx"))
    store = _store()
    try:
        selections = [_selection(item, period) for item in indicator]
        if len(selections) == 1:
            (ind, year) = selections[0]
            table = indicator_table(store, ind, level.value, year, within=area)
            resolved = [(ind, int(table["period"].iloc[0]))]
        else:
            table, resolved = indicators_table(store, selections, level.value, within=area)
    except ExportError as exc:
        _fail(exc)
    metadata = store_metadata(store, resolved) if fmt == TableFormat.xlsx else None
    data = write_table(table, fmt.value, output, metadata=metadata)
    if data is not None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        typer.echo(f"wrote {len(table)} rows to {output}", err=True)


def _selection(item: str, period: int | None) -> tuple[str, int | None]:
    """``ID`` or ``ID@YEAR`` from the command line (the year overrides --period)."""
    ind, _, year = item.partition("@")
    if not year:
        return ind, period
    if not year.isdigit():
        _fail(WarroomError(f"{item!r}: the year after @ must be a CE year such as 2018"))
    return ind, int(year)


class MapLevel(StrEnum):
    province = "province"
    district = "district"
    tambon = "tambon"


class MapFormat(StrEnum):
    html = "html"
    geojson = "geojson"
    png = "png"


@export_app.command("map")
def export_map(
    indicator: Annotated[str, typer.Option(help="indicator id, e.g. tpmap.target_poor_rate")],
    level: Annotated[MapLevel, typer.Option(help="areas drawn")],
    fmt: Annotated[MapFormat, typer.Option("--format", help="html | geojson | png")],
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
        data = _map_bytes(
            indicator, level.value, fmt.value, area, period, lang or settings.language
        )
    except (ExportError, GeometryMissingError, OSError, RuntimeError) as exc:
        _fail(exc)
    write_atomic(output, data)
    typer.echo(f"wrote {output} ({len(data):,} bytes)", err=True)


def _map_bytes(
    indicator: str, level: str, fmt: str, area: str | None, period: int | None, lang: str
) -> bytes:
    from warroom.areas.codes import LEVELS, is_pcode, level_of
    from warroom.export.geojson import area_geometry, geojson_bytes, values_geojson
    from warroom.export.table import ExportError, indicator_table

    settings = get_settings()
    store = _store()
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
    if fmt == "geojson":
        shapes = area_geometry(settings.geometry_dir, level, within=area, detail="district")
        return geojson_bytes(values_geojson(table, shapes))
    from warroom.app.export_text import map_text
    from warroom.export.mapdata import map_layer

    meta = store.indicators().set_index("id").loc[indicator]
    sources = store.sources().set_index("id")
    area_name = None
    if area is not None:
        row = store.areas(level_of(area)).set_index("code").loc[area]
        area_name = row["name_th" if lang == "th" else "name_en"]
    period = int(table["period"].iloc[0])
    text = map_text(meta, sources, level=level, period=period, lang=lang, area_name=area_name)
    unit = meta["unit_th"] if lang == "th" and meta.get("unit_th") else meta["unit"]
    shapes = area_geometry(settings.geometry_dir, level, within=area)
    layer = map_layer(table, shapes, direction=meta["direction"], unit=unit or "", text=text)
    if fmt == "html":
        from warroom.export.offline_map import offline_map_html

        return offline_map_html(layer, tile_url=settings.tile_url).encode("utf-8")
    from warroom.export.png import figure_png, map_figure

    return figure_png(map_figure(layer, tile_url=settings.tile_url))


@app.command()
def ingest(
    file: Annotated[Path, typer.Argument(help="CSV, TSV or XLSX", exists=True, dir_okay=False)],
    indicator: Annotated[str, typer.Option(help="id of a declared indicator")],
    period_column: Annotated[str | None, typer.Option(help="column of years (long tables)")] = None,
    area_column: Annotated[str | None, typer.Option(help="column naming the areas")] = None,
    value_column: Annotated[str | None, typer.Option(help="column of values (long tables)")] = None,
    sheet: Annotated[str | None, typer.Option(help="XLSX sheet (default: the first)")] = None,
    header_row: Annotated[
        int | None, typer.Option(help="row number of the (last) header row, if not found")
    ] = None,
    period: Annotated[
        int | None, typer.Option(help="the year of a table with no year in it (BE or CE)")
    ] = None,
    dry_run: Annotated[bool, typer.Option(help="check and report only; load nothing")] = False,
    drop_invalid: Annotated[
        bool, typer.Option(help="load the valid rows and drop the rows with problems")
    ] = False,
    allow_duplicate: Annotated[
        bool, typer.Option(help="load a file that was already loaded")
    ] = False,
    user: UserOption = None,
    password_stdin: PasswordStdin = False,
) -> None:
    """Check a table and load it as one batch: every row or none."""
    from warroom.intake.batches import check_table, load_table
    from warroom.intake.report import IntakeOptions

    options = IntakeOptions(area_column, period_column, value_column, sheet, header_row, period)
    try:
        store = _store()
        acting = _signed_in(user, password_stdin)
        if dry_run:
            report = check_table(store, file, indicator, acting, options)
            typer.echo(report.summary())
            typer.echo("dry run: nothing was loaded")
            raise typer.Exit(code=0 if report.ok else 1)
        result = load_table(
            store,
            file,
            indicator,
            acting,
            options,
            drop_invalid=drop_invalid,
            allow_duplicate=allow_duplicate,
            on_wait=lambda message: typer.echo(message, err=True),
        )
    except WarroomError as exc:
        _fail(exc)
    typer.echo(result.report.summary())
    typer.echo(
        f"loaded batch {result.batch_id}: {result.rows:,} values "
        f"({result.replaced:,} replaced, {result.derived:,} derived for coarser levels, "
        f"{len(result.report.bad_rows):,} rows and {len(result.report.bad_cells):,} cells dropped) "
        f"in {result.seconds:.1f} s "
        f"({result.rows / max(result.seconds, 1e-9):,.0f} values/s)"
    )


@batches_app.command("list")
def batches_list(
    fmt: Annotated[ListFormat, typer.Option("--format", help="table or csv")] = ListFormat.table,
) -> None:
    """Every load, newest first: who, when, file, SHA-256, rows, periods, status."""
    from warroom.intake.batches import list_batches

    table = list_batches(_store())
    if fmt == ListFormat.csv:
        sys.stdout.write(table.to_csv(index=False))
    elif table.empty:
        typer.echo("no loads yet")
    else:
        shown = table.assign(sha256=table["sha256"].str[:12])
        cols = [
            "id",
            "indicator_id",
            "user",
            "loaded_at",
            "file_name",
            "sha256",
            "rows",
            "periods",
            "status",
        ]
        typer.echo(shown[cols].to_string(index=False))


@batches_app.command("rollback")
def batches_rollback(
    batch: Annotated[int, typer.Argument(help="batch id (see `warroom batches list`)")],
    user: UserOption = None,
    password_stdin: PasswordStdin = False,
) -> None:
    """Undo one load: the values it replaced come back exactly."""
    from warroom.intake.batches import rollback

    try:
        done = rollback(_store(), batch, _signed_in(user, password_stdin))
    except WarroomError as exc:
        _fail(exc)
    typer.echo(
        f"rolled back batch {done['batch']} ({done['indicator']}): "
        f"{done['removed']:,} values removed"
    )


@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="user name")],
    role: Annotated[str, typer.Option(help="admin | officer | viewer")],
    province: Annotated[str | None, typer.Option(help="an officer's province, e.g. TH50")] = None,
    password_stdin: PasswordStdin = False,
) -> None:
    """Create an account (asks for the password twice)."""
    from warroom.intake.users import add_user

    password = _password(password_stdin, "password", confirm=True)
    try:
        add_user(_store(), name, password, role, province)
    except WarroomError as exc:
        _fail(exc)
    typer.echo(f"added {name} ({role}{', ' + province if province else ''})")


@users_app.command("list")
def users_list() -> None:
    """Accounts and roles (never passwords)."""
    from warroom.intake.users import list_users

    table = list_users(_store())
    typer.echo(table.to_string(index=False) if len(table) else "no accounts")


@users_app.command("remove")
def users_remove(name: Annotated[str, typer.Argument(help="user name")]) -> None:
    """Delete an account (its loads keep its name)."""
    from warroom.intake.users import remove_user

    try:
        remove_user(_store(), name)
    except WarroomError as exc:
        _fail(exc)
    typer.echo(f"removed {name}")


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
        _fail(WarroomError(f"no playlists in {folder}"))
    data = AppData(_store())
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


class Format(StrEnum):
    table = "table"
    csv = "csv"


class HotspotLevel(StrEnum):
    tambon = "tambon"
    district = "district"


def _area_data():
    """The store read into memory, as the app reads it."""
    from warroom.app.data import AppData

    return AppData(_store()).warm()


def _print_table(table, fmt: Format) -> None:
    if fmt == Format.csv:
        sys.stdout.write(table.to_csv(index=False))
    else:
        typer.echo(table.to_string(index=False))


@app.command()
def status(
    area: Annotated[str, typer.Option(help="province or district code, e.g. TH50")],
    fmt: Annotated[Format, typer.Option("--format", help="table or csv")] = Format.table,
) -> None:
    """One row per SDG indicator: the area's latest value, status light, trend, rank."""
    from warroom.analysis.area import STATUS_CLI_COLUMNS, check_area, status_table

    data = _area_data()
    try:
        check_area(data, area)
    except ValueError as exc:
        _fail(exc)
    _print_table(status_table(data, area)[STATUS_CLI_COLUMNS], fmt)


@app.command()
def hotspots(
    indicator: Annotated[str, typer.Option(help="indicator id, e.g. tpmap.target_poor_rate")],
    level: Annotated[HotspotLevel, typer.Option(help="tambon or district")] = HotspotLevel.tambon,
    province: Annotated[str | None, typer.Option(help="list only this province, e.g. TH50")] = None,
    period: Annotated[int | None, typer.Option(help="CE year; latest when omitted")] = None,
    fmt: Annotated[Format, typer.Option("--format", help="table or csv")] = Format.table,
) -> None:
    """Local Moran's I over the whole country: one row per area with its cluster."""
    from warroom.analysis.area import hotspot_service, hotspot_table

    settings = get_settings()
    data = _area_data()
    try:
        table = hotspot_table(
            data, hotspot_service(settings), indicator, level.value, period, province
        )
    except ValueError as exc:
        _fail(exc)
    _print_table(table, fmt)


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
        str, typer.Option(help="indicator of the map and the places to act")
    ] = "tpmap.target_poor_rate",
    output: Annotated[Path, typer.Option(help="PDF file to write")] = Path("brief.pdf"),
) -> None:
    """Write the one-page A4 brief of a province or district as PDF."""
    from warroom.analysis.area import check_area
    from warroom.app.brief import write_brief

    code = district or area or area_arg
    if code is None:
        _fail(WarroomError("name an area: warroom brief TH50 [--district TH5001]"))
    settings = get_settings()
    data = _area_data()
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
        _fail(exc)
    typer.echo(f"wrote {output} ({pages} page)", err=True)


@app.command()
def serve(
    port: Annotated[int | None, typer.Option(help="port (default WARROOM_PORT or 8050)")] = None,
    host: Annotated[str | None, typer.Option(help="address to listen on")] = None,
    debug: Annotated[bool, typer.Option(help="Dash debug mode (development only)")] = False,
) -> None:
    """Start the War Room app on the built store."""
    from warroom.app import create_app

    settings = get_settings()
    try:
        dash_app = create_app(settings)
    except WarroomError as exc:
        _fail(exc)
    host, port = host or settings.host, port or settings.port
    typer.echo(f"War Room on http://{host}:{port}/")
    dash_app.run(host=host, port=port, debug=debug)


def main() -> None:
    """Entry point that prints known errors plainly."""
    try:
        app()
    except WarroomError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
