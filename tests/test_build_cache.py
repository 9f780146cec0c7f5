"""The test build cache: kept across edits of code the build never runs, rebuilt otherwise."""

from __future__ import annotations

from tests import build_cache
from tests.build_cache import MODULES, _matching, cached_build, code_key


def test_an_entry_matches_while_the_modules_it_imported_are_unchanged(tmp_path):
    modules = ["config.py", "build.py"]
    entry = tmp_path / f"inputs-{code_key(modules)}"
    entry.mkdir()
    (entry / MODULES).write_text("\n".join(modules) + "\n")
    assert _matching(tmp_path, "inputs") == entry
    assert _matching(tmp_path, "other-inputs") is None
    (entry / MODULES).write_text("config.py\nno/such/module.py\n")  # a module since removed
    assert _matching(tmp_path, "inputs") is None


def test_an_edit_changes_the_key_of_the_module_edited_only(tmp_path, monkeypatch):
    (tmp_path / "a.py").write_text("A = 1\n")
    (tmp_path / "b.py").write_text("B = 1\n")
    monkeypatch.setattr(build_cache, "PACKAGE", tmp_path)
    before = code_key(["a.py"])
    (tmp_path / "b.py").write_text("B = 2\n")
    assert code_key(["a.py"]) == before
    (tmp_path / "a.py").write_text("A = 2\n")
    assert code_key(["a.py"]) != before


def test_the_build_never_imports_the_screens_or_the_web_server(built, source_settings):
    """So editing a page, the server or the intake's reading and checks keeps the cached
    build (make check)."""
    modules = (cached_build(source_settings) / MODULES).read_text().split()
    assert "build.py" in modules and any(m.startswith("indicators/loaders/") for m in modules)
    assert not [m for m in modules if m.startswith(("app/", "web/", "export/", "cli/"))]
    assert "intake/check.py" not in modules and "intake/reading.py" not in modules
