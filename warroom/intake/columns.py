"""Which column of an uploaded table holds the area, its parents, the period and the value."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from warroom.errors import DataError, Problem
from warroom.intake.areas import AreaResolver, non_area
from warroom.intake.values import parse_numbers, year_in_header

WHOLE = "the whole kingdom"  # a kingdom row names the country: a country-level file's areas

# Header words (lower case) naming each role; the tambon words come first because
# "subdistrict" contains "district".
_LEVEL_WORDS = [
    ("tambon", ("ตำบล", "แขวง", "tambon", "subdistrict", "sub-district", "khwaeng")),
    ("district", ("อำเภอ", "เขต", "amphoe", "amphur", "district", "khet")),
    ("province", ("จังหวัด", "changwat", "province")),
]
_CODE_WORDS = ("รหัส", "code", "pcode", "p-code", "geocode")
_PERIOD_WORDS = ("ปี", "พ.ศ", "year", "period", "fiscal")
_VALUE_NAMES = (
    "value", "ค่า", "จำนวน", "amount", "total", "count", "rate", "อัตรา", "ร้อยละ", "รวม",
    "ยอดรวม", "ผลรวม",
)  # fmt: skip
_VALUE_WORD = re.compile(rf"^({'|'.join(map(re.escape, _VALUE_NAMES))})(\s|\(|$)")
_INDEX_NAMES = {"ลำดับ", "ลำดับที่", "ที่", "no", "no.", "#", "index", "seq"}


class ChoiceNeededError(DataError):
    """The table needs the user's word: which column names the areas or holds the figures,
    or which year it is (``need``: ``area_column``, ``value_column`` or ``period``).

    ``candidates`` are the columns to choose among, ``columns`` all the table's columns: the
    upload page asks with its own controls; the command line prints the problem.
    """

    def __init__(
        self, problems: Sequence[Problem], need: str, candidates: list[str], columns: list[str]
    ):
        super().__init__(problems)
        self.need, self.candidates, self.columns = need, list(candidates), list(columns)

    def __reduce__(self):  # pickled whole (from a worker process)
        return (type(self), (self.problems, self.need, self.candidates, self.columns))


def _key(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip().casefold()


@dataclass
class Columns:
    """The roles of a table's columns."""

    area: str
    context: list[tuple[str, str]] = field(default_factory=list)  # (level, column), coarse first
    period: str | None = None  # long tables
    value: str | None = None  # long tables
    years: dict[str, int] = field(default_factory=dict)  # wide tables: column → CE year
    level: str | None = None  # the level the area column's header names, if it does
    twins: list[str] = field(default_factory=list)  # more columns naming the same areas
    fixed_period: int | None = None  # long tables without a year column: the one CE year
    period_source: str | None = None  # where that year was read (--period, the title ...)
    numerator: str | None = None  # a rate's numerator and denominator (long tables)
    denominator: str | None = None
    scale: float = 1.0  # a rate is scale × numerator / denominator (100 for a percentage)
    select: tuple[str, str] | None = None  # (column, value): only the rows with that value
    notes: list[str] = field(default_factory=list)  # title and note lines above the table

    @property
    def shape(self) -> str:
        """'wide' (one column per year) or 'long' (area, period, value)."""
        return "wide" if self.years else "long"


def find_column(columns: list[str], wanted: str, file: str, what: str) -> str:
    """The column the user named (spacing and case forgiven), or a clear error."""
    for name in columns:
        if _key(name) == _key(wanted) or _key(name).endswith(" " + _key(wanted)):
            return name
    raise DataError(
        [Problem(file, f"no {what} column {wanted!r}; columns are: {', '.join(columns)}")]
    )


def _level_word(name: str) -> str | None:
    low = name.casefold()
    for level, words in _LEVEL_WORDS:
        if any(w in low for w in words):
            return level
    return None


def _resolves(sample: pd.Series, resolver: AreaResolver) -> float:
    texts = [t for t in sample.astype(str).str.strip().unique() if t][:300]
    if not texts:
        return 0.0
    return sum(bool(resolver.candidates(t)) or non_area(t) == WHOLE for t in texts) / len(texts)


def assign_columns(
    columns: list[str],
    sample: pd.DataFrame,
    resolver: AreaResolver,
    file: str,
    *,
    area: str | None = None,
    period: str | None = None,
    value: str | None = None,
    fixed_period: int | None = None,
    year_sources: Sequence[tuple[str, str]] = (),
    numerator: str | None = None,
    denominator: str | None = None,
    ratio_scale: float | None = None,
    exclude: Sequence[str] = (),
    computed_rate: bool = False,
) -> Columns:
    """Decide each column's role from the user's choices, header words and a data sample.

    A table with neither a year column nor one column per year holds one period: the
    user's ``fixed_period`` (CE), else the one year a ``year_sources`` text names (a title
    line, the sheet or file name: ``(where, text)`` pairs, first found wins).

    For a rate (``ratio_scale``: the indicator's scale), the ``numerator`` and
    ``denominator`` columns are the user's, else the one pair of other figure columns whose
    ratio the value column shows on the sample rows; a table of a numerator and a
    denominator without the rate is read too (the rate is computed), and always with
    ``computed_rate`` (a built-in rate's own numerator and denominator columns).
    """
    if bool(numerator) != bool(denominator):
        raise DataError(
            [
                Problem(
                    file,
                    "ระบุทั้งตัวตั้งและตัวหาร / name both the numerator and the denominator "
                    "(--numerator-column and --denominator-column)",
                )
            ]
        )
    numerator = find_column(columns, numerator, file, "numerator") if numerator else None
    denominator = find_column(columns, denominator, file, "denominator") if denominator else None
    area = find_column(columns, area, file, "area") if area else None
    period = find_column(columns, period, file, "period") if period else None
    value = find_column(columns, value, file, "value") if value else None
    years = {}
    if not period and not value:
        years = {
            c: y for c in columns if (y := year_in_header(c)) and c != area and c not in exclude
        }
    taken = {area, period, value, *years, numerator, denominator, *exclude} - {None}
    free = [c for c in columns if c not in taken]
    scores = {c: _resolves(sample[c], resolver) for c in free}
    if area is None:
        codes = [c for c in free if any(w in c.casefold() for w in _CODE_WORDS) and scores[c] > 0.5]
        named = sorted(
            (c for c in free if _level_word(c) and scores[c] > 0.3),
            key=lambda c: [lvl for lvl, _ in _LEVEL_WORDS].index(_level_word(c) or ""),
        )
        if codes:
            area = codes[0]
        elif named:
            area = named[0]  # the finest level named in the header
        elif scores and max(scores.values()) > 0.3:
            area = max(scores, key=lambda c: scores[c])
        else:
            raise ChoiceNeededError(
                [
                    Problem(
                        file,
                        "no column names areas; choose one with --area-column. Columns: "
                        + ", ".join(columns),
                    )
                ],
                "area_column",
                columns,
                columns,
            )
    # Coarser name columns give context to ambiguous names (many tambons share a name).
    own = _level_word(area)
    order = ["province", "district", "tambon"]
    context = []
    if not any(w in area.casefold() for w in _CODE_WORDS):
        for c in free:
            lvl = _level_word(c)
            if (
                c != area
                and lvl
                and scores.get(c, 0) > 0.3
                and (own is None or order.index(lvl) < order.index(own))
            ):
                context.append((lvl, c))
        context.sort(key=lambda lc: order.index(lc[0]))
    taken |= {area, *(c for _, c in context)}
    level = own if own and not any(w in area.casefold() for w in _CODE_WORDS) else None
    rest = [c for c in columns if c not in taken]
    if period is None and not years:
        period = next((c for c in rest if any(w in c.casefold() for w in _PERIOD_WORDS)), None)
    if fixed_period is not None and (years or period):
        found = period or ", ".join(years)
        raise DataError(
            [Problem(file, f"--period is for a table without years, but this one has: {found}")]
        )
    if years and numerator:
        raise DataError(
            [
                Problem(
                    file,
                    "ตัวตั้งและตัวหารอ่านได้จากตารางแบบยาว (พื้นที่ ปี ตัวตั้ง ตัวหาร) / a numerator "
                    "and denominator are read from a long table (area, year, numerator, "
                    f"denominator), not one with a column per year ({', '.join(years)})",
                )
            ]
        )
    if years:
        twins = _twins(columns, taken | set(years), scores, sample)
        return Columns(area=area, context=context, years=years, level=level, twins=twins)
    source = "--period" if fixed_period is not None else None
    if period is None and fixed_period is None:
        for where, text in year_sources:
            if (fixed_period := year_in_header(text)) is not None:
                source = f"{where}: {text[:60]!r}"
                break
    if period is None and fixed_period is None:
        raise ChoiceNeededError(
            [
                Problem(
                    file,
                    "no period: the table has no year column, no column per year (2566, "
                    "2567, ...) and no year in its title; give the year with --period 2566, "
                    "or name a year column with --period-column. Columns: " + ", ".join(columns),
                )
            ],
            "period",
            [],
            columns,
        )
    rest = [c for c in rest if c != period and not _is_index(c, sample[c])]
    numeric = [c for c in rest if (~parse_numbers(sample[c])[2]).mean() > 0.8]
    if value is None and numerator and (computed_rate or not numeric):
        pass  # the rate is computed from the numerator and denominator
    elif value is None:
        worded = [c for c in numeric if _VALUE_WORD.match(_key(c))]
        choice = rest if len(rest) == 1 else worded if len(worded) == 1 else numeric
        if len(choice) != 1:
            raise ChoiceNeededError(
                [
                    Problem(
                        file,
                        f"cannot tell the value column among: {', '.join(numeric or rest)}; "
                        "choose with --value-column"
                        + (
                            " (a rate's numerator and denominator with --numerator-column "
                            "and --denominator-column)"
                            if ratio_scale is not None
                            else ""
                        ),
                    )
                ],
                "value_column",
                numeric or rest,
                columns,
            )
        value = choice[0]
    if ratio_scale is not None and value and not numerator:
        others = [c for c in numeric if c != value]
        numerator, denominator = _ratio_pair(sample, value, others, ratio_scale)
    return Columns(
        area=area,
        context=context,
        period=period,
        value=value,
        level=level,
        twins=_twins(columns, taken | {period, value, numerator, denominator}, scores, sample),
        fixed_period=fixed_period,
        period_source=source,
        numerator=numerator,
        denominator=denominator,
        scale=ratio_scale or 1.0,
    )


def _ratio_pair(
    sample: pd.DataFrame, value: str, others: list[str], scale: float
) -> tuple[str | None, str | None]:
    """The one (numerator, denominator) pair of ``others`` whose scale × a / b is the value
    (to the decimals shown) on at least 90 % of the sample rows that have all three."""
    rate = parse_numbers(sample[value])[0]
    fits = []
    for a in others:
        for b in others:
            if a == b:
                continue
            num, den = parse_numbers(sample[a])[0], parse_numbers(sample[b])[0]
            both = rate.notna() & num.notna() & (den > 0)
            if both.sum() < 1:
                continue
            ok = ratio_agrees(rate[both], num[both], den[both], sample[value][both], scale)
            if ok.mean() >= 0.9:
                fits.append((a, b))
    return fits[0] if len(fits) == 1 else (None, None)


def ratio_agrees(
    rate: pd.Series, num: pd.Series, den: pd.Series, shown: pd.Series, scale: float
) -> pd.Series:
    """Whether each rate is scale × num / den, to half a unit of the decimals it shows."""
    decimals = shown.astype(str).str.extract(r"\.(\d+)", expand=False).str.len().fillna(0)
    tolerance = 0.5 * 10.0 ** (-decimals.astype(float)) + 1e-9
    return (rate - scale * num / den).abs() <= tolerance


def _twins(
    columns: list[str], taken: set, scores: dict[str, float], sample: pd.DataFrame
) -> list[str]:
    """Other columns that name the same areas (a Thai and an English name, a code and a
    name): words, not figures, most of which name an area. Each is checked row by row."""
    return [
        c
        for c in columns
        if c not in taken
        and scores.get(c, 0) > 0.5
        and parse_numbers(sample[c])[2].mean() > 0.5  # mostly not numbers
    ]


def _is_index(name: str, values: pd.Series) -> bool:
    """A running number column (ลำดับ, ที่, No., or unnamed 001, 002, ...), not a value."""
    if _key(name) in _INDEX_NAMES:
        return True
    if not name.startswith("column "):
        return False
    numbers = pd.to_numeric(values.astype(str).str.strip(), errors="coerce").dropna()
    return len(numbers) > 1 and bool((numbers.diff().dropna() == 1).all())
