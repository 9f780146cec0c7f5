"""The upload page's intake options (period, header row) and its checks in the worker."""

from __future__ import annotations

import pytest

from tests.helpers import check_with, cp874, signed_in, text_of
from tests.intake.xlsx_bombs import many_rows
from warroom.app.upload import actions, callbacks
from warroom.app.upload.layout import OPTION_FIELDS
from warroom.intake.users import User

pytestmark = pytest.mark.slow  # seconds a test: the whole real store (app, CLI, server)


@pytest.fixture
def browser(open_app):
    return signed_in(open_app, "admin1")


def test_the_page_takes_a_period_and_a_header_row(browser):
    rows = ["ทั่วราชอาณาจักร,66090475", "จังหวัด,จำนวน", "เชียงใหม่,1234", "ลำพูน,56"]
    file = browser.upload(cp874(rows), "elderly.csv")[0]
    refused = check_with(browser, file)[0]
    assert "no header row above the first data row" in refused["problems"][0][4]
    summary = check_with(browser, file, header_row=2, period=2566)[0]
    assert summary["rows"] == 2 and summary["problems"] == 0
    assert summary["options"]["period"] == 2566 and summary["options"]["header_row"] == 2
    report = browser.call(actions.report_for, summary, User("admin1", "admin", None))
    assert report.preview.set_index("area_code")["value"].to_dict() == {"TH50": 1234, "TH51": 56}
    assert report.columns["period"] == "2023 (--period)"
    shown = text_of(browser.call(callbacks.render_preview, summary, "th", browser.who()))
    assert "ค่าใหม่ 2 ค่า แทนค่าเดิม 0 ค่า" in shown  # the dry run says what a load would do
    assert "ชุดที่" in text_of(browser.load(summary)[0])
    file = browser.upload(cp874(rows), "elderly again.csv")[0]
    summary = check_with(browser, file, header_row=2, period=2566)[0]
    shown = text_of(browser.call(callbacks.render_preview, summary, "th", browser.who()))
    assert "ค่าใหม่ 0 ค่า แทนค่าเดิม 2 ค่า" in shown
    assert "ไฟล์เดียวกันนี้ (SHA-256) นำเข้าแล้วเป็นชุดข้อมูลที่" in shown and "โดย admin1" in shown


def test_an_xlsx_bomb_from_the_page_gets_one_message(browser, tmp_path):
    data = many_rows(tmp_path / "bomb.xlsx").read_bytes()
    file = browser.upload(data, "bomb.xlsx")[0]
    failed = check_with(browser, file)[0]
    assert failed["count"] == 1
    (problem,) = failed["problems"]
    assert problem[0] == "bomb.xlsx" and problem[4] == (
        "sheet 'Sheet1' has more than 1,048,576 rows; refused before reading "
        "(limit 1,048,576 rows, setting WARROOM_XLSX_MAX_ROWS)"
    )


def test_an_admin_corrects_official_values_from_the_page_and_sees_the_mix(browser, open_app):
    """A built-in indicator in the admin's list (never an officer's); replacing official
    values needs its own tick; parents mixing the build and the load are named."""
    who = browser.who()
    options = browser.call(callbacks.indicator_choice, who, None, "th", None)[0]
    labels = {o["value"]: o["label"] for o in options}
    assert labels["tpmap.target_poor"].endswith("· ตัวชี้วัดในบัญชีหลัก")
    officer = signed_in(open_app, "cm.officer")
    theirs = officer.call(callbacks.indicator_choice, officer.who(), None, "th", None)[0]
    assert "tpmap.target_poor" not in {o["value"] for o in theirs}
    rows = ["แก้ไขข้อมูลคนจนเป้าหมาย ปี 2561", "รหัสตำบล,ตำบล,คนจนเป้าหมาย"]
    rows += ["TH500107,ช้างเผือก,230", "TH500108,สุเทพ,2"]
    file = browser.upload(cp874(rows), "แก้ไข tpmap 2561.csv")[0]
    states = [
        [{"id": {"type": "up-option", "field": f}, "property": "value"} for f in OPTION_FIELDS]
    ]
    summary = browser.call(
        actions.check,
        1,
        file,
        "tpmap.target_poor",
        [None] * len(OPTION_FIELDS),
        None,
        "th",
        trigger=("up-check", "n_clicks"),
        states_list=states,
    )[0]
    assert summary["rows"] == 2 and summary["replaced_built"] == 2
    shown = text_of(browser.call(callbacks.render_preview, summary, "th", browser.who()))
    assert "ไฟล์นี้จะแทนค่าทางการจากแหล่งที่เผยแพร่ 2 ค่า" in shown
    assert "ค่าระดับที่สูงกว่า 3 ค่าจะคำนวณจากข้อมูลหลายชุดปนกัน" in shown
    assert "เมืองเชียงใหม่ 2561: ข้อมูลตั้งต้น (build) + ไฟล์นี้" in shown
    ticks, _, disabled, note = browser.call(callbacks.load_state, summary, [], "th")
    assert [t["value"] for t in ticks] == ["replace"] and disabled
    assert "ติ๊กช่องด้านบนถ้าตั้งใจ" in text_of(note)
    assert browser.call(callbacks.load_state, summary, ["replace"], "th")[2] is False
    refused = browser.call(actions.load, 1, summary, [], 0, "th", trigger=("up-load", "n_clicks"))[
        0
    ]
    assert "--replace-built" in text_of(refused)
    done = browser.call(
        actions.load, 1, summary, ["replace"], 0, "th", trigger=("up-load", "n_clicks")
    )
    loaded = text_of(done[0])
    assert "ค่าระดับที่สูงกว่า 3 ค่าคำนวณจากข้อมูลหลายชุดปนกัน" in loaded
    batch = done[3]["loaded"]
    assert f"ข้อมูลตั้งต้น (build) + ชุดที่ {batch}" in loaded
    assert "ย้อนกลับชุดที่" in text_of(browser.roll_back(batch)[0])
