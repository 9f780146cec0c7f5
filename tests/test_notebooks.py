"""The notebooks run, top to bottom, on the session's built store (nbclient)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

pytestmark = pytest.mark.slow  # seconds a test: the whole real store (app, CLI, server)

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 2


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs(path, built, monkeypatch):
    notebook = nbformat.read(path, as_version=4)
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code"), (
        f"{path.name} is stored with outputs: clear them"
    )
    settings, _ = built
    monkeypatch.setenv("WARROOM_BUILD_DIR", str(settings.build_dir))  # the kernel inherits it
    NotebookClient(notebook, timeout=300, kernel_name="python3").execute(cwd=str(path.parent))
