"""The ``warroom`` command: build the store, list indicators, export tables, serve the app."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

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


def _fail(exc: Exception) -> None:
    typer.echo(f"error: {exc}", err=True)
    raise typer.Exit(code=1)


def _store():
    from warroom.indicators.store import Store

    settings = get_settings()
    db = settings.build_dir / "warroom.sqlite"
    if settings.database_url is None and not db.exists():
        _fail(WarroomError(f"no built store at {db}: run `warroom build` first"))
    return Store(settings.db_url)


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


@app.command()
def indicators(
    fmt: Annotated[ListFormat, typer.Option("--format", help="table or csv")] = ListFormat.table,
) -> None:
    """List the indicator catalogue."""
    from warroom.indicators.catalogue import load_catalogue

    try:
        catalogue = load_catalogue(get_settings().catalogue_dir)
    except WarroomError as exc:
        _fail(exc)
    import pandas as pd

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
            }
            for i in catalogue
        ]
    )
    if fmt == ListFormat.csv:
        sys.stdout.write(table.to_csv(index=False))
    else:
        typer.echo(table[["id", "sdg", "unit", "rollup", "name_en"]].to_string(index=False))


@export_app.command("table")
def export_table(
    indicator: Annotated[str, typer.Option(help="indicator id, e.g. tpmap.target_poor")],
    level: Annotated[Level, typer.Option(help="area level")],
    period: Annotated[int | None, typer.Option(help="CE year; latest when omitted")] = None,
    fmt: Annotated[TableFormat, typer.Option("--format")] = TableFormat.csv,
    output: Annotated[Path | None, typer.Option(help="file; standard output when omitted")] = None,
) -> None:
    """One row per area: code,name_th,name_en,period,value,unit."""
    from warroom.export.table import ExportError, indicator_table, write_table

    if fmt == TableFormat.xlsx and output is None:
        _fail(WarroomError("--format xlsx needs --output FILE.xlsx"))
    try:
        table = indicator_table(_store(), indicator, level.value, period)
    except ExportError as exc:
        _fail(exc)
    data = write_table(table, fmt.value, output)
    if data is not None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        typer.echo(f"wrote {len(table)} rows to {output}", err=True)


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
