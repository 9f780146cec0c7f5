"""The rules tidy rows must meet: possible values, one value per area and period, scope."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pandera.pandas as pa

from warroom.errors import Problem
from warroom.indicators.plausibility import value_range
from warroom.intake.areas import AreaResolver
from warroom.intake.report import Collector, year_ranges
from warroom.intake.values import FIRST_YEAR, last_year


def value_schema(indicator: dict) -> pa.DataFrameSchema:
    """The pandera schema of tidy rows for one indicator: code form, period range, values
    possible for it (``warroom.indicators.plausibility``, the build's own check: a percentage
    between 0 and 100, a count not negative, a rate within its unit's range, a declared
    range)."""
    checks = []
    bounds = value_range(indicator)
    if bounds is not None:
        low = -float("inf") if bounds.low is None else bounds.low
        high = float("inf") if bounds.high is None else bounds.high
        checks.append(pa.Check.in_range(low, high, error=bounds.message()))
    return pa.DataFrameSchema(
        {
            "area_code": pa.Column(str, pa.Check.str_matches(r"^TH(\d{2}){0,3}$")),
            "period": pa.Column(
                int,
                pa.Check.in_range(
                    FIRST_YEAR, last_year(), error=f"year outside {FIRST_YEAR}-{last_year()}"
                ),
            ),
            "value": pa.Column(float, checks, nullable=False),
        },
        coerce=False,
    )


def check_values(tidy: pd.DataFrame, schema: pa.DataFrameSchema, file: str, col: Collector) -> None:
    """Report every tidy row the schema refuses, at its cell of the file."""
    if tidy.empty:
        return
    try:
        schema.validate(tidy[["area_code", "period", "value"]], lazy=True)
    except pa.errors.SchemaErrors as exc:
        for case in exc.failure_cases.itertuples():
            if pd.isna(case.index):
                col.problem(Problem(file, str(case.check), None, str(case.column)))
                continue
            rec = tidy.loc[int(case.index)]
            column = rec["column"] if case.column == "value" else str(case.column)
            shown = rec["value_text"] if case.column == "value" else case.failure_case
            col.problem(
                Problem(file, str(case.check), int(rec["row"]), column, shown),
                values=[column] if case.column == "value" else None,
            )


def outside_scope(
    tidy: pd.DataFrame,
    province: str,
    resolver: AreaResolver,
    file: str,
    column: str,
    cells: pd.Series | None = None,
) -> list[Problem]:
    """A problem for each row of ``tidy`` outside an officer's ``province``, showing the
    area cell as written (``cells``: the area column's text by row), else its code."""
    away = tidy[~tidy["area_code"].str.startswith(province)]
    return [
        Problem(
            file,
            f"{resolver.label(rec.area_code)} is outside your province {resolver.label(province)}",
            int(rec.row),
            column,
            str(cells.get(rec.row, rec.area_code)) if cells is not None else rec.area_code,
        )
        for rec in away.drop_duplicates("row").itertuples()
    ]


def check_duplicates(
    keys: np.ndarray,
    rows: np.ndarray,
    columns: np.ndarray,
    file: str,
    col: Collector,
    *,
    area_column: str,
    label: Callable[[int], str],
) -> None:
    """One problem per pair of rows giving values for the same area and periods: the
    area, the periods and both rows (a wide row repeated is one problem, not one per year).

    ``keys`` are area index × 10,000 + period; ``label`` names an area index.
    """
    order = np.argsort(keys, kind="stable")
    k, r, c = keys[order], rows[order], columns[order]
    pairs: dict[tuple[int, int], tuple[int, list[int], list[str]]] = {}
    for i in np.flatnonzero(k[1:] == k[:-1]):
        area, periods, cells = pairs.setdefault(
            (int(r[i]), int(r[i + 1])), (k[i] // 10_000, [], [])
        )
        periods.append(int(k[i] % 10_000))
        cells.append(str(c[i + 1]))
    for (first, again), (area, periods, cells) in sorted(pairs.items(), key=lambda x: x[0][1]):
        col.problem(
            Problem(
                file,
                f"{label(area)} for {year_ranges(sorted(periods))} is already given on row "
                f"{first} (duplicate)",
                again,
                area_column,
            ),
            values=cells,
        )
