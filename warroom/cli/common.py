"""What the `warroom` commands share: the command groups, options, the built store, signing in,
errors told in one line and tables printed as text or CSV."""

from __future__ import annotations

import sys
from enum import StrEnum
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
indicators_app = typer.Typer(
    help="The indicators: `warroom indicators` alone lists them (--format csv for a table); "
    "`warroom indicators add` declares a new one."
)
app.add_typer(indicators_app, name="indicators")
batches_app = typer.Typer(help="Loads (batches): list them, roll one back.", no_args_is_help=True)
app.add_typer(batches_app, name="batches")
users_app = typer.Typer(help="Accounts and roles for loading data.", no_args_is_help=True)
app.add_typer(users_app, name="users")
wall_app = typer.Typer(help="The wall screen: check its playlists.", no_args_is_help=True)
app.add_typer(wall_app, name="wall")


@app.callback()
def _setup() -> None:
    """Record sign-ins, loads and account changes in the audit log."""
    from warroom.audit import configure_audit

    configure_audit(get_settings().audit_path)


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


class ListFormat(StrEnum):
    table = "table"
    csv = "csv"


def fail(exc: Exception) -> NoReturn:
    typer.echo(f"error: {exc}", err=True)
    raise typer.Exit(code=1)


def built_store():
    """The built store of the settings; a clear error when there is none."""
    from warroom.store import Store

    settings = get_settings()
    return Store.open(settings.db_url, lock_timeout=settings.lock_timeout)


def declared_indicators():
    import pandas as pd

    from warroom.store import INTAKE, StoreMissingError

    try:
        found = built_store().indicators(origin=INTAKE)
        sources = built_store().sources()
    except StoreMissingError:
        return pd.DataFrame()
    # A declared indicator's source is its own row in sources: show its text, not its id.
    text = sources.set_index("id")["name_th"] if len(sources) else pd.Series(dtype=str)
    found["source"] = found["source"].map(text).fillna(found["source"])
    return found.fillna({"sdg": ""})


def acting_user(user: str | None, password_stdin: bool):
    """The acting user: --user with its password; before any account exists, the operator."""
    from warroom.intake.users import LOCAL_ADMIN, authenticate, has_users

    store = built_store()
    if user is None:
        if has_users(store):
            fail(WarroomError("sign in with --user NAME (accounts exist: `warroom users list`)"))
        typer.echo("no accounts yet: acting as the local operator (admin)", err=True)
        return LOCAL_ADMIN
    return authenticate(store, user, read_password(password_stdin, f"password for {user}"))


def read_password(from_stdin: bool, prompt: str, *, confirm: bool = False) -> str:
    """A password from standard input's first line, or typed at a hidden prompt."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return typer.prompt(prompt, hide_input=True, confirmation_prompt=confirm)


def area_data():
    """The store read into memory, as the app reads it."""
    from warroom.app.data import AppData

    return AppData(built_store()).warm()


def write_csv(table) -> None:
    """A table as CSV on stdout, text a spreadsheet would run as a formula kept as text."""
    from warroom.export.cells import text_cells

    sys.stdout.write(text_cells(table).to_csv(index=False))


def print_table(table, fmt: ListFormat) -> None:
    if fmt == ListFormat.csv:
        write_csv(table)
    else:
        typer.echo(table.to_string(index=False))
