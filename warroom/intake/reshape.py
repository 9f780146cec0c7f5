"""Reshape raw rows into tidy rows (row, column, area_code, period, value, value_text).

Long tables (area, period, value) and wide ones (one column per year) become one row per
area and period; each area cell is resolved once per distinct text; blank lines, kingdom,
region and total rows are skipped and listed; unreadable cells become problems.
"""

from __future__ import annotations

import re

import pandas as pd

from warroom.areas.codes import COUNTRY_CODE
from warroom.areas.names import normalise
from warroom.errors import Problem
from warroom.intake.areas import KINGDOM, AreaResolver
from warroom.intake.columns import Columns, ratio_agrees
from warroom.intake.report import Collector
from warroom.intake.values import (
    BE_OFFSET,
    FIRST_YEAR,
    figure_text,
    last_year,
    parse_numbers,
    parse_years,
)


class Resolution:
    """Per-table cache of cell → area, so each distinct name is resolved once.

    When every other row of the table lies in one province (``hint``), a name that several
    areas share is read as the one in that province: a district table of Chiang Mai says
    "จอมทอง" without adding that Bangkok has a Chom Thong too.
    """

    def __init__(
        self,
        resolver: AreaResolver,
        level: str | None,
        hint: str | None = None,
        *,
        kingdom: bool = False,
        scope: str | None = None,
    ):
        self.resolver, self.level, self.hint = resolver, level, hint
        self.kingdom = kingdom  # read kingdom rows as the country (TH), not skip them
        self.scope = scope  # an officer's province: rows of other provinces are set aside
        self.cache: dict[tuple[str, str | None, str | None], object] = {}
        self.above: dict[str, str] = {}  # each key column's last text, for "same as above"

    def resolve(self, text: str, level: str | None, within: str | None):
        key = (text, level, within)
        if key not in self.cache:
            found = self.resolver.resolve(text, level, within)
            if found.kind == "ambiguous" and self.hint and within is None:
                inside = self.resolver.resolve(text, level, self.hint)
                found = inside if inside.kind == "area" else found
            self.cache[key] = found
        return self.cache[key]


def province_hint(sample: pd.Series, resolver: AreaResolver, level: str | None) -> str | None:
    """The one province all unambiguous sample cells lie in, if there is one."""
    provinces = set()
    for text in sample.astype(str).str.strip().unique():
        found = resolver.resolve(text, level) if text else None
        if found is not None and found.kind == "area":
            provinces.add(found.codes[0][:4])
    return next(iter(provinces)) if len(provinces) == 1 else None


def tidy_rows(
    chunk: pd.DataFrame, cols: Columns, res: Resolution, file: str, col: Collector | None
) -> pd.DataFrame:
    """One chunk of raw rows → tidy rows (row, column, area_code, period, value, value_text);
    problems and skipped rows go to ``col`` (pass 1 only)."""
    chunk = _same_as_above(chunk, cols, res, file, col)
    if cols.select is not None:  # after filling: a chosen row's area may be named above it
        chunk = _chosen(chunk, cols.select, col)
    area_text = chunk[cols.area].astype(str).str.strip()
    # The other cells matter only where the area cell is empty (a blank line, or the text
    # shown for a row without an area): stripped there only.
    no_area = (area_text == "").to_numpy()
    others = chunk.loc[no_area].drop(columns=[cols.area]).astype(str)
    others = others.apply(lambda s: s.str.strip())
    blank_line = pd.Series(False, index=chunk.index)
    blank_line[no_area] = (others == "").all(axis=1)
    rows = chunk.index.to_numpy()
    short = chunk.attrs.get("short", {})
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
            elif res.kingdom and r.reason == KINGDOM and within[i] is None:
                code = COUNTRY_CODE
            elif col is not None:
                if r.kind in ("skip", "blank"):
                    shown = text or " ".join(v for v in others.loc[rows[i]] if v)[:60]
                    col.skip(int(rows[i]), r.reason, shown)
                else:
                    col.problem(Problem(file, r.reason, int(rows[i]), cols.area, text))
        if code and res.scope and not code.startswith(res.scope):
            if col is not None:  # another province's row: set aside, its cells never read
                col.outside(code)
            code = ""
        elif code and res.scope and col is not None:
            col.in_scope += 1
        if code and int(rows[i]) in short:  # a line cut short: its figures cannot be trusted
            if col is not None:
                col.problem(_cut_short(file, int(rows[i]), short[int(rows[i])], chunk.columns))
            code = ""
        found.append(code)
    for twin in cols.twins:  # a second name column must agree with the area column
        for i, text in enumerate(chunk[twin].astype(str).str.strip().to_numpy()):
            if not found[i] or not text:
                continue
            other = res.resolve(text, res.level, within[i])
            if other.kind == "area" and other.codes[0] != found[i]:
                if col is not None:
                    said = res.resolver.label(other.codes[0])
                    col.problem(
                        Problem(
                            file,
                            f"says {said}, but {cols.area} says {res.resolver.label(found[i])}",
                            int(rows[i]),
                            twin,
                            text,
                        )
                    )
                found[i] = ""
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
                "column": cols.value or cols.numerator,
                "value_text": chunk.loc[keep, cols.value or cols.numerator].to_numpy(),
            }
        )
        if cols.fixed_period is not None:  # one year for the whole table (--period, title)
            long["period"] = pd.array([cols.fixed_period] * len(long), dtype="Int64")
            long["period_bad"] = False
        else:
            long["period"], long["period_bad"] = (
                s.to_numpy() for s in parse_years(chunk.loc[keep, cols.period].astype(str))
            )
            long["period"] = pd.array(long["period"], dtype="Int64")
        if col is not None and cols.fixed_period is None:
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
    if bad.any():  # "ไม่มีพื้นที่ป่าไม้" under "พื้นที่ป่าไม้": a zero the file states in words
        zero = bad & _stated_zero(long, cols)
        numbers, bad = numbers.mask(zero, 0.0), bad & ~zero
        if col is not None:
            for rec in long[zero].itertuples():
                col.zero(int(rec.row), str(rec.column), str(rec.value_text))
    long["value"] = numbers
    long["numerator"] = long["denominator"] = float("nan")
    rejected = pd.Series(False, index=long.index)  # reported by _rate_parts
    if cols.numerator and cols.shape == "long":
        missing, bad, rejected = _rate_parts(long, chunk.loc[keep], cols, file, col, missing, bad)
    if col is not None:
        for rec in long[missing & ~long["period_bad"]].itertuples():
            where = f"in {rec.column}" if cols.shape == "wide" else f"in {rec.period}"
            area = area_text.get(rec.row, "")
            col.skip(int(rec.row), f"no figure for {area} {where}", rec.value_text)
        for rec in long[bad].itertuples():
            col.problem(
                Problem(file, "not a number", int(rec.row), rec.column, rec.value_text),
                values=[rec.column],
            )
    good = ~missing & ~bad & ~rejected & ~long["period_bad"]
    return long[good].astype({"period": int}).reset_index(drop=True)


_NONE_OF = re.compile(r"^(?:ไม่มี|ไม่ปรากฏ|no|none|without)\s*(?:of\s*)?(.+)$", re.IGNORECASE)
_MEANS_ZERO = re.compile(r"(=|หมายถึง|คือ|means|is)\s*(0|๐|ศูนย์|zero)\b", re.IGNORECASE)


def stated_zero(text: str, header: str, notes: list[str]) -> bool:
    """Whether a word cell is a zero the file states: "ไม่มีพื้นที่ป่าไม้" (no forest area)
    in a column whose header names forest area, or a cell a note above the table says
    means 0 ("ไม่มีพื้นที่ป่าไม้ หมายถึง 0"). Any other word stays "not a number"."""
    text = text.strip()
    match = _NONE_OF.match(text)
    if match and len(what := normalise(match.group(1))) >= 3 and what in normalise(header):
        return True
    return bool(text) and any(text in note and _MEANS_ZERO.search(note) for note in notes)


def _stated_zero(long: pd.DataFrame, cols: Columns) -> pd.Series:
    cache: dict[tuple[str, str], bool] = {}
    out = []
    texts, columns = long["value_text"].astype(str), long["column"].astype(str)
    for text, column in zip(texts, columns, strict=True):
        key = (text, column)
        if key not in cache:
            cache[key] = stated_zero(text, column, cols.notes)
        out.append(cache[key])
    return pd.Series(out, index=long.index, dtype=bool)


def _chosen(chunk: pd.DataFrame, select: tuple[str, str], col: Collector | None) -> pd.DataFrame:
    """The rows of the one measure or category chosen (``--rows column=value``); the others
    are listed as left (blank lines stay, to be skipped as such)."""
    column, wanted = select
    text = chunk[column].astype(str).str.strip()
    blank = (chunk.astype(str).apply(lambda s: s.str.strip()) == "").all(axis=1)
    chosen = (text.map(normalise) == normalise(wanted)) | blank
    if col is not None:
        for row, value in text[~chosen].items():
            col.left(int(row), column, value)
    return chunk[chosen]


def _same_as_above(
    chunk: pd.DataFrame,
    cols: Columns,
    res: Resolution,
    file: str,
    col: Collector | None,
) -> pd.DataFrame:
    """Blank key cells under a named one read as "same as above": a province named once over
    its rows by year or category. Only where the row has another key of its own (a year, a
    chosen category), so the filled row can never repeat the row above; a blank line ends
    the run. The rows filled are counted for the report."""
    named = [cols.area, *(c for _, c in cols.context)]
    texts = [chunk[c].astype(str).str.strip() for c in named]
    if not any((text == "").any() for text in texts):  # most tables: nothing to fill
        for column, text in zip(named, texts, strict=True):
            res.above[column] = text.iloc[-1] if len(text) else res.above.get(column, "")
        return chunk
    keys = [c for c in (cols.period, cols.select[0] if cols.select else None) if c]
    blank_line = (chunk.astype(str).apply(lambda s: s.str.strip()) == "").all(axis=1)
    if not keys:
        _unnamed_under_an_area(chunk, cols, res, blank_line, file, col)
        return chunk
    own_key = (chunk[keys].astype(str).apply(lambda s: s.str.strip()) != "").any(axis=1)
    chosen = own_key
    if cols.select is not None:
        column, wanted = cols.select
        chosen = chunk[column].astype(str).str.strip().map(normalise) == normalise(wanted)
    chunk = chunk.copy()
    filled_rows: set[int] = set()
    for column in [cols.area, *(c for _, c in cols.context)]:
        text = chunk[column].astype(str).str.strip()
        carried = text.where(text != "").mask(blank_line, "")
        if res.above.get(column):
            carried = pd.concat([pd.Series([res.above[column]]), carried]).ffill().iloc[1:]
            carried.index = text.index
        else:
            carried = carried.ffill()
        fill = (text == "") & ~blank_line & own_key & carried.notna() & (carried != "")
        chunk.loc[fill, column] = carried[fill]
        filled_rows.update(int(r) for r in chunk.index[fill & chosen])
        last = carried.iloc[-1] if len(carried) else res.above.get(column, "")
        res.above[column] = "" if pd.isna(last) else str(last)
    if col is not None and filled_rows:
        col.filled(sorted(filled_rows))
    return chunk


def _unnamed_under_an_area(
    chunk: pd.DataFrame,
    cols: Columns,
    res: Resolution,
    blank_line: pd.Series,
    file: str,
    col: Collector | None,
) -> None:
    """A row of figures with a blank area cell right under a named area, in a table where
    it cannot be "same as above" (no year or chosen category of its own): a second measure
    or category of that area. It is a problem, never silently skipped while the first
    measure loads."""
    text = chunk[cols.area].astype(str).str.strip()
    named = text.where(text != "").mask(blank_line, "")
    if res.above.get(cols.area):
        named = pd.concat([pd.Series([res.above[cols.area]]), named]).ffill().iloc[1:]
        named.index = text.index
    else:
        named = named.ffill()
    under = (text == "") & ~blank_line & named.notna() & (named != "")
    if col is not None:
        for row, above in named[under].items():
            col.problem(
                Problem(
                    file,
                    f"no area named, under a row of {above}: if this row is {above} again (a "
                    "second measure or category), choose the rows to load with --rows",
                    int(row),
                    cols.area,
                    "",
                )
            )
    last = named.iloc[-1] if len(named) else res.above.get(cols.area, "")
    res.above[cols.area] = "" if pd.isna(last) else str(last)


def _rate_parts(
    long: pd.DataFrame,
    raw: pd.DataFrame,
    cols: Columns,
    file: str,
    col: Collector | None,
    missing: pd.Series,
    bad: pd.Series,
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """A rate's numerator and denominator beside its value (long tables): read, checked
    against the value the file shows, or used to compute it when the file shows none.
    Returns the masks (missing, value not a number, refused here and already reported)."""
    num, num_missing, num_bad = parse_numbers(pd.Series(raw[cols.numerator].to_numpy()))
    den, den_missing, den_bad = parse_numbers(pd.Series(raw[cols.denominator].to_numpy()))
    num.index = den.index = num_missing.index = den_missing.index = long.index
    num_bad.index = den_bad.index = long.index
    zero = num.notna() & (den == 0)
    problems = []
    for column, flags, texts in (
        (cols.numerator, num_bad, raw[cols.numerator]),
        (cols.denominator, den_bad, raw[cols.denominator]),
    ):
        for i in flags[flags].index:
            problems.append((i, column, texts.iloc[i], "ไม่ใช่ตัวเลข / not a number"))
    for i in zero[zero].index:
        problems.append(
            (
                i,
                cols.denominator,
                raw[cols.denominator].iloc[i],
                "ตัวหารเป็น 0 / the denominator is 0",
            )
        )
    both = num.notna() & den.notna() & (den > 0)
    if cols.value is None:  # the rate is the numerator over the denominator
        long["value"] = (cols.scale * num / den).where(both)
        long["value_text"] = raw[cols.numerator].astype(str).to_numpy()
        missing = (num_missing | den_missing) & ~num_bad & ~den_bad
        rejected = num_bad | den_bad | zero
        bad = pd.Series(False, index=long.index)
    else:
        shown = long["value_text"].astype(str)
        check = both & long["value"].notna()
        agree = ratio_agrees(long["value"], num, den, shown, cols.scale)
        wrong = check & ~agree
        for i in wrong[wrong].index:
            expected = cols.scale * num[i] / den[i]
            parts = (
                f"{figure_text(num[i])} ÷ {figure_text(den[i])} = {figure_text(round(expected, 4))}"
            )
            problems.append(
                (
                    i,
                    cols.value,
                    shown[i],
                    f"ค่านี้ไม่เท่ากับ {cols.scale:g} × {cols.numerator} ÷ {cols.denominator} = "
                    f"{cols.scale:g} × {parts} / the value is not {cols.scale:g} × {parts} "
                    f"({cols.numerator} over {cols.denominator})",
                )
            )
        rejected = (num_bad | den_bad | zero | wrong) & ~bad
    long["numerator"], long["denominator"] = num.where(both), den.where(both)
    if col is not None:
        for i, column, text, why in problems:
            if rejected[i]:
                col.problem(Problem(file, why, int(long.at[i, "row"]), column, text))
    return missing, bad, rejected


def _cut_short(file: str, row: int, cells: int, columns: pd.Index) -> Problem:
    return Problem(
        file,
        f"this row has {cells} of the header's {len(columns)} cells (the line is cut short)",
        row,
        str(columns[cells]),
    )
