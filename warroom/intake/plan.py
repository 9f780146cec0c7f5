"""Read an uploaded table into tidy rows (area_code, period, value), with every problem.

:func:`inspect_table` is the dry run: one streaming pass that reports what would load —
rows, areas per level, periods, skipped rows and every problem with file, row, column,
value and reason. :func:`tidy_chunks` streams the same rows again for the load, dropping
the rows the report lists when the user chose to load only the valid ones.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from warroom.areas.codes import LEVELS, level_of
from warroom.errors import DataError, Problem
from warroom.intake.areas import AreaResolver, looks_like_code
from warroom.intake.columns import Columns, assign_columns
from warroom.intake.reading import RawTable, open_table
from warroom.intake.values import (
    BE_OFFSET,
    FIRST_YEAR,
    last_year,
    parse_numbers,
    parse_years,
)

MAX_LISTED = 10_000  # problems and skipped rows kept for the report; the rest are counted
PREVIEW_ROWS = 20_000


@dataclass
class IntakeOptions:
    """What the user told us about the table."""

    area_column: str | None = None
    period_column: str | None = None
    value_column: str | None = None
    sheet: str | None = None


@dataclass
class IntakeReport:
    """What a table would load, and everything wrong with it."""

    file: str
    sha256: str
    format: str
    encoding: str | None
    shape: str
    header_rows: list[int]
    columns: dict[str, object]
    level: str | None = None
    rows: int = 0  # rows that would load
    areas_by_level: dict[str, int] = field(default_factory=dict)
    periods: list[int] = field(default_factory=list)
    skipped: list[tuple[int, str, str]] = field(default_factory=list)
    skipped_count: int = 0
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    problem_reasons: Counter = field(default_factory=Counter)
    blocking: list[Problem] = field(default_factory=list)  # cannot be dropped: refuse all
    bad_rows: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    preview: pd.DataFrame | None = None
    province: str | None = None  # the single province every row lies in, if so
    hint: str | None = None  # the province shared names were read in, if any

    @property
    def ok(self) -> bool:
        """True when every row is valid."""
        return self.problem_count == 0 and not self.blocking

    def summary(self) -> str:
        """A few lines for the command line and the page."""
        lines = [
            f"{self.file}: {self.format.upper()}"
            + (f" ({self.encoding})" if self.encoding else "")
            + f", {self.shape} table, header on row(s) {', '.join(map(str, self.header_rows))}",
            f"  columns: {self.columns}",
            f"  values to load: {self.rows:,}" + (f" at {self.level} level" if self.level else ""),
            "  areas: "
            + (", ".join(f"{n:,} {lvl}s" for lvl, n in self.areas_by_level.items()) or "none"),
            "  periods (CE): " + (_ranges(self.periods) or "none"),
            f"  skipped rows: {self.skipped_count:,}",
        ]
        lines += [f"    row {r}: {why}: {text!r}" for r, why, text in self.skipped[:20]]
        if self.skipped_count > 20:
            lines.append(f"    ... and {self.skipped_count - 20:,} more")
        lines.append(f"  problems: {self.problem_count + len(self.blocking):,}")
        for p in self.blocking:
            lines.append(f"    - {p}")
        lines += [f"    - {p}" for p in self.problems[:50]]
        if self.problem_count > 50:
            lines.append(f"    ... and {self.problem_count - 50:,} more:")
            lines += [f"      {n:,} x {why}" for why, n in self.problem_reasons.most_common()]
        return "\n".join(lines)


def _ranges(years: list[int]) -> str:
    if not years:
        return ""
    parts, start = [], years[0]
    for prev, cur in zip(years, [*years[1:], None], strict=True):
        if cur is None or cur != prev + 1:
            parts.append(str(start) if start == prev else f"{start}-{prev}")
            start = cur
    return ", ".join(parts)


def sha256_of(path: Path) -> str:
    """SHA-256 of a file, read in blocks."""
    with Path(path).open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def value_schema(indicator: dict) -> pa.DataFrameSchema:
    """The pandera schema of tidy rows for one indicator: code form, period range, values
    possible for its unit (a percentage between 0 and 100, a count not negative)."""
    checks = []
    unit = str(indicator.get("unit") or "").strip()
    if unit == "%":
        checks.append(pa.Check.in_range(0, 100, error="a percentage must lie between 0 and 100"))
    if indicator.get("rollup") == "sum" or unit in ("people", "households", "persons", "คน"):
        checks.append(pa.Check.ge(0, error="a count cannot be negative"))
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


class _Collector:
    """Problems and skipped rows, listed up to MAX_LISTED and counted beyond.

    The listing limit bounds only what is listed: the row of every problem is kept in
    ``bad``, so "load only the valid rows" drops every invalid row, listed or not.
    """

    def __init__(self, report: IntakeReport):
        self.report = report
        self.bad: set[int] = set()

    def problem(self, p: Problem) -> None:
        r = self.report
        r.problem_count += 1
        if p.row is not None:
            self.bad.add(int(p.row))
        r.problem_reasons[p.reason.split(";")[0][:80]] += 1
        if len(r.problems) < MAX_LISTED:
            r.problems.append(p)

    def skip(self, row: int, why: str, text: str) -> None:
        r = self.report
        r.skipped_count += 1
        if len(r.skipped) < MAX_LISTED:
            r.skipped.append((row, why, text))


def _open(path: Path, display_name: str, options: IntakeOptions, resolver: AreaResolver):
    wanted = [c for c in (options.area_column, options.period_column, options.value_column) if c]

    def is_header_row(cells: list[str]) -> bool:
        keys = {c.strip().casefold() for c in cells}
        return bool(wanted) and any(w.strip().casefold() in keys for w in wanted)

    def is_data_row(cells: list[str]) -> bool:
        first = [c for c in cells if c][:4]
        return any(resolver.names_an_area(c) or looks_like_code(c) for c in first)

    return open_table(
        path,
        is_header_row=is_header_row,
        is_data_row=is_data_row,
        display_name=display_name,
        sheet=options.sheet,
    )


def _columns(table: RawTable, resolver: AreaResolver, options: IntakeOptions) -> Columns:
    sample = next(table.chunks(size=2_000), None)
    if sample is None:
        raise DataError([Problem(table.display_name, "the table has a header but no rows")])
    return assign_columns(
        table.columns,
        sample,
        resolver,
        table.display_name,
        area=options.area_column,
        period=options.period_column,
        value=options.value_column,
    )


class _Resolution:
    """Per-table cache of cell → area, so each distinct name is resolved once.

    When every other row of the table lies in one province (``hint``), a name that several
    areas share is read as the one in that province: a district table of Chiang Mai says
    "จอมทอง" without adding that Bangkok has a Chom Thong too.
    """

    def __init__(self, resolver: AreaResolver, level: str | None, hint: str | None = None):
        self.resolver, self.level, self.hint = resolver, level, hint
        self.cache: dict[tuple[str, str | None, str | None], object] = {}

    def resolve(self, text: str, level: str | None, within: str | None):
        key = (text, level, within)
        if key not in self.cache:
            found = self.resolver.resolve(text, level, within)
            if found.kind == "ambiguous" and self.hint and within is None:
                inside = self.resolver.resolve(text, level, self.hint)
                found = inside if inside.kind == "area" else found
            self.cache[key] = found
        return self.cache[key]


def _province_hint(sample: pd.Series, resolver: AreaResolver, level: str | None) -> str | None:
    """The one province all unambiguous sample cells lie in, if there is one."""
    provinces = set()
    for text in sample.astype(str).str.strip().unique():
        found = resolver.resolve(text, level) if text else None
        if found is not None and found.kind == "area":
            provinces.add(found.codes[0][:4])
    return next(iter(provinces)) if len(provinces) == 1 else None


def _tidy(
    chunk: pd.DataFrame, cols: Columns, res: _Resolution, file: str, col: _Collector | None
) -> pd.DataFrame:
    """One chunk of raw rows → tidy rows (row, column, area_code, period, value, value_text);
    problems and skipped rows go to ``col`` (pass 1 only)."""
    area_text = chunk[cols.area].astype(str).str.strip()
    others = chunk.drop(columns=[cols.area]).astype(str).apply(lambda s: s.str.strip())
    blank_line = (area_text == "") & (others == "").all(axis=1)
    rows = chunk.index.to_numpy()
    within = [None] * len(chunk)
    context_ok = [True] * len(chunk)
    for level, column in cols.context:
        texts = chunk[column].astype(str).str.strip().to_numpy()
        for i, text in enumerate(texts):
            if not text or not context_ok[i]:
                continue
            r = res.resolve(text, level, within[i])
            if r.kind == "area":
                within[i] = r.codes[0]
            else:
                context_ok[i] = False
                if col is not None and r.kind == "skip":  # "รวม" in the district column
                    col.skip(int(rows[i]), r.reason, text)
                elif col is not None:
                    col.problem(Problem(file, r.reason, int(rows[i]), column, text))
    # Plain Python over arrays: a million rows resolve in about a second (names are cached).
    found = []
    for i, (text, blank) in enumerate(
        zip(area_text.to_numpy(), blank_line.to_numpy(), strict=True)
    ):
        code = ""
        if blank:
            if col is not None:
                col.skip(int(rows[i]), "blank line", "")
        elif context_ok[i]:
            r = res.resolve(text, res.level, within[i])
            if r.kind == "area":
                code = r.codes[0]
            elif col is not None:
                if r.kind in ("skip", "blank"):
                    shown = text or " ".join(v for v in others.iloc[i] if v)[:60]
                    col.skip(int(rows[i]), r.reason, shown)
                else:
                    col.problem(Problem(file, r.reason, int(rows[i]), cols.area, text))
        found.append(code)
    codes = pd.Series(found, index=chunk.index, dtype=object)
    keep = codes != ""
    if cols.shape == "wide":
        values = chunk.loc[keep, list(cols.years)]
        long = values.stack(future_stack=True).rename("value_text").reset_index()
        long.columns = ["row", "column", "value_text"]
        long["period"] = long["column"].map(cols.years).astype("Int64")
        long["period_bad"] = False
    else:
        long = pd.DataFrame(
            {
                "row": chunk.index[keep],
                "column": cols.value,
                "value_text": chunk.loc[keep, cols.value].to_numpy(),
            }
        )
        long["period"], long["period_bad"] = (
            s.to_numpy() for s in parse_years(chunk.loc[keep, cols.period].astype(str))
        )
        long["period"] = pd.array(long["period"], dtype="Int64")
        if col is not None:
            for row, text in chunk.loc[keep, cols.period][long["period_bad"].to_numpy()].items():
                col.problem(
                    Problem(
                        file,
                        f"not a year in BE ({FIRST_YEAR + BE_OFFSET}-{last_year() + BE_OFFSET}) "
                        f"or CE ({FIRST_YEAR}-{last_year()})",
                        int(row),
                        cols.period,
                        text,
                    )
                )
    long["area_code"] = long["row"].map(codes)
    numbers, missing, bad = parse_numbers(long["value_text"])
    long["value"] = numbers
    if col is not None:
        for rec in long[missing & ~long["period_bad"]].itertuples():
            col.skip(int(rec.row), f"no figure in {rec.column}", rec.value_text)
        for rec in long[bad].itertuples():
            col.problem(Problem(file, "not a number", int(rec.row), rec.column, rec.value_text))
    good = ~missing & ~bad & ~long["period_bad"]
    return long[good].astype({"period": int}).reset_index(drop=True)


def _validate(tidy: pd.DataFrame, schema: pa.DataFrameSchema, file: str, col: _Collector):
    if tidy.empty:
        return
    try:
        schema.validate(tidy[["area_code", "period", "value"]], lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        for case in cases.itertuples():
            if pd.isna(case.index):
                col.problem(Problem(file, str(case.check), None, str(case.column)))
                continue
            rec = tidy.loc[int(case.index)]
            column = rec["column"] if case.column == "value" else str(case.column)
            shown = rec["value_text"] if case.column == "value" else case.failure_case
            col.problem(Problem(file, str(case.check), int(rec["row"]), column, shown))


def inspect_table(
    path: Path,
    indicator: dict,
    resolver: AreaResolver,
    options: IntakeOptions | None = None,
    *,
    display_name: str | None = None,
    province: str | None = None,
) -> IntakeReport:
    """The dry run: read the whole table once and report what would load.

    ``province`` limits a provincial officer to one province: any row outside it is a
    blocking problem (the whole load is refused, whatever the user chooses).
    """
    options = options or IntakeOptions()
    path = Path(path)
    table = _open(path, display_name or path.name, options, resolver)
    file = table.display_name
    cols = _columns(table, resolver, options)
    report = IntakeReport(
        file=file,
        sha256=sha256_of(path),
        format=table.format,
        encoding=table.encoding,
        shape=cols.shape,
        header_rows=table.header_rows,
        columns=_describe(cols),
    )
    col = _Collector(report)
    for row, why, text in table.skipped:
        col.skip(row, why, text)
    first = next(table.chunks(size=2_000))
    level = cols.level or resolver.likely_level(first[cols.area])
    report.level = level
    hint = province or _province_hint(first[cols.area], resolver, level)
    report.hint = hint
    res = _Resolution(resolver, level, hint)
    schema = value_schema(indicator)
    keys, rows = [], []
    preview = []
    code_index: dict[str, int] = {}
    outside = []
    for chunk in table.chunks():
        tidy = _tidy(chunk, cols, res, file, col)
        _validate(tidy, schema, file, col)
        if province:
            away = tidy[~tidy["area_code"].str.startswith(province)]
            for rec in away.drop_duplicates("row").itertuples():
                outside.append(
                    Problem(
                        file,
                        f"{resolver.label(rec.area_code)} is outside your province "
                        f"{resolver.label(province)}",
                        int(rec.row),
                        cols.area,
                        rec.area_code,
                    )
                )
        for code in tidy["area_code"].unique():
            code_index.setdefault(code, len(code_index))
        idx = tidy["area_code"].map(code_index).to_numpy(np.int64)
        keys.append(idx * 10_000 + tidy["period"].to_numpy(np.int64))
        rows.append(tidy["row"].to_numpy(np.int64))
        if sum(len(p) for p in preview) < PREVIEW_ROWS:
            preview.append(tidy[["area_code", "period", "value", "row"]])
    _duplicates(
        np.concatenate(keys or [np.empty(0, np.int64)]),
        np.concatenate(rows or [np.empty(0, np.int64)]),
        file,
        cols,
        col,
    )
    report.blocking = outside[:MAX_LISTED]
    report.problems.sort(key=lambda p: (p.row or 0, p.column or ""))
    report.skipped.sort(key=lambda s: s[0])
    report.bad_rows = np.array(sorted(col.bad), dtype=np.int64)
    # What would load: every tidy row but those on the listed rows.
    all_rows = np.concatenate(rows or [np.empty(0, np.int64)])
    kept = np.concatenate(keys or [np.empty(0, np.int64)])[~np.isin(all_rows, report.bad_rows)]
    report.rows = len(kept)
    by_index = np.array(list(code_index), dtype=object)
    codes_seen = set(by_index[np.unique(kept // 10_000)]) if len(kept) else set()
    by_level = Counter(level_of(c) for c in codes_seen)
    report.areas_by_level = {lvl: by_level[lvl] for lvl in LEVELS if by_level[lvl]}
    report.periods = sorted(int(p) for p in np.unique(kept % 10_000))
    if preview:
        shown = pd.concat(preview, ignore_index=True)
        shown = shown[~shown["row"].isin(report.bad_rows)]
        report.preview = shown[["area_code", "period", "value"]].reset_index(drop=True)
    provinces = {c[:4] for c in codes_seen}
    report.province = next(iter(provinces)) if len(provinces) == 1 else None
    return report


def _duplicates(keys, rows, file: str, cols: Columns, col: _Collector) -> None:
    order = np.argsort(keys, kind="stable")
    k, r = keys[order], rows[order]
    same = np.flatnonzero(k[1:] == k[:-1])
    for i in same:
        col.problem(
            Problem(
                file,
                f"this area and period already appear on row {r[i]} (duplicate)",
                int(r[i + 1]),
                cols.area,
            )
        )


def _describe(cols: Columns) -> dict[str, object]:
    described: dict[str, object] = {"area": cols.area}
    if cols.context:
        described["context"] = [c for _, c in cols.context]
    if cols.years:
        described["years"] = dict(cols.years)
    else:
        described["period"], described["value"] = cols.period, cols.value
    return described


def tidy_chunks(
    path: Path,
    report: IntakeReport,
    resolver: AreaResolver,
    options: IntakeOptions | None = None,
) -> Iterator[pd.DataFrame]:
    """The rows to load (area_code, period, value, row), streamed, minus the report's bad rows."""
    options = options or IntakeOptions()
    table = _open(Path(path), report.file, options, resolver)
    cols = _columns(table, resolver, options)
    res = _Resolution(resolver, report.level, report.hint)
    for chunk in table.chunks():
        tidy = _tidy(chunk, cols, res, report.file, None)
        if len(report.bad_rows):
            tidy = tidy[~tidy["row"].isin(report.bad_rows)]
        yield tidy[["area_code", "period", "value", "row"]]
