"""What a checked table would load and everything wrong with it: the dry run's report."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from warroom.errors import Problem
from warroom.years import BE_OFFSET

MAX_LISTED = 10_000  # problems and skipped rows kept for the report; the rest are counted
SHOWN = 50  # problems printed by summary(); the rest are counted by reason


@dataclass(frozen=True)
class IntakeOptions:
    """What the user told us about the table (all optional: found automatically)."""

    area_column: str | None = None
    period_column: str | None = None
    value_column: str | None = None
    sheet: str | None = None
    header_row: int | None = None  # spreadsheet row number of the (last) header row
    period: int | None = None  # CE year of a table with no year in it (given in BE or CE)
    numerator_column: str | None = None  # a rate's numerator and denominator (long tables)
    denominator_column: str | None = None
    rows: str | None = None  # "column=value": load only the rows with that value (a measure)
    only_province: bool = False  # an officer's national table: set other provinces' rows aside


@dataclass
class KeptRows:
    """The rows a check found would load, compact (about 24 bytes a row): an area index
    and period in one key (area index × 10,000 + period), the value and the source row;
    a rate's numerator and denominator only when the file gives them."""

    codes: np.ndarray  # area code of each index
    keys: np.ndarray
    values: np.ndarray
    rows: np.ndarray
    numerators: np.ndarray | None = None
    denominators: np.ndarray | None = None

    def pieces(self, size: int) -> Iterator[pd.DataFrame]:
        """The rows as tidy_chunks yields them, ``size`` at a time."""
        for start in range(0, len(self.keys), size):
            part = slice(start, start + size)
            keys = self.keys[part]
            nan = np.full(len(keys), np.nan)
            yield pd.DataFrame(
                {  # the codes as the shared str objects they are, not copied to arrow
                    "area_code": pd.Series(self.codes[keys // 10_000], dtype=object),
                    "period": keys % 10_000,
                    "value": self.values[part],
                    "numerator": nan if self.numerators is None else self.numerators[part],
                    "denominator": nan if self.denominators is None else self.denominators[part],
                    "row": self.rows[part],
                }
            )


@dataclass
class IntakeReport:
    """What a table would load, and everything wrong with it.

    A report also records what it was checked for (indicator, options, the officer's
    province), so a load can reuse it instead of checking the file again.
    """

    file: str
    sha256: str
    format: str
    encoding: str | None
    shape: str
    header_rows: list[int]
    columns: dict[str, object]
    header: list[str] = field(default_factory=list)  # the table's column names, as read
    level: str | None = None
    rows: int = 0  # values that would load
    areas_by_level: dict[str, int] = field(default_factory=dict)
    periods: list[int] = field(default_factory=list)
    skipped: list[tuple[int, str, str]] = field(default_factory=list)
    skipped_count: int = 0
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    problem_reasons: Counter = field(default_factory=Counter)
    blocking: list[Problem] = field(default_factory=list)  # cannot be dropped: refuse all
    outside_rows: int = 0  # rows of other provinces set aside (``only_province``)
    outside_provinces: set[str] = field(default_factory=set)  # the provinces they lie in
    bad_rows: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    bad_cells: list[tuple[int, str]] = field(default_factory=list)  # wide tables: (row, column)
    set_aside: list[tuple[int, str]] = field(default_factory=list)  # kingdom cells not loaded
    notes: list[str] = field(default_factory=list)  # worth knowing, not problems
    preview: pd.DataFrame | None = None
    province: str | None = None  # the single province every row lies in, if so
    hint: str | None = None  # the province shared names were read in, if any
    indicator_id: str | None = None  # what the table was checked for
    options: IntakeOptions | None = None
    scope: str | None = None  # the officer's province the check was limited to
    replaced: int | None = None  # values that would replace current ones (None: not known)
    same_file: dict | None = None  # the batch that loaded this same file (id, loaded_at, user)
    replaced_built: int | None = None  # of ``replaced``: values the build wrote (built-in only)
    replaced_built_examples: list[str] = field(default_factory=list)
    mixed_count: int = 0  # coarser values the load would derive from more than one load
    mixed: list[tuple[str, int, str]] = field(default_factory=list)  # code, period, loads
    removed: list[tuple[str, int]] = field(default_factory=list)  # derived values it removes
    left: Counter = field(default_factory=Counter)  # rows not chosen (--rows), by their value
    filled: int = 0  # blank key cells read as the area above ("same as above")
    measures: tuple[str, list[str]] | None = None  # the column telling measures apart, values
    filled_rows: list[int] = field(default_factory=list)  # the first few of them
    zeros: dict[tuple[str, str], list[int]] = field(default_factory=dict)  # words read as 0
    kept_keys: pd.DataFrame | None = None  # (area_code, period) that load; dropped after use
    tidy: KeptRows | None = None  # the rows that load (``keep``); never leaves the process

    def __getstate__(self) -> dict:  # the kept rows stay where they were read
        return {**self.__dict__, "tidy": None}

    @property
    def ok(self) -> bool:
        """True when every row is valid."""
        return self.problem_count == 0 and not self.blocking

    def fits(self, indicator_id: str, options: IntakeOptions, scope: str | None) -> bool:
        """Whether this report was checked for this indicator, these options and scope."""
        return (self.indicator_id, self.options, self.scope) == (indicator_id, options, scope)

    def summary(self) -> str:
        """A few lines for the command line and the page."""
        lines = [
            f"{self.file}: {self.format.upper()}"
            + (f" ({self.encoding})" if self.encoding else "")
            + f", {self.shape} table, header on row(s) {', '.join(map(str, self.header_rows))}",
            f"  columns: {self.columns}",
            f"  values to load: {self.rows:,}" + (f" at {self.level} level" if self.level else ""),
            *self._what_it_would_do(),
            "  areas: "
            + (", ".join(counted(n, lvl) for lvl, n in self.areas_by_level.items()) or "none"),
            "  periods (CE): " + (year_ranges(self.periods) or "none"),
            f"  skipped rows: {self.skipped_count:,}",
        ]
        if self.outside_rows:
            lines.insert(-1, f"  set aside: {self.outside_text()}")
        lines += [f"    row {r}: {why}: {text!r}" for r, why, text in self.skipped[:20]]
        if self.skipped_count > 20:
            lines.append(f"    ... and {self.skipped_count - 20:,} more")
        if self.left:
            column, _, value = ((self.options.rows if self.options else None) or "").partition("=")
            by_value = ", ".join(f"{v or '(blank)'}: {n:,}" for v, n in self.left.most_common())
            lines.append(
                f"  rows left, not {column} = {value}: {sum(self.left.values()):,} ({by_value})"
            )
        if self.filled:
            shown = ", ".join(map(str, self.filled_rows[:10]))
            lines.append(
                f"  'same as above': {self.filled:,} blank area cells read as the area of the "
                f"row above (rows {shown}{' ...' if self.filled > 10 else ''})"
            )
        for (column, text), rows in self.zeros.items():
            shown = ", ".join(map(str, rows[:10])) + (" ..." if len(rows) > 10 else "")
            lines.append(f"  read as 0: {text!r} in {column} (the file says so), rows {shown}")
        lines += [f"  note: {note}" for note in self.notes]
        lines.append(f"  problems: {self.problem_count + len(self.blocking):,}")
        lines += [f"    - {p}" for p in self.blocking]
        lines += [f"    - {p}" for p in self.problems[:SHOWN]]
        if self.problem_count > SHOWN:
            lines.append(f"    ... and {self.problem_count - SHOWN:,} more:")
            lines += [f"      {n:,} x {why}" for why, n in self.problem_reasons.most_common()]
        return "\n".join(lines)

    def outside_text(self) -> str:
        """The rows of other provinces an officer's load set aside, in words."""
        n, m = self.outside_rows, len(self.outside_provinces)
        return (
            f"{n:,} row{'s' if n != 1 else ''} of {m:,} other province{'s' if m != 1 else ''} "
            f"(only the rows of {self.scope} load)"
        )

    def _what_it_would_do(self) -> list[str]:
        lines = []
        if self.replaced is not None:
            lines.append(
                f"  of these, new: {self.rows - self.replaced:,}; replacing current values: "
                f"{self.replaced:,}"
            )
        if self.replaced_built:
            lines.append(
                f"  of these, built (official) values replaced: {self.replaced_built:,} (e.g. "
                + "; ".join(self.replaced_built_examples)
                + "): loading them needs --replace-built"
            )
        if self.mixed_count:
            lines.append(
                f"  coarser values that would mix loads: {self.mixed_count:,} (e.g. "
                + "; ".join(f"{c} {p}: {mix_text(loads)}" for c, p, loads in self.mixed[:5])
                + ")"
            )
        if self.removed:
            lines.append(f"  {removed_text(self.removed)}; the load would remove them")
        if self.same_file is not None:
            when = self.same_file["loaded_at"]
            lines.append(
                f"  this same file (SHA-256) was already loaded as batch {self.same_file['id']}"
                f" on {when:%Y-%m-%d %H:%M} by {self.same_file['user']}"
            )
        return lines


_LOAD_WORDS = {
    "th": {"build": "ข้อมูลตั้งต้น (build)", "0": "ไฟล์นี้", "batch": "ชุดที่ {n}"},
    "en": {"build": "the build", "0": "this file", "batch": "batch {n}"},
}


def mix_text(loads: str, lang: str = "en") -> str:
    """The loads a derived value combines, in words: ``build,0,7`` → ``the build + this
    file + batch 7`` (``0`` is the file being checked)."""
    words = _LOAD_WORDS[lang]
    return " + ".join(words.get(x) or words["batch"].format(n=x) for x in loads.split(",") if x)


_PLURALS = {"country": "countries"}


def counted(n: int, noun: str) -> str:
    """'1 country', '2 countries', '77 provinces'."""
    return f"{n:,} {noun if n == 1 else _PLURALS.get(noun, noun + 's')}"


def removed_text(removed: list[tuple[str, int]]) -> str:
    """'values no longer derived: 2 (TH 2556 (2013), TH 2557 (2014))' for a warning."""
    shown = ", ".join(f"{code} {year + BE_OFFSET} ({year})" for code, year in removed[:5])
    more = f" and {len(removed) - 5:,} more" if len(removed) > 5 else ""
    return (
        f"WARNING: derived values that could no longer be derived: {len(removed):,} "
        f"({shown}{more}; the values loaded for them carry no weight, numerator or "
        "denominator to roll up)"
    )


def year_ranges(years: list[int]) -> str:
    """Sorted years as ranges: [2019, 2020, 2021, 2023] → '2019-2021, 2023'."""
    if not years:
        return ""
    parts: list[str] = []
    start: int | None = years[0]
    for prev, cur in zip(years, [*years[1:], None], strict=True):
        if cur is None or cur != prev + 1:
            parts.append(str(start) if start == prev else f"{start}-{prev}")
            start = cur
    return ", ".join(parts)


class Collector:
    """Problems and skipped rows, listed up to MAX_LISTED and counted beyond.

    The listing limit bounds only what is listed: the row of every problem is kept in
    ``bad``, so "load only the valid rows" drops every invalid row, listed or not. In a
    wide table (``cells``), a problem with one value marks only that cell (``bad_cells``):
    the row's other years still load.
    """

    def __init__(self, report: IntakeReport, *, cells: bool = False):
        self.report, self.cells = report, cells
        self.bad: set[int] = set()
        self.bad_cells: set[tuple[int, str]] = set()
        self.in_scope = 0  # rows inside an officer's province (when others are set aside)

    def problem(self, p: Problem, *, values: list[str] | None = None) -> None:
        """Count a problem, list it while there is room, and mark its row bad (or only
        its ``values`` columns, in a wide table)."""
        r = self.report
        r.problem_count += 1
        if p.row is not None and values and self.cells:
            self.bad_cells.update((int(p.row), c) for c in values)
        elif p.row is not None:
            self.bad.add(int(p.row))
        r.problem_reasons[p.reason.split(";")[0][:80]] += 1
        if len(r.problems) < MAX_LISTED:
            r.problems.append(p)

    def left(self, row: int, column: str, text: str) -> None:
        """A row of another measure or category than the one chosen (``--rows``)."""
        self.report.left[text] += 1
        self.skip(row, f"another {column} than the one chosen", text)

    def filled(self, rows: list[int]) -> None:
        """Rows whose blank key cell was read as the one above ("same as above")."""
        r = self.report
        r.filled += len(rows)
        r.filled_rows += rows[: max(0, 10 - len(r.filled_rows))]

    def zero(self, row: int, column: str, text: str) -> None:
        """A word the file states means 0 ("ไม่มีพื้นที่ป่าไม้" under "พื้นที่ป่าไม้")."""
        self.report.zeros.setdefault((column, text), []).append(row)

    def outside(self, codes: np.ndarray) -> None:
        """Count rows of other provinces (their area codes), set aside (an officer's
        national table)."""
        if len(codes):
            self.report.outside_rows += len(codes)
            self.report.outside_provinces.update(pd.unique(pd.Series(codes).str[:4]))

    def skip(self, row: int, why: str, text: str) -> None:
        """Count a row that names no area on purpose, or a cell with no figure."""
        r = self.report
        r.skipped_count += 1
        if len(r.skipped) < MAX_LISTED:
            r.skipped.append((row, why, text))
