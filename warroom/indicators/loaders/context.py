"""What every loader is given: the source folder and what the build already knows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from warroom.areas.crosswalk import Crosswalk
from warroom.areas.names import NameIndex
from warroom.indicators.catalogue import Catalogue


@dataclass(frozen=True, eq=False)
class SourceContext:
    """One build's inputs to every loader: ``folder`` holds one sub-folder per source.

    ``names`` and ``population`` are computed on first use and kept: a build reads DOPA's
    province population once, whichever loaders weigh by it. ``read_population`` gives
    columns code, year, total, households (``registry.context`` passes
    ``dopa.province_population``).
    """

    folder: Path
    catalogue: Catalogue
    areas: pd.DataFrame
    crosswalk: Crosswalk | None = None
    read_population: Callable[[Path], pd.DataFrame] | None = None

    @cached_property
    def names(self) -> NameIndex:
        """Name matcher over ``areas`` (for name-keyed tables)."""
        return NameIndex(self.areas)

    @cached_property
    def population(self) -> pd.DataFrame:
        """Registered population and houses by province and year: code, year, total,
        households."""
        if self.read_population is None:
            raise ValueError("this SourceContext was made without a population reader")
        return self.read_population(Path(self.folder))
