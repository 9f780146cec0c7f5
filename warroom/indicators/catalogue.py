"""The indicator catalogue: hand-written metadata in ``data/indicators/*.csv``, validated."""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ValidationError, field_validator, model_validator

from warroom.errors import DataError, Problem

Direction = Literal["higher_is_better", "higher_is_worse", "neutral"]
Rollup = Literal["sum", "ratio", "weighted_mean", "none"]
_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
_SDG = re.compile(r"^(1[0-7]|[1-9])(\.([0-9]{1,2}|[a-z])(\.[0-9]{1,2})?)?$")


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
    """One indicator: names, SDG code, unit, direction and how it rolls up."""

    id: str
    name_th: str
    name_en: str
    sdg: str | None = None
    unit: str
    unit_th: str
    direction: Direction
    rollup: Rollup
    scale: float | None = None
    weight: str | None = None
    source: str
    modelled: bool = False
    expression: str

    @field_validator("id")
    @classmethod
    def _id_form(cls, v: str) -> str:
        if not _ID.match(v):
            raise ValueError("ids are lower-case and dotted, e.g. 'tpmap.target_poor'")
        return v

    @field_validator("sdg", "weight", mode="before")
    @classmethod
    def _blank_is_none(cls, v: object) -> object:
        return None if v in ("", None) else v

    @field_validator("scale", mode="before")
    @classmethod
    def _blank_scale(cls, v: object) -> object:
        return None if v in ("", None) else v

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
        return self

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
