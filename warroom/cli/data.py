"""`warroom build`, `indicators`, `ingest`, `batches` and `users`: the store and what agencies
load into it."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Annotated

import typer

from warroom.cli.common import (
    ListFormat,
    PasswordStdin,
    UserOption,
    acting_user,
    app,
    batches_app,
    built_store,
    declared_indicators,
    fail,
    indicators_app,
    read_password,
    users_app,
    write_csv,
)
from warroom.config import Settings, get_settings
from warroom.errors import WarroomError
from warroom.indicators.rules import ROLLUPS


@app.command()
def build() -> None:
    """Validate the official boundaries and indicator tables and build the store."""
    from warroom.build import build as run_build

    settings = get_settings()
    typer.echo(f"Building from {settings.source_dir} into {settings.build_dir}")
    try:
        report = run_build(settings, echo=typer.echo)
    except WarroomError as exc:
        fail(exc)
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
    if settings.hotspots_ahead:
        _hotspots_ahead(settings)


@app.command("hotspots-ahead")
def hotspots_ahead(
    parent: Annotated[
        int | None, typer.Option(hidden=True, help="end when this process ends (the server)")
    ] = None,
) -> None:
    """Compute every indicator's nationwide tambon hotspots now, keeping those whose figures
    did not change (`warroom build` ends with this; a running server starts it itself, in a
    process of its own, whenever the data change)."""
    if parent is not None:
        exit_with_parent(parent)  # a server that stops takes its run ahead with it
    _hotspots_ahead(get_settings())


def exit_with_parent(parent: int, every: float = 1.0) -> threading.Thread:
    """Leave this process (status 0) as soon as ``parent`` is no longer its parent."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(every)
        os._exit(0)

    thread = threading.Thread(target=watch, name="exit-with-parent", daemon=True)
    thread.start()
    return thread


def _ahead_in_background(settings: Settings) -> None:
    """After a load or a roll-back: every province's status table and every indicator's
    hotspots for the new figures, computed by ``warroom hotspots-ahead`` in a process of its
    own that outlives this command (one run at a time on a machine; results of unchanged
    figures kept), its output in ``analysis/ahead.log``. A running server starts the same
    run when it sees the data change; this one serves the pages when none runs yet."""
    if not settings.hotspots_ahead:
        return
    folder = Path(settings.build_dir) / "analysis"
    folder.mkdir(parents=True, exist_ok=True)
    log_path = folder / "ahead.log"
    with log_path.open("wb") as out:
        subprocess.Popen(
            [sys.executable, "-m", "warroom.cli", "hotspots-ahead"],
            env=settings.child_environment(),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # not stopped with this command or its terminal
        )
    typer.echo(
        "hotspots and status tables of the new figures: being computed in the background "
        f"(progress: {log_path})"
    )


def _hotspots_ahead(settings: Settings) -> None:
    """Every province's status table and every indicator's nationwide tambon hotspots, so
    that no page waits for them."""
    import time

    from warroom.analysis.ahead import precompute_status
    from warroom.analysis.area import hotspot_service
    from warroom.app.data import AppData
    from warroom.store import Store

    data = AppData(Store.open(settings.db_url)).warm()
    precompute_status(
        data,
        Path(settings.build_dir) / "analysis",
        settings.catalogue_dir,
        echo=lambda n, s: typer.echo(f"Status tables of {n} provinces: {s:.1f} s"),
    )
    typer.echo("Hotspots (Local Moran's I, every tambon, 999 permutations):")
    start = time.perf_counter()
    done = hotspot_service(settings).precompute(
        data, echo=lambda ind, s, outcome: typer.echo(f"  {ind:<40} {s:6.1f} s  {outcome}")
    )
    if done is None:
        typer.echo("  another process is computing them; the pages read its results")
    else:
        typer.echo(f"  {len(done)} indicators in {time.perf_counter() - start:.1f} s")


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
        fail(exc)
    table = pd.DataFrame([catalogue_row(i, catalogue) for i in catalogue])
    declared = declared_indicators()
    if len(declared):
        declared = declared.assign(sdg_code=declared["sdg"])
        table = pd.concat([table, declared.reindex(columns=table.columns)], ignore_index=True)
    missing = ", ".join(str(g) for g in catalogue.goals_without_indicator()) or "none"
    if fmt == ListFormat.csv:
        write_csv(table)
        typer.echo(f"SDG goals with no indicator: {missing}", err=True)
    else:
        typer.echo(
            table[["id", "sdg_code", "proxy", "unit", "rollup", "origin", "name_en"]].to_string(
                index=False
            )
        )
        typer.echo(f"\nSDG goals with no indicator: {missing}")


def catalogue_row(i, catalogue) -> dict:
    """One catalogue indicator as a row of `warroom indicators`."""
    src = catalogue.sources[i.source]
    return {
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
        "goal": i.goal or "",
        "sdg_code": i.sdg or "",
        "proxy": i.proxy,
        "threshold_green": i.threshold_green,
        "threshold_red": i.threshold_red,
        "threshold_basis": i.threshold_basis or "",
        "threshold_source": i.threshold_source or "",
        "source_name": f"{src.publisher_en}: {src.name_en} ({src.year})",
        "note_en": i.note_en or "",
    }


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
    rollup: Annotated[str | None, typer.Option(help=" | ".join(ROLLUPS))] = None,
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
        acting = acting_user(user, password_stdin)
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
        declare(built_store(), specs, acting, file=file.name if file is not None else None)
    except WarroomError as exc:
        fail(exc)
    for spec in specs:
        typer.echo(f"declared {spec.id}: {spec.name_th} / {spec.name_en} ({spec.unit})")


@app.command()
def ingest(
    file: Annotated[
        Path, typer.Argument(help="CSV, TSV, XLSX or XLS", exists=True, dir_okay=False)
    ],
    indicator: Annotated[
        str, typer.Option(help="id of a declared indicator (admins: or a built-in one)")
    ],
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
    numerator_column: Annotated[
        str | None, typer.Option(help="a rate's numerator column (found when the rate shows it)")
    ] = None,
    denominator_column: Annotated[
        str | None, typer.Option(help="a rate's denominator column")
    ] = None,
    rows: Annotated[
        str | None,
        typer.Option(
            "--rows",
            help="load only the rows of one measure or category: COLUMN=VALUE, e.g. 'หน่วย=kWh'",
        ),
    ] = None,
    only_my_province: Annotated[
        bool,
        typer.Option(
            help="an officer's national table: set the other provinces' rows aside (counted) "
            "and load only your province's"
        ),
    ] = False,
    dry_run: Annotated[bool, typer.Option(help="check and report only; load nothing")] = False,
    replace_built: Annotated[
        bool, typer.Option(help="let the load replace built (official) values")
    ] = False,
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
    from warroom.intake.report import IntakeOptions, mix_text, removed_text

    options = IntakeOptions(
        area_column,
        period_column,
        value_column,
        sheet,
        header_row,
        period,
        numerator_column,
        denominator_column,
        rows,
        only_province=only_my_province,
    )
    try:
        store = built_store()
        acting = acting_user(user, password_stdin)
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
            replace_built=replace_built,
            on_wait=lambda message: typer.echo(message, err=True),
        )
    except WarroomError as exc:
        fail(exc)
    typer.echo(result.report.summary())
    if result.replaced_built:
        typer.echo(f"replaced {result.replaced_built:,} built (official) values, as asked")
    if result.removed:
        typer.echo(f"{removed_text(result.removed)}; this load removed them")
    for code, year, loads in (result.mixed or [])[:20]:
        typer.echo(f"note: {code} {year} is derived from a mix of loads: {mix_text(loads)}")
    typer.echo(
        f"loaded batch {result.batch_id}: {result.rows:,} values "
        f"({result.replaced:,} replaced, {result.derived:,} coarser values new or changed, "
        f"{len(result.report.bad_rows):,} rows and {len(result.report.bad_cells):,} cells dropped) "
        f"in {result.seconds:.1f} s "
        f"({result.rows / max(result.seconds, 1e-9):,.0f} values/s)"
    )
    _ahead_in_background(get_settings())


# "load" is the word a user types first: the same command, not a "no such command".
app.command("load", help="The same as `warroom ingest`: check a table and load it.")(ingest)


@batches_app.command("list")
def batches_list(
    fmt: Annotated[ListFormat, typer.Option("--format", help="table or csv")] = ListFormat.table,
) -> None:
    """Every load, newest first: who, when, file, SHA-256, rows, periods, status."""
    from warroom.intake.batches import list_batches

    table = list_batches(built_store())
    if fmt == ListFormat.csv:
        write_csv(table)
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
        done = rollback(built_store(), batch, acting_user(user, password_stdin))
    except WarroomError as exc:
        fail(exc)
    typer.echo(
        f"rolled back batch {done['batch']} ({done['indicator']}): "
        f"{done['removed']:,} values removed"
    )
    _ahead_in_background(get_settings())


@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="user name")],
    role: Annotated[str, typer.Option(help="admin | officer | viewer")],
    province: Annotated[str | None, typer.Option(help="an officer's province, e.g. TH50")] = None,
    user: UserOption = None,
    password_stdin: Annotated[
        bool,
        typer.Option(
            "--password-stdin",
            help="read the passwords from standard input: --user's first, then the new one",
        ),
    ] = False,
) -> None:
    """Create an account (an admin's, once accounts exist; asks for the password twice)."""
    from warroom.audit import audit
    from warroom.intake.users import add_user

    try:
        acting = _admin(user, password_stdin)
        password = read_password(password_stdin, f"password for {name}", confirm=True)
        add_user(built_store(), name, password, role, province)
    except WarroomError as exc:
        fail(exc)
    audit("user_added", by=acting.name, user=name, role=role, province=province)
    typer.echo(f"added {name} ({role}{', ' + province if province else ''})")


def _admin(user: str | None, password_stdin: bool):
    """The signed-in admin (before any account exists, the local operator)."""
    from warroom.intake.users import AccessError

    acting = acting_user(user, password_stdin)
    if acting.role != "admin":
        raise AccessError(f"only an admin manages accounts ({acting.name} is {acting.role})")
    return acting


@users_app.command("list")
def users_list() -> None:
    """Accounts and roles (never passwords)."""
    from warroom.intake.users import list_users

    table = list_users(built_store())
    typer.echo(table.to_string(index=False) if len(table) else "no accounts")


@users_app.command("remove")
def users_remove(
    name: Annotated[str, typer.Argument(help="user name")],
    user: UserOption = None,
    password_stdin: PasswordStdin = False,
) -> None:
    """Delete an account (an admin's; its loads keep its name)."""
    from warroom.audit import audit
    from warroom.intake.users import remove_user

    try:
        acting = _admin(user, password_stdin)
        remove_user(built_store(), name)
    except WarroomError as exc:
        fail(exc)
    audit("user_removed", by=acting.name, user=name)
    typer.echo(f"removed {name}")
