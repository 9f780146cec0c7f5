"""Sign-in and the upload page without a browser: Flask's test client on ``create_app``.

The page's callbacks are called over HTTP exactly as the browser calls them
(``/upload/_dash-update-component``), on a copy of the session's built store.
"""

from __future__ import annotations

import base64
import json
import sqlite3
from pathlib import Path

import pytest

from warroom.app import create_app
from warroom.app.i18n import t
from warroom.app.upload.files import UploadError, discard_upload, find_upload, save_upload
from warroom.config import Settings
from warroom.indicators.store import Store
from warroom.intake.declare import IndicatorSpec, declare
from warroom.intake.users import LOCAL_ADMIN, add_user

PASSWORDS = {"admin1": "admin-pass-1", "cm.officer": "officer-pass-1", "viewer1": "viewer-pass-1"}
ELDERLY = IndicatorSpec.model_validate(
    {
        "id": "moi.elderly",
        "name_th": "ผู้สูงอายุ",
        "name_en": "Older people",
        "unit": "people",
        "direction": "neutral",
        "rollup": "sum",
        "sdg": "3",
        "source": "กรมกิจการผู้สูงอายุ 2566",
    }
)
# A Chiang Mai table as Excel saves it in Thai Windows: a title line, a district column
# for context, a thousands separator, and three bad rows.
CHIANG_MAI_ROWS = [
    "รายงานจำนวนผู้สูงอายุ จังหวัดเชียงใหม่ ปี 2566",
    "",
    "อำเภอ,ตำบล,ปี,จำนวน",
    'เมืองเชียงใหม่,ศรีภูมิ,2566,"1,234"',
    "เมืองเชียงใหม่,พระสิงห์,2566,980",
    "เมืองเชียงใหม่,หายยา,2566,1100",
    "เมืองเชียงใหม่,ช้างม่อย,2566,abc",
    "เมืองเชียงใหม่,ช้างคลาน,2566,870",
    "เมืองเชียงใหม่,วัดเกต,2566,-5",
    "เมืองเชียงใหม่,ตำบลไม่มีจริง,2566,300",
]


def cp874(lines: list[str]) -> bytes:
    """A CSV as Thai Windows writes it: Windows-874, CRLF."""
    return ("\r\n".join(lines) + "\r\n").encode("cp874")


def copy_store(built_settings: Settings, folder: Path) -> Settings:
    """A private copy of a built store (SQLite backup API, so WAL content comes along)."""
    folder.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(Path(built_settings.build_dir) / "warroom.sqlite")
    dst = sqlite3.connect(folder / "warroom.sqlite")
    with dst:
        src.backup(dst)
    src.close()
    dst.close()
    (folder / "geojson").symlink_to(Path(built_settings.geojson_dir).resolve())
    return Settings(build_dir=folder, source_dir=built_settings.source_dir)


@pytest.fixture(scope="module")
def intake_settings(built, tmp_path_factory) -> Settings:
    """A copied store with three accounts and one declared indicator."""
    settings = copy_store(built[0], tmp_path_factory.mktemp("upload-auth") / "build")
    url = settings.db_url
    add_user(url, "admin1", PASSWORDS["admin1"], "admin")
    add_user(url, "cm.officer", PASSWORDS["cm.officer"], "officer", "TH50")
    add_user(url, "viewer1", PASSWORDS["viewer1"], "viewer")
    declare(url, [ELDERLY], LOCAL_ADMIN)
    return settings


@pytest.fixture(scope="module")
def open_app(intake_settings):
    return create_app(intake_settings)


@pytest.fixture(scope="module")
def guarded_app(intake_settings):
    return create_app(intake_settings.model_copy(update={"require_login": True}))


class PageClient:
    """Calls the upload page's callbacks over HTTP, as the browser does."""

    def __init__(self, app):
        self.http = app.server.test_client()
        deps = self.http.get("/upload/_dash-dependencies").get_json()
        self.deps = {d["output"]: d for d in deps}

    def _item(self, spec: dict, values: dict):
        ident, prop = spec["id"], spec["property"]
        if ident.startswith("{"):  # pattern-matching (ALL): a list of concrete ids
            kind = json.loads(ident)["type"]
            given = values.get(f"{kind}.{prop}", [])
            return [{"id": i, "property": prop, "value": v} for i, v in given]
        return {"id": ident, "property": prop, "value": values.get(f"{ident}.{prop}")}

    def call(self, first_output: str, values: dict, trigger: str | None = None) -> dict:
        """Run the callback whose first output is ``first_output``; its outputs by id."""
        key = next(k for k in self.deps if k.lstrip(".").startswith(first_output + "."))
        dep = self.deps[key]
        names = key.strip(".").split("...")
        outputs = [dict(zip(("id", "property"), n.rsplit(".", 1), strict=True)) for n in names]
        body = {
            "output": key,
            "outputs": outputs if key.startswith("..") else outputs[0],
            "inputs": [self._item(s, values) for s in dep["inputs"]],
            "state": [self._item(s, values) for s in dep["state"]],
            "changedPropIds": [trigger] if trigger else [],
        }
        response = self.http.post("/upload/_dash-update-component", json=body)
        if response.status_code == 204:  # PreventUpdate
            return {}
        assert response.status_code == 200, response.get_data(as_text=True)[:500]
        assert "Traceback" not in response.get_data(as_text=True)
        return response.get_json()["response"]

    def sign_in(self, name: str, password: str, search: str = "") -> dict:
        return self.call(
            "up-who",
            {
                "up-url.search": search,
                "up-signin.n_clicks": 1,
                "up-user.value": name,
                "up-password.value": password,
                "up-lang.value": "th",
            },
            trigger="up-signin.n_clicks",
        )

    def sign_out(self) -> dict:
        return self.call(
            "up-who", {"up-signout.n_clicks": 1, "up-lang.value": "th"}, "up-signout.n_clicks"
        )

    def who(self) -> dict:
        return self.call("up-who", {"up-url.search": "", "up-lang.value": "th"})["up-who"]["data"]

    def upload(self, data: bytes, name: str) -> dict:
        contents = "data:text/csv;base64," + base64.b64encode(data).decode()
        return self.call(
            "up-file",
            {"up-upload.contents": contents, "up-upload.filename": name, "up-lang.value": "th"},
            "up-upload.contents",
        )

    def check(self, file: dict, indicator: str = "moi.elderly") -> dict:
        return self.call(
            "up-report",
            {
                "up-check.n_clicks": 1,
                "up-file.data": file,
                "up-indicator.value": indicator,
                "up-option.value": [
                    ({"type": "up-option", "field": f}, None)
                    for f in ("area_column", "period_column", "value_column", "sheet")
                ],
                "up-lang.value": "th",
            },
            "up-check.n_clicks",
        )

    def load(self, summary: dict, drop: bool = False) -> dict:
        return self.call(
            "up-load-msg",
            {
                "up-load.n_clicks": 1,
                "up-report.data": summary,
                "up-drop-invalid.value": ["drop"] if drop else [],
                "up-batches-version.data": 0,
                "up-lang.value": "th",
            },
            "up-load.n_clicks",
        )

    def roll_back(self, batch: int) -> dict:
        ident = {"batch": batch, "type": "up-rollback"}
        return self.call(
            "up-batches-msg",
            {
                "up-rollback.submit_n_clicks": [(ident, 1)],
                "up-batches-version.data": 0,
                "up-lang.value": "th",
            },
            trigger=json.dumps(ident, sort_keys=True, separators=(",", ":")) + ".submit_n_clicks",
        )


def text_of(component) -> str:
    """All the text inside a serialised Dash component tree."""
    if component is None:
        return ""
    if isinstance(component, str | int | float):
        return str(component)
    if isinstance(component, list):
        return " ".join(text_of(c) for c in component)
    return text_of(component.get("props", {}).get("children"))


def uploads(settings: Settings) -> list[Path]:
    folder = Path(settings.uploads_dir)
    return sorted(folder.glob("*")) if folder.exists() else []


def test_upload_actions_need_sign_in(open_app, intake_settings):
    page = PageClient(open_app)
    assert page.who()["user"] is None
    needed = t("up_signin_needed", "th")

    response = page.upload(cp874(CHIANG_MAI_ROWS), "elderly.csv")
    assert needed in text_of(response["up-file-msg"]["children"])
    assert "up-file" not in response and uploads(intake_settings) == []

    fake = {"token": "A" * 24, "name": "x.csv", "size": 1}
    assert needed in text_of(page.check(fake)["up-check-msg"]["children"])
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
    assert needed in text_of(page.load(summary)["up-load-msg"]["children"])
    assert needed in text_of(page.roll_back(1)["up-batches-msg"]["children"])
    declared = page.call(
        "up-declare-msg",
        {"up-declare-submit.n_clicks": 1, "up-lang.value": "th"},
        "up-declare-submit.n_clicks",
    )
    assert needed in text_of(declared["up-declare-msg"]["children"])
    assert Store(intake_settings.db_url).batches().empty


def test_wrong_password_message_is_the_same_for_an_unknown_user(open_app):
    page = PageClient(open_app)
    wrong = page.sign_in("cm.officer", "not-the-password")
    unknown = page.sign_in("nobody.here", "not-the-password")
    assert wrong["up-signin-msg"] == unknown["up-signin-msg"]
    assert text_of(wrong["up-signin-msg"]["children"]) == t("up_wrong_password", "th")
    assert wrong["up-who"]["data"]["user"] is None and page.who()["user"] is None
    # the right password signs in; the cookie is signed, so the page now knows the officer
    right = page.sign_in("cm.officer", PASSWORDS["cm.officer"])
    assert right["up-who"]["data"]["user"] == {
        "name": "cm.officer",
        "role": "officer",
        "province": "TH50",
    }
    assert page.who()["user"]["name"] == "cm.officer"
    page.sign_out()
    assert page.who()["user"] is None


def test_viewer_may_not_load(open_app, intake_settings):
    page = PageClient(open_app)
    page.sign_in("viewer1", PASSWORDS["viewer1"])
    chrome = page.call("up-banner", {"up-who.data": page.who(), "up-lang.value": "th"})
    assert chrome["up-work"]["hidden"] is True  # no upload form for a viewer
    assert t("up_viewer_note", "th") in text_of(chrome["up-viewer-note"]["children"])
    # ... and the server refuses even when the browser is made to ask
    response = page.upload(cp874(CHIANG_MAI_ROWS), "elderly.csv")
    assert t("up_not_allowed", "th") in text_of(response["up-file-msg"]["children"])
    assert uploads(intake_settings) == []
    saved = save_upload(
        intake_settings.uploads_dir,
        "data:text/csv;base64," + base64.b64encode(cp874(CHIANG_MAI_ROWS)).decode(),
        "elderly.csv",
        "viewer1",
        max_bytes=10**6,
    )
    file = {"token": saved.token, "name": saved.name, "size": saved.size}
    checked = page.check(file)
    assert "may not load data" in text_of(checked["up-check-msg"]["children"])
    assert checked["up-report"]["data"] is None
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
    loaded = page.load(summary)
    assert "may not load data" in text_of(loaded["up-load-msg"]["children"])
    assert Store(intake_settings.db_url).batches().empty
    saved.path.unlink()
    Path(intake_settings.uploads_dir, f"{saved.token}.json").unlink()


def test_officer_checks_loads_and_rolls_back_over_http(open_app, intake_settings):
    page = PageClient(open_app)
    page.sign_in("cm.officer", PASSWORDS["cm.officer"])
    file = page.upload(cp874(CHIANG_MAI_ROWS), "ผู้สูงอายุ เชียงใหม่.csv")["up-file"]["data"]
    assert file["name"] == "ผู้สูงอายุ เชียงใหม่.csv"
    saved = uploads(intake_settings)
    assert len(saved) == 2 and all(file["name"] not in p.name for p in saved)  # random name

    summary = page.check(file)["up-report"]["data"]
    assert summary["rows"] == 4 and summary["problems"] == 3 and summary["blocking"] == 0
    preview = page.call("up-preview", {"up-report.data": summary, "up-lang.value": "th"})
    shown = text_of(preview["up-preview"]["children"])
    assert "ตำบล 4" in shown and "2566 (ค.ศ. 2023)" in shown and "not a number" in shown

    refused = page.load(summary)  # problems, and the box is not ticked: nothing loads
    assert t("up_refused", "th") in text_of(refused["up-load-msg"]["children"])
    assert Store(intake_settings.db_url).batches().empty

    loaded = page.load(summary, drop=True)
    assert "ชุดที่ 1" in text_of(loaded["up-load-msg"]["children"])
    batches = Store(intake_settings.db_url).batches()
    assert list(batches["rows"]) == [4] and list(batches["user"]) == ["cm.officer"]
    assert list(batches["file_name"]) == ["ผู้สูงอายุ เชียงใหม่.csv"]
    assert uploads(intake_settings) == []  # deleted after the load

    done = page.roll_back(int(batches["id"].iloc[0]))
    assert "ย้อนกลับชุดที่ 1 แล้ว" in text_of(done["up-batches-msg"]["children"])
    assert list(Store(intake_settings.db_url).batches()["status"]) == ["rolled back"]

    # rows of another province (Lamphun) refuse the whole file, even if the browser insists
    lamphun = [CHIANG_MAI_ROWS[2], CHIANG_MAI_ROWS[3], "เมืองลำพูน,ในเมือง,2566,1100"]
    file = page.upload(cp874(lamphun), "two.csv")["up-file"]["data"]
    summary = page.check(file)["up-report"]["data"]
    assert summary["blocking"] == 1
    bar = page.call(
        "up-drop-invalid",
        {"up-report.data": summary, "up-drop-invalid.value": ["drop"], "up-lang.value": "th"},
    )
    assert bar["up-load"]["disabled"] is True
    refused = page.load(summary, drop=True)
    assert "outside your province" in text_of(refused["up-load-msg"]["children"])
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
    discard_upload(tmp_path, saved.token)
    assert list(tmp_path.iterdir()) == []


def test_require_login_sends_the_dashboard_to_the_sign_in_page(guarded_app):
    http = guarded_app.server.test_client()
    html = {"Accept": "text/html,application/xhtml+xml"}
    response = http.get("/?lang=en", headers=html)
    assert response.status_code == 302
    assert response.headers["Location"] == "/upload/?next=%2F%3Flang%3Den"
    for path in ("/_dash-layout", "/_dash-dependencies", "/geo/country/province.geojson"):
        assert http.get(path, headers={"Accept": "application/json"}).status_code == 401, path
    for path in (
        "/upload/",
        "/upload/_dash-layout",
        "/upload/_dash-dependencies",
        "/upload/assets/warroom.css",
        "/assets/warroom.css",
        "/fonts/Sarabun-Regular.ttf",
    ):
        assert http.get(path, headers=html).status_code == 200, path
    assert http.get("/upload", headers=html).status_code in (301, 308)

    page = PageClient(guarded_app)
    signed = page.sign_in("viewer1", PASSWORDS["viewer1"], search="?next=%2F%3Flang%3Den")
    assert signed["up-go"]["href"] == "/?lang=en"  # back to where the user was going
    assert page.http.get("/", headers=html).status_code == 200
    assert page.http.get("/_dash-layout").status_code == 200
    page.sign_out()
    assert page.http.get("/", headers=html).status_code == 302
    # never sent to another site after signing in
    elsewhere = page.sign_in("viewer1", PASSWORDS["viewer1"], search="?next=%2F%2Fevil.example")
    assert "up-go" not in elsewhere


def test_viewing_stays_open_without_require_login(open_app):
    http = open_app.server.test_client()
    assert http.get("/", headers={"Accept": "text/html"}).status_code == 200
    assert http.get("/_dash-layout").status_code == 200
    assert http.get("/geo/country/province.geojson").status_code == 200
    assert http.get("/upload/").status_code == 200


def test_before_any_account_the_page_says_how_to_create_one(built, tmp_path):
    settings = copy_store(built[0], tmp_path / "build")
    page = PageClient(create_app(settings))
    who = page.who()
    assert who == {"user": None, "accounts": False}
    chrome = page.call("up-banner", {"up-who.data": who, "up-lang.value": "th"})
    assert "warroom users add" in text_of(chrome["up-no-accounts"]["children"])
    assert chrome["up-signin-form"]["hidden"] is True and chrome["up-work"]["hidden"] is True
    # nobody becomes an admin over the web, whatever is typed
    assert page.sign_in("local", "anything-at-all")["up-who"]["data"]["user"] is None
    assert page.who()["user"] is None
