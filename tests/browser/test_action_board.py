"""The action board in headless Chromium (issue 24's "done when"), on a private copy of the
session's store served on its own port: an officer of TH50 plans an action from a hotspot on
/province/TH50, sees it and marks it done; an officer of TH10 sees no edit control and a
plan button unhidden by hand opens nothing; a viewer reads it; a new period in which the
tambon got worse shows "relapsed" on the page and on the wall's action view."""

from __future__ import annotations

import threading
import time
from datetime import date, timedelta

import pytest
from selenium.webdriver.common.by import By
from werkzeug.serving import make_server

from tests.browser.conftest import Page
from tests.helpers import BOARD_PASSWORDS, board_store
from warroom.app import create_app
from warroom.intake.actions import ActionSpec, add_actions, set_status
from warroom.intake.batches import load_table
from warroom.intake.users import LOCAL_ADMIN
from warroom.store import Store
from warroom.store.actions import read_actions

PASSWORDS = BOARD_PASSWORDS
RATE = "tpmap.target_poor_rate"


@pytest.fixture(scope="module")
def board_settings(built, tmp_path_factory):
    return board_store(built[0], tmp_path_factory.mktemp("board-page") / "build")[0]


@pytest.fixture(scope="module")
def board_base(board_settings, tmp_path_factory):
    walls = tmp_path_factory.mktemp("board-wall")
    (walls / "actions.yaml").write_text("views:\n  - show: actions\n    duration: 20\n")
    app = create_app(board_settings.model_copy(update={"wall_dir": walls}))
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def page(chromium, board_base) -> Page:
    yield Page(chromium, board_base)
    chromium.delete_all_cookies()


def sign_in(page: Page, name: str) -> None:
    page.driver.get(page.base + "/favicon.ico")
    page.driver.delete_all_cookies()
    page.driver.get(page.base + "/signin?next=/")
    page.wait(lambda: page.driver.find_element(By.ID, "username"), what="sign-in form")
    page.driver.find_element(By.ID, "username").send_keys(name)
    page.driver.find_element(By.ID, "password").send_keys(PASSWORDS[name] + "\n")
    page.wait(lambda: "/signin" not in page.driver.current_url, what="signed in")


def open_province(page: Page, query: str = "lang=th") -> None:
    page.driver.get(f"{page.base}/province/TH50?{query}")
    page.wait(
        lambda: page.js(
            "return document.querySelectorAll('.gov-tile').length === 17"
            " && document.querySelector('#prov-board-kpi').innerText"
            " && !document.querySelector('[data-dash-is-loading=\"true\"]');"
        ),
        timeout=60,
        what="the governor's page and its board",
    )


def wait_hotspots(page: Page) -> None:
    page.wait(
        lambda: page.driver.find_elements(By.CSS_SELECTOR, ".gov-act-row .gov-act-hot"),
        timeout=300,
        what="hotspots in where to act",
    )


def show(page: Page, tab: str) -> None:
    """The where-to-act column's switch: 'where' (the lists) or 'board'."""
    page.click(By.ID, f"prov-tab-{tab}", what=f"the {tab} tab")
    css = "#prov-board" if tab == "board" else "#prov-act"
    page.wait(lambda: page.driver.find_element(By.CSS_SELECTOR, css).is_displayed(), what=tab)


def visible(page: Page, css: str) -> list:
    return [e for e in page.driver.find_elements(By.CSS_SELECTOR, css) if e.is_displayed()]


def test_plan_from_a_hotspot_done_guarded_read_and_relapsed(page, board_settings):
    store = Store(board_settings.db_url)
    sign_in(page, "cm.officer")
    open_province(page)
    assert page.text("#prov-board-kpi") == "การดำเนินการ: ยังไม่มี"
    wait_hotspots(page)
    hot_row = page.driver.find_element(
        By.XPATH, "//div[@class='gov-act-row'][a[contains(@class,'gov-act-hot')]]"
    )
    tambon = hot_row.find_element(By.CSS_SELECTOR, ".gov-act-name").text
    hot_row.find_element(By.CSS_SELECTOR, ".gov-plan").click()
    page.wait(lambda: page.driver.find_element(By.ID, "prov-plan-form").is_displayed(), what="form")
    page.wait(lambda: tambon in page.text("#prov-plan-info"), what="form filled")
    info = page.text("#prov-plan-info")
    assert "สัดส่วนคนจนเป้าหมาย" in info and "ค่าตั้งต้น" in info and "(2561)" in info
    assert page.driver.find_element(By.ID, "prov-plan-owner").get_attribute("value") == "cm.officer"
    page.driver.find_element(By.ID, "prov-plan-what").send_keys("ส่งเสริมอาชีพครัวเรือนยากจนเป้าหมาย")
    page.choose("prov-plan-agency", "สำนักงานพัฒนาชุมชนจังหวัด")
    page.driver.find_element(By.ID, "prov-plan-due").send_keys("2569-09-30")
    page.driver.find_element(By.ID, "prov-plan-target").send_keys("20")
    page.click(By.ID, "prov-plan-save", what="save")
    page.wait(lambda: "ส่งเสริมอาชีพ" in page.text("#prov-board"), what="the action on the board")
    assert not page.driver.find_element(By.ID, "prov-plan-form").is_displayed()
    assert page.text("#prov-board-kpi").startswith("การดำเนินการ: เสร็จ 0 จาก 1 (0%)")
    assert "กำหนดเสร็จ 30 ก.ย. 2569" in page.text("#prov-board")
    assert "ไม่ได้พิสูจน์ว่าเกิดจากการดำเนินการนั้น" in page.text("#prov-board-proof")
    action = read_actions(store).iloc[0]
    assert action["area_code"].startswith("TH50") and len(action["area_code"]) == 8
    assert action["baseline_period"] == 2018 and action["indicator_id"] == RATE

    page.click(By.CSS_SELECTOR, ".gov-board-to-done", what="mark done")
    page.wait(lambda: "เสร็จ 1 จาก 1" in page.text("#prov-board-kpi"), what="done in the KPI")
    assert "เสร็จแล้ว" in page.text("#prov-board") and not visible(page, "[class*=gov-board-to-]")
    # A dated note in words on the done action (the ministry's re-check).
    page.driver.find_element(By.CSS_SELECTOR, ".gov-board-note-text input").send_keys("ตรวจซ้ำแล้ว")
    page.click(By.CSS_SELECTOR, ".gov-board-note-add", what="add a note")
    page.wait(lambda: "ตรวจซ้ำแล้ว" in page.text("#prov-board"), what="the note on the board")
    assert list(read_actions(store)["status"]) == ["done"]

    # Bangkok's officer: reads the board, sees no control; a plan button unhidden by hand
    # opens nothing (the server checks who asks).
    sign_in(page, "bkk.officer")
    open_province(page)
    show(page, "board")
    assert "ส่งเสริมอาชีพ" in page.text("#prov-board") and not visible(page, ".gov-board-set")
    assert "ตรวจซ้ำแล้ว" in page.text("#prov-board") and not visible(page, ".gov-board-note-text")
    show(page, "where")
    wait_hotspots(page)
    assert not visible(page, ".gov-plan")
    page.js("document.getElementById('prov-root').classList.add('gov-can-plan')")
    visible(page, ".gov-plan")[0].click()
    time.sleep(2)
    assert not page.driver.find_element(By.ID, "prov-plan-form").is_displayed()
    assert len(read_actions(store)) == 1

    # A new period in which the tambon got worse: the viewer sees it relapsed.
    path = board_settings.build_dir / "tpmap-2566.csv"
    worse = float(action["baseline_value"]) + 5
    path.write_text(f"รหัสตำบล,ปี พ.ศ.,ร้อยละ\n{action['area_code'][2:]},2566,{worse:.1f}\n")
    load_table(store, path, RATE, LOCAL_ADMIN)
    sign_in(page, "viewer1")
    open_province(page)
    wait_hotspots(page)
    assert not visible(page, ".gov-plan")
    page.click(By.ID, "prov-board-kpi", what="the KPI")  # shows the board too
    page.wait(lambda: "กลับแย่ลง" in page.text("#prov-board"), what="relapsed on the board")
    assert "(2566): แย่ลง" in page.text("#prov-board")
    assert page.text("#prov-board-kpi").endswith("กลับแย่ลง 1")
    assert not visible(page, ".gov-board-set")
    assert page.js(
        "return document.documentElement.scrollHeight <= window.innerHeight"
        " && document.documentElement.scrollWidth <= window.innerWidth"
    )
    page.screenshot("province-TH50-actions-th-1920")


@pytest.fixture(scope="module")
def chromium_4k():
    from scripts.chromium import headless_chromium

    driver = headless_chromium(3840, 2160)
    yield driver
    driver.quit()


def test_the_wall_shows_provinces_actions_and_relapses(chromium_4k, board_base, board_settings):
    """Mae Hong Son's done action relapses after a 2567 load, Bangkok's is late, Phuket's in
    progress: the wall's view colours each province by its state and names the relapse."""
    store = Store(board_settings.db_url)
    today = date.today()
    agency = "Provincial Community Development"
    specs = [
        ActionSpec(area_code="TH5801", what="ฝึกอาชีพ", agency=agency, indicator_id=RATE,
                   due_date=today + timedelta(days=60)),
        ActionSpec(area_code="TH1001", what="สำรวจครัวเรือน", agency=agency,
                   due_date=today - timedelta(days=5)),
        ActionSpec(area_code="TH83", what="ตลาดชุมชน", agency=agency,
                   due_date=today + timedelta(days=30)),
    ]  # fmt: skip
    ids = add_actions(store, specs, LOCAL_ADMIN)
    set_status(store, ids[0], "done", LOCAL_ADMIN, "ครบแล้ว")
    set_status(store, ids[2], "in_progress", LOCAL_ADMIN)
    base = read_actions(store, ids=[ids[0]]).iloc[0]["baseline_value"]
    path = board_settings.build_dir / "tpmap-2567-mhs.csv"
    path.write_text(f"รหัสอำเภอ,ปี พ.ศ.,ร้อยละ\n5801,2567,{base + 4:.2f}\n")
    load_table(store, path, RATE, LOCAL_ADMIN)

    wall = Page(chromium_4k, board_base)
    wall.driver.get(f"{board_base}/wall?playlist=actions&speed=10&lang=th")
    wall.wait(lambda: "การดำเนินการของจังหวัด" in wall.text("#wall-title"), what="the title")
    wall.wait(lambda: "แม่ฮ่องสอน" in wall.text("#wall-side"), what="the relapse named")
    wall.wait(
        lambda: wall.js("return document.querySelector('#wall-map canvas') !== null"),
        what="the map drawn",
    )
    assert "กลับแย่ลงหลังดำเนินการเสร็จ" in wall.text("#wall-side")
    assert "ไม่ได้พิสูจน์ว่าเกิดจากการดำเนินการนั้น" in wall.text("#wall-side")
    trace = wall.js(
        "const d = document.querySelector('#wall-map .js-plotly-plot').data[0];"
        "return Object.fromEntries(d.locations.map((c, i) => [c, d.customdata[i]]));"
    )
    assert trace["TH58"] == "กลับแย่ลง" and trace["TH10"] == "ล่าช้า"
    assert trace["TH83"] == "กำลังดำเนินการ"
    legend = wall.text("#wall-legend")
    assert "ล่าช้า: 1" in legend and "ยังไม่มีการดำเนินการที่บันทึกไว้" in legend
    time.sleep(1)
    assert wall.js(
        "const e = document.scrollingElement;"
        "return e.scrollWidth <= innerWidth && e.scrollHeight <= innerHeight"
    )
    side = "#wall-side *, #wall-legend *, #wall-here *, #wall-title"
    smallest = wall.js(
        "return Math.min(...[...document.querySelectorAll(arguments[0])]"
        ".map(e => parseFloat(getComputedStyle(e).fontSize)))",
        side,
    )
    assert smallest >= 0.014 * 2160  # readable from across the room
    wall.screenshot("wall-actions-2160p-th")


# The middle of each of the header's links, the signed-in name, the sign-out button and the
# language switch's two options (one line when they all agree), and the page's parts under
# the header that it overlaps.
HEADER_JS = """
const header = document.querySelector('.wr-header');
const items = [...header.querySelectorAll(
  '.wr-head-nav > *:not(.wr-lang), .wr-head-nav .dash-options-list-option')];
const middles = items.map(e => {
  const r = e.getBoundingClientRect(); return r.top + r.height / 2; });
const bottom = header.getBoundingClientRect().bottom;
const under = [...header.parentElement.children].filter(e => e !== header
  && e.getBoundingClientRect().height && e.getBoundingClientRect().top < bottom - 1);
return [Math.max(...middles) - Math.min(...middles), items.length, under.map(e => e.className)];
"""


def test_a_signed_in_header_keeps_one_line_and_covers_nothing(page):
    """At 1920 x 1080 an officer's header wrapped (the language switch stacked) and goal
    tile 13 lost its last line under it (issue 25): the links, the name, sign-out and the
    switch keep one line; a long Thai title wraps beside them; no tile's text is cut."""
    from tests.browser.test_governor_page import CLIPPED_JS

    sign_in(page, "cm.officer")
    for path in ("/upload?lang=th", "/province/TH50?lang=th", "/province/TH50?lang=en"):
        if path.startswith("/province"):
            open_province(page, path.split("?")[1])
        else:
            page.driver.get(page.base + path)
            page.wait(lambda: page.text(".wr-head-user") == "cm.officer", what="signed in")
        spread, count, under = page.js(HEADER_JS)
        assert count >= 6 and spread <= 3, (path, spread)
        assert under == [], (path, under)
        assert page.js(
            "return document.documentElement.scrollHeight <= window.innerHeight"
            " && document.documentElement.scrollWidth <= window.innerWidth"
        ), path
        if path.startswith("/province"):
            assert page.js(CLIPPED_JS) == [], path
            page.screenshot("province-TH50-signed-in-" + path.split("=")[1] + "-1920")


def test_a_laptop_reads_the_board_with_its_actions(page, board_settings):
    """1366 x 768: the board's rows, dates, badges and buttons were 8.6 to 10 px (issue 25):
    nothing under 11 px, no line cut, one screen, in Thai and English."""
    from tests.browser.test_governor_page import CLIPPED_JS

    store = Store(board_settings.db_url)
    agency = "Provincial Community Development"
    specs = [
        ActionSpec(area_code="TH8301", what="ตลาดชุมชนริมทะเล", agency=agency,
                   indicator_id=RATE, due_date=date.today() + timedelta(days=45)),
        ActionSpec(area_code="TH830101", what="ฝึกอาชีพประมงพื้นบ้าน", agency=agency,
                   due_date=date.today() - timedelta(days=3)),
    ]  # fmt: skip
    ids = add_actions(store, specs, LOCAL_ADMIN)
    set_status(store, ids[0], "in_progress", LOCAL_ADMIN)
    sign_in(page, "viewer1")
    with page.viewport(1366, 768):
        for lang in ("th", "en"):
            page.driver.get(f"{page.base}/province/TH83?lang={lang}")
            page.wait(
                lambda: page.js(
                    "return document.querySelectorAll('.gov-tile').length === 17"
                    " && !document.querySelector('[data-dash-is-loading=\"true\"]');"
                ),
                timeout=60,
                what="Phuket's page",
            )
            show(page, "board")
            page.wait(lambda: len(visible(page, ".gov-board-row")) >= 2, what="the actions")
            assert page.small_text(11) == []
            assert page.js(CLIPPED_JS) == []
            assert page.js(
                "return document.documentElement.scrollHeight <= window.innerHeight"
                " && document.documentElement.scrollWidth <= window.innerWidth"
            )
            page.screenshot(f"province-TH83-board-{lang}-1366")
