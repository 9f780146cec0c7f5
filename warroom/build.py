"""``warroom build``: boundaries and indicators from the source folder into the built store."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from warroom.areas.boundaries import areas_table, read_boundaries
from warroom.areas.crosswalk import Crosswalk, read_crosswalk
from warroom.areas.geojson import write_static_files
from warroom.areas.names import NameIndex
from warroom.areas.simplify import display_layers, vertex_count
from warroom.config import Settings
from warroom.indicators.catalogue import Catalogue, load_catalogue
from warroom.indicators.checks import screen
from warroom.indicators.loaders import (
    dopa,
    dopa_xlsx,
    election,
    gpp,
    muban,
    physicians,
    pm25,
    province_panel,
    tax,
    tpmap,
)
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


def load_indicators(
    folder: Path, catalogue: Catalogue, areas: pd.DataFrame, crosswalk: Crosswalk | None = None
) -> pd.DataFrame:
    """Every source's observations at its own level, codes converted at the edge."""
    index = NameIndex(areas)
    population = dopa.province_population(folder)
    return pd.concat(
        [
            tpmap.load(folder, catalogue),
            dopa.load(folder, catalogue, areas, crosswalk),
            muban.load(folder, catalogue, crosswalk),
            province_panel.load(folder, catalogue, index),
            pm25.load(folder, catalogue, index, population),
            physicians.load(folder, catalogue, index),
            election.load(folder, catalogue, index),
            gpp.load(folder, catalogue, index),
            tax.load(folder, catalogue, index, population),
        ],
        ignore_index=True,
    )


def crosscheck_totals(folder: Path, result: RollupResult) -> list[dict]:
    """DOPA's kingdom rows against our roll-up of its tambon rows (every level, every year);
    NESDC's kingdom GDP against the sum of its provinces."""
    checks = []
    obs = result.observations
    pop = obs[obs["indicator_id"] == "dopa.population"]
    by_level = pop.groupby([pop["area_code"].str.len(), "period"])["value"].sum()
    unplaced = result.unplaced[result.unplaced["indicator_id"] == "dopa.population"]
    off_tambon = unplaced.groupby("period")["value"].sum()
    for rec in dopa_xlsx.kingdom_totals(folder).itertuples(index=False):
        levels = {
            name: by_level.get((2 + 2 * depth, rec.year))
            for depth, name in enumerate(("country", "province", "district", "tambon"))
        }
        placed = levels["tambon"] + off_tambon.get(rec.year, 0)
        differ = [n for n, v in levels.items() if n != "tambon" and v != rec.kingdom_row]
        checks.append(
            {
                "source": dopa_xlsx.SOURCE,
                "level": f"kingdom {rec.year}",
                "compared": 4,
                "differ": len(differ) + int(placed != rec.kingdom_row),
                "published": rec.kingdom_row,
                "tambon_sum": levels["tambon"],
                "unplaced_at_tambon": off_tambon.get(rec.year, 0),
            }
        )
    return checks


def crosscheck_tpmap(folder: Path, catalogue: Catalogue, result: RollupResult) -> list[dict]:
    """Compare rolled-up TPMAP figures with TPMAP's own district and province files."""
    checks = []
    obs = result.observations
    ours = obs[obs["source"] == tpmap.SOURCE][["area_code", "indicator_id", "value"]]
    for level in ("district", "province"):
        published = tpmap.load(folder, catalogue, level=level)
        published = published[published["value"].notna()]
        both = published.merge(
            ours,
            left_on=["code", "indicator_id"],
            right_on=["area_code", "indicator_id"],
            how="left",
            suffixes=("", "_ours"),
        )
        diff = np.abs(both["value_ours"] - both["value"])
        bad = ~(diff <= 1e-6 * np.maximum(1, np.abs(both["value"])))
        differ = both.loc[bad, "indicator_id"].value_counts().to_dict()
        checks.append(
            {
                "source": tpmap.SOURCE,
                "level": level,
                "compared": len(published),
                "differ": int(bad.sum()),
                "differ_by_indicator": differ,
            }
        )
    return checks


def crosscheck_gpp(folder: Path, areas: pd.DataFrame, result: RollupResult) -> list[dict]:
    """NESDC's published GPP per capita (provinces) and GDP per capita (kingdom) against our
    ratio of summed product over summed population (rounding: within 1 baht)."""
    published = gpp.published_per_capita(folder, NameIndex(areas))
    published = published[published["value"] > 0]
    obs = result.observations
    ours = obs[obs["indicator_id"] == "gpp.per_capita"].set_index(["area_code", "period"])
    mine = ours["value"].reindex(pd.MultiIndex.from_frame(published[["code", "year"]]))
    bad = ~(np.abs(mine.to_numpy() - published["value"].to_numpy()) <= 1)
    return [
        {
            "source": gpp.SOURCE,
            "level": "province and kingdom per capita",
            "compared": len(published),
            "differ": int(bad.sum()),
        }
    ]


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
    raw = timer.step(
        "load indicators",
        lambda: load_indicators(settings.indicators_dir, catalogue, areas, crosswalk),
    )
    screened = timer.step("screen", lambda: screen(raw))
    report.missing, report.repeated_periods = screened.missing, screened.repeated
    result = timer.step("roll up", lambda: rollup(screened.observations, catalogue, areas))
    report.crosschecks = timer.step(
        "cross-check",
        lambda: (
            crosscheck_tpmap(settings.indicators_dir, catalogue, result)
            + crosscheck_totals(settings.indicators_dir, result)
            + crosscheck_gpp(settings.indicators_dir, areas, result)
        ),
    )
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
    tables = _store_tables(areas, catalogue, result)
    # Loads into catalogue indicators are kept: their coarser levels are derived again.
    timer.step("write store", lambda: store.write_build(tables, after=rederive_loaded))
    (build_dir / "report.json").write_text(report.to_json(), encoding="utf-8")
    return report


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
