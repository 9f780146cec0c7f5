"""Numbers and years as agencies write them: thousands separators, quotes, Thai digits, BE."""

from __future__ import annotations

import re
from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from warroom.years import BE_OFFSET

FIRST_YEAR = 1850  # CE; the oldest series a province might hold
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
# Cells that mean "no figure" rather than a wrong one.
MISSING = {"", "-", "–", "—", "n/a", "na", "n.a.", "..", "...", "…", "ไม่มีข้อมูล", "ไม่มี", "null"}
_YEAR_IN_TEXT = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_NUMBER = re.compile(r"^[+-]?(\d[\d,]*)?(\.\d+)?%?$")
_YEAR_ONLY = re.compile(r"^\d{4}$")


def last_year() -> int:
    """The latest CE year a table may hold: next year (budget years run ahead)."""
    return date.today().year + 1


def year_from(number: int) -> int | None:
    """CE year from a BE (2566) or CE (2023) year, told apart by range; None when neither."""
    if FIRST_YEAR <= number <= last_year():
        return number
    if FIRST_YEAR + BE_OFFSET <= number <= last_year() + BE_OFFSET:
        return number - BE_OFFSET
    return None


def year_in_header(name: str) -> int | None:
    """The CE year a column name or title holds, if one: "2566", "ปี 2566", "พ.ศ. 2566",
    "FY2023", "2558 (2015)" (the same year twice, BE and CE); None for none or several."""
    found = {year_from(int(m)) for m in _YEAR_IN_TEXT.findall(name.translate(_THAI_DIGITS))}
    found.discard(None)
    return found.pop() if len(found) == 1 else None


def is_figure(text: str) -> bool:
    """A cell that is a number or a "no figure" mark, not a label; a year alone is a label."""
    cell = text.strip()
    if cell.casefold() in MISSING:
        return bool(cell)
    plain = cell.translate(_THAI_DIGITS).replace(" ", "")
    if not _NUMBER.match(plain):
        return False
    return not (_YEAR_ONLY.match(plain) and year_from(int(plain)) is not None)


def clean_text(values: pd.Series) -> pd.Series:
    """Strip spaces, quotes, thousands separators and '%' ; Thai digits become Arabic."""
    text = values.astype(str).str.translate(_THAI_DIGITS).str.strip()
    text = text.str.replace(r"[\"'“”‘’\s,]", "", regex=True).str.removesuffix("%")
    return text


def parse_numbers(values: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(numbers, missing, bad): parsed floats, cells meaning "no figure", cells not numbers.

    Vectorised first: a cell that reads as a number once its thousands separators are
    gone (most cells) is that number; only the rest go through the full cleaning.
    """
    text = values.astype(str).str.replace(",", "", regex=False)
    read = _plain_numbers(text)
    if read is None:
        read = pd.to_numeric(text, errors="coerce")
    plain = pd.Series(np.asarray(read, dtype=float), index=values.index)
    rest = plain.isna()
    if not rest.any():
        finite = np.isfinite(plain)
        return plain.where(finite), pd.Series(False, index=values.index), ~finite
    if rest.all():
        return _parse_numbers(values)
    numbers, missing, bad = _parse_numbers(values[rest])
    finite = np.isfinite(plain[~rest])
    out = plain.copy()
    out[~rest] = plain[~rest].where(finite)
    out[rest] = numbers
    gone = pd.Series(False, index=values.index)
    gone[rest] = missing
    wrong = pd.Series(False, index=values.index)
    wrong[~rest] = ~finite
    wrong[rest] = bad
    return out, gone, wrong


def _parse_numbers(values: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    text = clean_text(values)
    missing = text.str.lower().isin(MISSING) | values.astype(str).str.strip().isin(MISSING)
    numbers = pd.to_numeric(text.where(~missing), errors="coerce").astype(float)
    bad = numbers.isna() & ~missing
    numbers = numbers.where(np.isfinite(numbers))
    bad |= numbers.isna() & ~missing
    return numbers, missing, bad


def parse_years(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(CE years as Int64, bad): each cell's single 4-digit BE or CE year."""
    text = values.astype(str)
    four = (text.str.len() == 4) & text.str.isascii() & text.str.isdigit()
    if four.all():  # plain years (most tables): four ASCII digits, read as integers
        whole = pc.cast(pa.array(text.array), pa.int64()).to_numpy()  # in C, as astype(int)
        years = _as_years(pd.Series(whole, index=text.index))
        return years, years.isna()
    text = text.str.translate(_THAI_DIGITS)
    first = text.str.extract(r"(?<!\d)(\d{4})(?!\d)", expand=False)
    years = _as_years(pd.to_numeric(first, errors="coerce"))
    return years, years.isna()


def _plain_numbers(text: pd.Series) -> np.ndarray | None:
    """The cells as floats when every one is a plain number of at most 15 characters
    (``1234``, ``-0.5``: digits, a minus, a point; no exponent, no space), read in C by
    Arrow; else None. Such cells read exactly as ``pandas.to_numeric`` reads them: a
    column of whole numbers through integers as it does (``-0`` is 0), others as the
    nearest double, which both give for 15 digits."""
    cells = pa.array(text.array)
    if cells.null_count or not len(cells):
        return None
    plain = pc.and_(
        pc.match_substring_regex(cells, r"^-?[0-9]*\.?[0-9]*$"),
        pc.match_substring_regex(cells, "[0-9]"),
    )
    if not pc.all(pc.and_(plain, pc.less_equal(pc.utf8_length(cells), 15))).as_py():
        return None
    whole = not pc.any(pc.match_substring(cells, ".")).as_py()
    return pc.cast(cells, pa.int64() if whole else pa.float64()).to_numpy().astype(float)


def _as_years(n: pd.Series) -> pd.Series:
    """Numbers as CE years (Int64): CE kept, BE converted, anything else missing."""
    n = pd.Series(np.asarray(n, dtype=float), index=n.index)
    ce = n.between(FIRST_YEAR, last_year())
    be = n.between(FIRST_YEAR + BE_OFFSET, last_year() + BE_OFFSET)
    return n.where(ce, n - BE_OFFSET).where(ce | be).astype("Int64")


def figure_text(x: float) -> str:
    """A figure as a reader writes it: 6,662,090 and 29,030.24, never 6.66209e+06."""
    x = float(f"{x:.15g}")  # as Excel shows it
    if x.is_integer():
        return f"{x:,.0f}"
    digits = f"{abs(x):.15g}"
    if "e" in digits:  # a tiny fraction
        return f"{x:,.10f}".rstrip("0")
    whole, _, fraction = digits.partition(".")
    return f"{'-' if x < 0 else ''}{int(whole):,}.{fraction}"
