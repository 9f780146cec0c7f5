"""The brief's map: the area's children coloured by one indicator, drawn by GeoPandas and
matplotlib without a browser, with the first places to act numbered. It carries no text:
labels are in the brief's HTML, where Thai is shaped properly."""

from __future__ import annotations

import io
import math
from pathlib import Path

import pandas as pd

from warroom.analysis import area as A  # noqa: N812
from warroom.analysis.classes import classify
from warroom.areas.codes import child_level, level_of
from warroom.errors import WarroomError

# Light to dark: readable when printed in black and white.
PRINT_RAMP = ["#fff5eb", "#fdd0a2", "#fd8d3c", "#d94801", "#7f2704"]


def area_map_png(
    source: A.Source,
    geometry_dir: Path,
    code: str,
    indicator: str,
    marks: list[str],
) -> tuple[bytes, list[tuple[float, float]]]:
    """The area's children coloured by the indicator (5 quantile classes), the first places
    to act numbered; returns the PNG and the class bounds for the legend."""
    import matplotlib

    matplotlib.use("Agg")
    import geopandas as gpd
    import matplotlib.pyplot as plt

    level = child_level(level_of(code))
    variant = "province" if level == "district" else "district"
    path = Path(geometry_dir) / f"{variant}_{level}.parquet"
    try:
        shapes = gpd.read_parquet(path)
    except Exception as exc:  # pyarrow's and geopandas' own errors for a broken file
        raise WarroomError(
            f"the geometry file {path.name} cannot be read ({type(exc).__name__}): "
            "run `warroom build` to make it again"
        ) from exc
    shapes = shapes[shapes["code"].str.startswith(code)].copy()
    obs = source.observations(indicator)
    period = int(obs.index.get_level_values(0).max()) if len(obs) else None
    values = obs.loc[period].reindex(shapes["code"]) if period is not None else None
    fig, ax = plt.subplots(figsize=(3.6, 4.0), dpi=220)
    bounds: list[tuple[float, float]] = []
    if values is not None and values.notna().any():
        classes = classify(pd.Series(values.to_numpy(), index=shapes.index), "quantiles")
        ramp = PRINT_RAMP[
            :: -1 if source.indicators.at[indicator, "direction"] == "higher_is_better" else 1
        ]
        n = len(classes.upper)
        colours = [ramp[round(i * (len(ramp) - 1) / max(n - 1, 1))] for i in range(n)]
        shapes["colour"] = [
            colours[int(k)] if not math.isnan(k) else "white" for k in classes.klass
        ]
        bounds = list(zip(classes.lower, classes.upper, strict=True))
        shapes.plot(ax=ax, color=shapes["colour"], edgecolor="#333333", linewidth=0.5)
        missing = shapes[classes.klass.isna()]
        if len(missing):
            missing.plot(ax=ax, facecolor="white", edgecolor="#333333", hatch="////", linewidth=0.5)
    else:
        shapes.plot(ax=ax, facecolor="white", edgecolor="#333333", hatch="////", linewidth=0.5)
    points = shapes.set_index("code").representative_point()
    for i, c in enumerate(marks, start=1):
        if c in points.index:
            p = points[c]
            ax.annotate(
                str(i),
                (p.x, p.y),
                ha="center",
                va="center",
                fontsize=9,
                fontweight="bold",
                bbox={"boxstyle": "circle,pad=0.25", "fc": "white", "ec": "black", "lw": 0.8},
            )
    ax.set_axis_off()
    ax.set_aspect(1 / math.cos(math.radians(shapes.geometry.union_all().centroid.y)))
    fig.tight_layout(pad=0.1)
    out = io.BytesIO()
    fig.savefig(out, format="png", transparent=True)
    plt.close(fig)
    return out.getvalue(), bounds
