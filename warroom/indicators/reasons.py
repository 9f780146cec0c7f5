"""Why an area has no value, and what to say beside an area's value: data the app reads.

A grey area on the map always says why (the app's labels for each reason key are in
``warroom/text/i18n.py`` as ``reason_<key>``):

- ``coarser_level``: the indicator is published for provinces (or districts) only;
- ``not_surveyed``, ``not_yet_created``, ``moved``, ``no_coast``, ``not_in_source``,
  ``no_denominator``: a rule in ``data/indicators/area_notes.csv`` (TPMAP did not survey
  Bangkok, Bueng Kan before 2011, Tha Faek moved district, no mangrove where there is no
  coast, coastal provinces a partial table lacks, no DOPA population by province to divide
  by in 2013, 2015 and 2016) with its own Thai and English text; a rule's ``area`` may list
  several codes;
- ``in_municipality``: a tambon with no value in a district where part of the figure sits on
  municipal units (TPMAP counts municipal residents there, not on the tambon): the
  municipality's own figure comes with it;
- ``implausible``: the source's value is impossible for the indicator (a share over 100 %,
  ``warroom/indicators/plausibility.py``): the build did not store it; the value comes with it;
- ``sampling_zero``: the source's 0 is a sampling zero (``zero_is_missing`` in the catalogue);
- ``no_figure``: the source has no figure for this area and period.

The last two come from the store's ``excluded`` rows, which the build writes.

The same file holds notes shown beside a value (``kind`` ``note``): Bangkok's tambon values
are drawn on the 2017 boundaries; Nong Khai's figures before 2011 include Bueng Kan. And
periods that cannot be compared with the others (``kind`` ``period``: PM2.5's 2018 mean of 11
months, the physicians' broken 2015 and spiking 2020): ``marked_periods`` names them, and trends
and status lights leave them out (``warroom.analysis.status``, ``warroom.analysis.trends``).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from warroom.areas.codes import LEVEL_DIGITS, is_municipal_pseudo_units

NOTES_FILE = "area_notes.csv"
REASONS = (
    "coarser_level",
    "not_surveyed",
    "not_yet_created",
    "moved",
    "no_coast",
    "not_in_source",
    "no_denominator",
    "in_municipality",
    "implausible",
    "sampling_zero",
    "no_figure",
)
COLUMNS = ["reason", "note_th", "note_en", "figure", "figure_code"]


@lru_cache(maxsize=4)
def read_notes(folder: Path) -> pd.DataFrame:
    """The hand-written rules of ``area_notes.csv`` (periods as numbers, blanks open)."""
    df = pd.read_csv(Path(folder) / NOTES_FILE, dtype=str, keep_default_na=False)
    for col in ("from_period", "to_period"):
        df[col] = pd.to_numeric(df[col], errors="coerce")
    return df


@lru_cache(maxsize=4)
def _read_rules(folder: Path) -> tuple:
    return tuple(read_notes(folder).itertuples())


def _rules(
    notes: pd.DataFrame | None,
    *,
    kind: str,
    source: str,
    level: str,
    period: int | None,
    any_period: bool = False,
) -> list:
    """Rules of one kind that apply to a source, level and period (most specific last); with
    no period (an indicator without values), only rules open at both ends; ``any_period``:
    every rule of the kind, whatever its periods.

    ``notes`` None: the installation's file, read once. A plain loop: the file holds a few
    rules, and this runs in every map callback.
    """
    if notes is None:
        from warroom.config import get_settings

        records = _read_rules(Path(get_settings().catalogue_dir))
    else:
        records = tuple(notes.itertuples())
    return [
        rule
        for rule in records
        if rule.kind == kind
        and rule.source in (source, "*")
        and rule.level in (level, "")
        and (any_period or _in_period(rule, period))
    ]


def _in_period(rule, period: int | None) -> bool:
    if period is None:
        return bool(pd.isna(rule.from_period) and pd.isna(rule.to_period))
    return not rule.from_period > period and not rule.to_period < period


def _covers(rule_area: str, codes: pd.Index) -> np.ndarray:
    """Which of ``codes`` a rule covers. A rule's ``area`` is one code or several separated
    by spaces (the 53 provinces with no coast); it covers those areas and everything inside
    them. One vectorised test over all codes (a map callback asks for 7,425 tambons)."""
    prefixes = tuple(rule_area.split())
    if not prefixes or not len(codes):
        return np.zeros(len(codes), dtype=bool)
    return np.asarray(pd.Index(codes).astype(str).str.startswith(prefixes), dtype=bool)


def missing_reasons(
    values: pd.DataFrame,
    *,
    source: str,
    level: str,
    period: int | None,
    unplaced: pd.DataFrame | None = None,
    notes: pd.DataFrame | None = None,
    excluded: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Why each area of ``values`` (columns code, value) with no value has none.

    ``source`` is the indicator's catalogue source; ``unplaced`` the store's unplaced rows of
    the indicator and period (anchor, code, value); ``excluded`` the store's excluded rows of
    the indicator and period (area_code, value, rule). Returns one row per area without a
    value, indexed by code: ``reason`` (one of ``REASONS``), ``note_th``/``note_en`` (the
    rule's own text, or blank: the app then shows its label for the reason), and ``figure``
    / ``figure_code`` (the municipality's figure for ``in_municipality``; the source's value
    for ``implausible`` and ``sampling_zero``).
    """
    blank = values.loc[values["value"].isna(), "code"].astype(str)
    index = pd.Index(blank, name="code")
    if index.empty:
        return pd.DataFrame(index=index, columns=COLUMNS, dtype=object)
    # Built as whole columns and framed once: a map of 7,425 tambons asks on every switch.
    n = len(index)
    cols = {c: np.full(n, "", dtype=object) for c in COLUMNS}
    cols["reason"][:] = "no_figure"
    cols["figure"] = np.full(n, np.nan, dtype=object)
    if values["value"].isna().all() and level in ("district", "tambon"):
        cols["reason"][:] = "coarser_level"
    else:
        _municipal(cols, index, level, unplaced)
        for rule in _rules(notes, kind="missing", source=source, level=level, period=period):
            hit = _covers(rule.area, index)
            for col in ("reason", "note_th", "note_en"):
                cols[col][hit] = getattr(rule, col)
        _excluded(cols, index, excluded)
    return pd.DataFrame(cols, index=index, columns=COLUMNS)


def _excluded(cols: dict, index: pd.Index, excluded: pd.DataFrame | None) -> None:
    """Areas whose source value the build left out: impossible, or a sampling zero."""
    if excluded is None or excluded.empty:
        return
    own = excluded.drop_duplicates("area_code").set_index("area_code")
    left_out = set(own.index)
    hit = np.array([c in left_out for c in index.to_numpy(dtype=object)], dtype=bool)
    if not hit.any():
        return
    rule = own["rule"].reindex(index[hit]).to_numpy()
    cols["reason"][hit] = np.where(rule == "sampling_zero", "sampling_zero", "implausible")
    cols["note_th"][hit] = cols["note_en"][hit] = ""
    cols["figure"][hit] = own["value"].reindex(index[hit]).to_numpy()


def _municipal(cols: dict, index: pd.Index, level: str, unplaced: pd.DataFrame | None) -> None:
    """Tambons of a district whose municipal units hold part of its figure (each with the
    district's first municipal unit by code and its figure)."""
    if level != "tambon" or unplaced is None or unplaced.empty:
        return
    municipal = is_municipal_pseudo_units(unplaced["code"])
    if not municipal.any():
        return
    # Whole arrays, no pandas frame per switch: sorted by code, the first row of each
    # anchor (district) is its first unit; a tambon's district is its code's first digits.
    codes = unplaced["code"].to_numpy(dtype=str)[municipal]
    order = np.argsort(codes, kind="stable")
    codes = codes[order]
    values = unplaced["value"].to_numpy(dtype=float)[municipal][order]
    anchors, first = np.unique(unplaced["anchor"].to_numpy(dtype=str)[municipal][order], True)
    district = index.to_numpy(dtype=f"U{2 + LEVEL_DIGITS['district']}")  # cut to its digits
    at = np.minimum(np.searchsorted(anchors, district), len(anchors) - 1)
    hit = anchors[at] == district
    cols["reason"][hit] = "in_municipality"
    cols["figure"][hit] = values[first][at[hit]]
    cols["figure_code"][hit] = codes[first][at[hit]]


def marked_periods(source: str, notes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Periods of ``source`` not comparable with its others, kept off trends and lights:
    columns period, reason, note_th, note_en (one row per period; empty when none)."""
    records = _rules(notes, kind="period", source=source, level="", period=None, any_period=True)
    rows = [
        {"period": p, "reason": r.reason, "note_th": r.note_th, "note_en": r.note_en}
        for r in records
        for p in range(int(r.from_period), int(r.to_period) + 1)
    ]
    return pd.DataFrame(rows, columns=["period", "reason", "note_th", "note_en"])


def area_notes(
    codes: pd.Series | list[str],
    *,
    source: str,
    level: str,
    period: int,
    notes: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Notes to show beside the values of ``codes`` (e.g. Bangkok's khwaeng are drawn on the
    2017 boundaries): columns code, reason, note_th, note_en; only codes with a note."""
    columns = ["code", "reason", "note_th", "note_en"]
    index = pd.Index(codes)
    parts = [
        pd.DataFrame(
            {
                "code": index[hit],
                "reason": rule.reason,
                "note_th": rule.note_th,
                "note_en": rule.note_en,
            },
            columns=columns,
        )
        for rule in _rules(notes, kind="note", source=source, level=level, period=period)
        if (hit := _covers(rule.area, index)).any()
    ]
    if not parts:
        return pd.DataFrame(columns=columns)
    return pd.concat(parts, ignore_index=True)
