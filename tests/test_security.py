"""Issue 10 item 7: security headers on every response, cross-site POSTs refused."""

from __future__ import annotations

import pytest

from warroom.app import create_app
from warroom.web.security import content_security_policy

pytestmark = pytest.mark.slow  # seconds a test: the whole real store (app, CLI, server)


@pytest.fixture(scope="module")
def plain(built):
    return create_app(built[0]).server.test_client()


@pytest.fixture(scope="module")
def https(built):
    settings = built[0].model_copy(update={"https": True, "proxies": 1})
    return create_app(settings).server.test_client()


@pytest.mark.parametrize("path", ["/", "/upload/", "/geo/country/province.geojson", "/nothing"])
def test_every_response_carries_the_headers(plain, path):
    headers = plain.get(path).headers
    policy = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert "'unsafe-eval'" not in policy and "script-src 'self' 'sha256-" in policy
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Strict-Transport-Security" not in headers  # only when served over HTTPS


def test_hsts_behind_https(https):
    response = https.get("/", headers={"X-Forwarded-Proto": "https"})
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_the_tile_host_is_allowed_only_when_set():
    assert "tiles.example" not in content_security_policy([])
    policy = content_security_policy([], "https://tiles.example/{z}/{x}/{y}.png")
    assert "img-src 'self' data: blob: https://tiles.example" in policy


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"Origin": "https://evil.example"}, 403),
        ({"Origin": "null"}, 403),
        ({"Referer": "https://evil.example/page"}, 403),
        ({"Origin": "http://localhost.evil.example"}, 403),
        ({"Origin": "http://localhost"}, 415),  # ours: reaches Dash, which wants JSON
        ({"Referer": "http://localhost/upload/"}, 415),
        ({}, 415),  # no Origin nor Referer: not a browser, so no forgery
    ],
)
def test_cross_site_posts_are_refused(plain, headers, status):
    response = plain.post(
        "/_dash-update-component", data="{}", content_type="text/plain", headers=headers
    )
    assert response.status_code == status
    if status == 403:
        assert "request from another site refused" in response.get_data(as_text=True)
