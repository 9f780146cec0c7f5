"""Check an uploaded table and stream its rows: the orchestration of the intake.

:func:`inspect_table` is the dry run: one streaming pass that reports what would load —
rows, areas per level, periods, skipped rows and every problem with file, row, column,
value and reason. :func:`tidy_chunks` streams the same rows again for the load, dropping
the rows the report lists when the user chose to load only the valid ones.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from warroom.areas.codes import COUNTRY_CODE, LEVEL_DIGITS, LEVELS, level_of
from warroom.errors import DataError, Problem, WarroomError
from warroom.indicators.catalogue import load_catalogue
from warroom.intake.areas import AreaResolver, looks_like_code
from warroom.intake.columns import ChoiceNeededError, Columns, assign_columns, find_column
from warroom.intake.reading import RawTable, is_label_row, open_table
from warroom.intake.report import (
    MAX_LISTED,
    Collector,
    IntakeOptions,
    IntakeReport,
    KeptRows,
)
from warroom.intake.reshape import Resolution, province_hint, tidy_rows
from warroom.intake.rules import check_duplicates, check_values, outside_scope, value_schema
from warroom.intake.values import figure_text, parse_numbers, year_from, year_in_header
from warroom.intake.xlsx import XlsxLimits
from warroom.store import INTAKE

PREVIEW_ROWS = 20_000


def sha256_of(path: Path) -> str:
    """SHA-256 of a file, read in blocks."""
    with Path(path).open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def _open(
    path: Path,
    display_name: str,
    options: IntakeOptions,
    resolver: AreaResolver,
    limits: XlsxLimits | None,
) -> RawTable:
    wanted = [c for c in (options.area_column, options.period_column, options.value_column) if c]

    def is_header_row(cells: list[str]) -> bool:
        keys = {c.strip().casefold() for c in cells}
        return bool(wanted) and any(w.strip().casefold() in keys for w in wanted)

    def is_data_row(cells: list[str]) -> bool:
        # A row naming an area (or the kingdom, a region, a total) beside a figure; a row of
        # labels only (a header: "ภาค", "รวม", "Total", years) is data only when it names
        # a real area.
        first = [c for c in cells if c][:4]
        if not any(resolver.names_an_area(c) or looks_like_code(c) for c in first):
            return False
        named = [c for c in first if year_in_header(c) is None]  # "2011" is a year here
        return not is_label_row(cells) or any(resolver.candidates(c) for c in named)

    return open_table(
        path,
        is_header_row=is_header_row,
        is_data_row=is_data_row,
        display_name=display_name,
        sheet=options.sheet,
        header_row=options.header_row,
        limits=limits,
    )


def _fixed_period(options: IntakeOptions, file: str) -> int | None:
    if options.period is None:
        return None
    year = year_from(options.period)
    if year is None:
        problem = Problem(file, f"--period {options.period} is not a year in BE or CE")
        raise ChoiceNeededError([problem], "period", [], [])
    return year


def _ratio_scale(indicator: dict | None) -> float | None:
    """A rate's scale (100 for a percentage), None for an indicator that is not a ratio."""
    if not indicator or indicator.get("rollup") != "ratio":
        return None
    return float(indicator.get("scale") or 1.0)


def source_columns(indicator: dict | None, header: list[str]) -> dict[str, str]:
    """A built-in indicator's own source columns, when the file has them (its catalogue
    expression: ``A`` is the value, ``A / B`` the rate's numerator and denominator, ``A * B``
    a weighted mean of A): a later survey of the same source needs no column named."""
    if not indicator or indicator.get("origin", INTAKE) == INTAKE:
        return {}
    try:
        expression = load_catalogue()[indicator["id"]].expression
    except (KeyError, WarroomError):
        return {}
    parts = [part.strip() for part in re.split(r" [/*] ", expression)]
    named = {_key(c): c for c in header}
    found = [named.get(_key(part)) for part in parts]
    if not all(found) or len(found) > 2:
        return {}
    if len(found) == 2 and " / " in expression:
        return {"numerator": str(found[0]), "denominator": str(found[1])}
    return {"value": str(found[0])}


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _columns(
    table: RawTable, resolver: AreaResolver, options: IntakeOptions, indicator: dict | None
) -> Columns:
    sample = next(table.chunks(size=2_000), None)
    if sample is None:
        raise DataError([Problem(table.display_name, "the table has a header but no rows")])
    sources = [(f"title, row {row}", text) for row, _, text in table.skipped]
    if table.sheet_name:
        sources.append(("sheet name", table.sheet_name))
    sources.append(("file name", Path(table.display_name).stem))
    select = _selection(table, options)
    chosen = options.value_column or options.numerator_column or options.denominator_column
    remembered = {} if chosen else source_columns(indicator, table.columns)
    cols = assign_columns(
        table.columns,
        sample,
        resolver,
        table.display_name,
        area=options.area_column,
        period=options.period_column,
        value=options.value_column or remembered.get("value"),
        fixed_period=_fixed_period(options, table.display_name),
        year_sources=sources,
        numerator=options.numerator_column or remembered.get("numerator"),
        denominator=options.denominator_column or remembered.get("denominator"),
        ratio_scale=_ratio_scale(indicator),
        exclude=[select[0]] if select else (),
        computed_rate="numerator" in remembered,
    )
    cols.select = select
    cols.notes = [text for _, _, text in table.skipped]
    return cols


def _selection(table: RawTable, options: IntakeOptions) -> tuple[str, str] | None:
    """The (column, value) of ``--rows column=value``: load only the rows of one measure or
    category of a table that holds several."""
    if not options.rows:
        return None
    column, sign, value = options.rows.partition("=")
    if not sign or not column.strip():
        raise DataError(
            [
                Problem(
                    table.display_name,
                    f"--rows {options.rows!r}: write the column and the value of the rows to "
                    "load, e.g. --rows 'หน่วย=kWh'",
                )
            ]
        )
    return find_column(table.columns, column.strip(), table.display_name, "--rows"), value.strip()


def _describe(cols: Columns) -> dict[str, object]:
    described: dict[str, object] = {"area": cols.area}
    if cols.context:
        described["context"] = [c for _, c in cols.context]
    if cols.twins:
        described["checked against"] = cols.twins
    if cols.years:
        described["years"] = dict(cols.years)
    elif cols.fixed_period is not None:
        described["period"] = f"{cols.fixed_period} ({cols.period_source})"
        described["value"] = cols.value
    else:
        described["period"], described["value"] = cols.period, cols.value
    if cols.numerator:
        described["numerator"], described["denominator"] = cols.numerator, cols.denominator
    return described


def inspect_table(
    path: Path,
    indicator: dict,
    resolver: AreaResolver,
    options: IntakeOptions | None = None,
    *,
    display_name: str | None = None,
    province: str | None = None,
    sha256: str | None = None,
    limits: XlsxLimits | None = None,
    current: pd.DataFrame | None = None,
    keep: bool = False,
) -> IntakeReport:
    """The dry run: read the whole table once and report what would load.

    ``province`` limits a provincial officer to one province: any row outside it is a
    blocking problem (the whole load is refused, whatever the user chooses), unless
    ``options.only_province``: then those rows are set aside (counted, never read further)
    and only the province's rows are checked and load; a file with none of them is refused.
    ``sha256`` saves hashing a file whose hash is known; ``limits`` bound an XLSX (default:
    settings); ``current`` (area_code, period of the indicator's current values) lets the
    report say how many values would replace current ones. With ``keep`` the rows that
    would load stay in the report (``report.tidy``), so a load in the same process need
    not read the file again.
    """
    options = options or IntakeOptions()
    path = Path(path)
    table = _open(path, display_name or path.name, options, resolver, limits)
    file = table.display_name
    cols = _columns(table, resolver, options, indicator)
    report = IntakeReport(
        file=file,
        sha256=sha256 or sha256_of(path),
        format=table.format,
        encoding=table.encoding,
        shape=cols.shape,
        header_rows=table.header_rows,
        columns=_describe(cols),
        header=list(table.columns),
        indicator_id=indicator.get("id"),
        options=options,
        scope=province,
    )
    col = Collector(report, cells=cols.shape == "wide")
    for row, why, text in table.skipped:
        col.skip(row, why, text)
    first = next(table.chunks(size=2_000))
    level = cols.level or resolver.likely_level(first[cols.area])
    report.level = level
    # An officer's national table: rows of other provinces are set aside, and a name that
    # several areas share is read in the province the file says, never the officer's.
    scope = province if options.only_province else None
    own = None if scope else province
    report.hint = own or province_hint(first[cols.area], resolver, level)
    res = Resolution(resolver, level, report.hint, kingdom=province is None, scope=scope)
    schema = value_schema(indicator)
    country, sums = [], []
    keys, rows, columns, kept_parts = [], [], [], []
    preview: list[pd.DataFrame] = []
    outside: list[Problem] = []
    code_index: dict[str, int] = {}
    for chunk in table.chunks():
        tidy = tidy_rows(chunk, cols, res, file, col)
        check_values(tidy, schema, file, col)
        if province and len(outside) < MAX_LISTED:
            outside += outside_scope(tidy, province, resolver, file, cols.area, chunk[cols.area])
        labels, codes = pd.factorize(tidy["area_code"])  # a few thousand distinct codes
        found = [code_index.setdefault(c, len(code_index)) for c in codes.tolist()]
        idx = np.array(found, np.int64)[labels]
        keys.append(idx * 10_000 + tidy["period"].to_numpy(np.int64))
        rows.append(tidy["row"].to_numpy(np.int64))
        columns.append(tidy["column"].to_numpy(object))
        if keep:  # a rate's parts only when the file gives them
            parts = tidy[["value", "numerator", "denominator"]].to_numpy(np.float64)
            kept_parts.append(parts if np.isfinite(parts[:, 1:]).any() else parts[:, :1])
        country.append(tidy.loc[tidy["area_code"] == COUNTRY_CODE])
        if level in LEVEL_DIGITS:
            own = tidy[tidy["area_code"].str.len() == LEVEL_DIGITS[level] + 2]
            sums.append(own.groupby("period")["value"].agg(["sum", "count"]))
        if sum(len(p) for p in preview) < PREVIEW_ROWS:
            preview.append(tidy[["area_code", "period", "value", "row", "column"]])
    all_keys = np.concatenate(keys or [np.empty(0, np.int64)])
    all_rows = np.concatenate(rows or [np.empty(0, np.int64)])
    all_columns = np.concatenate(columns or [np.empty(0, object)])
    by_index = list(code_index)
    check_duplicates(
        all_keys,
        all_rows,
        all_columns,
        file,
        col,
        area_column=cols.area,
        label=lambda i: resolver.label(by_index[i]),
    )
    several = ("(duplicate)", "second measure")
    if cols.select is None and any(w in p.reason for p in report.problems for w in several):
        report.measures = _several_measures(first, cols)
        if report.measures:
            column, values = report.measures
            shown = ", ".join(values[:6]) + (" ..." if len(values) > 6 else "")
            report.notes.append(
                f"the table holds several measures or categories in column {column!r} "
                f"({shown}): load one at a time with --rows '{column}={values[0]}'"
            )
    report.blocking = outside[:MAX_LISTED]
    if scope and report.outside_rows and not col.in_scope:
        report.blocking.append(
            Problem(
                file,
                f"no row of this file lies in your province {resolver.label(scope)}: "
                f"nothing to load ({report.outside_text()})",
            )
        )
    report.problems.sort(key=lambda p: (p.row or 0, p.column or ""))
    report.skipped.sort(key=lambda s: s[0])
    report.bad_rows = np.array(sorted(col.bad), dtype=np.int64)
    report.bad_cells = sorted(col.bad_cells)
    _kingdom_rows(report, indicator, country, sums)
    valid = _valid(all_rows, all_columns, report)
    kept = all_keys[valid]
    if keep:
        report.tidy = _kept_rows(kept, all_rows[valid], kept_parts, valid, code_index)
    _what_would_load(report, kept, code_index)
    if current is not None:  # the dry run: which areas and periods would load
        by_code = np.array(list(code_index), dtype=object)
        report.kept_keys = pd.DataFrame(
            {"area_code": by_code[kept // 10_000], "period": (kept % 10_000).astype(int)}
        )
    if indicator.get("rollup") == "ratio" and not cols.numerator and report.rows:
        report.notes.append(
            "a rate without its numerator and denominator: the areas' own values load, but "
            "no coarser level is derived from them (name the columns with --numerator-column "
            "and --denominator-column to roll up by the ratio of sums)"
        )
    if current is not None:
        index = current["area_code"].map(code_index).dropna().astype(np.int64)
        held = index.to_numpy() * 10_000 + current.loc[index.index, "period"].to_numpy(np.int64)
        report.replaced = int(np.isin(kept, held).sum())
    if preview:
        shown = pd.concat(preview, ignore_index=True)
        shown = shown[_valid(shown["row"].to_numpy(), shown["column"].to_numpy(), report)]
        report.preview = shown[["area_code", "period", "value"]].reset_index(drop=True)
    return report


def _several_measures(first: pd.DataFrame, cols: Columns) -> tuple[str, list[str]] | None:
    """A table of several measures or categories (users and kWh; total and sub-categories)
    repeats each area once per measure: the column that tells them apart, and its values."""
    roles = {cols.area, cols.period, cols.value, cols.numerator, cols.denominator, *cols.years}
    roles |= {c for _, c in cols.context} | set(cols.twins)
    for column in first.columns:
        if column in roles:
            continue
        text = first[column].astype(str).str.strip()
        values = [v for v in text.unique() if v]
        if not 2 <= len(values) <= 20 or parse_numbers(text[text != ""])[2].mean() < 0.5:
            continue
        area = first[cols.area].astype(str).str.strip()
        per_area = text.groupby(area.where(area != "").ffill().fillna("")).nunique()
        if (per_area > 1).any():
            return str(column), [str(v) for v in values]
    return None


def _kept_rows(
    kept: np.ndarray,
    rows: np.ndarray,
    parts: list[np.ndarray],
    valid: np.ndarray,
    code_index: dict[str, int],
) -> KeptRows:
    """The rows that load, from the check pass's arrays (``valid`` over all tidy rows)."""
    codes = np.array(list(code_index) or [""], dtype=object)
    values = np.concatenate([p[:, 0] for p in parts] or [np.empty(0)])[valid]
    if not any(p.shape[1] == 3 for p in parts):
        return KeptRows(codes, kept, values, rows)
    widened = [p if p.shape[1] == 3 else np.full((len(p), 3), np.nan) for p in parts]
    figures = np.concatenate(widened)[valid]
    return KeptRows(codes, kept, values, rows, figures[:, 1], figures[:, 2])


def _valid(rows: np.ndarray, columns: np.ndarray, report: IntakeReport) -> np.ndarray:
    """Which tidy values load: not on a bad row, not a bad cell (wide tables), not a kingdom
    figure set aside for the sum of the areas."""
    ok = ~np.isin(rows, report.bad_rows)
    if report.bad_cells or report.set_aside:
        cells = pd.MultiIndex.from_arrays([rows, columns.astype(str)])
        ok &= ~cells.isin([*report.bad_cells, *report.set_aside])
    return ok


def _kingdom_rows(
    report: IntakeReport, indicator: dict, country: list[pd.DataFrame], sums: list[pd.DataFrame]
) -> None:
    """Kingdom rows: the country's value of an indicator that cannot be summed (a mean, a
    rate); for a sum, compared with the areas' sum and set aside (the country value is
    derived), unless the file holds no areas for that period."""
    kingdom = pd.concat(country) if country else pd.DataFrame()
    if kingdom.empty or indicator.get("rollup") != "sum":
        return
    level = report.level or "area"
    total = pd.concat(sums).groupby(level=0).sum() if sums else pd.DataFrame()
    for rec in kingdom.itertuples():
        if rec.period not in total.index:
            continue  # a country-level figure: nothing to derive it from, so it loads
        added, n = total.loc[rec.period, "sum"], int(total.loc[rec.period, "count"])
        diff = rec.value - added
        share = f" ({diff / added:+.2%})" if added else ""
        report.notes.append(
            f"row {rec.row}: the kingdom's {rec.period} figure {figure_text(rec.value)} and the "
            f"sum of the {n:,} {level}s in this file {figure_text(added)} differ by "
            f"{figure_text(diff)}{share}; the country value is derived from the {level}s"
        )
        report.set_aside.append((int(rec.row), str(rec.column)))


def _what_would_load(report: IntakeReport, kept: np.ndarray, code_index: dict[str, int]):
    """Rows, areas per level, periods and the single province of the kept (area, period) keys."""
    report.rows = len(kept)
    by_index = np.array(list(code_index), dtype=object)
    codes_seen = set(by_index[np.unique(kept // 10_000)]) if len(kept) else set()
    by_level = Counter(level_of(c) for c in codes_seen)
    report.areas_by_level = {lvl: by_level[lvl] for lvl in LEVELS if by_level[lvl]}
    report.periods = sorted(int(p) for p in np.unique(kept % 10_000))
    provinces = {c[:4] for c in codes_seen}
    report.province = next(iter(provinces)) if len(provinces) == 1 else None


def tidy_chunks(
    path: Path,
    report: IntakeReport,
    resolver: AreaResolver,
    options: IntakeOptions | None = None,
    *,
    limits: XlsxLimits | None = None,
    indicator: dict | None = None,
) -> Iterator[pd.DataFrame]:
    """The rows to load (area_code, period, value, numerator, denominator, row), streamed,
    minus the report's bad rows. ``indicator`` must be the one the report was checked for."""
    options = options or IntakeOptions()
    table = _open(Path(path), report.file, options, resolver, limits)
    cols = _columns(table, resolver, options, indicator)
    # Kingdom rows read as the country exactly as the check read them (not for an officer);
    # an officer's national table sets other provinces' rows aside as the check did.
    scope = report.scope if options.only_province else None
    res = Resolution(resolver, report.level, report.hint, kingdom=report.scope is None, scope=scope)
    for chunk in table.chunks():
        tidy = tidy_rows(chunk, cols, res, report.file, None)
        tidy = tidy[_valid(tidy["row"].to_numpy(), tidy["column"].to_numpy(), report)]
        yield tidy[["area_code", "period", "value", "numerator", "denominator", "row"]]
