"""The page convention (CONTRIBUTING.md): the header's links come from Dash's page registry,
each page declares its shared (cacheable) callbacks itself, and every callback's output
ids carry its page's prefix."""

from __future__ import annotations

import json

import dash
import pytest

from warroom.app import create_app
from warroom.app.caching import shared_outputs
from warroom.app.components.shell import nav_links
from warroom.web.response_cache import cacheable


@pytest.fixture(scope="module")
def app(built):
    return create_app(built[0])


def test_the_header_links_the_pages_that_ask_for_it_in_their_order(app):
    assert nav_links() == [
        ("/", "nav_map"),
        ("/explore", "nav_explore"),
        ("/wall", "nav_wall"),
        ("/upload", "nav_upload"),
    ]
    paths = {p["path"] for p in dash.page_registry.values()}
    assert {"/province/<code>", "/district/<code>"} <= paths | {
        p["path_template"] for p in dash.page_registry.values()
    }


def _output_ids(key: str) -> list[str]:
    ids = [part.rsplit(".", 1)[0].split("@", 1)[0] for part in key.strip(".").split("...")]
    return [json.loads(i)["type"] if i.startswith("{") else i for i in ids]


def test_every_shared_output_is_an_output_of_a_callback_the_app_serves(app):
    served = {i for key in app.callback_map for i in _output_ids(key)}
    assert shared_outputs() and shared_outputs() <= served


def test_the_map_pages_answers_are_shared_and_the_upload_pages_never(app):
    for key, callback in app.callback_map.items():
        if "callback" not in callback:  # a clientside callback never reaches the server
            continue
        body = {"output": key}
        module = callback["callback"].__module__
        if module == "warroom.app.pages.map":
            assert cacheable(body, shared_outputs()), key
        if module.startswith(("warroom.app.pages.upload", "warroom.app.upload")):
            assert not cacheable(body, shared_outputs()), key
