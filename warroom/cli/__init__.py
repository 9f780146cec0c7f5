"""The ``warroom`` command: build the store, list indicators, load tables, export, serve the app.

The commands live in data.py, exports.py and area.py; this module assembles them.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

# The modules register their commands on import, in the order `warroom --help` lists them.
# isort: off
from warroom.cli import data  # noqa: F401
from warroom.cli import exports  # noqa: F401
from warroom.cli import area  # noqa: F401
from warroom.cli import audit  # noqa: F401
from warroom.cli import actions  # noqa: F401

# isort: on
from warroom.cli.common import app, fail
from warroom.config import get_settings
from warroom.errors import WarroomError

__all__ = ["app", "main"]


@app.command()
def serve(
    port: Annotated[int | None, typer.Option(help="port (default WARROOM_PORT or 8050)")] = None,
    host: Annotated[str | None, typer.Option(help="address to listen on")] = None,
    dev: Annotated[
        bool, typer.Option("--dev", help="Flask's development server instead of gunicorn")
    ] = False,
    debug: Annotated[bool, typer.Option(help="Dash debug mode (with --dev only)")] = False,
    workers: Annotated[int | None, typer.Option(help="gunicorn processes")] = None,
    threads: Annotated[int | None, typer.Option(help="threads per process")] = None,
) -> None:
    """Start the War Room app on the built store (gunicorn; --dev for Flask's server)."""
    from warroom.serving import run_dev, run_gunicorn

    settings = get_settings()
    changes = {"workers": workers, "threads": threads}
    settings = settings.model_copy(update={k: v for k, v in changes.items() if v})
    host, port = host or settings.host, port or settings.port
    if debug and not dev:
        fail(WarroomError("--debug runs only with --dev (never in production)"))
    try:
        if dev:
            typer.echo(f"War Room (development server) on http://{host}:{port}/")
            run_dev(settings, host=host, port=port, debug=debug)
        else:
            typer.echo(
                f"War Room on http://{host}:{port}/ "
                f"(gunicorn, {settings.workers} processes x {settings.threads} threads)"
            )
            run_gunicorn(settings, host=host, port=port)
    except WarroomError as exc:
        fail(exc)


def main() -> None:
    """Entry point that prints known errors plainly."""
    try:
        app()
    except WarroomError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(1)
