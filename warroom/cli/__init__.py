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

# isort: on
from warroom.cli.common import app, fail
from warroom.config import get_settings
from warroom.errors import WarroomError

__all__ = ["app", "main"]


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
        fail(exc)
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
