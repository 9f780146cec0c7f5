"""Issue 23 item 7, access leftovers: ``GET /signout`` from another site signed the user
out; ``?code=`` overrode the path on governor pages (``/province/TH50?code=TH10`` showed
Bangkok); ``/fonts/..%2f…``, ``/signin/x`` and ``/_dash-layout/x`` answered 200 with the app's
page; a signed-out request could discard another user's pending upload by its token; the
last admin could remove itself; a spoofed ``Host`` with a matching ``Origin`` passed the
Origin check."""

from __future__ import annotations

import json

import pytest

from tests.helpers import PASSWORDS, Browser
from warroom.app import create_app
from warroom.app.upload import actions
from warroom.errors import WarroomError
from warroom.intake.users import add_user, remove_user
from warroom.store import Store

pytestmark = pytest.mark.slow  # seconds a test: the whole real store (app)

EVIL = "http://evil.example"


@pytest.fixture(scope="module")
def app(intake_settings):
    return create_app(intake_settings.model_copy(update={"require_login": True}))


def signed_in(app) -> Browser:
    browser = Browser(app)
    assert browser.sign_in("cm.officer", PASSWORDS["cm.officer"]).status_code == 302
    return browser


def is_signed_in(browser: Browser) -> bool:
    return browser.http.get("/", headers={"Accept": "text/html"}).status_code == 200


def test_only_a_same_site_post_signs_out(app):
    browser = signed_in(app)
    for answer in (
        browser.http.get("/signout?next=/", headers={"Referer": EVIL + "/page"}),  # <img src>
        browser.http.get("/signout"),
    ):
        assert answer.status_code == 302 and answer.location.startswith("/signin")
        assert is_signed_in(browser)  # a link signs nobody out
    assert browser.http.post("/signout", headers={"Origin": EVIL}).status_code == 403
    assert is_signed_in(browser)
    page = browser.http.get("/signin").get_data(as_text=True)
    assert '<form method="post" action="/signout' in page  # the button the user clicks
    assert browser.http.post("/signout", headers={"Origin": "http://localhost"}).status_code == 302
    assert not is_signed_in(browser)


ROUTER = {  # what the browser asks Dash's page router for /province/TH50?code=TH10
    "output": ".._pages_content.children..._pages_store.data..",
    "outputs": [
        {"id": "_pages_content", "property": "children"},
        {"id": "_pages_store", "property": "data"},
    ],
    "inputs": [
        {"id": "_pages_location", "property": "pathname", "value": "/province/TH50"},
        {"id": "_pages_location", "property": "search", "value": "?code=TH10&lang=th"},
    ],
    "changedPropIds": ["_pages_location.pathname"],
}


def test_the_path_names_the_governors_area_not_the_query(built):
    client = create_app(built[0]).server.test_client()
    answer = client.post("/_dash-update-component", json=ROUTER)
    assert answer.status_code == 200, answer.get_data(as_text=True)[:300]
    page = json.dumps(answer.get_json(), ensure_ascii=False)
    assert "เชียงใหม่" in page and "TH50" in page  # Chiang Mai, as the path says
    assert "กรุงเทพมหานคร" not in page


@pytest.mark.parametrize(
    "path", ["/signin/x", "/signout/x", "/_dash-layout/x", "/fonts/..%2fwarroom.sqlite", "/geo"]
)
def test_paths_under_the_servers_routes_are_not_pages(intake_settings, path):
    client = create_app(intake_settings).server.test_client()
    answer = client.get(path, headers={"Accept": "text/html"})
    assert answer.status_code == 404
    assert client.get("/province/TH50").status_code == 200  # pages still are


def test_a_token_alone_never_discards_another_users_upload(app, intake_settings):
    officer = signed_in(app)
    table = "อำเภอ,ตำบล,ปี,จำนวน\nเมืองเชียงใหม่,ศรีภูมิ,2566,1234\n".encode()
    file = officer.upload(table, "elderly.csv")[0]
    kept = list(intake_settings.uploads_dir.glob(f"{file['token']}.*"))
    assert kept

    def discard(browser: Browser) -> None:
        browser.call(
            actions.receive_file, None, 1, None, {"token": file["token"]}, "th",
            trigger=("up-discard", "n_clicks"),
        )  # fmt: skip

    discard(Browser(app))  # signed out, the token alone
    viewer = Browser(app)
    viewer.sign_in("viewer1", PASSWORDS["viewer1"])
    discard(viewer)  # signed in, someone else
    assert all(path.exists() for path in kept)
    discard(officer)  # its owner
    assert not any(path.exists() for path in kept)


def test_the_last_admin_is_never_removed(built, tmp_path):
    from tests.helpers import copy_store

    store = Store(copy_store(built[0], tmp_path / "build").db_url)
    add_user(store, "boss", "boss-password-1", "admin")
    add_user(store, "clerk", "clerk-password-1", "viewer")
    with pytest.raises(WarroomError, match="last admin"):
        remove_user(store, "boss")
    assert store.account("boss") is not None
    add_user(store, "boss2", "boss-password-2", "admin")
    remove_user(store, "boss")  # another admin remains
    assert store.account("boss") is None


def test_a_spoofed_host_with_a_matching_origin_is_refused(intake_settings):
    public = "https://warroom.example.go.th"
    app = create_app(intake_settings.model_copy(update={"public_url": public}))
    client = app.server.test_client()
    form = {"username": "cm.officer", "password": "wrong-password"}
    spoofed = client.post("/signin", data=form, headers={"Host": "evil.example", "Origin": EVIL})
    assert spoofed.status_code == 403
    own = client.post("/signin", data=form, headers={"Host": "10.0.0.5", "Origin": public})
    assert own.status_code == 401  # the site's own origin passes (and the password is wrong)
