"""Shared reading and parsing for loaders: strict CSV reading, numbers, expressions."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from warroom.areas.names import NameIndex
from warroom.errors import DataError, Problem, SourceMissingError
from warroom.indicators.catalogue import Indicator

OBSERVATION_COLUMNS = [
    "code",
    "indicator_id",
    "period",
    "value",
    "numerator",
    "denominator",
    "source",
    "source_row",
    "source_name",
]
FIRST_DATA_ROW = 2  # row 1 is the header, as a spreadsheet numbers it


def read_csv(path: Path, required: list[str]) -> pd.DataFrame:
    """Read a whole CSV as text (nothing guessed), checking that ``required`` columns exist."""
    if not path.is_file():
        raise SourceMissingError(f"{path}: file not found")
    try:
        df = pd.read_csv(path, dtype=str, encoding="utf-8-sig", keep_default_na=False)
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise DataError([Problem(str(path), f"cannot be read as UTF-8 CSV: {exc}")]) from exc
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise DataError([Problem(str(path), f"missing column(s): {', '.join(missing)}")])
    df.index = pd.RangeIndex(FIRST_DATA_ROW, FIRST_DATA_ROW + len(df))
    df.attrs["source_file"] = str(path)
    return df


def numbers(df: pd.DataFrame, columns: list[str], missing: tuple[str, ...] = ()) -> pd.DataFrame:
    """Parse ``columns`` as numbers; blanks and the source's declared ``missing`` markers
    become NaN; every other failure is reported."""
    file = df.attrs.get("source_file", "?")
    out, problems = {}, []
    for col in columns:
        text = df[col].astype(str).str.strip().str.replace(",", "", regex=False)
        text = text.mask(text.isin(missing), "")
        parsed = pd.to_numeric(text.where(text != ""), errors="coerce")
        bad = parsed.isna() & (text != "")
        problems += [
            Problem(file, "not a number", row, col, df.at[row, col]) for row in df.index[bad]
        ]
        out[col] = parsed.astype(float)
    if problems:
        raise DataError(problems)
    return pd.DataFrame(out, index=df.index)


def expression_columns(ind: Indicator) -> list[str]:
    """Source columns named by an indicator's expression (``A``, ``A / B`` or ``A * B``)."""
    for op in (" / ", " * "):
        if op in ind.expression:
            return [part.strip() for part in ind.expression.split(op)]
    return [ind.expression.strip()]


def plain(value: pd.Series) -> pd.DataFrame:
    """Values that are not ratios: value/numerator/denominator with no numerator or
    denominator (counts, areas, means published as they are)."""
    return pd.DataFrame({"value": value, "numerator": np.nan, "denominator": np.nan})


def evaluate(ind: Indicator, values: pd.DataFrame) -> pd.DataFrame:
    """Value, numerator and denominator of one indicator from parsed source columns.

    ``A``: a count, value = A. ``A / B``: a ratio, value = scale * A / B.
    ``A * B``: a weighted mean of A with weight B, stored as numerator A*B over B.
    """
    cols = expression_columns(ind)
    if len(cols) == 1:
        value = values[cols[0]]
        return plain(value)
    a, b = values[cols[0]], values[cols[1]]
    if " / " in ind.expression:
        num, den = a, b
        value = ind.scale * num / den.where(den != 0)
    else:
        num, den = a * b, b
        value = a.where(b.notna())
    return pd.DataFrame({"value": value, "numerator": num, "denominator": den})


def tidy(
    frame: pd.DataFrame,
    *,
    indicator_id: str,
    period: pd.Series | int,
    source: pd.Series | str,
    codes: pd.Series,
    names: pd.Series | None = None,
) -> pd.DataFrame:
    """Assemble observation rows; ``frame`` holds value/numerator/denominator by source row."""
    out = pd.DataFrame(
        {
            "code": codes.astype(str),
            "indicator_id": indicator_id,
            "period": period,
            "value": frame["value"],
            "numerator": frame["numerator"],
            "denominator": frame["denominator"],
            "source": source,
            "source_row": frame.index,
            "source_name": names if names is not None else "",
        },
        index=frame.index,
    )
    return out[OBSERVATION_COLUMNS].reset_index(drop=True)


def observations(
    indicators: list[Indicator],
    values: Callable[[Indicator], pd.DataFrame] | pd.DataFrame,
    *,
    period: pd.Series | int,
    source: pd.Series | str,
    codes: pd.Series,
    names: pd.Series | None = None,
) -> pd.DataFrame:
    """``tidy`` rows of each of a source's ``indicators``, one after another.

    ``values`` gives an indicator's value/numerator/denominator by source row; a source with
    a single indicator may pass that one frame (and then must have exactly one indicator).
    """
    if isinstance(values, pd.DataFrame):
        if len(indicators) != 1:
            ids = ", ".join(ind.id for ind in indicators) or "none"
            raise ValueError(f"one frame of values for exactly one indicator, not: {ids}")
        frame = values
        values = lambda _ind: frame  # noqa: E731
    return pd.concat(
        [
            tidy(
                values(ind),
                indicator_id=ind.id,
                period=period,
                source=source,
                codes=codes,
                names=names,
            )
            for ind in indicators
        ],
        ignore_index=True,
    )


def dopa_codes(df: pd.DataFrame, column: str) -> pd.Series:
    """Convert a column of DOPA numeric codes to P-codes, reporting every malformed one."""
    file = df.attrs.get("source_file", "?")
    text = df[column].astype(str).str.strip()
    ok = text.str.fullmatch(r"\d{2}|\d{4}|\d{6}")
    if not ok.all():
        raise DataError(
            [
                Problem(
                    file, "not a DOPA area code (2, 4 or 6 digits)", row, column, df.at[row, column]
                )
                for row in df.index[~ok]
            ]
        )
    return "TH" + text


def checked_codes(
    df: pd.DataFrame, code_column: str, name_column: str, index: NameIndex, level: str = "province"
) -> pd.Series:
    """P-codes from a column of DOPA codes, each checked against the row's name.

    The code is converted at the edge (``dopa_codes``); the name is matched with the name
    index. A row whose name matches no area, or another area than its code, is a problem:
    a table whose codes were added by hand is trusted only where its names agree.
    """
    file = df.attrs.get("source_file", "?")
    codes = dopa_codes(df, code_column)
    named = df[name_column].map(lambda n: index.match(n, level) or "")
    problems = [
        Problem(
            file,
            f"the name matches {named[r] or 'no area'}, the code is {codes[r]}",
            r,
            name_column,
            df.at[r, name_column],
        )
        for r in df.index[named != codes]
    ]
    if problems:
        raise DataError(problems)
    return codes
