"""The page's scripts and fonts, light: the Plotly bundle the app needs, compressed once.

Dash serves every trace of Plotly (``plotly.min.js``, 4.8 MB, 1.27 MB as Flask-Compress
sends it): most of the first page. With ``WARROOM_PLOTLY_BUNDLE=app`` (the default) the
same URL serves ``vendor/plotly/plotly-warroom.min.js`` instead, Plotly's core with only the
traces the pages draw (built by ``scripts/install-plotly.sh``; without it, Dash's bundle).

Flask-Compress compresses scripts again on every request at a speed-minded level. These
files never change while the server runs, so here each is compressed once, at a strong
level (brotli 10, gzip 9), and kept: less to send, and no CPU per request. The
same goes for the TrueType fonts (a file compresses to about half), each cut to the
characters the pages write (``warroom.web.fonts``); the style sheets ask for the same
fonts as WOFF2 first (``warroom.web.static``), which no further compression shrinks. ``full`` serves
everything as Dash and Flask-Compress do (the benchmarks' baseline).
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import re
import threading
from pathlib import Path

import brotli
from flask import Flask, Response, request
from werkzeug.wrappers import Response as BaseResponse

from warroom.config import PROJECT_ROOT
from warroom.web.fonts import font_subset
from warroom.web.static import accepted_encoding

APP_BUNDLE = PROJECT_ROOT / "vendor" / "plotly" / "plotly-warroom.min.js"
PLOTLY_PATH = "/_dash-component-suites/plotly/package_data/plotly.min.js"
_COMPRESSED_ONCE = ("/_dash-component-suites/", "/fonts/", "/_favicon.ico")
_KEPT_MAX = 64  # files kept compressed (Dash's scripts, the fonts: a few dozen)


def _strongest(data: bytes, encoding: str) -> bytes:
    if encoding == "subset":
        return font_subset(data)
    if encoding == "br":  # 10: within 2 % of 11's size in a third of its time (a cold start)
        return brotli.compress(data, quality=10)
    if encoding == "gzip":
        return gzip.compress(data, compresslevel=9)
    return data


class _Kept:
    """Compressed bodies by (path, content digest, encoding), made once."""

    def __init__(self) -> None:
        self._items: dict[tuple[str, str, str], bytes] = {}
        self._lock = threading.Lock()

    def get(self, path: str, data: bytes, encoding: str) -> bytes:
        key = (path, hashlib.blake2b(data, digest_size=8).hexdigest(), encoding)
        with self._lock:
            found = self._items.get(key)
        if found is None:
            found = _strongest(data, encoding)
            with self._lock:
                if len(self._items) >= _KEPT_MAX:
                    self._items.clear()
                self._items[key] = found
        return found


def add_light_scripts(server: Flask, bundle: str = "app", app_bundle: Path = APP_BUNDLE) -> None:
    """Serve the app's Plotly bundle and compress scripts and fonts once (see the module);
    ``bundle`` ``full`` leaves Dash's bundle and per-request compression as they are."""
    if bundle == "full":
        return
    kept = _Kept()
    plotly = app_bundle.read_bytes() if app_bundle.is_file() else None
    etag = hashlib.sha256(plotly).hexdigest()[:20] if plotly is not None else ""
    # Written compressed by the build (brotli 11 takes seconds: never in a request).
    ready = {
        encoding: Path(f"{app_bundle}{suffix}").read_bytes()
        for encoding, suffix in (("br", ".br"), ("gzip", ".gz"))
        if plotly is not None and Path(f"{app_bundle}{suffix}").is_file()
    }

    @server.before_request
    def _app_plotly() -> BaseResponse | None:
        if plotly is None or request.path != PLOTLY_PATH:
            return None
        encoding = accepted_encoding(request.headers.get("Accept-Encoding", ""))
        body = ready.get(encoding) or kept.get(request.path, plotly, encoding)
        response = Response(body, mimetype="application/javascript")
        if encoding:
            response.headers["Content-Encoding"] = encoding
        response.vary.add("Accept-Encoding")
        response.set_etag(f"{etag}-{encoding or 'id'}")
        return response.make_conditional(request)

    @server.after_request
    def _compress_once(response: Response) -> Response:
        if (
            response.status_code != 200
            or "Content-Encoding" in response.headers
            or not request.path.startswith(_COMPRESSED_ONCE)
        ):
            return response
        response.direct_passthrough = False  # a font is sent as a file: read it here
        encoding = accepted_encoding(request.headers.get("Accept-Encoding", ""))
        data = response.get_data()
        if request.path.endswith(".woff2"):  # Brotli inside already
            return response
        if request.path.startswith("/fonts/") and request.path.endswith(".ttf"):
            data = kept.get(request.path, data, "subset")
        response.set_data(kept.get(request.path, data, encoding) if encoding else data)
        if encoding:
            response.headers["Content-Encoding"] = encoding
        response.vary.add("Accept-Encoding")
        return response


ASYNC_MAX_BYTES = 150_000  # Dash's on-demand chunks a page may fetch (not MathJax, tables)
_SRC = re.compile(r'<script[^>]+src="(/_dash-component-suites/[^"]+)"')
_FONT_URL = re.compile(r"/fonts/Sarabun-[A-Za-z]+\.(?:woff2|ttf)")


def first_page_files(server: Flask, registered: dict[str, set[str]], css: Path) -> list[str]:
    """What a first visit fetches that ``add_light_scripts`` compresses once: the scripts of
    Dash's page (its index, read through the app), the small chunks Dash loads on demand
    (``registered``: Dash's ``registered_paths``) and the fonts the style sheets in ``css``
    name."""
    page = server.test_client().get("/", headers={"Accept-Encoding": "identity"})
    found = _SRC.findall(page.get_data(as_text=True)) if page.status_code == 200 else []
    for package, paths in registered.items():
        spec = importlib.util.find_spec(package)
        root = Path(spec.origin).parent if spec and spec.origin else None
        for path in sorted(paths):
            file = root / path if root else None
            if (
                file is not None
                and "/async-" in f"/{path}"
                and path.endswith(".js")
                and file.is_file()
                and file.stat().st_size <= ASYNC_MAX_BYTES
            ):
                found.append(f"/_dash-component-suites/{package}/{path}")
    for sheet in sorted(css.glob("*.css")):
        found += _FONT_URL.findall(sheet.read_text(encoding="utf-8"))
    return list(dict.fromkeys(found))


def compress_ahead(server: Flask, paths: list[str]) -> int:
    """Ask the app for each of ``paths`` once per encoding (brotli, gzip), so that what
    ``add_light_scripts`` compresses once is made now: in gunicorn's master before it forks
    its workers, never in a fresh worker's first request. Returns the answers made."""
    client = server.test_client()
    made = 0
    for path in paths:
        for encoding in ("br", "gzip"):
            made += client.get(path, headers={"Accept-Encoding": encoding}).status_code == 200
    return made
