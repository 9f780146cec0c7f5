"""``warroom build``: boundaries and indicators from the source folder into the built store."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd

from warroom.areas.boundaries import areas_table, read_boundaries
from warroom.areas.codes import COUNTRY_CODE
from warroom.areas.crosswalk import read_crosswalk
from warroom.areas.geojson import write_static_files
from warroom.areas.simplify import display_layers, vertex_count
from warroom.config import Settings
from warroom.indicators.catalogue import Catalogue, load_catalogue
from warroom.indicators.checks import EXCLUDED_COLUMNS, excluded_rows, screen
from warroom.indicators.loaders import registry
from warroom.indicators.plausibility import implausible
from warroom.indicators.references import read_references
from warroom.indicators.rollup import RollupResult, rollup
from warroom.intake.derive import rederive_loaded
from warroom.store import Store


@dataclass
class BuildReport:
    """What a build did: timings, geometry sizes, and rows that did not place exactly."""

    seconds: dict[str, float] = field(default_factory=dict)
    geometry: list[dict] = field(default_factory=list)
    observations: int = 0
    unplaced: dict[str, int] = field(default_factory=dict)
    unmatched: list[dict] = field(default_factory=list)
    crosschecks: list[dict] = field(default_factory=list)
    # Left out of the store: figures the source does not have, and periods that only repeat
    # another period's values (see warroom.indicators.checks).
    missing: list[dict] = field(default_factory=list)
    repeated_periods: list[dict] = field(default_factory=list)
    # Values impossible for their indicator (warroom.indicators.plausibility): not stored as
    # figures, each with its reason; ``derived`` when a roll-up produced it.
    implausible: list[dict] = field(default_factory=list)
    crosswalk: list[dict] = field(default_factory=list)  # codes drawn on another polygon
    goals_without_indicator: list[int] = field(default_factory=list)

    def to_json(self) -> str:
        """The report as JSON (written to the build folder)."""
        return json.dumps(self.__dict__, ensure_ascii=False, indent=2, default=str)


class _Timer:
    def __init__(self, report: BuildReport, echo: Callable[[str], None]):
        self.report, self.echo = report, echo

    def step(self, name: str, fn: Callable):
        start = time.perf_counter()
        result = fn()
        self.report.seconds[name] = round(time.perf_counter() - start, 2)
        self.echo(f"  {name}: {self.report.seconds[name]} s")
        return result


def build(settings: Settings, echo: Callable[[str], None] = print) -> BuildReport:
    """Validate the sources, write geometry, GeoJSON and the store; return the report.

    Nothing is written to the store unless every step succeeded.
    """
    report = BuildReport()
    timer = _Timer(report, echo)
    layers = timer.step(
        "read and validate boundaries", lambda: read_boundaries(settings.boundaries_dir)
    )
    areas = timer.step("areas table", lambda: areas_table(layers))
    catalogue = load_catalogue(settings.catalogue_dir)
    report.goals_without_indicator = catalogue.goals_without_indicator()
    crosswalk = read_crosswalk(settings.boundaries_dir, set(areas["code"]))
    report.crosswalk = crosswalk.table().to_dict("records")
    sources = registry.context(settings.indicators_dir, catalogue, areas, crosswalk)
    raw = timer.step("load indicators", lambda: registry.load_all(sources))
    zero_is_missing = [i.id for i in catalogue if i.zero_is_missing]
    screened = timer.step("screen", lambda: screen(raw, zero_is_missing))
    report.missing, report.repeated_periods = screened.missing, screened.repeated
    rows = {i.id: i.model_dump() for i in catalogue}
    impossible = implausible(screened.observations, rows)
    kept = screened.observations.drop(index=impossible.index)
    result = timer.step("roll up", lambda: rollup(kept, catalogue, areas))
    derived_impossible = implausible(result.observations, rows)
    result.observations = result.observations.drop(index=derived_impossible.index)
    report.implausible = _implausible_report(impossible, derived_impossible)
    excluded = pd.concat(
        [screened.excluded, excluded_rows(impossible, impossible["rule"], impossible["reason"])],
        ignore_index=True,
    )[EXCLUDED_COLUMNS]
    report.crosschecks = timer.step("cross-check", lambda: registry.crosscheck_all(sources, result))
    display = timer.step("simplify geometry", lambda: display_layers(areas))

    build_dir = Path(settings.build_dir)
    timer.step("write geometry", lambda: _write_geometry(areas, display, settings, report))
    report.observations = len(result.observations)
    report.unplaced = {
        k: int(v) for k, v in result.unplaced.groupby("source")["code"].nunique().items()
    }
    report.unmatched = (
        result.unmatched[["source", "source_row", "code", "source_name", "indicator_id", "period"]]
        .drop_duplicates(["source", "source_row"])
        .to_dict("records")
    )
    store = Store.create(settings.db_url)
    references = read_references(
        Path(settings.catalogue_dir), set(catalogue.indicators), set(areas["code"]) | {COUNTRY_CODE}
    )
    tables = {
        **_store_tables(areas, catalogue, result),
        "excluded": excluded,
        "reference_figures": references,
    }
    # Loads into catalogue indicators are kept: their coarser levels are derived again.
    timer.step("write store", lambda: store.write_build(tables, after=rederive_loaded))
    (build_dir / "report.json").write_text(report.to_json(), encoding="utf-8")
    return report


def _implausible_report(source: pd.DataFrame, derived: pd.DataFrame) -> list[dict]:
    """One record per value left out as impossible: where, what, and why."""
    records = [
        {
            "source": r.source,
            "indicator_id": r.indicator_id,
            "code": r.code,
            "period": int(r.period),
            "value": float(r.value),
            "reason": r.reason,
            "derived": False,
        }
        for r in source.itertuples()
    ]
    records += [
        {
            "source": r.source,
            "indicator_id": r.indicator_id,
            "code": r.area_code,
            "period": int(r.period),
            "value": float(r.value),
            "reason": r.reason,
            "derived": True,
        }
        for r in derived.itertuples()
    ]
    return records


def _write_geometry(
    areas: gpd.GeoDataFrame, display: dict, settings: Settings, report: BuildReport
) -> None:
    geometry_dir = Path(settings.geometry_dir)
    geometry_dir.mkdir(parents=True, exist_ok=True)
    areas.to_parquet(geometry_dir / "areas.parquet")
    for variant, by_level in display.items():
        for level, gdf in by_level.items():
            path = geometry_dir / f"{variant}_{level}.parquet"
            gdf.to_parquet(path)
            report.geometry.append(
                {
                    "variant": variant,
                    "level": level,
                    "features": len(gdf),
                    "vertices": vertex_count(gdf),
                }
            )
    names = pd.DataFrame(areas[["code", "name_th", "name_en"]]).set_index("code")
    sizes = write_static_files(display, names, Path(settings.geojson_dir))
    for row in report.geometry:
        if row["variant"] == "national":
            row["geojson_bytes"] = sizes[f"country/{row['level']}.geojson"]
    province_files = {k: v for k, v in sizes.items() if k.startswith("province/")}
    report.geometry.append(
        {
            "variant": "province files",
            "level": "district+tambon",
            "features": len(province_files),
            "geojson_bytes": sum(province_files.values()),
            "largest_bytes": max(province_files.values()),
        }
    )


def _store_tables(
    areas: gpd.GeoDataFrame, catalogue: Catalogue, result: RollupResult
) -> dict[str, pd.DataFrame]:
    indicators = pd.DataFrame(
        [{**i.model_dump(exclude={"expression"}), "goal": i.goal} for i in catalogue]
    )
    sources = pd.DataFrame([s.model_dump() for s in catalogue.sources.values()])
    unplaced = result.unplaced.assign(anchor=result.unplaced["anchor"])
    info = pd.DataFrame({"key": ["built_at"], "value": [pd.Timestamp.now("UTC").isoformat()]})
    return {
        "areas": pd.DataFrame(areas.drop(columns="geometry")),
        "sources": sources,
        "indicators": indicators,
        "observations": result.observations,
        "unplaced": unplaced,
        "unmatched": result.unmatched,
        "build_info": info,
    }
