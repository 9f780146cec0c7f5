"""The upload page asks what a table needs in its own words and controls, never the command
line's (issue 21, item 5): the year, the figure column, Thai reasons, the declare form, and a
built-in indicator's own source columns."""

from __future__ import annotations

import re

import pytest

from tests.helpers import Browser, check_with, cp874, signed_in, text_of
from tests.intake.biff import write_xls
from warroom.app.upload import actions, callbacks
from warroom.app.upload.layout import COLUMN_OPTIONS, OPTION_FIELDS, SPEC_TEXT_FIELDS
from warroom.store import Store

pytestmark = pytest.mark.slow  # seconds a test: the whole real store (app, worker)
CLI_WORDS = re.compile(r"--[a-z]|warroom (ingest|load)")


def ask(browser: Browser, summary: dict, lang: str = "th"):
    outputs = [
        {"id": "up-options-box", "property": "open"},
        [
            {"id": {"type": "up-optfield", "field": f}, "property": "className"}
            for f in OPTION_FIELDS
        ],
        [
            {"id": {"type": "up-option", "field": f, "kind": "column"}, "property": "options"}
            for f in COLUMN_OPTIONS
        ],
    ]
    opened, classes, lists, title, _ = browser.call(
        callbacks.ask, summary, lang, [], outputs_list=outputs
    )
    return opened, dict(zip(OPTION_FIELDS, classes, strict=True)), lists, title


def shown(browser: Browser, summary: dict, lang: str = "th") -> str:
    return text_of(browser.call(callbacks.render_preview, summary, lang, browser.who()))


@pytest.fixture
def officer(open_app):
    return signed_in(open_app, "cm.officer")


def test_the_page_asks_for_the_year_then_the_figure_column(officer):
    rows = ["จังหวัด,ผู้สูงอายุชาย,ผู้สูงอายุหญิง", "เชียงใหม่,100,120"]
    file = officer.upload(cp874(rows), "elderly.csv")[0]
    summary = check_with(officer, file)[0]
    assert summary["need"] == "period"
    text = shown(officer, summary)
    assert text.startswith("พิมพ์ปีของตาราง (พ.ศ. เช่น 2566) ในช่อง “ปีของตาราง”")
    assert not CLI_WORDS.search(text), text
    opened, classes, lists, title = ask(officer, summary)
    assert opened is True and "wr-up-needed" in classes["period"]
    assert "wr-up-needed" not in classes["value_column"]
    assert title == "ต้องระบุสำหรับไฟล์นี้: ปีของตาราง (ถ้าไม่มีคอลัมน์ปี)"
    assert lists[0] == [{"label": c, "value": c} for c in ("จังหวัด", "ผู้สูงอายุชาย", "ผู้สูงอายุหญิง")]
    english = shown(officer, summary, "en")
    assert english.startswith("Type the table's year") and not CLI_WORDS.search(english)

    summary = check_with(officer, file, period=2566)[0]
    assert summary["need"] == "value_column"
    assert summary["candidates"] == ["ผู้สูงอายุชาย", "ผู้สูงอายุหญิง"]
    text = shown(officer, summary)
    assert text.startswith("เลือกคอลัมน์ที่เป็นค่าของตัวชี้วัดในช่อง “คอลัมน์ค่า”")
    assert "2 คอลัมน์" in text and not CLI_WORDS.search(text)
    _, classes, _, _ = ask(officer, summary)
    assert "wr-up-needed" in classes["value_column"] and "wr-up-needed" not in classes["period"]

    summary = check_with(officer, file, period=2566, value_column="ผู้สูงอายุหญิง")[0]
    assert "need" not in summary and summary["rows"] == 1 and summary["problems"] == 0
    assert summary["columns"] == ["จังหวัด", "ผู้สูงอายุชาย", "ผู้สูงอายุหญิง"]
    bad_year = check_with(officer, file, period=123)[0]
    assert bad_year["need"] == "period"
    assert shown(officer, bad_year).startswith("123 ไม่ใช่ปี พ.ศ. หรือ ค.ศ.")


def test_skip_reasons_and_refusals_are_in_thai(officer):
    rows = ["จังหวัด,ปี,จำนวน", "ทั่วราชอาณาจักร,2566,9999", "ภาคเหนือ,2566,500", "เชียงใหม่,2566,-"]
    rows += ["", "ลำพูน,2566,12"]
    file = officer.upload(cp874(rows), "elderly.csv")[0]
    summary = check_with(officer, file)[0]
    text = shown(officer, summary)
    for thai in ("ไม่ใช่พื้นที่: ทั้งประเทศ", "ไม่ใช่พื้นที่: ภาคหรือกลุ่มจังหวัด", "บรรทัดว่าง"):
        assert thai in text
    assert "ไม่มีตัวเลขของเชียงใหม่ ปี 2566" in text
    assert "ลำพูน / Lamphun (TH51) อยู่นอกจังหวัดของท่าน (เชียงใหม่ / Chiang Mai (TH50))" in text
    assert "มี 1 แถวอยู่นอกจังหวัดของท่าน: ติ๊ก “โหลดเฉพาะแถวของจังหวัดของฉัน”" in text
    for english in ("not an area", "blank line", "no figure", "outside your province"):
        assert english not in text
    refused = text_of(officer.load(summary, drop=True)[0])
    assert "นอกจังหวัดของท่าน" in refused and not CLI_WORDS.search(refused)


def test_only_my_province_on_the_page(officer, intake_settings):
    rows = ["จังหวัด,ปี,จำนวน", "เชียงใหม่,2566,77", "ลำพูน,2566,12", "ลำปาง,2566,13"]
    file = officer.upload(cp874(rows), "national.csv")[0]
    summary = check_with(officer, file, only=["yes"])[0]
    assert summary["rows"] == 1 and summary["blocking"] == 0 and summary["outside_rows"] == 2
    text = shown(officer, summary)
    assert "กันแถวของจังหวัดอื่นไว้ 2 แถว (2 จังหวัด) ไม่โหลด: โหลดเฉพาะแถวของจังหวัดเชียงใหม่" in text
    done = officer.load(summary)
    assert "1 ค่า" in text_of(done[0])
    assert Store(intake_settings.db_url).batches()["province"].iloc[-1] == "TH50"


def test_the_declare_form_has_a_thai_unit_and_selects_what_it_declared(open_app, intake_settings):
    admin = signed_in(open_app, "admin1")
    fields = {
        "id": "moi.wells",
        "name_th": "บ่อบาดาล",
        "name_en": "Wells",
        "unit_th": "บ่อ",
        "unit": "wells",
        "sdg": "6.1",
        "source": "กรมทรัพยากรน้ำบาดาล 2566",
        "weight": "",
    }
    assert set(fields) == set(SPEC_TEXT_FIELDS)
    states = [[{"id": {"type": "up-spec", "field": f}, "property": "value"} for f in fields]]
    message, declared = admin.call(
        actions.declare_indicator,
        1,
        list(fields.values()),
        "higher_is_better",
        "sum",
        [],
        "th",
        trigger=("up-declare-submit", "n_clicks"),
        states_list=states,
    )
    assert declared == "moi.wells", text_of(message)
    assert Store(intake_settings.db_url).indicator("moi.wells")["unit_th"] == "บ่อ"
    _, value, _ = admin.call(
        callbacks.indicator_choice,
        admin.who(),
        declared,
        "th",
        "moi.elderly",
        trigger=("up-declared", "data"),
    )
    assert value == "moi.wells"


def test_a_built_in_indicator_remembers_its_source_columns(open_app):
    """TPMAP's file of a later year has dozens of figure columns: the catalogue says which
    one is the target poor, and which two make the rate."""
    admin = signed_in(open_app, "admin1")
    rows = ["tumbol_ID,poor.JPT.MOFval.CNT,HOUSEMEMBER_CNT,HOUSEHOLD_CNT,MOFval_CNT"]
    rows += ["500107,230,4000,1500,180", "500108,2,3000,1100,1"]
    file = admin.upload(cp874(rows), "tpmap_2566.csv")[0]
    count = check_with(admin, file, "tpmap.target_poor")[0]
    assert "need" not in count, count
    assert count["rows"] == 2 and count["problems"] == 0
    report = admin.call(actions.report_for, count, admin_user())
    assert report.columns["value"] == "poor.JPT.MOFval.CNT"
    assert report.preview["value"].tolist() == [230, 2]
    rate = check_with(admin, file, "tpmap.target_poor_rate")[0]
    assert "need" not in rate and rate["rows"] == 2
    report = admin.call(actions.report_for, rate, admin_user())
    assert report.columns["numerator"] == "poor.JPT.MOFval.CNT"
    assert report.preview["value"].round(4).tolist() == [5.75, round(200 / 3000, 4)]


def admin_user():
    from warroom.intake.users import User

    return User("admin1", "admin", None)


def test_the_page_asks_which_rows_of_a_two_measure_table_to_load(officer, intake_settings):
    """Users and kWh on alternate rows, the province named once: the page names the column
    that tells them apart, marks its own field, and loads the rows chosen there."""
    rows = ["จังหวัด,หน่วย,2566", "เชียงใหม่,ผู้ใช้ไฟ,100", ",kWh,5000"]
    file = officer.upload(cp874(rows), "electricity.csv")[0]
    summary = check_with(officer, file)[0]
    assert summary["measures"] == "หน่วย"
    text = shown(officer, summary)
    assert "หลายตัวชี้วัดหรือหลายหมวดในคอลัมน์ “หน่วย” (ผู้ใช้ไฟ, kWh)" in text
    assert not CLI_WORDS.search(text) and not CLI_WORDS.search(shown(officer, summary, "en"))
    opened, classes, lists, title = ask(officer, summary)
    assert opened is True and "wr-up-needed" in classes["rows_column"]
    assert {"label": "หน่วย", "value": "หน่วย"} in lists[0]
    assert title == "ต้องระบุสำหรับไฟล์นี้: โหลดเฉพาะแถวที่คอลัมน์นี้…"

    chosen = check_with(officer, file, rows_column="หน่วย", rows_value="kWh")[0]
    assert chosen["rows"] == 1 and chosen["problems"] == 0 and chosen["measures"] is None
    assert chosen["options"]["rows"] == "หน่วย=kWh"
    text = shown(officer, chosen)
    assert "โหลดเฉพาะแถวที่ “หน่วย” = “kWh”; เว้นไว้ 1 แถว: ผู้ใช้ไฟ (1)" in text
    assert "ช่องพื้นที่ว่าง 1 ช่องอ่านเป็นพื้นที่ของแถวข้างบน" in text
    officer.load(chosen)
    stored = Store(intake_settings.db_url).observations("moi.elderly", area_code="TH50")
    assert stored.set_index("period")["value"].get(2023) == 5000


def test_an_old_excel_xls_loads_from_the_page(officer, tmp_path):
    path = write_xls(tmp_path / "elderly.xls", [["จังหวัด", "2566"], ["เชียงใหม่", 321]])
    file = officer.upload(path.read_bytes(), "elderly.xls")[0]
    assert file and file["name"] == "elderly.xls"
    summary = check_with(officer, file)[0]
    assert summary["rows"] == 1 and summary["problems"] == 0, summary
