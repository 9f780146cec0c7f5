"""Reshape raw rows into tidy rows (row, column, area_code, period, value, value_text).

Long tables (area, period, value) and wide ones (one column per year) become one row per
area and period; each area cell is resolved once per distinct text; blank lines, kingdom,
region and total rows are skipped and listed; unreadable cells become problems.
"""

from __future__ import annotations

import re

import numpy as np
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


def _resolve_cells(
    res: Resolution, texts: np.ndarray, level: str | None, within: np.ndarray, asked: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(kind, first code, reason) of each asked cell, each distinct (text, enclosing area)
    resolved once (a million rows name a few thousand areas); other cells get ``""``."""
    n = len(texts)
    kind, code, reason = (np.full(n, "", dtype=object) for _ in range(3))
    where = np.flatnonzero(asked)
    if not len(where):
        return kind, code, reason
    key = pd.Series(texts[where], dtype=object)
    enclosing = within[where]
    if not pd.isna(enclosing).all():
        key = key + "\x1f" + pd.Series(enclosing, dtype=object).fillna("")
    labels = pd.factorize(key)[0]
    first = np.unique(labels, return_index=True)[1]
    answers = [res.resolve(texts[where[i]], level, within[where[i]]) for i in first]
    kind[where] = np.array([a.kind for a in answers], dtype=object)[labels]
    code[where] = np.array([a.codes[0] if a.codes else "" for a in answers], dtype=object)[labels]
    reason[where] = np.array([a.reason for a in answers], dtype=object)[labels]
    return kind, code, reason


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
    within = np.full(len(chunk), None, dtype=object)
    context_ok = np.ones(len(chunk), dtype=bool)
    for level, column in cols.context:
        texts = chunk[column].astype(str).str.strip().to_numpy(dtype=object)
        asked = (texts != "") & context_ok
        kind, code, reason = _resolve_cells(res, texts, level, within, asked)
        found_here = asked & (kind == "area")
        within[found_here] = code[found_here]
        refused = asked & ~found_here
        context_ok &= ~refused
        if col is not None:
            for i in np.flatnonzero(refused):
                if kind[i] == "skip":  # "รวม" in the district column
                    col.skip(int(rows[i]), reason[i], texts[i])
                else:
                    col.problem(Problem(file, reason[i], int(rows[i]), column, texts[i]))
    # Each distinct (text, enclosing area) is resolved once; the rows take the answers.
    texts = area_text.to_numpy(dtype=object)
    blank = blank_line.to_numpy()
    asked = ~blank & context_ok
    kind, code, reason = _resolve_cells(res, texts, res.level, within, asked)
    found = np.where(asked & (kind == "area"), code, "")
    if res.kingdom:  # a kingdom row is the country (TH) where no province encloses it
        country = asked & (kind != "area") & (reason == KINGDOM) & pd.isna(within)
        found[country] = COUNTRY_CODE
    if col is not None:
        unread = asked & (found == "")
        skipped = unread & ((kind == "skip") | (kind == "blank"))
        for i in np.flatnonzero(blank | skipped):
            if blank[i]:
                col.skip(int(rows[i]), "blank line", "")
            else:
                shown = texts[i] or " ".join(v for v in others.loc[rows[i]] if v)[:60]
                col.skip(int(rows[i]), reason[i], shown)
        for i in np.flatnonzero(unread & ~skipped):
            col.problem(Problem(file, reason[i], int(rows[i]), cols.area, texts[i]))
    if res.scope:  # another province's rows: set aside, their cells never read
        named = found != ""
        away = named & ~pd.Series(found).str.startswith(res.scope).to_numpy(dtype=bool)
        if col is not None:
            col.outside(found[away])
            col.in_scope += int((named & ~away).sum())
        found[away] = ""
    for row, cells in short.items():  # a line cut short: its figures cannot be trusted
        at = int(np.searchsorted(rows, row))
        if at < len(rows) and rows[at] == row and found[at]:
            if col is not None:
                col.problem(_cut_short(file, int(row), cells, chunk.columns))
            found[at] = ""
    for twin in cols.twins:  # a second name column must agree with the area column
        texts = chunk[twin].astype(str).str.strip().to_numpy(dtype=object)
        asked = (found != "") & (texts != "")
        kind, code, _ = _resolve_cells(res, texts, res.level, within, asked)
        wrong = asked & (kind == "area") & (code != found)
        if col is not None:
            for i in np.flatnonzero(wrong):
                said, area = res.resolver.label(code[i]), res.resolver.label(found[i])
                col.problem(
                    Problem(
                        file,
                        f"says {said}, but {cols.area} says {area}",
                        int(rows[i]),
                        twin,
                        texts[i],
                    )
                )
        found[wrong] = ""
    codes = pd.Series(found, index=chunk.index, dtype=object)
    keep = codes != ""
    if cols.shape == "wide":
        values = chunk.loc[keep, list(cols.years)]
        long = values.stack(future_stack=True).rename("value_text").reset_index()
        long.columns = ["row", "column", "value_text"]
        long["period"] = long["column"].map(cols.years).astype("Int64")
        long["area_code"] = long["row"].map(codes)
        long["period_bad"] = False
    else:
        long = pd.DataFrame(
            {
                "row": chunk.index[keep],
                "column": cols.value or cols.numerator,
                "value_text": chunk.loc[keep, cols.value or cols.numerator].to_numpy(),
                "area_code": codes[keep].to_numpy(),
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
