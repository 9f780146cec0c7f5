"""`warroom audit`: impossible values, every light with its basis, trends on marked periods."""

from __future__ import annotations

from typing import Annotated

import typer

from warroom.cli.common import ListFormat, app, area_data, print_table


@app.command()
def audit(
    area: Annotated[
        list[str] | None, typer.Option(help="only these provinces' lights and trends (repeat)")
    ] = None,
    fmt: Annotated[ListFormat, typer.Option("--format", help="table or csv")] = ListFormat.table,
) -> None:
    """Every stored value that fails a plausibility check, every source value left out and
    why, every province's coloured light with its basis, every trend whose last years hold a
    period marked as not comparable; with counts (CSV: the rows only)."""
    from warroom.analysis.audit import audit as run_audit
    from warroom.analysis.audit import counts

    findings = run_audit(area_data(), area or None)
    print_table(findings, fmt)
    if fmt == ListFormat.table:
        typer.echo("")
        for what, n in counts(findings).items():
            typer.echo(f"{what}: {n:,}")
