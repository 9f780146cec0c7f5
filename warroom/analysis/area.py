"""One area as its governor sees it: status of every goal, peers, where to act, hotspots.

The functions read through a small ``Source`` (what ``warroom.app.data.AppData`` offers: the
areas and the catalogue as frames, one indicator's values at a time, and the store for
numerators and denominators), so the page, the PDF brief, the CLI and notebooks share them.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pandas as pd

from warroom.analysis import hotspots as hs
from warroom.analysis.peers import (
    PEER_COUNT,
    PEER_FEATURES,
    combine,
    most_alike,
    region_members,
    region_of,
)
from warroom.analysis.status import COUNTRY, Light, area_status
from warroom.analysis.where_to_act import count_indicator, rank_need
from warroom.areas.codes import child_level, level_of
from warroom.indicators.reasons import marked_periods, missing_reasons
from warroom.store import Store

POPULATION = "dopa.population"
DENSITY = "dopa.population_density"
DISTRICT_PEER_FEATURES = (POPULATION, DENSITY)
DEFAULT_INDICATOR = "tpmap.target_poor_rate"


class Source(Protocol):
    """What these functions read (``AppData`` has it all)."""

    store: Store

    @property
    def version(self) -> object: ...  # changes when the store does

    @property
    def areas(self) -> pd.DataFrame: ...  # indexed by code: code, level, parent, names, rep_*

    @property
    def indicators(self) -> pd.DataFrame: ...  # the catalogue indexed by id

    def observations(self, indicator_id: str) -> pd.Series: ...  # (period, area_code) → value

    def few_people(self, indicator_id: str, period: int | None) -> pd.Index: ...  # codes

    @property
    def finest_levels(self) -> dict[str, str]: ...  # indicator id → its finest level

    def finest_coverage(self, indicator_id: str, period: int | None) -> pd.Series: ...  # 0–1


def worst_indicator(rows: pd.DataFrame) -> pd.Series | None:
    """The indicator of a status table to watch: the worst light against a target, then one
    worse than Thailand, then the worst relative rank; None when no row has a value."""
    rated = rows[rows["value"].notna()]
    if rated.empty:
        return None
    order = {light: i for i, light in enumerate(Light)}  # green … red, then grey
    score = rated["status"].map(lambda s: -order[Light(s)] if s != Light.GREY else 1.0)
    if "versus" in rated:
        score = score.where(rated["versus"] != "worse", 0.5)  # after any light, before the rest
    relative = (rated["rank"] / rated["of"]).fillna(0)
    return rated.assign(_s=score, _r=-relative).sort_values(["_s", "_r"]).iloc[0]


def opening_indicator(status: pd.DataFrame) -> str:
    """The indicator an area's page and brief open on: the target-poor rate where the area
    has it, otherwise the area's indicator to watch (TPMAP publishes nothing for Bangkok, whose
    page opened on a column of "no data")."""
    own = status[status["indicator"] == DEFAULT_INDICATOR]
    if not own.empty and own["value"].notna().any():
        return DEFAULT_INDICATOR
    worst = worst_indicator(status)
    return DEFAULT_INDICATOR if worst is None else str(worst["indicator"])


def siblings_of(source: Source, code: str) -> list[str]:
    """The areas ``code`` is ranked among: all provinces, or its parent's children."""
    areas = source.areas
    level = level_of(code)
    if level == "province":
        return areas.index[areas["level"] == "province"].tolist()
    return areas.index[areas["parent"] == areas.at[code, "parent"]].tolist()


def latest(source: Source, indicator_id: str, code: str) -> tuple[float, int | None]:
    """An area's latest value of an indicator and its period (NaN, None when it has none)."""
    obs = source.observations(indicator_id)
    if obs.empty or code not in obs.index.get_level_values(1):
        return math.nan, None
    own = obs.xs(code, level="area_code").dropna()
    if own.empty:
        return math.nan, None
    return float(own.iloc[-1]), int(own.index[-1])


def _long(source: Source, codes: set[str]) -> pd.DataFrame:
    """Values of ``codes`` for every indicator, with ``few`` (a share on too few people)."""
    frames = []
    for ind in source.indicators.index:
        obs = source.observations(ind)
        if obs.empty:
            continue
        here = obs[obs.index.get_level_values(1).isin(codes)].reset_index()
        if len(here):
            few = pd.Series(False, index=here.index)
            for period in here["period"].unique():
                marked = source.few_people(ind, int(period))
                if len(marked):
                    few |= (here["period"] == period) & here["area_code"].isin(marked)
            frames.append(here.assign(indicator_id=ind, few=few))
    if not frames:
        return pd.DataFrame(columns=["indicator_id", "area_code", "period", "value", "few"])
    return pd.concat(frames, ignore_index=True)


def coverage_of(source: Source, indicator_id: str, period: int | None, code: str) -> float:
    """Share of the area's units at the indicator's finest level behind its value (NaN: none)."""
    return float(source.finest_coverage(indicator_id, period).get(code, math.nan))


def status_table(source: Source, code: str) -> pd.DataFrame:
    """The area's status on every SDG indicator, with names, units and directions.

    Columns: ``status.STATUS_COLUMNS`` plus ``coverage`` (the share of the area's units at
    the indicator's finest level that have a figure, see ``coverage.finest_coverage``),
    ``finest_level`` and
    ``name_th, name_en, unit, unit_th, direction, rollup, modelled, source, note_th,
    note_en``.
    """
    siblings = siblings_of(source, code)
    obs = _long(source, {code, COUNTRY, *siblings})
    catalogue = source.indicators.reset_index(drop=True)
    table = area_status(obs, catalogue, area=code, siblings=siblings, marked=marked(source))
    table["coverage"] = [
        coverage_of(source, ind, None if pd.isna(period) else int(period), code)
        for ind, period in zip(table["indicator"], table["period"], strict=True)
    ]
    table["finest_level"] = table["indicator"].map(source.finest_levels)
    table[["rank", "of"]] = table[["rank", "of"]].astype("Int64")  # 72, not 72.0
    extra = [
        "name_th",
        "name_en",
        "unit",
        "unit_th",
        "direction",
        "rollup",
        "modelled",
        "source",
        "note_th",
        "note_en",
    ]
    info = source.indicators[[c for c in extra if c in source.indicators.columns]]
    table = table.merge(info, left_on="indicator", right_index=True, how="left")
    return _with_reasons(source, code, table)


def _with_reasons(source: Source, code: str, table: pd.DataFrame) -> pd.DataFrame:
    """``why_th``/``why_en``: for an indicator the area has no value of, the reason the area
    notes give in the indicator's latest period ("not applicable: no coast", "Bueng Kan was
    created in 2011"), blank when they give none."""
    why = {"why_th": [""] * len(table), "why_en": [""] * len(table)}
    for i, row in enumerate(table.itertuples(index=False)):
        if not pd.isna(row.value) or "source" not in table.columns or pd.isna(row.source):
            continue
        obs = source.observations(row.indicator)
        if obs.empty:
            continue
        period = int(obs.index.get_level_values(0).max())
        found = missing_reasons(
            pd.DataFrame({"code": [code], "value": [math.nan]}),
            source=str(row.source),
            level=level_of(code),
            period=period,
        )
        if code in found.index:
            why["why_th"][i] = found.at[code, "note_th"] or ""
            why["why_en"][i] = found.at[code, "note_en"] or ""
    return table.assign(**why)


def marked(source: Source) -> dict[str, set[int]]:
    """Periods of each indicator kept off trends and lights (``reasons.marked_periods``)."""
    found = {}
    for ind_id, src in source.indicators["source"].items():
        periods = set(marked_periods(str(src))["period"])
        if periods:
            found[str(ind_id)] = periods
    return found


def _peer_features(source: Source, level: str) -> pd.DataFrame:
    names = PEER_FEATURES if level == "province" else DISTRICT_PEER_FEATURES
    areas = source.areas
    codes = areas.index[areas["level"] == level]
    columns = {}
    for ind in names:
        obs = source.observations(ind)
        if obs.empty:
            columns[ind] = pd.Series(math.nan, index=codes)
            continue
        wide = obs[obs.index.get_level_values(1).isin(codes)].unstack("area_code")
        columns[ind] = wide.ffill().iloc[-1].reindex(codes)  # each area's latest value
    return pd.DataFrame(columns, index=codes)


@dataclass
class Peers:
    """An area, its group (region, or the province for a district), and its most alike."""

    code: str
    group: str  # region id (provinces) or the province code (districts)
    group_members: list[str]
    alike: list[str]
    rule: str  # which features picked ``alike``


def peers_of(source: Source, code: str, *, n: int = PEER_COUNT) -> Peers:
    """The region (or province) of ``code`` and the ``n`` areas of its level most like it."""
    level = level_of(code)
    areas = source.areas
    same_level = areas.index[areas["level"] == level].tolist()
    if level == "province":
        group = region_of(code)
        members = region_members(same_level, group)
    else:
        group = code[:4]
        members = [c for c in same_level if c.startswith(group)]
    features = _peer_features(source, level)
    try:
        alike = most_alike(features, code, n=n).index.tolist()
    except ValueError:
        alike = []
    return Peers(code, group, members, alike, " + ".join(features.columns))


def group_value(
    source: Source, indicator_id: str, codes: list[str], period: int
) -> tuple[float, int]:
    """The indicator for a group of areas by its roll-up rule, and how many had a value."""
    ind = source.indicators.loc[indicator_id]
    rows = source.store.observations(indicator_id, period=period)
    rows = rows[rows["area_code"].isin(codes)]
    scale = None if pd.isna(ind.get("scale")) else float(ind["scale"])
    return combine(rows, rollup=ind["rollup"], scale=scale), int(rows["value"].notna().sum())


def peer_values(source: Source, code: str, indicator_id: str, peers: Peers) -> pd.DataFrame:
    """Rows for the peers chart: the area, its group, its most alike, and the country.

    Columns: ``code, role, value, period`` with role ``area``, ``group``, ``alike`` or
    ``country``; the group's value is rolled up from its members by the indicator's rule
    and its ``code`` is the group id.
    """
    _, period = latest(source, indicator_id, code)
    if period is None:
        periods = source.observations(indicator_id).index.get_level_values(0)
        period = int(periods.max()) if len(periods) else None
    if period is None:
        return pd.DataFrame(columns=["code", "role", "value", "period"])
    obs = source.observations(indicator_id)
    at = obs.loc[period] if period in obs.index.get_level_values(0) else pd.Series(dtype=float)

    def value(c: str) -> float:
        return float(at.get(c, math.nan))

    group, _ = group_value(source, indicator_id, peers.group_members, period)
    rows = [(code, "area", value(code)), (peers.group, "group", group)]
    rows += [(c, "alike", value(c)) for c in peers.alike]
    rows.append((COUNTRY, "country", value(COUNTRY)))
    return pd.DataFrame(rows, columns=["code", "role", "value"]).assign(period=period)


@dataclass
class HotspotService:
    """Local Moran's I over the whole country per (indicator, period, level), cached.

    ``geometry_path`` is the build's ``areas.parquet``; contiguity and results are kept in
    ``cache_dir`` (the build's ``analysis/`` folder). A result is keyed by the figures it was
    computed from (a fingerprint of the indicator's values that period) and the geometry, not
    by the store's version: a load of one indicator leaves every other indicator's hotspots
    valid, and only the loaded one is computed again (``precompute``).
    """

    geometry_path: Path
    cache_dir: Path | None = None

    def __post_init__(self) -> None:
        self._weights: dict[str, object] = {}
        self._results = hs.HotspotCache(self.cache_dir)
        self._prints: dict[tuple, tuple[pd.Series, str]] = {}
        self._prints_lock = threading.Lock()

    def weights(self, level: str):
        """Queen contiguity of a level (read once per process)."""
        if level not in self._weights:
            self._weights[level] = hs.load_weights(
                self.geometry_path, level=level, cache_dir=self.cache_dir
            )
        return self._weights[level]

    def _fingerprint(self, source: Source, indicator_id: str, period: int) -> str:
        """The fingerprint of one indicator's values in one period (kept while those values
        are the ones the source holds: a refresh hands out new objects)."""
        obs = source.observations(indicator_id)
        key = (indicator_id, int(period), id(obs))
        with self._prints_lock:
            held = self._prints.get(key)
            if held is not None and held[0] is obs:
                return held[1]
        found = obs.index.get_level_values(0) == int(period)
        printed = hs.values_fingerprint(obs[found].droplevel(0))
        with self._prints_lock:
            if len(self._prints) > 4096:
                self._prints.clear()
            self._prints[key] = (obs, printed)  # the object is held: its id is never reused
        return printed

    def key(self, source: Source, indicator_id: str, period: int, level: str) -> tuple:
        """What a result depends on: the figures, the geometry and the method."""
        stat = Path(self.geometry_path).stat()
        geometry = f"{stat.st_mtime_ns:x}-{stat.st_size:x}"
        figures = self._fingerprint(source, indicator_id, period)
        return (indicator_id, int(period), level, figures, geometry, hs.SEED, hs.PERMUTATIONS)

    def cached(self, source: Source, indicator_id: str, period: int, level: str) -> bool:
        """True when the result is at hand without computing."""
        return self._results.has(self.key(source, indicator_id, period, level))

    def result(
        self, source: Source, indicator_id: str, period: int, level: str = "tambon"
    ) -> pd.DataFrame:
        """``code, value, local_i, p_value, cluster`` for every area of ``level`` with a value."""

        def compute() -> pd.DataFrame:
            obs = source.observations(indicator_id)
            if obs.empty or period not in obs.index.get_level_values(0):
                raise ValueError(f"{indicator_id} has no values for {period}")
            areas = source.areas
            codes = areas.index[areas["level"] == level]
            values = obs.loc[period].reindex(codes)
            points = areas.loc[codes, ["rep_lon", "rep_lat"]].set_axis(["x", "y"], axis=1)
            return hs.local_moran(values, self.weights(level), points)

        return self._results.get(self.key(source, indicator_id, period, level), compute)

    def precompute(
        self,
        source: Source,
        level: str = "tambon",
        *,
        echo: Callable[[str, float, str], None] | None = None,
    ) -> dict[str, tuple[float, str]] | None:
        """Hotspots of every indicator with figures at ``level`` (its latest period), one
        after the other, so that no page waits for them (after a build and after a load).

        Results already kept (same figures) are skipped, so after a load only the loaded
        indicator is computed. One run at a time per cache folder (a lock file: the other
        processes of the machine skip it and read the files); None when another run holds it.
        ``echo(indicator, seconds, outcome)`` is told of each; the outcome is ``computed``,
        ``kept`` or why there is none. Results of figures no longer held are removed.
        """
        with hs.exclusive(self.cache_dir, "precompute") as mine:
            if not mine:
                return None
            done: dict[str, tuple[float, str]] = {}
            keep: list[tuple] = []
            for indicator_id, period in with_figures_at(source, level):
                start = time.perf_counter()
                key = self.key(source, indicator_id, period, level)
                outcome = "kept" if self._results.has(key) else "computed"
                try:
                    self.result(source, indicator_id, period, level)
                    keep.append(key)
                except ValueError:  # too few areas with differing values: no map to draw
                    outcome = "too few areas with differing values"
                except Exception as exc:  # one bad indicator never stops the others
                    outcome = f"failed: {type(exc).__name__}: {exc}"
                done[indicator_id] = (time.perf_counter() - start, outcome)
                if echo is not None:
                    echo(indicator_id, *done[indicator_id])
            self._results.prune(keep)
            return done


def latest_with_figures(source: Source, indicator_id: str, level: str = "tambon") -> int | None:
    """An indicator's latest period when it has figures for some area of ``level`` in it (the
    period its hotspot map is drawn for); None otherwise."""
    obs = source.observations(indicator_id)
    if obs.empty:
        return None
    period = int(obs.index.get_level_values(0).max())
    areas = source.areas
    codes = areas.index[areas["level"] == level]
    return period if len(obs.loc[period].dropna().index.intersection(codes)) else None


def with_figures_at(source: Source, level: str = "tambon") -> list[tuple[str, int]]:
    """(indicator, latest period) of every indicator ``latest_with_figures`` draws a hotspot
    map for."""
    found = []
    for indicator_id in source.indicators.index:
        period = latest_with_figures(source, str(indicator_id), level)
        if period is not None:
            found.append((str(indicator_id), period))
    return found


def where_to_act(
    source: Source,
    code: str,
    indicator_id: str,
    *,
    level: str | None = None,
    hotspots: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The area's districts (or tambons, ``level``) ranked by need on an indicator.

    Columns: ``code, name_th, name_en, value, count, hotspot, few_people, coverage,
    need_rank, period`` and, for the count, ``count_indicator``. Hotspot areas (in the
    cluster that marks need, see ``hotspots.need_cluster``) come first when ``hotspots`` is
    given; shares on too few people (``counts.few_people``) are listed last, unranked.
    """
    level = level or child_level(level_of(code))
    areas = source.areas
    within = areas[(areas["level"] == level) & areas.index.str.startswith(code)]
    ind = source.indicators.loc[indicator_id]
    obs = source.observations(indicator_id)
    periods = obs.index.get_level_values(0).unique() if not obs.empty else []
    if len(periods) == 0:
        return pd.DataFrame(columns=["code", "name_th", "name_en", "value", "count"])
    period = int(max(periods))
    values = obs.loc[period].reindex(within.index)
    count_id = count_indicator(source.indicators.reset_index(drop=True), indicator_id)
    counts = None
    if count_id is not None:
        count_obs = source.observations(count_id)
        if period in count_obs.index.get_level_values(0):
            counts = count_obs.loc[period].reindex(within.index)
    spots: list[str] = []
    if hotspots is not None and len(hotspots):
        need = hs.need_cluster(ind["direction"])
        spots = hotspots.loc[hotspots["cluster"] == need, "code"].tolist()
    ranked = rank_need(
        values,
        direction=ind["direction"],
        counts=counts,
        hotspots=spots,
        hotspots_first=bool(spots),
        few=source.few_people(indicator_id, period),
    )
    names = within[["name_th", "name_en"]]
    ranked = ranked.merge(names, left_on="code", right_index=True, how="left")
    cover = source.finest_coverage(indicator_id, period)
    ranked["coverage"] = ranked["code"].map(cover).where(ranked["value"].notna())
    return ranked.assign(period=period, count_indicator=count_id)


STATUS_CLI_COLUMNS = [
    "indicator",
    "sdg",
    "value",
    "period",
    "status",
    "trend",
    "rank",
    "of",
    "country_value",
    "basis",
    "versus",
    "difference",
    "threshold_source",
    "coverage",
    "few_people",
]


def check_area(source: Source, code: str) -> None:
    """Raise ValueError unless ``code`` is a province or district of the store."""
    if code not in source.areas.index or level_of(code) not in ("province", "district"):
        raise ValueError(f"{code!r} is not a province or district code (e.g. TH50, TH5001)")


def hotspot_service(settings) -> HotspotService:
    """The hotspot service of an installation: the build's geometry, cached in ``analysis/``."""
    return HotspotService(
        Path(settings.geometry_dir) / "areas.parquet", Path(settings.build_dir) / "analysis"
    )


def hotspot_table(
    source: Source,
    service: HotspotService,
    indicator_id: str,
    level: str = "tambon",
    period: int | None = None,
    province: str | None = None,
) -> pd.DataFrame:
    """``code, name_th, name_en, value, local_i, p_value, cluster`` (of a province if given)."""
    if indicator_id not in source.indicators.index:
        raise ValueError(f"unknown indicator {indicator_id!r}; `warroom indicators` lists them")
    if province is not None and (
        province not in source.areas.index or level_of(province) != "province"
    ):
        raise ValueError(f"{province!r} is not a province code (e.g. TH50)")
    periods = sorted(source.observations(indicator_id).index.get_level_values(0).unique())
    if not periods:
        raise ValueError(f"{indicator_id} has no values in the store")
    period = periods[-1] if period is None else period
    if period not in periods:
        raise ValueError(f"{indicator_id} has no values for {period}; periods: {periods}")
    result = service.result(source, indicator_id, period, level)
    if province:
        result = result[result["code"].str.startswith(province)]
    names = source.areas[["name_th", "name_en"]]
    table = result.merge(names, left_on="code", right_index=True, how="left")
    return table[["code", "name_th", "name_en", "value", "local_i", "p_value", "cluster"]]
