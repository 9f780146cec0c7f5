"""Sign-in and the upload page without a browser, on a copy of the session's built store.

``/signin`` and ``/signout`` are driven with Flask's test client; the upload page's
callbacks are imported and called directly (they are module-level ``dash.callback``s),
inside a request carrying the test client's cookie.
"""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from tests.helpers import CHIANG_MAI_ROWS, PASSWORDS, Browser, copy_store, cp874, text_of
from warroom.app import create_app
from warroom.app.upload import actions, callbacks
from warroom.app.upload.files import UploadError, discard_upload, find_upload, save_upload
from warroom.config import Settings
from warroom.store import Store
from warroom.text.i18n import t

pytestmark = pytest.mark.slow  # seconds a test: the whole real store (app, CLI, server)


@pytest.fixture(scope="module")
def guarded_app(intake_settings):
    return create_app(intake_settings.model_copy(update={"require_login": True}))


def layout_text(browser: Browser, layout, **query) -> str:
    """The text of a page's layout as served to this browser."""
    return text_of(browser.call(lambda: layout(**query)))


def uploads(settings: Settings) -> list[Path]:
    folder = Path(settings.uploads_dir)
    return sorted(folder.glob("*")) if folder.exists() else []


def test_upload_actions_need_sign_in(open_app, intake_settings):
    browser = Browser(open_app)
    assert browser.who()["user"] is None
    needed = t("up_signin_needed", "th")

    _, _, message = browser.upload(cp874(CHIANG_MAI_ROWS), "elderly.csv")
    assert needed in text_of(message)
    assert uploads(intake_settings) == []

    fake = {"token": "A" * 24, "name": "x.csv", "size": 1}
    assert needed in text_of(browser.check(fake)[1])
    summary = {
        "key": "k",
        "token": "A" * 24,
        "indicator": "moi.elderly",
        "options": {},
        "sha256": "0",
        "rows": 1,
        "problems": 0,
        "blocking": 0,
        "bad_rows": 0,
    }
    assert needed in text_of(browser.load(summary)[0])
    assert needed in text_of(browser.roll_back(1)[0])
    declared = browser.call(
        actions.declare_indicator, 1, [], "neutral", "sum", [], "th", states_list=[[]]
    )
    assert needed in text_of(declared[0])
    assert Store(intake_settings.db_url).batches().empty


def test_sign_in_routes(open_app):
    browser = Browser(open_app)
    form = browser.http.get("/signin?next=/upload&lang=en")
    assert form.status_code == 200 and 'name="username"' in form.text
    assert 'name="password"' in form.text and "User name" in form.text
    wrong = browser.sign_in("cm.officer", "not-the-password")
    unknown = browser.sign_in("nobody.here", "not-the-password")
    assert wrong.status_code == unknown.status_code == 401
    assert t("up_wrong_password", "th") in wrong.text
    assert wrong.text == unknown.text  # the same words for an unknown user
    assert browser.who()["user"] is None
    # the right password signs in and goes back where the user was going
    right = browser.sign_in("cm.officer", PASSWORDS["cm.officer"], next_path="/upload?lang=th")
    assert right.status_code == 302 and right.headers["Location"] == "/upload?lang=th"
    assert browser.who()["user"] == {"name": "cm.officer", "role": "officer", "province": "TH50"}
    # never sent to another site after signing in
    elsewhere = browser.sign_in("cm.officer", PASSWORDS["cm.officer"], next_path="//evil.example")
    assert elsewhere.headers["Location"] == "/"
    out = browser.sign_out()
    assert out.status_code == 302 and out.headers["Location"] == "/upload"
    assert browser.who()["user"] is None


def test_every_page_shows_sign_out_when_signed_in(open_app):
    from warroom.app.pages import map as map_page
    from warroom.app.pages import upload as upload_page

    browser = Browser(open_app)
    for layout in (map_page.layout, upload_page.layout):
        assert "เข้าสู่ระบบ" in layout_text(browser, layout)
        assert "ออกจากระบบ" not in layout_text(browser, layout)
    browser.sign_in("viewer1", PASSWORDS["viewer1"])
    for layout in (map_page.layout, upload_page.layout):
        shown = layout_text(browser, layout, lang="en")
        assert "viewer1" in shown and "Sign out" in shown


def test_viewer_may_not_load(open_app, intake_settings):
    browser = Browser(open_app)
    browser.sign_in("viewer1", PASSWORDS["viewer1"])
    chrome = browser.call(callbacks.chrome, browser.who(), "th")
    work_hidden, viewer_note = chrome[4], chrome[6]
    assert work_hidden is True  # no upload form for a viewer
    assert t("up_viewer_note", "th") in text_of(viewer_note)
    # ... and the server refuses even when the browser is made to ask
    _, _, message = browser.upload(cp874(CHIANG_MAI_ROWS), "elderly.csv")
    assert t("up_not_allowed", "th") in text_of(message)
    assert uploads(intake_settings) == []
    saved = save_upload(
        intake_settings.uploads_dir,
        "data:text/csv;base64," + base64.b64encode(cp874(CHIANG_MAI_ROWS)).decode(),
        "elderly.csv",
        "viewer1",
        max_bytes=10**6,
    )
    file = {"token": saved.token, "name": saved.name, "size": saved.size}
    report, checked, _, _ = browser.check(file)
    assert "may not load data" in text_of(checked)
    assert report is None
    summary = {
        "key": "k",
        "token": saved.token,
        "indicator": "moi.elderly",
        "options": {},
        "sha256": "0",
        "rows": 4,
        "problems": 0,
        "blocking": 0,
        "bad_rows": 0,
    }
    loaded = browser.load(summary)[0]
    assert "may not load data" in text_of(loaded)
    assert Store(intake_settings.db_url).batches().empty
    saved.path.unlink()
    Path(intake_settings.uploads_dir, f"{saved.token}.json").unlink()


def test_officer_checks_loads_and_rolls_back(open_app, intake_settings):
    browser = Browser(open_app)
    browser.sign_in("cm.officer", PASSWORDS["cm.officer"])
    file = browser.upload(cp874(CHIANG_MAI_ROWS), "ผู้สูงอายุ เชียงใหม่.csv")[0]
    assert file["name"] == "ผู้สูงอายุ เชียงใหม่.csv"
    saved = uploads(intake_settings)
    assert len(saved) == 2 and all(file["name"] not in p.name for p in saved)  # random name

    summary = browser.check(file)[0]
    assert summary["rows"] == 4 and summary["problems"] == 3 and summary["blocking"] == 0
    preview = browser.call(callbacks.render_preview, summary, "th", browser.who())
    shown = text_of(preview)
    assert "ตำบล 4" in shown and "2566 (ค.ศ. 2023)" in shown and "not a number" in shown

    refused = browser.load(summary)[0]  # problems, and the box is not ticked: nothing loads
    assert t("up_refused", "th") in text_of(refused)
    assert Store(intake_settings.db_url).batches().empty

    loaded = browser.load(summary, drop=True)[0]
    assert "ชุดที่ 1" in text_of(loaded)
    batches = Store(intake_settings.db_url).batches()
    assert list(batches["rows"]) == [4] and list(batches["user"]) == ["cm.officer"]
    assert list(batches["file_name"]) == ["ผู้สูงอายุ เชียงใหม่.csv"]
    assert uploads(intake_settings) == []  # deleted after the load

    done = browser.roll_back(int(batches["id"].iloc[0]))[0]
    assert "ย้อนกลับชุดที่ 1 แล้ว" in text_of(done)
    assert list(Store(intake_settings.db_url).batches()["status"]) == ["rolled back"]

    # rows of another province (Lamphun) refuse the whole file, even if the browser insists
    lamphun = [CHIANG_MAI_ROWS[2], CHIANG_MAI_ROWS[3], "เมืองลำพูน,ในเมือง,2566,1100"]
    file = browser.upload(cp874(lamphun), "two.csv")[0]
    summary = browser.check(file)[0]
    assert summary["blocking"] == 1
    disabled = browser.call(callbacks.load_state, summary, ["drop"], "th")[2]
    assert disabled is True
    refused = browser.load(summary, drop=True)[0]
    assert "นอกจังหวัดของท่าน" in text_of(refused)
    assert len(Store(intake_settings.db_url).batches()) == 1


def test_saved_uploads_keep_names_out_of_paths_and_respect_the_limit(tmp_path):
    def data_url(data: bytes) -> str:
        return "data:text/csv;base64," + base64.b64encode(data).decode()

    saved = save_upload(tmp_path, data_url(b"a,b\n"), "../../etc/passwd.csv", "u", max_bytes=10)
    assert saved.path.parent == tmp_path and saved.name == "passwd.csv"
    assert find_upload(tmp_path, saved.token, "u").path == saved.path
    for token, owner in ((saved.token, "someone.else"), ("../x", "u"), (None, "u")):
        with pytest.raises(UploadError):
            find_upload(tmp_path, token, owner)
    with pytest.raises(UploadError, match="up_too_big"):
        save_upload(tmp_path, data_url(b"x" * 11), "big.csv", "u", max_bytes=10)
    with pytest.raises(UploadError, match="up_bad_type"):
        save_upload(tmp_path, data_url(b"x"), "table.exe", "u", max_bytes=10)
    discard_upload(tmp_path, saved.token, "someone.else")  # not theirs: kept
    assert find_upload(tmp_path, saved.token, "u").path == saved.path
    discard_upload(tmp_path, saved.token, "u")
    assert list(tmp_path.iterdir()) == []


def test_require_login_sends_every_page_to_the_sign_in_page(guarded_app):
    browser = Browser(guarded_app)
    http = browser.http
    html = {"Accept": "text/html,application/xhtml+xml"}
    response = http.get("/?lang=en", headers=html)
    assert response.status_code == 302
    assert response.headers["Location"] == "/signin?next=%2F%3Flang%3Den"
    assert http.get("/upload", headers=html).headers["Location"] == "/signin?next=%2Fupload"
    for path in ("/_dash-layout", "/_dash-dependencies", "/geo/country/province.geojson"):
        assert http.get(path, headers={"Accept": "application/json"}).status_code == 401, path
    for path in ("/signin", "/assets/warroom.css", "/fonts/Sarabun-Regular.ttf"):
        assert http.get(path, headers=html).status_code == 200, path

    signed = browser.sign_in("viewer1", PASSWORDS["viewer1"], next_path="/?lang=en")
    assert signed.headers["Location"] == "/?lang=en"  # back to where the user was going
    assert http.get("/", headers=html).status_code == 200
    assert http.get("/_dash-layout").status_code == 200
    browser.sign_out()
    assert http.get("/", headers=html).status_code == 302


def test_viewing_stays_open_without_require_login(open_app):
    http = open_app.server.test_client()
    assert http.get("/", headers={"Accept": "text/html"}).status_code == 200
    assert http.get("/_dash-layout").status_code == 200
    assert http.get("/geo/country/province.geojson").status_code == 200
    assert http.get("/upload/").status_code == 200
    assert http.get("/upload").status_code == 200


def test_before_any_account_the_page_says_how_to_create_one(built, tmp_path):
    settings = copy_store(built[0], tmp_path / "build")
    browser = Browser(create_app(settings))
    who = browser.who()
    assert who == {"user": None, "accounts": False}
    chrome = browser.call(callbacks.chrome, who, "th")
    assert "warroom users add" in text_of(chrome[3])
    assert chrome[2] is True and chrome[4] is True  # no sign-in link, no upload form
    assert "warroom users add" in browser.http.get("/signin").text
    # nobody becomes an admin over the web, whatever is typed
    assert browser.sign_in("local", "anything-at-all").status_code == 200
    assert browser.who()["user"] is None
