"""Security headers on every response and an Origin check on every state-changing request.

The Content-Security-Policy allows only the app's own scripts plus the hashes of the inline
scripts Dash writes into its pages (``Dash.csp_hashes()``); styles may be inline because
Plotly and MapLibre inject them; MapLibre runs its workers from ``blob:`` URLs. Pages may not
be framed by any site (``frame-ancestors 'none'`` and ``X-Frame-Options: DENY``).

Cross-site request forgery: a POST (or PUT, PATCH, DELETE) whose ``Origin`` — or, without it,
``Referer`` — names another site is refused with 403. Browsers always send one of them on
such requests; a request with neither comes from a program, not from a page on another site.
The site is ``WARROOM_PUBLIC_URL`` (scheme and host) when set, so that a spoofed ``Host``
header with a matching ``Origin`` is refused too; otherwise the request's own host.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

import dash
from flask import Flask, Response, request

from warroom.config import Settings

HSTS_SECONDS = 365 * 24 * 3600
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def content_security_policy(script_hashes: Iterable[str], tile_url: str | None = None) -> str:
    """The policy for War Room's pages (``tile_url``: an optional raster basemap's host)."""
    tiles = ""
    if tile_url:
        parts = urlsplit(tile_url.replace("{", "").replace("}", ""))
        tiles = f" {parts.scheme}://{parts.netloc}"
    directives = {
        "default-src": "'self'",
        "script-src": " ".join(["'self'", *sorted(set(script_hashes))]),
        "style-src": "'self' 'unsafe-inline'",
        "img-src": f"'self' data: blob:{tiles}",
        "font-src": "'self' data:",
        "connect-src": f"'self'{tiles}",
        "worker-src": "'self' blob:",
        "child-src": "'self' blob:",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    return "; ".join(f"{k} {v}" for k, v in directives.items())


def add_security(server: Flask, settings: Settings, dash_apps: Iterable[dash.Dash]) -> None:
    """Headers on every response of ``server``; refuse cross-site state-changing requests."""
    apps = list(dash_apps)
    policy: list[str] = []  # worked out at the first response, once every callback exists
    public = urlsplit(settings.public_url) if settings.public_url else None

    @server.before_request
    def _same_origin() -> Response | None:
        if request.method not in UNSAFE_METHODS:
            return None
        source = request.headers.get("Origin") or request.headers.get("Referer")
        if source is None:
            return None
        parts = urlsplit(source)
        if public is not None:  # the configured site, whatever the Host header says
            same = (parts.scheme.lower(), parts.netloc.lower()) == (
                public.scheme.lower(),
                public.netloc.lower(),
            )
        else:
            same = parts.netloc.lower() == request.host.lower()
        if source == "null" or not same:
            return Response(
                "ปฏิเสธคำขอจากเว็บไซต์อื่น / request from another site refused",
                status=403,
                mimetype="text/plain",
            )
        return None

    @server.after_request
    def _headers(response: Response) -> Response:
        if not policy:
            hashes = [h for app in apps for h in app.csp_hashes()]
            policy.append(content_security_policy(hashes, settings.tile_url))
        headers = response.headers
        headers.setdefault("Content-Security-Policy", policy[0])
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if settings.https:
            headers.setdefault("Strict-Transport-Security", f"max-age={HSTS_SECONDS}")
        return response
