"""Sources as a registry: the build loads and cross-checks exactly the registered sources,
and a new source is one loader module (plus its catalogue rows) and one line in ``SOURCES``."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import shutil
import sys

import pandas as pd
import pytest

import warroom.build
import warroom.indicators.loaders as loaders_package
from warroom.config import CATALOGUE_DIR, Settings
from warroom.indicators.catalogue import read_catalogue
from warroom.indicators.loaders import registry

# A whole new source, as its author would write it: this module and nothing in build.py.
TOY_MODULE = """
from pathlib import Path

from warroom.indicators.loaders.common import numbers, observations, read_csv
from warroom.indicators.loaders.context import SourceContext
from warroom.indicators.loaders.province_panel import match_provinces

SOURCE = "toy_wells"
FILE = "wells_by_province.csv"
SEEN = []


def load(ctx: SourceContext):
    df = read_csv(Path(ctx.folder) / SOURCE / FILE, ["province", "wells"])
    frame = numbers(df, ["wells"]).rename(columns={"wells": "value"})
    frame = frame.assign(numerator=float("nan"), denominator=float("nan"))
    codes = match_provinces(df["province"], ctx.names)
    return observations(
        ctx.catalogue.by_source(SOURCE), frame, period=2024, source=SOURCE, codes=codes
    )


def crosscheck(ctx, result):
    SEEN.append(result)
    return [{"source": SOURCE, "level": "country", "compared": 1, "differ": 0}]
"""


class _StopBuildError(Exception):
    """Raised where the test has seen enough of the build (before any file is written)."""


def _toy_source(tmp_path, monkeypatch):
    """The toy loader module, its data folder and a catalogue with its rows added."""
    (tmp_path / "toy_wells_loader.py").write_text(TOY_MODULE, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "toy_wells_loader", raising=False)
    toy = importlib.import_module("toy_wells_loader")
    data = tmp_path / "source" / "indicators" / toy.SOURCE
    data.mkdir(parents=True)
    (data / toy.FILE).write_text(
        "province,wells\nกรุงเทพมหานคร,7\nChiang Mai,5\nเชียงราย,3\n", encoding="utf-8"
    )
    catalogue = tmp_path / "catalogue"
    shutil.copytree(CATALOGUE_DIR, catalogue)
    with (catalogue / "sources.csv").open("a", encoding="utf-8") as f:
        f.write(f"{toy.SOURCE},บ่อน้ำ,Wells,ทดสอบ,Test,2024,none,false\n")
    with (catalogue / "catalogue.csv").open("a", encoding="utf-8") as f:
        f.write(
            f"toy.wells,บ่อน้ำ,Wells,6.1.1,true,wells,บ่อ,higher_is_better,sum,,,"
            f"{toy.SOURCE},false,wells,,,none,,,,\n"
        )
    return toy, catalogue


def test_a_new_source_is_one_module_and_one_line_and_the_build_uses_it(
    tmp_path, monkeypatch, source_settings
):
    toy, catalogue = _toy_source(tmp_path, monkeypatch)
    (tmp_path / "source" / "boundaries").symlink_to(source_settings.boundaries_dir)
    settings = Settings(
        source_dir=tmp_path / "source", build_dir=tmp_path / "build", catalogue_dir=catalogue
    )
    # The one line (here it replaces the list, so that only the toy's rows are built).
    line = registry.Source(toy.SOURCE, toy.load, toy.crosscheck)
    monkeypatch.setattr(registry, "SOURCES", (line,))

    def stop(_areas):
        raise _StopBuildError

    monkeypatch.setattr(warroom.build, "display_layers", stop)
    with pytest.raises(_StopBuildError):
        warroom.build.build(settings, echo=lambda _msg: None)

    (result,) = toy.SEEN  # the build cross-checked through the registry, after the roll-up
    obs = result.observations.set_index("area_code")
    assert set(obs["source"]) == {toy.SOURCE} and set(obs["indicator_id"]) == {"toy.wells"}
    assert obs.loc[["TH10", "TH50", "TH57"], "value"].tolist() == [7, 5, 3]
    assert obs.loc["TH", "value"] == 15  # rolled up to the country like any source
    assert not (tmp_path / "build").exists()  # stopped before anything was written


def test_load_all_is_every_registered_source_in_order(tmp_path, monkeypatch):
    toy, catalogue = _toy_source(tmp_path, monkeypatch)
    areas = pd.DataFrame(
        [
            ("TH", "country", None, "ประเทศไทย", "Thailand"),
            ("TH10", "province", "TH", "กรุงเทพมหานคร", "Bangkok"),
            ("TH50", "province", "TH", "เชียงใหม่", "Chiang Mai"),
            ("TH57", "province", "TH", "เชียงราย", "Chiang Rai"),
        ],
        columns=["code", "level", "parent", "name_th", "name_en"],
    )
    ctx = registry.context(tmp_path / "source" / "indicators", read_catalogue(catalogue), areas)
    source = registry.Source(toy.SOURCE, toy.load)
    twice = registry.load_all(ctx, [source, source])
    assert twice["code"].tolist() == ["TH10", "TH50", "TH57"] * 2
    assert twice["value"].tolist() == [7, 5, 3] * 2


def test_every_loader_module_is_registered_once_and_build_names_none():
    """A loader module without its line in SOURCES would silently not be built."""
    registered = [s.name for s in registry.SOURCES]
    assert len(registered) == len(set(registered))
    modules = {}
    for info in pkgutil.iter_modules(loaders_package.__path__):
        module = importlib.import_module(f"{loaders_package.__name__}.{info.name}")
        if inspect.isfunction(getattr(module, "load", None)) and hasattr(module, "SOURCE"):
            modules[module.SOURCE] = module
    assert set(modules) == set(registered)
    for source in registry.SOURCES:
        assert source.load is modules[source.name].load
        assert source.crosscheck is getattr(modules[source.name], "crosscheck", None)
    catalogue = read_catalogue(CATALOGUE_DIR)
    assert all(catalogue.by_source(name) for name in registered)
    tree = ast.parse(inspect.getsource(warroom.build))
    imported = {
        f"{node.module}.{alias.name}" if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    loaders = {name for name in imported if name.startswith(loaders_package.__name__)}
    assert loaders == {f"{loaders_package.__name__}.registry"}
