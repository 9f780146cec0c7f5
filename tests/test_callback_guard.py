"""Callback requests Dash cannot use are refused before Dash reads them: no traceback that
quotes the request into the log, no 70 MB body from someone who may not load data."""

from __future__ import annotations

import json
import logging

import pytest

from warroom.app import create_app
from warroom.intake.users import add_user
from warroom.store import Store
from warroom.web.callback_guard import SMALL_BODY

pytestmark = pytest.mark.slow  # seconds a test: the whole real store (app, CLI, server)

PATH = "/_dash-update-component"
PASSWORD = "officer-pass-1"
# A real callback of the upload page: who is signed in, from the page's address.
WHO = {
    "output": "up-who.data",
    "outputs": {"id": "up-who", "property": "data"},
    "inputs": [{"id": "up-url", "property": "search", "value": ""}],
    "changedPropIds": ["up-url.search"],
}


@pytest.fixture(scope="module")
def app(built, tmp_path_factory):
    from tests.helpers import copy_store

    settings = copy_store(built[0], tmp_path_factory.mktemp("guard") / "build")
    add_user(Store(settings.db_url), "cm.officer", PASSWORD, "officer", "TH50")
    return create_app(settings)


def post(client, body: str | bytes):
    return client.post(PATH, data=body, content_type="application/json")


def test_a_real_callback_passes(app):
    response = post(app.server.test_client(), json.dumps(WHO))
    assert response.status_code == 200
    assert "up-who" in response.get_json()["response"]


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"a":' * 100_000 + "1" + "}" * 100_000, "nested too deeply"),
        ("{not json", "not JSON"),
        ("[1, 2, 3]", "not a JSON object"),
        ("null", "not a JSON object"),
        (json.dumps({"output": 7}), "no output named"),
        (json.dumps({**WHO, "output": "x" * 1_000_000}), "no callback for output 'xxxx"),
        (json.dumps({**WHO, "inputs": []}), "inputs do not match"),
        (json.dumps({**WHO, "inputs": [{"id": "up-url"}]}), "inputs do not match"),
        (json.dumps({**WHO, "inputs": "up-url"}), "inputs do not match"),
        (json.dumps({**WHO, "state": [{"id": "a", "property": "b"}]}), "states do not match"),
        (json.dumps({**WHO, "changedPropIds": [{"a": 1}]}), "changedPropIds"),
    ],
)
def test_unusable_requests_get_400_and_one_short_log_line(app, caplog, body, says):
    caplog.set_level(logging.INFO)
    response = post(app.server.test_client(), body)
    assert response.status_code == 400
    assert says in response.get_data(as_text=True)
    assert len(response.get_data()) < 300
    # one warning, quoting at most a few dozen characters; no traceback (Flask's ERROR)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    lines = [r.getMessage() for r in caplog.records]
    refused = [line for line in lines if "callback request refused" in line]
    assert len(refused) == 1 and len(refused[0]) < 300


def test_only_a_user_who_may_load_sends_a_large_body(app):
    big = json.dumps({**WHO, "padding": "a" * (SMALL_BODY + 1)})
    anonymous = app.server.test_client()
    response = post(anonymous, big)
    assert response.status_code == 413
    assert "bad callback request" in response.get_data(as_text=True)
    officer = app.server.test_client()
    signed = officer.post("/signin", data={"username": "cm.officer", "password": PASSWORD})
    assert signed.status_code == 302
    assert post(officer, big).status_code == 200  # a file in the upload callback is this big
