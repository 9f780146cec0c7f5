"""Class breaks (mapclassify) and colours by direction, shared by the maps and the exports."""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

import mapclassify
import numpy as np
import pandas as pd

NO_DATA_COLOUR = "#c8c8c8"
# Cool → warm. Worse values are warmer whatever the direction.
COOL_TO_WARM = ["#2c7bb6", "#abd9e9", "#ffffbf", "#fdae61", "#d7191c"]
NEUTRAL = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"]


def _breaks_only(kind: type) -> type:
    """``kind`` without the fit statistics mapclassify computes after classing (a class
    list per bin, TSS, ADCM, GADF): the maps read only the bins and each value's class,
    and the statistics cost more than the classing (1 of 1.7 ms on 7,425 tambons)."""
    return type(kind.__name__, (kind,), {"_summary": lambda self: None})


CLASSIFIERS = {
    "quantiles": _breaks_only(mapclassify.Quantiles),
    "natural_breaks": _breaks_only(mapclassify.NaturalBreaks),
    "equal_interval": _breaks_only(mapclassify.EqualInterval),
}
K = 5


@dataclass
class Classes:
    """Class of each value and the breaks that define them."""

    klass: pd.Series  # class index per area, NaN for no data
    lower: list[float]
    upper: list[float]


def classify(values: pd.Series, scheme: str = "quantiles", k: int = K) -> Classes:
    """Class breaks by mapclassify (quantiles, natural breaks or equal interval)."""
    data = values.dropna()
    if data.empty:
        return Classes(pd.Series(np.nan, index=values.index), [], [])
    distinct = data.nunique()
    if distinct < 2:
        return Classes(values.where(values.isna(), 0.0), [data.min()], [data.max()])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # mapclassify warns when ties reduce the classes
        result = CLASSIFIERS[scheme](data.to_numpy(), k=min(k, distinct))
    upper = [float(b) for b in result.bins]
    lower = [float(data.min()), *upper[:-1]]
    klass = np.full(len(values), np.nan)
    klass[values.notna().to_numpy()] = result.yb  # by position: dropna keeps the order
    return Classes(pd.Series(klass, index=values.index), lower, upper)


def palette(direction: str, n: int) -> list[str]:
    """n colours from cool to warm in the direction of 'worse'."""
    base = (
        NEUTRAL
        if direction == "neutral"
        else (COOL_TO_WARM if direction == "higher_is_worse" else COOL_TO_WARM[::-1])
    )
    if n >= len(base):
        return base
    idx = np.linspace(0, len(base) - 1, n).round().astype(int)
    return [base[i] for i in idx]


def decimals_for(values: pd.Series) -> int:
    """Decimals worth showing: none for counts and large values, more for small ones."""
    data = values.dropna()
    if data.empty or (data.mod(1) == 0).all():
        return 0
    typical = data.abs().median()
    return 0 if typical >= 1000 else (1 if typical >= 10 else 2)


# --- Classes that honour a reference line or thresholds ----------------------------------

# Each kind of band's colours from its best end to its worst: better than the green threshold
# (cool), between the thresholds (pale), beyond the red one or a reference line (warm).
RAMPS = {
    "good": ["#2166ac", "#4393c3", "#92c5de", "#b8d8ea", "#d1e5f0"],
    "between": ["#ffffbf", "#fee090", "#fdd49e"],
    "bad": ["#fdae61", "#f46d43", "#d73027", "#a50026", "#67001f"],
}


@dataclass
class Band:
    """Values between two anchors (``None``: open-ended) and the classes that fall in it."""

    lower: float | None
    upper: float | None
    kind: str  # "good", "between" or "bad"
    classes: list[int]  # indexes into the shading's classes; empty when no value lies here
    colour: str  # the band's colour, for the legend when it holds no value


@dataclass
class Shading:
    """Classes and their colours; with anchors, the bands the anchors cut the values into."""

    classes: Classes
    colours: list[str]
    bands: list[Band] = field(default_factory=list)


def band_span(band: Band, number: Callable[[float, bool], str]) -> str:
    """A band's span as a legend reads it: "≤ 5 µg/m³", "5 – 15 µg/m³", "> 15 µg/m³";
    ``number(x, with_unit)`` writes a line's value."""
    if band.lower is None:
        return f"≤ {number(band.upper or 0.0, True)}"
    if band.upper is None:
        return f"> {number(band.lower, True)}"
    return f"{number(band.lower, False)} – {number(band.upper, True)}"


def legend_order(shading: Shading) -> list[int | Band]:
    """A legend's rows in order: each class's index, and in its place each band no value
    falls in (its side of a line keeps a row, so the legend shows where "good" would be)."""
    if not shading.bands:
        return list(range(len(shading.colours)))
    order: list[int | Band] = []
    for band in shading.bands:
        order += band.classes if band.classes else [band]
    return order


def band_kinds(n: int, direction: str) -> list[str]:
    """The kind of each of ``n`` bands in ascending order of value: the first is good where
    higher is worse (bad where higher is better), the last the opposite, the rest between."""
    first, last = ("good", "bad") if direction != "higher_is_better" else ("bad", "good")
    return [first] + ["between"] * (n - 2) + [last]


def allot(sizes: list[int], distinct: list[int], k: int) -> list[int]:
    """Classes per band: one for each band with values, the rest of ``k`` by share of the
    values (largest remainder), never more than a band's distinct values or its ramp."""
    counts = [1 if size else 0 for size in sizes]
    total = sum(sizes)
    spare = k - sum(counts)
    while spare > 0 and total:
        room = [
            (size / total * k - counts[i], i)
            for i, size in enumerate(sizes)
            if size and counts[i] < min(distinct[i], k)
        ]
        if not room:
            break
        counts[max(room)[1]] += 1
        spare -= 1
    return counts


def pick(ramp: list[str], n: int) -> list[str]:
    """``n`` colours spread along ``ramp`` (its middle for one)."""
    if n == 1:
        return [ramp[len(ramp) // 2]]
    idx = np.linspace(0, len(ramp) - 1, n).round().astype(int)
    return [ramp[i] for i in idx]


def shade(
    values: pd.Series,
    scheme: str,
    direction: str,
    anchors: Sequence[float] = (),
    k: int = K,
) -> Shading:
    """Classes by ``scheme`` and colours cool to warm towards "worse".

    ``anchors`` are a reference line or an indicator's thresholds (the WHO guideline and the
    Thai standard for PM2.5): each anchor is a class break, no class straddles one, and a
    class's colour says on which side of them it lies — better than the green threshold
    cool, beyond the red one (or above a reference line where higher is worse) warm, between
    pale — however the values are spread. Recomputed per view, classes without anchors made
    PM2.5 at five to seven times the WHO guideline dark blue ("good"). A neutral indicator
    keeps its neutral colours (the anchors still cut its classes).
    """
    cuts = sorted({float(a) for a in anchors if a is not None and math.isfinite(float(a))})
    if not cuts or values.dropna().empty:
        classes = classify(values, scheme, k)
        return Shading(classes, palette(direction, len(classes.upper)))
    data = values.dropna()
    edges: list[float | None] = [None, *cuts, None]
    parts = []
    for lower, upper in pairwise(edges):
        inside = data
        if lower is not None:
            inside = inside[inside > lower]
        if upper is not None:
            inside = inside[inside <= upper]
        parts.append(inside)
    counts = allot([len(p) for p in parts], [int(p.nunique()) for p in parts], k)
    klass = pd.Series(np.nan, index=values.index)
    lower_bounds: list[float] = []
    upper_bounds: list[float] = []
    colours: list[str] = []
    bands = []
    kinds = band_kinds(len(parts), direction)
    for part, n, kind, lower, upper in zip(
        parts, counts, kinds, edges[:-1], edges[1:], strict=True
    ):
        # Ascending values run from a band's best end to its worst where higher is worse.
        ramp = RAMPS[kind] if direction != "higher_is_better" else RAMPS[kind][::-1]
        members: list[int] = []
        if n:
            sub = classify(part, scheme, min(n, len(ramp)))
            first = len(upper_bounds)
            for i, (lo, hi) in enumerate(zip(sub.lower, sub.upper, strict=True)):
                # A band's first class starts at its anchor: it holds every value above it.
                lower_bounds.append(lower if i == 0 and lower is not None else lo)
                upper_bounds.append(hi)
                members.append(first + i)
            klass[part.index] = sub.klass[part.index] + first
            colours += pick(ramp, len(members))
        bands.append(Band(lower, upper, kind, members, pick(ramp, 1)[0]))
    if direction == "neutral":
        colours = palette("neutral", len(colours))
    return Shading(Classes(klass, lower_bounds, upper_bounds), colours, bands)
