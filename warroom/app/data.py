"""What the app reads from the built store: areas, catalogue, values (cached per indicator)."""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import cached_property
from typing import TypeVar

import pandas as pd

from warroom.analysis.counts import MIN_DENOMINATOR, is_share
from warroom.analysis.coverage import UnitTree, tree_coverage, unit_tree
from warroom.analysis.trends import trend
from warroom.areas.codes import LEVEL_BY_DIGITS, ancestor_at, child_level, level_of
from warroom.indicators.goals import all_groups, group_members
from warroom.indicators.reasons import marked_periods
from warroom.store import Store, StoreError

log = logging.getLogger(__name__)

TPMAP_SOURCE = "tpmap2561"
ANSWERS_KEPT = 64  # computed answers kept per data version (see AppData.answer)
T = TypeVar("T")


class Answers:
    """A bounded, thread-safe store of computed answers, the least recently used dropped."""

    def __init__(self, size: int):
        self.size = size
        self._items: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The answer kept for ``key``, or ``compute()`` kept for next time."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]  # type: ignore[return-value]
        value = compute()  # outside the lock: two threads may compute the same key once each
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._items)


@dataclass(frozen=True)
class View:
    """What the map shows for an area: the level drawn and which areas are drawn."""

    area: str  # the selected area
    level: str  # level of the areas drawn
    within: str  # code prefix of the drawn areas ('TH' for the whole country)
    geo_url: str  # static GeoJSON file holding their shapes


def view_for(area: str, all_tambons: bool = False) -> View:
    """The map view of an area: its children, or its siblings when it is a tambon."""
    level = level_of(area)
    if level == "country":
        drawn = "tambon" if all_tambons else "province"
        return View(area, drawn, "TH", f"/geo/country/{drawn}.geojson")
    if level == "tambon":
        district, province = ancestor_at(area, "district"), ancestor_at(area, "province")
        return View(area, "tambon", district, f"/geo/province/{province}.geojson")
    below = child_level(level) or level
    return View(area, below, area, f"/geo/province/{ancestor_at(area, 'province')}.geojson")


class AppData:
    """Read-only access to the store for the app, held in memory.

    The store is read once (``warm()``): a few hundred thousand values take about a second
    and tens of MB, and every callback then works on memory, never waiting on SQL.

    With ``background=True`` (the app), a build or load committed since is read by a thread
    of its own and swapped in whole when ready: requests keep answering from the data they
    have meanwhile, and never wait for the store. Without it (tests, scripts),
    ``refresh_if_changed`` reads the store itself before returning. When the store cannot be
    read (deleted, corrupt, unreachable), the app keeps showing what it holds and logs one
    line; it never creates or repairs the store.
    """

    # What a new build or load changes (the areas stay).
    _FRESH = (
        "indicators",
        "sources",
        "by_indicator",
        "_facts",
        "unplaced",
        "unplaced_by_key",
        "excluded_by_key",
        "references",
        "periods",
        "finest_levels",
        "groups",
        "_by_period",
        "_finest",
        "_answers",
        "batches",
    )

    def __init__(
        self,
        store: Store,
        check_every: float = 5.0,
        *,
        background: bool = False,
        announce_for: float = 30.0,
    ):
        self.store = store
        self.check_every = check_every
        self.background = background
        self.announce_for = announce_for  # how long a swap counts as news (the page's poll)
        self.version: tuple | None = None
        self.generation = 0  # how many times fresh data were swapped in
        self._checked = 0.0
        self._swapped_at = float("-inf")
        self._lock = threading.Lock()  # guards starting a refresh
        self._reading = threading.Lock()  # held while the store is read
        self._worker: threading.Thread | None = None
        self._poller: threading.Thread | None = None
        self._poller_pid = 0
        self._drawn: dict[tuple[str, str], pd.DataFrame] = {}  # areas never change: kept
        self._trees: dict[str, UnitTree] = {}  # the same

    def warm(self) -> AppData:
        """Load everything the callbacks read (call once at start-up)."""
        self.version = self.store.data_version()
        self._checked = time.monotonic()
        for name in ("areas", *self._FRESH):
            getattr(self, name)
        return self

    def refresh_if_changed(self) -> bool:
        """Whether fresh data came in: re-read the store when a build or load committed since.

        Asks the store at most every ``check_every`` seconds. In the background mode the
        answer is True for ``announce_for`` seconds after a swap (so that every page polling
        meanwhile redraws); otherwise True only for the call that read the new data.
        """
        if not self.background:
            with self._reading:
                if time.monotonic() - self._checked < self.check_every:
                    return False
                return self._refresh()
        if time.monotonic() - self._checked >= self.check_every:
            with self._lock:
                busy = self._worker is not None and self._worker.is_alive()
                if not busy and time.monotonic() - self._checked >= self.check_every:
                    self._checked = time.monotonic()  # one check at a time, per interval
                    self._worker = threading.Thread(
                        target=self._refresh_quietly, name="warroom-refresh", daemon=True
                    )
                    self._worker.start()
        return time.monotonic() - self._swapped_at < self.announce_for

    def keep_fresh(self) -> None:
        """Check the store every ``check_every`` seconds from a thread of this process.

        Called on every request (cheap): the thread starts in each process that serves,
        after gunicorn forked it, so fresh data arrive even when no page polls.
        """
        poller = self._poller
        if poller is not None and poller.is_alive() and self._poller_pid == os.getpid():
            return
        with self._lock:
            poller = self._poller
            if poller is None or not poller.is_alive() or self._poller_pid != os.getpid():
                self._poller_pid = os.getpid()
                self._poller = threading.Thread(target=self._poll, name="warroom-poll", daemon=True)
                self._poller.start()

    def _poll(self) -> None:
        while True:
            time.sleep(max(self.check_every, 0.2))
            self.refresh_if_changed()

    def wait_for_refresh(self, timeout: float | None = None) -> None:
        """Wait for a background refresh under way (tests, benchmarks)."""
        worker = self._worker
        if worker is not None:
            worker.join(timeout)

    def _refresh_quietly(self) -> None:
        try:
            with self._reading:
                self._refresh()
        except Exception:  # never let the refresh thread die on an unexpected fault
            log.exception("reading fresh data from the store failed; keeping the data held")

    def _refresh(self) -> bool:
        """Read everything fresh, then swap it in (the caller holds ``_reading``)."""
        self._checked = time.monotonic()
        try:
            version = self.store.data_version()
            if version == self.version:
                return False
            fresh = AppData(self.store)
            for name in self._FRESH:  # read everything first, then swap attribute by attribute
                getattr(fresh, name)
        except StoreError as exc:
            log.error("store not re-read, still showing what was read before: %s", exc)
            return False
        for name in self._FRESH:
            self.__dict__[name] = fresh.__dict__[name]
        self.version = version
        self.generation += 1
        self._swapped_at = time.monotonic()
        return True

    @cached_property
    def batches(self) -> pd.DataFrame:
        """Loads still in effect, newest first."""
        batches = self.store.batches()
        return batches[batches["status"] == "loaded"]

    def latest_batch(self, indicator_id: str) -> dict | None:
        """The newest load in effect of an indicator (None for built-in sources)."""
        rows = self.batches[self.batches["indicator_id"] == indicator_id]
        return None if rows.empty else rows.iloc[0].to_dict()

    @cached_property
    def areas(self) -> pd.DataFrame:
        """All areas indexed by code."""
        return self.store.areas().set_index("code", drop=False)

    @cached_property
    def indicators(self) -> pd.DataFrame:
        """The catalogue indexed by id, in catalogue order."""
        return self.store.indicators().set_index("id", drop=False)

    @cached_property
    def sources(self) -> pd.DataFrame:
        """Sources indexed by id."""
        return self.store.sources().set_index("id", drop=False)

    @cached_property
    def by_indicator(self) -> dict[str, pd.Series]:
        """Every value, per indicator, indexed by (period, area code)."""
        frame = self._observations[["indicator_id", "period", "area_code", "value"]]
        return {
            ind: rows.set_index(["period", "area_code"])["value"].sort_index()
            for ind, rows in frame.groupby("indicator_id", sort=False)
        }

    @cached_property
    def _observations(self) -> pd.DataFrame:
        cols = ["indicator_id", "period", "area_code", "value", "coverage", "denominator"]
        return self.store.observations()[[*cols, "derived"]]

    @cached_property
    def _facts(self) -> dict[str, dict]:
        """What the values carry besides themselves, per indicator, read once from the rows:
        ``partial`` (coverage of derived values under 1), ``derived`` (keys of derived
        values) and ``few`` (keys of shares on too few people, see ``analysis.counts``)."""
        frame = self._observations
        keys = ["period", "area_code"]
        partial = frame[frame["coverage"] < 1]
        derived = frame[frame["derived"].fillna(False).astype(bool)]
        catalogue = self.indicators
        shares = [i for i in catalogue.index if is_share(catalogue.loc[i])]
        small = frame[frame["indicator_id"].isin(shares)]
        small = small[small["denominator"] < MIN_DENOMINATOR]
        facts: dict[str, dict] = {
            "partial": {
                ind: rows.set_index(keys)["coverage"].sort_index()
                for ind, rows in partial.groupby("indicator_id", sort=False)
            },
            "derived": {
                ind: pd.MultiIndex.from_frame(rows[keys])
                for ind, rows in derived.groupby("indicator_id", sort=False)
            },
            "few": {
                ind: pd.MultiIndex.from_frame(rows[keys])
                for ind, rows in small.groupby("indicator_id", sort=False)
            },
        }
        del self.__dict__["_observations"]  # read once for all; not kept
        return facts

    @property
    def partial(self) -> dict[str, pd.Series]:
        """Coverage of derived values made from only some children, per indicator.

        Indexed by (period, area code); values with full coverage are left out. Measured
        against direct children, as the roll-up stores it; ``finest_coverage`` measures it
        at the indicator's finest level, which is what screens show.
        """
        return self._facts["partial"]

    def coverage(self, indicator_id: str) -> pd.Series:
        """Coverage of one indicator's partial values (see ``partial``)."""
        return self.partial.get(indicator_id, pd.Series(dtype=float))

    @cached_property
    def _finest(self) -> dict[tuple[str, int], pd.Series]:
        return {}  # filled as coverage is asked for; swapped out with fresh data

    def finest_coverage(self, indicator_id: str, period: int | None) -> pd.Series:
        """Per area code: the share of its units at the indicator's finest level that have a
        figure (1.0 for a source's own value; ``analysis.coverage.finest_coverage``)."""
        if period is None or period not in self.periods.get(indicator_id, ()):
            return pd.Series(dtype=float)
        key = (indicator_id, int(period))
        found = self._finest.get(key)
        if found is None:
            values = self.observations(indicator_id).loc[period]
            present = pd.Index(values.index[values.notna()].tolist(), dtype=object)
            whole = present  # less the values derived from sub-areas
            derived = self._facts["derived"].get(indicator_id)
            if derived is not None:
                here = derived[derived.get_level_values(0) == period].get_level_values(1)
                whole = present[~present.isin(here.tolist())]
            level = self.finest_levels.get(indicator_id, "province")
            found = self._finest[key] = tree_coverage(self.unit_tree(level), present, whole)
        return found

    def warm_coverage(self) -> int:
        """Compute every indicator's ``finest_coverage`` in every period now (about 4 ms
        each): what the KPI cards, the wall and the status tables read. Returns how many."""
        pairs = [(ind, p) for ind, periods in self.periods.items() for p in periods]
        for indicator_id, period in pairs:
            self.finest_coverage(indicator_id, period)
        return len(pairs)

    def unit_tree(self, level: str) -> UnitTree:
        """The areas of ``level`` and their ancestors, as coverage walks them (kept: the
        areas never change)."""
        tree = self._trees.get(level)
        if tree is None:
            tree = self._trees[level] = unit_tree(self.areas, level)
        return tree

    def few_people(self, indicator_id: str, period: int | None) -> pd.Index:
        """Codes whose share in ``period`` rests on fewer than ``MIN_DENOMINATOR`` people."""
        few = self._facts["few"].get(indicator_id)
        if few is None or period is None:
            return pd.Index([], dtype=object)
        return few[few.get_level_values(0) == period].get_level_values(1)

    @cached_property
    def unplaced(self) -> pd.DataFrame:
        """Rows counted on an ancestor instead of their own area (see the roll-up)."""
        return self.store.unplaced()[["anchor", "code", "indicator_id", "period", "value"]]

    @cached_property
    def unplaced_by_key(self) -> dict[tuple[str, int], pd.DataFrame]:
        """``unplaced`` split by (indicator, period): a callback reads one part, never scans all."""
        return {
            (str(ind), int(period)): rows
            for (ind, period), rows in self.unplaced.groupby(["indicator_id", "period"])
        }

    def unplaced_of(self, indicator_id: str, period: int | None) -> pd.DataFrame:
        """Unplaced rows of one indicator and period (empty, with the columns, if none)."""
        found = None if period is None else self.unplaced_by_key.get((indicator_id, int(period)))
        return self.unplaced.iloc[:0] if found is None else found

    @cached_property
    def excluded_by_key(self) -> dict[tuple[str, int], pd.DataFrame]:
        """Source values the build left out (impossible, sampling zeros), by (indicator,
        period)."""
        rows = self.store.excluded()[["area_code", "indicator_id", "period", "value", "rule"]]
        return {
            (str(ind), int(period)): part
            for (ind, period), part in rows.groupby(["indicator_id", "period"])
        }

    @cached_property
    def references(self) -> pd.DataFrame:
        """Published figures kept beside the derived ones (``indicators.references``)."""
        return self.store.reference_figures()

    def reference(self, indicator_id: str, period: int | None, area: str) -> dict | None:
        """The published figure of an indicator for an area: the period's if there is one,
        else the latest (None when the source publishes none)."""
        refs = self.references
        if refs.empty:
            return None
        mine = refs[(refs["indicator_id"] == indicator_id) & (refs["area"] == area)]
        if mine.empty:
            return None
        same = mine[mine["period"] == period]
        chosen = same if len(same) else mine.sort_values("period").tail(1)
        return dict(chosen.iloc[0])

    def marked(self, indicator_id: str) -> frozenset[int]:
        """Periods of the indicator kept off trends and lights (``reasons.marked_periods``)."""
        source = str(self.indicators.at[indicator_id, "source"])
        return frozenset(int(p) for p in marked_periods(source)["period"])

    def excluded_of(self, indicator_id: str, period: int | None) -> pd.DataFrame | None:
        """Excluded rows of one indicator and period (None if none)."""
        return None if period is None else self.excluded_by_key.get((indicator_id, int(period)))

    @cached_property
    def finest_levels(self) -> dict[str, str]:
        """The finest level each indicator has values at (``province``, ``district``, …)."""
        digits = {
            ind: int(obs.index.get_level_values(-1).str.len().max()) - 2
            for ind, obs in self.by_indicator.items()
            if len(obs)
        }
        return {ind: LEVEL_BY_DIGITS.get(n, "province") for ind, n in digits.items()}

    @cached_property
    def periods(self) -> dict[str, list[int]]:
        """Periods with data, per indicator."""
        return {
            ind: sorted(obs.index.get_level_values(0).unique().tolist())
            for ind, obs in self.by_indicator.items()
        }

    def observations(self, indicator_id: str) -> pd.Series:
        """Values of one indicator, indexed by (period, area code); empty (with the same two
        index levels) for an indicator declared but not loaded yet."""
        found = self.by_indicator.get(indicator_id)
        if found is None:
            index = pd.MultiIndex.from_arrays([[], []], names=["period", "area_code"])
            return pd.Series([], index=index, dtype=float, name="value")
        return found

    @cached_property
    def _by_period(self) -> dict[tuple[str, int], pd.Series]:
        return {}  # filled as views are asked for; swapped out with fresh data

    @cached_property
    def _answers(self) -> Answers:
        return Answers(ANSWERS_KEPT)  # swapped out with fresh data, so never stale

    def answer(self, key: Hashable, compute: Callable[[], T]) -> T:
        """What ``compute()`` returns for ``key`` on these data, computed once and kept (the
        last ``ANSWERS_KEPT``): a callback asked again for a view it drew (switching back
        to an indicator) answers from memory. ``compute`` must depend on the data and the
        key only, and its result must never be changed by the caller."""
        return self._answers.get(key, compute)

    @cached_property
    def groups(self) -> dict[str, list[str]]:
        """Indicator ids of every goal group (``group_members`` of each, read once)."""
        return {g: group_members(self.indicators, g) for g in all_groups()}

    def values(self, indicator_id: str, period: int | None, codes: pd.Index) -> pd.Series:
        """Values of ``codes`` (NaN where missing, and all NaN without a period)."""
        if period is None or period not in self.periods.get(indicator_id, ()):
            return pd.Series(float("nan"), index=codes)
        key = (indicator_id, int(period))
        one_period = self._by_period.get(key)
        if one_period is None:  # every area's value of one period, kept for the next view
            one_period = self._by_period[key] = self.observations(indicator_id).loc[period]
        return one_period.reindex(codes)

    def value(self, indicator_id: str, period: int | None, code: str) -> float:
        """One area's value (NaN when missing)."""
        return float(self.values(indicator_id, period, pd.Index([code])).iloc[0])

    def drawn_areas(self, view: View) -> pd.DataFrame:
        """The areas a view draws, in code order."""
        key = (view.level, view.within)
        if key not in self._drawn:  # a view's areas are the same every time: kept
            a = self.areas
            self._drawn[key] = a[(a["level"] == view.level) & a["code"].str.startswith(view.within)]
        return self._drawn[key]

    @cached_property
    def _names(self) -> dict[str, dict[str, str]]:
        a = self.areas
        return {lang: a[f"name_{lang}"].to_dict() for lang in ("th", "en")}

    def area_name(self, code: str, lang: str) -> str:
        """An area's name in ``lang`` (``th`` or ``en``); a plain lookup, for lists of areas."""
        return self._names["th" if lang == "th" else "en"][code]

    @cached_property
    def _children(self) -> dict[str, pd.DataFrame]:
        return dict(tuple(self.areas.groupby("parent", sort=False)))

    def children(self, code: str) -> pd.DataFrame:
        """Direct children of an area."""
        found = self._children.get(code)
        return self.areas.iloc[:0] if found is None else found

    def trend(self, indicator_id: str, code: str) -> pd.Series:
        """Values of one area over every period."""
        return trend(self.observations(indicator_id), code)

    def parent(self, code: str) -> str | None:
        """The parent of an area (None for the country)."""
        parent = self.areas.at[code, "parent"]
        return parent if isinstance(parent, str) else None

    def unplaced_value(self, indicator_id: str, period: int, code: str) -> float:
        """How much of an area's value sits on units not placed on a child area (counts only)."""
        rows = self.unplaced_of(indicator_id, period)
        return float(rows.loc[rows["anchor"].str.startswith(code), "value"].sum())

    def ancestors(self, code: str) -> list[str]:
        """The chain from the country down to ``code``."""
        chain = [code]
        while (parent := self.areas.at[chain[-1], "parent"]) and isinstance(parent, str):
            chain.append(parent)
        return chain[::-1]
