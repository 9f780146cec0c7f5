"""Static files the app serves itself: GeoJSON (cached, compressed) and the Sarabun font."""

from __future__ import annotations

import gzip
import json
import logging
import pkgutil
import re
from functools import lru_cache
from pathlib import Path

import brotli
from dash.exceptions import DependencyException
from flask import Flask, Response, abort, request, send_from_directory
from flask_compress import Compress

from warroom.text.fonts import FONT_DIR
from warroom.text.i18n import t
from warroom.web.fonts import font_woff2

log = logging.getLogger(__name__)

GEOJSON_MAX_AGE = 24 * 3600  # the files change only when `warroom build` runs again
GEOJSON_STALE_OK = 7 * 24 * 3600  # a cache may serve it while it revalidates (ETag)
FONT_MAX_AGE = 365 * 24 * 3600  # a font file never changes under its name


def add_static_routes(server: Flask, geojson_dir: Path) -> None:
    """``/geo/<path>`` for the built GeoJSON, ``/fonts/<file>`` for Sarabun, ``/favicon.ico``.

    GeoJSON is compressed once per file version and encoding (brotli or gzip) and kept in
    memory; browsers and proxies cache it for a day and revalidate with its ETag. Fonts are
    cached for a year as immutable. Flask-Compress compresses the app's own responses
    (layout, callbacks, scripts). A bad path answers 404, never 500. A damaged GeoJSON file
    (not JSON, not a FeatureCollection) answers 503 with a message in Thai and English,
    never a blank map; ``geojson_problems`` lists such files when the server starts.
    """
    server.config.update(
        COMPRESS_MIMETYPES=[
            "application/geo+json",
            "application/json",
            "text/html",
            "text/css",
            "application/javascript",
            "text/javascript",
        ],
        COMPRESS_ALGORITHM=["br", "gzip"],
        COMPRESS_LEVEL=6,
        COMPRESS_BR_LEVEL=6,
        COMPRESS_MIN_SIZE=500,
    )
    Compress(server)
    root = Path(geojson_dir).resolve()

    @server.route("/geo/<path:name>")
    def geojson(name: str):
        if "\x00" in name:
            abort(404)
        path = (root / name).resolve()
        if path.suffix != ".geojson" or root not in path.parents or not path.is_file():
            abort(404)
        stat = path.stat()
        problem = _problem(str(path), stat.st_mtime_ns)
        if problem is not None:
            log.warning("GeoJSON %s: %s", name, problem)
            text = " / ".join(t("geo_damaged", lang) for lang in ("th", "en"))
            response = Response(text, status=503, mimetype="text/plain")
            response.headers["Retry-After"] = "60"
            return response
        encoding = accepted_encoding(request.headers.get("Accept-Encoding", ""))
        body = _encoded(str(path), stat.st_mtime_ns, encoding)
        response = Response(body, mimetype="application/geo+json")
        if encoding:
            response.headers["Content-Encoding"] = encoding
        response.vary.add("Accept-Encoding")
        response.cache_control.public = True
        response.cache_control.max_age = GEOJSON_MAX_AGE
        response.cache_control.stale_while_revalidate = GEOJSON_STALE_OK
        response.set_etag(f"{stat.st_mtime_ns:x}-{stat.st_size:x}-{encoding or 'id'}")
        return response.make_conditional(request)

    @server.route("/fonts/<name>")
    def font(name: str):
        if _WOFF2_NAME.fullmatch(name):
            body = _woff2(name.removesuffix(".woff2"))
            if body is None:
                abort(404)
            response = Response(body, mimetype="font/woff2")
            response.cache_control.max_age = FONT_MAX_AGE
            response.cache_control.public = True
            response.cache_control.immutable = True
            return response
        if not name.startswith("Sarabun-") or not name.endswith(".ttf") or "\x00" in name:
            abort(404)
        response = send_from_directory(FONT_DIR, name, max_age=FONT_MAX_AGE, mimetype="font/ttf")
        response.cache_control.public = True
        response.cache_control.immutable = True
        return response

    @server.route("/favicon.ico")
    def favicon():
        # Pages without a Dash index (the sign-in page, a PDF in the browser's viewer) make
        # browsers ask for /favicon.ico: Dash's icon, not the 404 page.
        response = Response(pkgutil.get_data("dash", "favicon.ico"), mimetype="image/x-icon")
        response.cache_control.public = True
        response.cache_control.max_age = GEOJSON_MAX_AGE
        return response

    @server.errorhandler(DependencyException)
    def unknown_dependency(_exc: DependencyException):
        # Dash raises this for a script or style path it does not serve: a bad path, not a fault.
        return Response("not found", status=404, mimetype="text/plain")


def accepted_encoding(accept_encoding: str) -> str:
    """The encoding to answer in: ``br``, ``gzip`` or ``""`` (none), from Accept-Encoding."""
    return "br" if "br" in accept_encoding else ("gzip" if "gzip" in accept_encoding else "")


def encode(data: bytes, encoding: str, quality: int = 6) -> bytes:
    """``data`` compressed in ``encoding`` (as ``accepted_encoding`` names it); ``quality``
    is brotli's (gzip's level stays 6)."""
    if encoding == "br":
        return brotli.compress(data, quality=quality)
    if encoding == "gzip":
        return gzip.compress(data, compresslevel=6)
    return data


_WOFF2_NAME = re.compile(r"Sarabun-[A-Za-z]+\.woff2")


@lru_cache(maxsize=8)
def _woff2(stem: str) -> bytes | None:
    """The font ``stem`` (e.g. ``Sarabun-Bold``) cut and as WOFF2, made once; None if absent."""
    path = FONT_DIR / f"{stem}.ttf"
    return font_woff2(path.read_bytes()) if path.is_file() else None


@lru_cache(maxsize=256)
def _encoded(path: str, _mtime_ns: int, encoding: str) -> bytes:
    """File bytes in one encoding; the modification time in the key drops stale entries."""
    return encode(Path(path).read_bytes(), encoding)


def geojson_problem(data: bytes) -> str | None:
    """What is wrong with a GeoJSON file's bytes for the maps, or None."""
    try:
        doc = json.loads(data)
    except ValueError as exc:
        return f"not JSON ({exc})"
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        return "not a GeoJSON FeatureCollection"
    if not isinstance(doc.get("features"), list):
        return "no list of features"
    return None


@lru_cache(maxsize=256)
def _problem(path: str, _mtime_ns: int) -> str | None:
    """``geojson_problem`` of a file, read once per version of it."""
    try:
        return geojson_problem(Path(path).read_bytes())
    except OSError as exc:
        return f"unreadable ({exc.strerror})"


def geojson_problems(geojson_dir: Path) -> list[str]:
    """Every damaged file of the built GeoJSON, as ``path: why`` (checked at start)."""
    root = Path(geojson_dir)
    found = []
    for path in sorted(root.rglob("*.geojson")):
        problem = _problem(str(path), path.stat().st_mtime_ns)
        if problem is not None:
            found.append(f"{path.relative_to(root)}: {problem}")
    return found
