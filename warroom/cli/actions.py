"""`warroom actions`: the governor's action board from the command line: list (CSV or
XLSX), add (one, or many from a file), note (and change the status), and the agencies."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from warroom.cli.common import (
    PasswordStdin,
    UserOption,
    acting_user,
    app,
    built_store,
    fail,
    write_csv,
)
from warroom.errors import WarroomError

actions_app = typer.Typer(
    help="The governor's action board: actions on areas, followed up by the data.",
    no_args_is_help=True,
)
app.add_typer(actions_app, name="actions")
agencies_app = typer.Typer(
    help="The agencies actions are routed to (admins keep the list); alone, lists them.",
)
actions_app.add_typer(agencies_app, name="agencies")


class ActionsFormat(StrEnum):
    table = "table"
    csv = "csv"
    xlsx = "xlsx"


class Status(StrEnum):
    planned = "planned"
    in_progress = "in_progress"
    done = "done"
    dropped = "dropped"
    open = "open"
    late = "late"
    relapsed = "relapsed"


@actions_app.command("list")
def actions_list(
    area: Annotated[
        str | None, typer.Option(help="only actions on this area or inside it, e.g. TH50")
    ] = None,
    status: Annotated[Status | None, typer.Option(help="only actions of this status")] = None,
    fmt: Annotated[ActionsFormat, typer.Option("--format")] = ActionsFormat.table,
    output: Annotated[Path | None, typer.Option(help="file; standard output when omitted")] = None,
) -> None:
    """The actions, open and late first, each with the change since its baseline and
    whether it relapsed (done, then worse). A change after an action is not proof that
    the action caused it."""
    from warroom.analysis.followup import action_table
    from warroom.export.actions import table_file
    from warroom.export.table import write_atomic

    table = action_table(built_store(), within=area, status=status.value if status else None)
    if fmt == ActionsFormat.xlsx and output is None:
        fail(WarroomError("--format xlsx needs --output FILE.xlsx"))
    if fmt == ActionsFormat.csv and output is None:
        write_csv(table)
    elif fmt != ActionsFormat.table and output is not None:
        write_atomic(output, table_file(table, fmt.value))
    elif table.empty:
        typer.echo("no actions")
    else:
        cols = ["id", "area_code", "what", "agency_en", "due_date", "status", "late"]
        typer.echo(table[[*cols, "change", "relapsed"]].to_string(index=False))
    if output is not None and fmt != ActionsFormat.table:
        typer.echo(f"wrote {len(table)} actions to {output}", err=True)


@actions_app.command("add")
def actions_add(
    file: Annotated[
        Path | None, typer.Option(help="CSV or XLSX, one action a row (columns as the options)")
    ] = None,
    area: Annotated[str | None, typer.Option(help="area code, e.g. TH5001")] = None,
    what: Annotated[str | None, typer.Option(help="what will be done")] = None,
    agency: Annotated[str | None, typer.Option(help="agency id or name")] = None,
    due: Annotated[str | None, typer.Option(help="due date, 2026-03-31 (or BE 2569-03-31)")] = None,
    indicator: Annotated[str | None, typer.Option(help="the indicator it should move")] = None,
    owner: Annotated[str | None, typer.Option(help="the account that owns it (you)")] = None,
    start: Annotated[str | None, typer.Option(help="start date")] = None,
    target: Annotated[float | None, typer.Option(help="target value of the indicator")] = None,
    user: UserOption = None,
    password_stdin: PasswordStdin = False,
) -> None:
    """Plan actions: one from the options, or many from --file (all or none). The baseline
    is the store's newest value of the indicator for the area."""
    from pydantic import ValidationError

    from warroom.intake.actions import ActionSpec, add_actions, ce_date, read_action_file

    try:
        if file is not None:
            specs, name = read_action_file(file), file.name
        else:
            fields = {
                "area_code": area,
                "what": what,
                "agency": agency,
                "due_date": ce_date(due or ""),
                "indicator_id": indicator,
                "owner": owner,
                "start_date": ce_date(start) if start else None,
                "target_value": target,
            }
            specs, name = [ActionSpec.model_validate(fields)], None
        ids = add_actions(built_store(), specs, acting_user(user, password_stdin), file=name)
    except ValidationError as exc:
        fail(WarroomError(str(exc)))
    except WarroomError as exc:
        fail(exc)
    typer.echo(f"planned {len(ids)} action(s): {', '.join(str(i) for i in ids)}")


@actions_app.command("note")
def actions_note(
    action: Annotated[int, typer.Argument(help="action id (see `warroom actions list`)")],
    text: Annotated[str, typer.Option(help="the note")] = "",
    status: Annotated[
        str | None, typer.Option(help="planned | in_progress | done | dropped")
    ] = None,
    on: Annotated[str | None, typer.Option(help="the day it is about (today)")] = None,
    user: UserOption = None,
    password_stdin: PasswordStdin = False,
) -> None:
    """A dated note on an action, optionally moving it to a new status."""
    from warroom.intake.actions import add_note, ce_date

    try:
        day = date.fromisoformat(ce_date(on)) if on else None
        acting = acting_user(user, password_stdin)
        add_note(built_store(), action, text, acting, status=status, on=day)
    except (WarroomError, ValueError) as exc:
        fail(exc)
    typer.echo(f"noted on action {action}" + (f": now {status}" if status else ""))


@agencies_app.callback(invoke_without_command=True)
def agencies(ctx: typer.Context) -> None:
    """The agencies: id, Thai and English names, whether new actions may use them."""
    from warroom.store.actions import read_agencies

    if ctx.invoked_subcommand is not None:
        return
    table = read_agencies(built_store())
    cols = ["id", "name_th", "name_en", "active"]
    typer.echo(table[cols].to_string(index=False) if len(table) else "no agencies yet")


@agencies_app.command("add")
def agencies_add(
    name_th: Annotated[str, typer.Option(help="Thai name")],
    name_en: Annotated[str, typer.Option(help="English name")],
    user: UserOption = None,
    password_stdin: PasswordStdin = False,
) -> None:
    """Put an agency on the list (admins)."""
    from warroom.intake.actions import add_agency

    try:
        agency = add_agency(built_store(), name_th, name_en, acting_user(user, password_stdin))
    except WarroomError as exc:
        fail(exc)
    typer.echo(f"added agency {agency}: {name_th} / {name_en}")


@agencies_app.command("retire")
def agencies_retire(
    agency: Annotated[int, typer.Argument(help="agency id")],
    user: UserOption = None,
    password_stdin: PasswordStdin = False,
) -> None:
    """Take an agency off the list for new actions (admins; its actions keep it)."""
    from warroom.intake.actions import retire_agency

    try:
        retire_agency(built_store(), agency, acting_user(user, password_stdin))
    except WarroomError as exc:
        fail(exc)
    typer.echo(f"retired agency {agency}")
