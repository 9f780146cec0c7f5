"""Values an indicator can take: one check for the build and for every upload.

A value outside its indicator's range is impossible, not merely unusual: a share over 100 %,
a negative count, more doctors than people, a mean of a 0-10 score above 10. The range is,
first found first:

1. declared in the catalogue (``value_min`` / ``value_max``, blank = open at that end, with
   ``value_range_source``): a value per person (kg of waste a day), a growth rate (a volume
   cannot fall by more than all of it), a score;
2. the unit's: a percentage is a share between 0 and 100; a rate per 100,000 people lies
   between 0 and 100,000; a density, a concentration or baht per person is not negative;
3. a count (summed up the hierarchy, or counted in people or households) is not negative.

``warroom build`` stores no value that fails (``build/report.json``'s ``implausible`` lists
each with its reason; every screen shows the area grey with it), and an upload that holds one
is refused at its cell (``warroom.intake.rules``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

COUNT_UNITS = ("people", "households", "persons", "villages", "คน")
# A unit's own range: (low, high), None = open.
UNIT_RANGES: dict[str, tuple[float | None, float | None]] = {
    "%": (0.0, 100.0),
    "per 100k people": (0.0, 100_000.0),
    "people/km²": (0.0, None),
    "µg/m³": (0.0, None),
    "kg/person/day": (0.0, None),
    "baht/person": (0.0, None),
    "baht/month": (0.0, None),
    "t/day": (0.0, None),
    "baht": (0.0, None),
    "baht/person/month": (0.0, None),
    "kWh/person": (0.0, None),
    "users/house": (0.0, None),
}
# Rules, each with the sentence an upload's problem list shows (the screens word them in
# warroom/text/i18n.py as ``plausible_<rule>``).
MESSAGES = {
    "share": "a percentage must lie between 0 and 100",
    "count": "a count cannot be negative",
    "unit": "outside the range of its unit ({low} to {high} {unit})",
    "declared": "outside the range declared in the catalogue ({low} to {high} {unit})",
}


@dataclass(frozen=True)
class ValueRange:
    """The values an indicator can take: ``low`` to ``high`` (None: open), and which rule."""

    low: float | None
    high: float | None
    rule: str  # a key of MESSAGES
    unit: str = ""
    source: str = ""  # for a declared range: where it comes from

    def message(self) -> str:
        """The rule in words, with its bounds."""
        low = "–" if self.low is None else f"{self.low:g}"
        high = "–" if self.high is None else f"{self.high:g}"
        return MESSAGES[self.rule].format(low=low, high=high, unit=self.unit).replace(" )", ")")

    def outside(self, values: pd.Series) -> pd.Series:
        """True for each value outside the range (NaN is not a value: never outside)."""
        out = pd.Series(False, index=values.index)
        if self.low is not None:
            out |= values < self.low
        if self.high is not None:
            out |= values > self.high
        return out


def _number(x: object) -> float | None:
    if x is None or x == "" or (isinstance(x, float) and math.isnan(x)) or x is pd.NA:
        return None
    return float(x)  # type: ignore[arg-type]


def value_range(indicator: Mapping[str, object]) -> ValueRange | None:
    """The range of an indicator (a catalogue row, a store row or a declaration), or None
    when nothing bounds it (a neutral score without a declared range)."""
    unit = str(indicator.get("unit") or "").strip()
    low, high = _number(indicator.get("value_min")), _number(indicator.get("value_max"))
    if low is not None or high is not None:
        source = str(indicator.get("value_range_source") or "")
        return ValueRange(low, high, "declared", unit, source)
    if unit == "%":
        return ValueRange(0.0, 100.0, "share", unit)
    if unit in UNIT_RANGES:
        return ValueRange(*UNIT_RANGES[unit], "unit", unit)
    if indicator.get("rollup") == "sum" or unit in COUNT_UNITS:
        return ValueRange(0.0, None, "count", unit)
    return None


def implausible(
    observations: pd.DataFrame, indicators: Mapping[str, Mapping[str, object]]
) -> pd.DataFrame:
    """The rows of ``observations`` (``indicator_id``, ``value``, …) whose value is outside
    its indicator's range, with columns ``rule`` and ``reason`` added (same index)."""
    found = []
    for ind_id, rows in observations.groupby("indicator_id", sort=False):
        known = indicators.get(str(ind_id))
        bounds = value_range(known) if known is not None else None
        if bounds is None:
            continue
        bad = rows[bounds.outside(rows["value"])]
        if len(bad):
            found.append(bad.assign(rule=bounds.rule, reason=bounds.message()))
    if not found:
        return observations.iloc[0:0].assign(rule=pd.Series(dtype=str), reason="")
    return pd.concat(found)
