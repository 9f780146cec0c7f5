"""The upload page as a provincial officer drives it, in headless Chromium at 1920 x 1080.

A private copy of the session's store gets accounts and a declared indicator; the page is
served from it on its own port, so the map tests' store is never touched.
"""

from __future__ import annotations

import re
import threading

import pandas as pd
import pytest
from selenium.webdriver.common.by import By
from werkzeug.serving import make_server

from tests.browser.conftest import Page
from tests.helpers import (
    CHIANG_MAI_ROWS,
    ELDERLY,
    PASSWORDS,
    copy_store,
    cp874,
)
from warroom.app import create_app
from warroom.intake.declare import declare
from warroom.intake.users import LOCAL_ADMIN, add_user
from warroom.store import Store

# Two Chiang Mai tambons and two in Lamphun (TH51): not the officer's province.
TWO_PROVINCES = [
    "อำเภอ,ตำบล,ปี,จำนวน",
    "เมืองเชียงใหม่,ศรีภูมิ,2566,1234",
    "เมืองเชียงใหม่,พระสิงห์,2566,980",
    "เมืองลำพูน,ในเมือง,2566,1100",
    "เมืองลำพูน,เหมืองง่า,2566,870",
]


@pytest.fixture(scope="module")
def upload_settings(built, tmp_path_factory):
    """A copied store with an officer of Chiang Mai and the indicator 'moi.elderly'."""
    settings = copy_store(built[0], tmp_path_factory.mktemp("upload-page") / "build")
    add_user(Store(settings.db_url), "cm.officer", PASSWORDS["cm.officer"], "officer", "TH50")
    declare(Store(settings.db_url), [ELDERLY], LOCAL_ADMIN)
    return settings


@pytest.fixture(scope="module")
def upload_base(upload_settings):
    """The app on the copied store, on a free local port."""
    server = make_server("127.0.0.1", 0, create_app(upload_settings).server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


class UploadPage(Page):
    """Helpers for the upload page."""

    def open_signed_out(self):
        # A session left by an earlier test is deleted from a page of the same site that runs
        # no scripts: deleted while a Dash page is open, it came back with the answer of a
        # callback still in flight (the session cookie is refreshed on every response).
        self.driver.get(self.base + "/favicon.ico")
        self.driver.delete_all_cookies()
        self.driver.get(self.base + "/upload/")
        self.wait(  # a page load on a busy machine (the whole suite, CI) can take a while
            lambda: self.driver.find_element(By.ID, "up-signin-link").is_displayed(),
            timeout=60,
            what="sign-in link",
        )
        return self

    def sign_in(self, name: str, password: str):
        """Follow the page's sign-in link, fill the form, and come back signed in."""
        self.click(By.ID, "up-signin-link", what="sign-in link")
        self.wait(lambda: self.driver.find_element(By.ID, "username"), what="sign-in form")
        self.driver.find_element(By.ID, "username").send_keys(name)
        self.driver.find_element(By.ID, "password").send_keys(password + "\n")
        self.wait(lambda: self.driver.current_url.endswith("/upload"), what="back on the page")
        self.wait(lambda: name in self.text("header"), what="signed-in header")
        self.wait(lambda: self.text("#up-banner"), what="role in the header")

    def upload(self, path):
        self.driver.find_element(By.CSS_SELECTOR, "#up-upload input[type=file]").send_keys(
            str(path)
        )
        self.wait(lambda: path.name in self.text("#up-file-name"), what="uploaded file")

    def choose_indicator(self, indicator_id: str):
        """Choose an indicator in the picker (see ``Page.choose``)."""
        self.choose("up-indicator", indicator_id)

    def map_drawn(self) -> int:
        """Areas MapLibre has actually drawn on the preview map (0 until it has)."""
        return self.js(
            "const gd = document.querySelector('#up-map .js-plotly-plot');"
            "const m = gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot;"
            "if (!m || !m.map.isStyleLoaded()) { return 0; }"
            "return m.map.queryRenderedFeatures().length;"
        )

    def no_page_scrollbars(self) -> bool:
        return self.js(
            "return document.documentElement.scrollHeight <= window.innerHeight"
            " && document.documentElement.scrollWidth <= window.innerWidth"
        )


@pytest.fixture
def upload_page(chromium, upload_base) -> UploadPage:
    page = UploadPage(chromium, upload_base)
    yield page
    chromium.delete_all_cookies()


def current_rows(settings, indicator_id: str):
    return Store(settings.db_url).observations(indicator_id)


def test_officer_checks_loads_and_rolls_back_a_thai_table(upload_page, upload_settings, tmp_path):
    page = upload_page.open_signed_out()
    page.wait(
        lambda: page.js("return document.fonts.check('16px Sarabun', 'เข้าสู่ระบบ')"),
        what="Sarabun",
    )
    page.sign_in("cm.officer", PASSWORDS["cm.officer"])
    assert "เจ้าหน้าที่จังหวัดเชียงใหม่" in page.text("#up-banner")

    table = tmp_path / "ผู้สูงอายุ_เชียงใหม่_2566.csv"
    table.write_bytes(cp874(CHIANG_MAI_ROWS))
    page.upload(table)
    page.choose_indicator("moi.elderly")

    page.wait(lambda: page.text("#up-card-rows").split("\n")[1] == "4", what="preview")
    assert "ตำบล 4" in page.text("#up-card-areas")
    assert "2566 (ค.ศ. 2023)" in page.text("#up-card-periods")
    assert "cp874" in page.text("#up-card-file")
    assert "แถวที่ข้าม (1)" in page.text("#up-skipped")
    assert "รายงานจำนวนผู้สูงอายุ" in page.text("#up-skipped-table")
    assert "ปัญหา (3)" in page.text("#up-problems")
    problem_rows = page.driver.find_elements(By.CSS_SELECTOR, "#up-problems-table tbody tr")
    assert [r.find_elements(By.TAG_NAME, "td")[1].text for r in problem_rows] == ["7", "9", "10"]
    assert "ตำบลไม่มีจริง" in page.text("#up-problems-table")
    page.wait(lambda: page.map_drawn() > 0, what="preview map drawn")
    assert (
        page.js("return document.querySelector('#up-map .js-plotly-plot').data[0].geojson")
        == "/geo/province/TH50.geojson"
    )
    assert "ไม่มีข้อมูล" in page.text("#up-legend")
    assert page.no_page_scrollbars()
    # the dry run is read in full in the narrow values card, never cut off
    assert page.text("#up-dry-run").split("\n") == ["ค่าใหม่ 4 ค่า", "แทนค่าเดิม 0 ค่า"]
    assert (
        page.js(
            "return [...document.querySelectorAll('#up-card-rows, #up-card-rows *')]"
            ".filter(e => e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1)"
            ".map(e => e.innerText)"
        )
        == []
    )
    page.screenshot("upload_preview_th")

    load = page.driver.find_element(By.ID, "up-load")
    assert not load.is_enabled()  # three rows have problems and the box is not ticked
    assert "ตัด 3 แถว" in page.text("#up-drop-invalid")
    page.click(By.CSS_SELECTOR, "#up-drop-invalid input", what="drop-invalid box")
    page.wait(load.is_enabled, what="load enabled")
    load.click()
    page.wait(lambda: "ชุดที่" in page.text("#up-load-result"), what="load result")
    result = page.text("#up-load-result")
    assert "4 ค่า" in result and "แทนที่ค่าเดิม 0 ค่า" in result

    page.wait(lambda: "โหลดแล้ว" in page.text("#up-batches-table"), what="batch listed")
    first = page.driver.find_elements(By.CSS_SELECTOR, "#up-batches-table tbody tr")[0]
    assert "moi.elderly" in first.text and "cm.officer" in first.text
    assert table.name in first.text
    batches = Store(upload_settings.db_url).batches()
    assert list(batches["status"]) == ["loaded"] and list(batches["rows"]) == [4]
    loaded = current_rows(upload_settings, "moi.elderly")
    assert set(loaded.loc[loaded["batch_id"].notna(), "area_code"]) == {
        "TH500101",  # ศรีภูมิ
        "TH500102",  # พระสิงห์
        "TH500103",  # หายยา
        "TH500105",  # ช้างคลาน
    }
    assert not list(upload_settings.uploads_dir.glob("*"))  # the upload was deleted

    page.click(By.CSS_SELECTOR, "#up-batches-table .wr-up-rollback", what="roll back")
    alert = page.wait(lambda: page.driver.switch_to.alert, what="confirmation")
    assert "ย้อนกลับชุดที่" in alert.text
    alert.accept()
    page.wait(lambda: page.text("#up-rollback-result"), what="rolled back")
    page.wait(lambda: "ย้อนกลับแล้ว" in page.text("#up-batches-table"), what="status")
    assert list(Store(upload_settings.db_url).batches()["status"]) == ["rolled back"]
    assert current_rows(upload_settings, "moi.elderly").empty
    assert page.no_page_scrollbars()


def test_officer_cannot_load_another_provinces_rows(upload_page, upload_settings, tmp_path):
    before = Store(upload_settings.db_url).batches()
    page = upload_page.open_signed_out()
    page.sign_in("cm.officer", PASSWORDS["cm.officer"])
    table = tmp_path / "two_provinces.csv"
    table.write_bytes(cp874(TWO_PROVINCES))
    page.upload(table)
    page.choose_indicator("moi.elderly")

    page.wait(lambda: "นอกจังหวัดของท่าน" in page.text("#up-blocking"), what="refusal")
    assert page.text("#up-blocking").startswith("มี 2 แถว")
    problems = page.text("#up-problems-table")
    assert "ลำพูน" in problems and "TH510101" in problems
    assert "โหลดไม่ได้" in page.text("#up-load-note")
    assert not page.driver.find_element(By.ID, "up-load").is_enabled()
    assert not page.driver.find_element(By.ID, "up-drop-invalid").is_displayed()

    after = Store(upload_settings.db_url).batches()
    assert len(after) == len(before)
    assert current_rows(upload_settings, "moi.elderly").empty
    page.click(By.ID, "up-discard", what="discard")
    page.wait(lambda: not list(upload_settings.uploads_dir.glob("*")), what="file deleted")


def test_admin_corrects_official_values_with_an_explicit_tick(
    upload_page, upload_settings, tmp_path
):
    """A built-in TPMAP indicator: the dry run counts the official values a file replaces
    and the parents it would mix; the load waits for its own tick; a roll-back restores."""
    store = Store(upload_settings.db_url)
    if store.account("admin1") is None:
        add_user(store, "admin1", PASSWORDS["admin1"], "admin")
    measures = ["area_code", "period", "value", "derived", "coverage"]
    before = current_rows(upload_settings, "tpmap.target_poor")[measures]
    page = upload_page.open_signed_out()
    page.sign_in("admin1", PASSWORDS["admin1"])
    table = tmp_path / "แก้ไข_tpmap_2561.csv"
    rows = ["แก้ไขข้อมูลคนจนเป้าหมาย ปี 2561", "รหัสตำบล,ตำบล,คนจนเป้าหมาย"]
    table.write_bytes(cp874([*rows, "TH500107,ช้างเผือก,230", "TH500108,สุเทพ,2"]))
    page.upload(table)
    # A long list (the built-in indicators follow the declared ones): type to find it.
    page.click(By.ID, "up-indicator", what="indicator picker")
    page.wait(lambda: page.driver.find_elements(By.CSS_SELECTOR, "[role=option]"), what="the list")
    page.driver.switch_to.active_element.send_keys("tpmap.target_poor")  # its search box
    page.wait(
        lambda: [
            o
            for o in page.driver.find_elements(By.CSS_SELECTOR, "[role=option]")
            if o.text.endswith("tpmap.target_poor · ตัวชี้วัดในบัญชีหลัก")
        ],
        what="the built-in indicator",
    )[0].click()

    page.wait(lambda: "ค่าทางการ" in page.text("#up-dry-built"), what="official values counted")
    assert "ไฟล์นี้จะแทนค่าทางการจากแหล่งที่เผยแพร่ 2 ค่า" in page.text("#up-dry-built")
    mixed = page.text("#up-dry-mixed")
    assert "ค่าระดับที่สูงกว่า 3 ค่าจะคำนวณจากข้อมูลหลายชุดปนกัน" in mixed
    assert "เมืองเชียงใหม่ 2561: ข้อมูลตั้งต้น (build) + ไฟล์นี้" in mixed
    load = page.driver.find_element(By.ID, "up-load")
    assert not load.is_enabled()  # replacing official values waits for its own tick
    assert "แทนค่าทางการ 2 ค่า" in page.text("#up-drop-invalid")
    assert "ติ๊กช่องด้านบนถ้าตั้งใจ" in page.text("#up-load-note")
    page.click(By.CSS_SELECTOR, "#up-drop-invalid input", what="replace-built box")
    page.wait(load.is_enabled, what="load enabled")
    assert page.no_page_scrollbars()
    page.screenshot("upload_builtin_correction_th")
    load.click()
    page.wait(lambda: "ชุดที่" in page.text("#up-load-result"), what="load result")
    assert "ค่าระดับที่สูงกว่า 3 ค่าคำนวณจากข้อมูลหลายชุดปนกัน" in page.text("#up-load-mixed")
    now = current_rows(upload_settings, "tpmap.target_poor").set_index(["area_code", "period"])
    assert now.loc[("TH500107", 2018), "value"] == 230
    page.wait(lambda: "tpmap.target_poor" in page.text("#up-batches-table"), what="listed")
    page.click(By.CSS_SELECTOR, "#up-batches-table .wr-up-rollback", what="roll back")
    page.wait(lambda: page.driver.switch_to.alert, what="confirmation").accept()
    page.wait(lambda: page.text("#up-rollback-result"), what="rolled back")
    after = current_rows(upload_settings, "tpmap.target_poor")[measures]
    key = ["area_code", "period"]
    pd.testing.assert_frame_equal(
        after.sort_values(key, ignore_index=True), before.sort_values(key, ignore_index=True)
    )


CLI_WORDS = re.compile(r"--[a-z]|warroom (ingest|load)")


def test_officer_loads_their_province_of_a_national_table(upload_page, upload_settings, tmp_path):
    """Issue 21: a national table as the agency publishes it (title, the kingdom, a region,
    77 provinces): the officer of TH50 ticks "only my province" and loads Chiang Mai's row,
    in Thai, with no command-line word on the screen at any step."""
    areas = Store(upload_settings.db_url).areas()
    provinces = areas[areas["level"] == "province"].sort_values("code")
    rows = ["จำนวนผู้สูงอายุ รายจังหวัด ปี 2566", "จังหวัด,จำนวน (คน)", 'ทั่วราชอาณาจักร,"12,915,158"']
    rows.append("ภาคเหนือ,2000000")
    rows += [f'{name},"{(i + 1) * 1000:,}"' for i, name in enumerate(provinces["name_th"])]
    table = tmp_path / "ผู้สูงอายุ_ทั้งประเทศ_2566.csv"
    table.write_bytes(cp874(rows))
    chiang_mai = (list(provinces["code"]).index("TH50") + 1) * 1000

    def no_cli_words():
        body = page.text("body")
        assert not CLI_WORDS.search(body), CLI_WORDS.search(body)

    page = upload_page.open_signed_out()
    page.sign_in("cm.officer", PASSWORDS["cm.officer"])
    tick = page.driver.find_element(By.ID, "up-only-province-box")
    assert tick.is_displayed() and "เฉพาะแถวของจังหวัดของฉัน" in tick.text
    page.upload(table)
    page.choose_indicator("moi.elderly")
    page.wait(lambda: "ติ๊ก" in page.text("#up-blocking"), what="the offer")
    assert page.text("#up-blocking").startswith("มี 76 แถวอยู่นอกจังหวัดของท่าน")
    assert "wr-up-needed" in tick.get_attribute("class")
    assert "อยู่นอกจังหวัดของท่าน" in page.text("#up-problems-table")
    assert "ไม่ใช่พื้นที่: ทั้งประเทศ" in page.text("#up-skipped-table")
    assert not page.driver.find_element(By.ID, "up-load").is_enabled()
    no_cli_words()
    page.screenshot("upload_national_offer_th")

    page.click(By.CSS_SELECTOR, "#up-only-province input", what="only my province")
    page.wait(lambda: page.text("#up-set-aside"), what="rows set aside")
    assert page.text("#up-set-aside") == (
        "กันแถวของจังหวัดอื่นไว้ 76 แถว (76 จังหวัด) ไม่โหลด: โหลดเฉพาะแถวของจังหวัดเชียงใหม่"
    )
    assert page.text("#up-card-rows").split("\n")[1] == "1"
    assert "ไม่พบปัญหา" in page.text("#up-problems")
    assert "wr-up-needed" not in tick.get_attribute("class")
    load = page.driver.find_element(By.ID, "up-load")
    page.wait(load.is_enabled, what="load enabled")
    no_cli_words()
    assert page.no_page_scrollbars()
    page.screenshot("upload_national_only_mine_th")
    load.click()
    page.wait(lambda: "ชุดที่" in page.text("#up-load-result"), what="load result")
    assert "1 ค่า" in page.text("#up-load-result")
    no_cli_words()
    page.screenshot("upload_national_loaded_th")
    loaded = current_rows(upload_settings, "moi.elderly")
    mine = loaded[loaded["batch_id"].notna() & ~loaded["derived"].astype(bool)]
    assert mine[["area_code", "period", "value"]].values.tolist() == [["TH50", 2023, chiang_mai]]
    page.click(By.CSS_SELECTOR, "#up-batches-table .wr-up-rollback", what="roll back")
    page.wait(lambda: page.driver.switch_to.alert, what="confirmation").accept()
    page.wait(lambda: page.text("#up-rollback-result"), what="rolled back")
