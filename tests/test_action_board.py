"""The action board on the governor's page without a browser, on a copy of the real store:
an officer of Chiang Mai plans an action from a place of where to act and marks it done; an
officer of Bangkok sees no edit control and a crafted request changes nothing; a viewer
reads it; a new period in which the district got worse shows "relapsed"."""

from __future__ import annotations

import base64
import csv
import io

import pytest

from tests.helpers import BOARD_PASSWORDS, Browser, board_store, text_of
from warroom.app import create_app
from warroom.app.governor import board, plan
from warroom.intake.batches import load_table
from warroom.intake.users import LOCAL_ADMIN
from warroom.store import Store
from warroom.store.actions import read_actions, read_notes

pytestmark = pytest.mark.slow  # the app on the whole real store

PASSWORDS = BOARD_PASSWORDS
STATE = {"code": "TH50", "lang": "th", "indicator": "tpmap.target_poor_rate", "goal": 1}
OMKOI = "TH5018"  # the district most in need of Chiang Mai


@pytest.fixture(scope="module")
def scene(built, tmp_path_factory):
    settings, agency = board_store(built[0], tmp_path_factory.mktemp("board") / "build")
    return create_app(settings), Store(settings.db_url), agency


def signed_in(app, name: str) -> Browser:
    browser = Browser(app)
    browser.sign_in(name, PASSWORDS[name], next_path="/")
    return browser


def fill(browser: Browser):
    return browser.call(board.fill_board, STATE)


def test_plan_mark_done_guard_and_relapse(scene, tmp_path):
    app, store, agency = scene
    officer = signed_in(app, "cm.officer")
    rows, kpi, root = fill(officer)
    assert root == "gov-root gov-can-plan" and kpi == "การดำเนินการ: ยังไม่มี"
    assert "ยังไม่มีการดำเนินการ" in text_of(rows[0])

    plan_click = ({"type": "prov-plan", "code": OMKOI}, "n_clicks")
    style, area, info, options, owner, _ = officer.call(
        plan.open_form, [1], None, STATE, trigger=plan_click
    )
    assert style == plan.FORM_SHOWN and area == {"code": OMKOI, "indicator": STATE["indicator"]}
    assert info.startswith("พื้นที่: อมก๋อย (TH5018)") and "ค่าตั้งต้น 28.6% (2561)" in info
    assert options == [{"label": "สำนักงานพัฒนาชุมชนจังหวัด", "value": str(agency)}]
    assert owner == "cm.officer"
    form = (area, "ส่งเสริมอาชีพครัวเรือนยากจน", str(agency), owner, "2569-01-15", "2569-09-30", 30)
    message, style, rows, kpi, head = officer.call(
        plan.save_plan, 1, *form, STATE, trigger=("prov-plan-save", "n_clicks")
    )
    assert message == "บันทึกการดำเนินการที่ 1 แล้ว" and style == plan.FORM_HIDDEN
    assert head == board.HEAD_BOARD  # the board takes the lists' place, showing it
    assert kpi.startswith("การดำเนินการ: เสร็จ 0 จาก 1 (0%)")
    action = read_actions(store).iloc[0]
    assert (action["baseline_period"], round(action["baseline_value"], 1)) == (2018, 28.6)
    assert str(action["due_date"]) == "2026-09-30"
    shown = text_of(rows[0])
    assert "ส่งเสริมอาชีพครัวเรือนยากจน" in shown and "กำหนดเสร็จ 30 ก.ย. 2569" in shown
    assert "รอข้อมูลรอบใหม่" in shown

    # Bangkok's officer: no plan buttons, no edit controls, crafted requests refused.
    bangkok = signed_in(app, "bkk.officer")
    rows, _, root = fill(bangkok)
    assert root == "gov-root" and "prov-board-set" not in repr(rows)
    crafted = bangkok.call(plan.save_plan, 1, *form, STATE, trigger=("prov-plan-save", "n_clicks"))
    assert crafted[0] == "คุณไม่มีสิทธิ์แก้ไขการดำเนินการในพื้นที่นี้"
    done = ({"type": "prov-board-set", "action": 1, "status": "done"}, "n_clicks")
    refused = bangkok.call(board.move_on, [1], STATE, trigger=done)
    assert refused[2] == "คุณไม่มีสิทธิ์แก้ไขการดำเนินการในพื้นที่นี้"
    assert list(read_actions(store)["status"]) == ["planned"] and len(read_actions(store)) == 1
    viewer = signed_in(app, "viewer1")
    rows, _, root = fill(viewer)
    assert root == "gov-root" and "prov-board-set" not in repr(rows)
    assert "ส่งเสริมอาชีพครัวเรือนยากจน" in text_of(rows[0])

    # A dated note in words, from the action's box (Bangkok's officer: refused).
    box = [[{"id": {"type": "prov-board-note-text", "action": 1}, "property": "value"}]]
    note = ({"type": "prov-board-note", "action": 1}, "n_clicks")
    words = ["เปิดกลุ่มอาชีพแล้ว 3 หมู่บ้าน"]
    refused = bangkok.call(board.write_note, [1], words, STATE, trigger=note, states_list=box)
    assert refused[2] == "คุณไม่มีสิทธิ์แก้ไขการดำเนินการในพื้นที่นี้"
    rows, _, message = officer.call(
        board.write_note, [1], words, STATE, trigger=note, states_list=box
    )
    assert message == "" and "เปิดกลุ่มอาชีพแล้ว 3 หมู่บ้าน" in text_of(rows[0])
    assert list(read_notes(store)["user"]) == ["cm.officer"]

    rows, kpi, message = officer.call(board.move_on, [1], STATE, trigger=done)
    assert message == "" and kpi.startswith("การดำเนินการ: เสร็จ 1 จาก 1 (100%)")
    assert "เสร็จแล้ว" in text_of(rows[0])

    # A new period of the rate (an intake load) in which Omkoi got worse.
    table = tmp_path / "tpmap-2566.csv"
    table.write_text("รหัสอำเภอ,ปี พ.ศ.,ร้อยละ\n5018,2566,35.2\n", encoding="utf-8")
    load_table(store, table, STATE["indicator"], LOCAL_ADMIN)
    rows, kpi, _ = fill(viewer)
    shown = text_of(rows[0])
    assert "กลับแย่ลง" in shown and "ล่าสุด 35.2% (2566): แย่ลง" in shown
    assert kpi.endswith("· กลับแย่ลง 1")

    # The district's page shows the actions on it and inside it; another district's none.
    district = {**STATE, "code": OMKOI}
    rows, kpi, root = officer.call(board.fill_board, district)
    assert "ส่งเสริมอาชีพครัวเรือนยากจน" in text_of(rows[0]) and root.endswith("gov-can-plan")
    rows, kpi, _ = officer.call(board.fill_board, {**STATE, "code": "TH5001"})
    assert kpi == "การดำเนินการ: ยังไม่มี"

    # The same table as `warroom actions list` from the page, for anyone who reads it.
    sent = viewer.call(board.download, 1, None, STATE, trigger=("prov-board-csv", "n_clicks"))
    assert sent["filename"] == "warroom-actions-TH50.csv"
    rows = list(csv.DictReader(io.StringIO(base64.b64decode(sent["content"]).decode("utf-8-sig"))))
    assert [(r["id"], r["area_code"], r["status"], r["relapsed"]) for r in rows] == [
        ("1", OMKOI, "done", "True")
    ]
    sent = viewer.call(board.download, None, 1, STATE, trigger=("prov-board-xlsx", "n_clicks"))
    assert sent["filename"].endswith(".xlsx") and sent["base64"]


def test_the_brief_lists_open_and_late_actions_on_one_page(scene):
    """Five open actions in Chiang Mai, one late: the brief lists three, the late one first,
    with the shares and the plain caveat, and stays one A4 page; Lamphun's brief has none."""
    from datetime import date, timedelta

    from warroom.export.brief import brief_html, render_pdf
    from warroom.intake.actions import ActionSpec, add_actions

    app, store, agency = scene
    today = date.today()
    specs = [
        ActionSpec(
            area_code=code,
            what=f"งานที่ {i}",
            agency=str(agency),
            due_date=today + timedelta(days=30 * i - 40),
        )
        for i, code in enumerate(["TH5001", "TH5002", "TH5003", "TH5004", "TH5005"], start=1)
    ]
    add_actions(store, specs, LOCAL_ADMIN)
    with app.server.test_request_context("/"):
        from warroom.app.context import app_context

        data = app_context().data
        geometry = app_context().settings.geometry_dir
        thai = brief_html(data, "TH50", lang="th", geometry_dir=geometry)
        lamphun = brief_html(data, "TH51", lang="th", geometry_dir=geometry)
    assert "การดำเนินการที่ยังไม่เสร็จ (5)" in thai and "ไม่ได้พิสูจน์ว่า" in thai
    lines = thai.split("<div class='act-line'>")[1:]
    assert len(lines) == 3 and lines[0].startswith("<b>ล่าช้า</b> งานที่ 1 · เมืองเชียงใหม่")
    assert "การดำเนินการที่ยังไม่เสร็จ" not in lamphun
    _, pages = render_pdf(thai)
    assert pages == 1
