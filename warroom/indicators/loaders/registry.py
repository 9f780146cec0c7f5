"""Every source the build loads, in order: a new source is one loader module and one line.

A loader module has ``SOURCE`` (its folder under the indicators folder), ``load(ctx)``
returning observation rows (``common.OBSERVATION_COLUMNS``) and, if the source publishes
figures the roll-up can be checked against, ``crosscheck(ctx, result)`` returning rows of
the build report's ``crosschecks``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from warroom.areas.crosswalk import Crosswalk
from warroom.indicators.catalogue import Catalogue
from warroom.indicators.loaders import (
    dopa,
    election,
    electricity,
    forest,
    gpp,
    mangrove,
    muban,
    nesdc_poverty,
    physicians,
    pm25,
    province_panel,
    tax,
    tpmap,
)
from warroom.indicators.loaders.context import SourceContext
from warroom.indicators.rollup import RollupResult


@dataclass(frozen=True)
class Source:
    """One source of the build: its name, its loader and its cross-check (if any)."""

    name: str
    load: Callable[[SourceContext], pd.DataFrame]
    crosscheck: Callable[[SourceContext, RollupResult], list[dict]] | None = None


SOURCES: tuple[Source, ...] = (
    Source(tpmap.SOURCE, tpmap.load, tpmap.crosscheck),
    Source(dopa.SOURCE, dopa.load, dopa.crosscheck),
    Source(muban.SOURCE, muban.load),
    Source(province_panel.SOURCE, province_panel.load),
    Source(pm25.SOURCE, pm25.load),
    Source(physicians.SOURCE, physicians.load),
    Source(election.SOURCE, election.load),
    Source(gpp.SOURCE, gpp.load, gpp.crosscheck),
    Source(tax.SOURCE, tax.load),
    Source(electricity.SOURCE, electricity.load, electricity.crosscheck),
    Source(forest.SOURCE, forest.load, forest.crosscheck),
    Source(mangrove.SOURCE, mangrove.load, mangrove.crosscheck),
    Source(nesdc_poverty.SOURCE, nesdc_poverty.load, nesdc_poverty.crosscheck),
)


def context(
    folder: Path, catalogue: Catalogue, areas: pd.DataFrame, crosswalk: Crosswalk | None = None
) -> SourceContext:
    """The context of a build: population (when a loader asks) is DOPA's, by province."""
    return SourceContext(folder, catalogue, areas, crosswalk, dopa.province_population)


def load_all(ctx: SourceContext, sources: Sequence[Source] | None = None) -> pd.DataFrame:
    """Every source's observations at its own level, one source after another
    (``sources``: ``SOURCES`` unless given)."""
    chosen = SOURCES if sources is None else sources
    return pd.concat([source.load(ctx) for source in chosen], ignore_index=True)


def crosscheck_all(
    ctx: SourceContext, result: RollupResult, sources: Sequence[Source] | None = None
) -> list[dict]:
    """The cross-checks of every source that has one, in order (``SOURCES`` unless given)."""
    chosen = SOURCES if sources is None else sources
    return [
        check
        for source in chosen
        if source.crosscheck is not None
        for check in source.crosscheck(ctx, result)
    ]
