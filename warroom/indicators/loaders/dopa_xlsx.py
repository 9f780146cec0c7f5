"""DOPA registered population by tambon, December 2021-2024: DOPA's own XLSX exports.

One row per registration office × tambon (a tambon served by a municipal and a
non-municipal office has several rows: they are summed). Rows with tambon code ``0`` are office
or province subtotals and the row with province code ``0`` is the kingdom: they are not data
rows but are checked against the sum of the tambon rows.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from warroom.errors import DataError, Problem, SourceMissingError
from warroom.indicators.loaders.common import FIRST_DATA_ROW

SOURCE = "dopa_population_2021_2024"
FILE_PATTERN = "pop_*.xlsx"
BE_OFFSET = 543
# DOPA's Thai headers → our column names.
HEADERS = {
    "ปีเดือน": "yearmonth",
    "รหัสจังหวัด": "province",
    "รหัสสำนักทะเบียน": "office",
    "รหัสตำบล": "tambon",
    "ชื่อตำบล": "name_th",
    "จำนวนประชากรชาย": "male",
    "จำนวนประชากรหญิง": "female",
    "จำนวนประชากรทั้งหมด": "total",
    "จำนวนบ้าน (หลังคาเรือน)": "households",
}
COUNTS = ["male", "female", "total", "households"]
HEADER_OF = {ours: thai for thai, ours in HEADERS.items()}
_YEARMONTH = re.compile(r"^(\d{2})(\d{2})$")


def files(folder: Path) -> list[Path]:
    """The yearly exports, oldest first."""
    found = sorted((Path(folder) / SOURCE).glob(FILE_PATTERN))
    if not found:
        raise SourceMissingError(f"{Path(folder) / SOURCE}: no {FILE_PATTERN} files")
    return found


def read_file(path: Path) -> pd.DataFrame:
    """One export, every row, validated: columns of ``HEADERS`` plus ``year`` (CE)."""
    stat = Path(path).stat()
    return _read_file(str(path), stat.st_mtime_ns, stat.st_size).copy()


@lru_cache(maxsize=8)
def _read_file(path: str, _mtime: int, _size: int) -> pd.DataFrame:
    raw = pd.read_excel(path, dtype=str).fillna("")
    raw.columns = [str(c).strip().lstrip("\ufeff") for c in raw.columns]
    missing = [h for h in HEADERS if h not in raw.columns]
    if missing:
        raise DataError([Problem(str(path), f"missing column(s): {', '.join(missing)}")])
    df = raw[list(HEADERS)].rename(columns=HEADERS)
    df.index = pd.RangeIndex(FIRST_DATA_ROW, FIRST_DATA_ROW + len(df))
    problems: list[Problem] = []
    yearmonth = df["yearmonth"].str.strip().str.lstrip("\ufeff")
    periods = set(yearmonth)
    match = _YEARMONTH.match(next(iter(periods), ""))
    if len(periods) != 1 or not match or match.group(2) != "12":
        problems.append(
            Problem(str(path), "expected one December year-month (e.g. 6712)", None, "ปีเดือน")
        )
    for col in ("province", "office", "tambon"):
        bad = ~df[col].str.fullmatch(r"\d+")
        problems += [
            Problem(str(path), "not a code", r, HEADER_OF[col], df.at[r, col])
            for r in df.index[bad]
        ]
        df.loc[bad, col] = "0"
    for col in COUNTS:
        bad = ~df[col].str.fullmatch(r"\d+")
        problems += [
            Problem(str(path), "not a whole number", r, HEADER_OF[col], df.at[r, col])
            for r in df.index[bad]
        ]
    out = df.copy()
    out[COUNTS] = out[COUNTS].apply(pd.to_numeric, errors="coerce")
    tambon = out["tambon"] != "0"
    bad_code = tambon & ~out["tambon"].str.fullmatch(r"\d{8}")
    bad_sum = out["male"] + out["female"] != out["total"]
    bad_sum &= out[COUNTS].notna().all(axis=1)
    problems += [
        Problem(str(path), "not an 8-digit tambon code", r, "รหัสตำบล", out.at[r, "tambon"])
        for r in out.index[bad_code]
    ]
    problems += [
        Problem(str(path), "male + female differs from the total", r, "จำนวนประชากรทั้งหมด")
        for r in out.index[bad_sum]
    ]
    if problems:
        raise DataError(problems)
    out[COUNTS] = out[COUNTS].astype("int64")
    assert match is not None  # a file without one December year-month raised above
    out["year"] = 2500 + int(match.group(1)) - BE_OFFSET
    out.attrs["source_file"] = str(path)
    return out


def read(folder: Path) -> pd.DataFrame:
    """Tambon rows of every year, offices summed: code, year, name_th, counts, source_row."""
    frames = []
    for path in files(folder):
        df = read_file(path)
        rows = df[df["tambon"] != "0"].copy()
        rows["code"] = "TH" + rows["tambon"].str[:6]
        rows["source_row"] = rows.index
        frames.append(
            rows.groupby(["code", "year"], as_index=False, sort=True).agg(
                name_th=("name_th", "first"),
                source_row=("source_row", "first"),
                **{c: (c, "sum") for c in COUNTS},
            )
        )
    return pd.concat(frames, ignore_index=True)


def kingdom_totals(folder: Path) -> pd.DataFrame:
    """Per year: the kingdom row, and the sums of the province rows and of the tambon rows."""
    records = []
    for path in files(folder):
        df = read_file(path)
        kingdom = df[df["province"] == "0"]
        provinces = df[(df["province"] != "0") & (df["office"] == "0")]
        tambons = df[df["tambon"] != "0"]
        records.append(
            {
                "year": int(df["year"].iloc[0]),
                "kingdom_row": int(kingdom["total"].sum()) if len(kingdom) == 1 else None,
                "province_rows": int(provinces["total"].sum()),
                "tambon_rows": int(tambons["total"].sum()),
            }
        )
    return pd.DataFrame(records)
