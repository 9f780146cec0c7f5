"""The Sarabun font (PyPI ``fontpkg-sarabun``): one folder for the app, the brief and the
offline map, so no font file is committed or fetched from the internet."""

from __future__ import annotations

from pathlib import Path

import fontpkg_sarabun

FONT_DIR = Path(fontpkg_sarabun.__file__).parent / "files"
