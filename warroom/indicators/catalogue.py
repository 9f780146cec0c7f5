"""The indicator catalogue: hand-written metadata in ``data/indicators/*.csv``, validated."""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import (
    AliasChoices,
    BaseModel,
    Field,
    ValidationError,
    computed_field,
    field_validator,
    model_validator,
)

from warroom.errors import DataError, Problem
from warroom.indicators.rules import Rollup

Direction = Literal["higher_is_better", "higher_is_worse", "neutral"]
# Where an indicator's status thresholds come from: an SDG target, a standard (WHO, Thai law),
# the national value of the same period (no stated target), or none (counts, context figures).
ThresholdBasis = Literal["target", "standard", "national", "none"]
_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
_SDG = re.compile(r"^(1[0-7]|[1-9])(\.([0-9]{1,2}|[a-z])(\.[0-9]{1,2})?)?$")
GOALS = tuple(range(1, 18))


class Source(BaseModel):
    """Where a set of indicators comes from."""

    id: str
    name_th: str
    name_en: str
    publisher_th: str
    publisher_en: str
    year: str
    licence: str
    modelled: bool


class Indicator(BaseModel):
    """One indicator: names, SDG code (or the code it is a proxy for), unit, direction, how it
    rolls up, status thresholds with their source, and a caveat to show beside the value."""

    id: str
    name_th: str
    name_en: str
    # The catalogue's column is ``sdg_code``; users' declarations say ``sdg``.
    sdg: str | None = Field(default=None, validation_alias=AliasChoices("sdg_code", "sdg"))
    proxy: bool = False
    unit: str
    unit_th: str
    direction: Direction
    rollup: Rollup
    scale: float | None = None
    weight: str | None = None
    source: str
    modelled: bool = False
    expression: str
    # Status thresholds in the indicator's unit: green = target met, red = far off.
    threshold_green: float | None = None
    threshold_red: float | None = None
    threshold_basis: ThresholdBasis | None = None
    threshold_source: str | None = None
    threshold_source_th: str | None = None
    note_th: str | None = None  # a caveat the app shows beside the value
    note_en: str | None = None
    # The values it can take when its unit does not say (warroom/indicators/plausibility.py):
    # blank = open at that end.
    value_min: float | None = None
    value_max: float | None = None
    value_range_source: str | None = None
    # A 0 from the source is a sampling zero (a survey found no case in its sample), not a
    # measured 0: left out as missing (warroom/indicators/checks.py).
    zero_is_missing: bool = False

    @field_validator("id")
    @classmethod
    def _id_form(cls, v: str) -> str:
        if not _ID.match(v):
            raise ValueError("ids are lower-case and dotted, e.g. 'tpmap.target_poor'")
        return v

    @field_validator(
        "sdg",
        "weight",
        "scale",
        "threshold_green",
        "threshold_red",
        "threshold_basis",
        "threshold_source",
        "threshold_source_th",
        "note_th",
        "note_en",
        "value_min",
        "value_max",
        "value_range_source",
        mode="before",
    )
    @classmethod
    def _blank_is_none(cls, v: object) -> object:
        return None if v in ("", None) else v

    @field_validator("proxy", "modelled", "zero_is_missing", mode="before")
    @classmethod
    def _blank_is_false(cls, v: object) -> object:
        return False if v in ("", None) else v

    @field_validator("sdg")
    @classmethod
    def _sdg_form(cls, v: str | None) -> str | None:
        if v is not None and not _SDG.match(v):
            raise ValueError("SDG code must look like '1', '1.2' or '1.2.2'")
        return v

    @model_validator(mode="after")
    def _rule_needs(self) -> Indicator:
        if self.rollup == "ratio" and self.scale is None:
            raise ValueError("a ratio needs a scale (100 for %, 1 for a plain ratio)")
        if self.rollup == "weighted_mean" and not self.weight:
            raise ValueError("a weighted mean names its weight")
        if self.proxy and not self.sdg:
            raise ValueError("a proxy names the SDG code it stands in for")
        self._check_thresholds()
        low, high = self.value_min, self.value_max
        if (low is not None or high is not None) and not self.value_range_source:
            raise ValueError("a declared range names its source (value_range_source)")
        if low is not None and high is not None and low > high:
            raise ValueError(f"value_min {low} is above value_max {high}")
        return self

    def _check_thresholds(self) -> None:
        green, red = self.threshold_green, self.threshold_red
        if (green is not None or red is not None) and not self.threshold_source:
            raise ValueError("a threshold names its source (threshold_source)")
        stated = self.threshold_basis in ("target", "standard")
        if stated and green is None:
            raise ValueError(f"a {self.threshold_basis} threshold gives threshold_green")
        if not stated and (green is not None or red is not None):
            raise ValueError("thresholds come from a target or a standard (threshold_basis)")
        if green is None or red is None:
            return
        if self.direction == "neutral":
            raise ValueError("a neutral indicator has no green or red threshold")
        better = green <= red if self.direction == "higher_is_worse" else green >= red
        if not better:
            raise ValueError(
                f"threshold_green {green} is on the wrong side of threshold_red {red} "
                f"for {self.direction}"
            )

    @computed_field  # type: ignore[prop-decorator]
    @property
    def sdg_code(self) -> str | None:
        """The SDG indicator code this indicator serves, or stands in for when ``proxy``."""
        return self.sdg

    @property
    def goal(self) -> int | None:
        """SDG goal number (1-17), or None for context indicators."""
        return int(self.sdg.split(".")[0]) if self.sdg else None


def validation_problems(exc: ValidationError, file: str, row: int | None) -> list[Problem]:
    """One Problem per field pydantic refused: the field as column, the value it was given."""
    return [
        Problem(
            file, err["msg"], row, ".".join(str(p) for p in err["loc"]) or None, err.get("input")
        )
        for err in exc.errors()
    ]


def _read_models(path: Path, model: type[BaseModel]) -> list:
    problems, items = [], []
    with path.open(encoding="utf-8-sig", newline="") as f:
        for row_no, row in enumerate(csv.DictReader(f), start=2):
            if None in row:  # more cells than the header: a comma not quoted
                problems.append(Problem(str(path), "more cells than the header", row_no))
                continue
            try:
                items.append(model.model_validate(row))
            except ValidationError as exc:
                problems += validation_problems(exc, str(path), row_no)
    if problems:
        raise DataError(problems)
    return items


class Catalogue:
    """All indicators and sources, looked up by id."""

    def __init__(self, indicators: list[Indicator], sources: list[Source]):
        self.indicators = {i.id: i for i in indicators}
        self.sources = {s.id: s for s in sources}

    def __getitem__(self, indicator_id: str) -> Indicator:
        try:
            return self.indicators[indicator_id]
        except KeyError:
            raise KeyError(f"unknown indicator {indicator_id!r}") from None

    def __iter__(self):
        return iter(self.indicators.values())

    def __len__(self) -> int:
        return len(self.indicators)

    def by_source(self, source_id: str) -> list[Indicator]:
        """The indicators of one source, in catalogue order."""
        return [i for i in self if i.source == source_id]

    def goals_covered(self) -> list[int]:
        """SDG goals (1-17) with at least one indicator, ascending."""
        return sorted({i.goal for i in self if i.goal})

    def goals_without_indicator(self) -> list[int]:
        """SDG goals (1-17) that no indicator serves yet."""
        covered = set(self.goals_covered())
        return [g for g in GOALS if g not in covered]


def read_catalogue(folder: Path) -> Catalogue:
    """Read and validate ``catalogue.csv`` and ``sources.csv`` in ``folder``."""
    indicators = _read_models(folder / "catalogue.csv", Indicator)
    sources = _read_models(folder / "sources.csv", Source)
    problems = []
    seen: set[str] = set()
    known_sources = {s.id for s in sources}
    for row, ind in enumerate(indicators, start=2):
        if ind.id in seen:
            problems.append(
                Problem(str(folder / "catalogue.csv"), "duplicate id", row, "id", ind.id)
            )
        seen.add(ind.id)
        if ind.source not in known_sources:
            problems.append(
                Problem(str(folder / "catalogue.csv"), "unknown source", row, "source", ind.source)
            )
    if problems:
        raise DataError(problems)
    return Catalogue(indicators, sources)


@lru_cache(maxsize=4)
def load_catalogue(folder: Path | None = None) -> Catalogue:
    """The project's catalogue (cached)."""
    from warroom.config import get_settings

    return read_catalogue(Path(folder or get_settings().catalogue_dir))
