"""The action board (governor's page, wall, brief, exports): actions, agencies, follow-up."""

STRINGS: dict[str, dict[str, str]] = {
    "act_board": {"th": "การดำเนินการในพื้นที่", "en": "Actions in this area"},
    "act_tab_where": {"th": "จุดที่ควรทำ", "en": "Places"},
    "act_tab_board": {"th": "การดำเนินการ", "en": "Actions"},
    "act_kpi": {
        "th": "การดำเนินการ: เสร็จ {done} จาก {total} ({share_done}) · ล่าช้า {late} ({share_late})",
        "en": "Actions: {done} of {total} done ({share_done}) · {late} late ({share_late})",
    },
    "act_kpi_none": {"th": "การดำเนินการ: ยังไม่มี", "en": "Actions: none yet"},
    "act_kpi_relapsed": {"th": " · กลับแย่ลง {n}", "en": " · {n} relapsed"},
    "act_none": {
        "th": "ยังไม่มีการดำเนินการที่บันทึกไว้ในพื้นที่นี้",
        "en": "No action recorded in this area yet",
    },
    "act_not_proof": {
        "th": ("การเปลี่ยนแปลงของตัวชี้วัดหลังการดำเนินการไม่ได้พิสูจน์ว่าเกิดจากการดำเนินการนั้น อาจมีปัจจัยอื่นร่วมด้วย"),
        "en": (
            "A change in the indicator after an action is not proof that the action caused "
            "it: other things may have changed too"
        ),
    },
    "act_status_planned": {"th": "วางแผน", "en": "planned"},
    "act_status_in_progress": {"th": "กำลังดำเนินการ", "en": "in progress"},
    "act_status_done": {"th": "เสร็จแล้ว", "en": "done"},
    "act_status_dropped": {"th": "ยกเลิก", "en": "dropped"},
    "act_late": {"th": "ล่าช้า", "en": "late"},
    "act_relapsed": {"th": "กลับแย่ลง", "en": "relapsed"},
    "act_due": {"th": "กำหนดเสร็จ {date}", "en": "due {date}"},
    "act_by": {"th": "{agency} · ผู้รับผิดชอบ {owner}", "en": "{agency} · owner {owner}"},
    "act_baseline": {"th": "ค่าตั้งต้น {value} ({year})", "en": "baseline {value} ({year})"},
    "act_no_baseline": {"th": "ไม่มีค่าตั้งต้น", "en": "no baseline"},
    "act_since": {"th": "ล่าสุด {value} ({year}): {moved}", "en": "latest {value} ({year}): {moved}"},
    "act_waiting": {"th": "รอข้อมูลรอบใหม่", "en": "waiting for a new period"},
    "act_moved_better": {"th": "ดีขึ้น", "en": "better"},
    "act_moved_worse": {"th": "แย่ลง", "en": "worse"},
    "act_moved_same": {"th": "เท่าเดิม", "en": "unchanged"},
    "act_moved_changed": {"th": "เปลี่ยนไป", "en": "changed"},
    "act_target": {"th": "เป้าหมาย {value}", "en": "target {value}"},
    "act_to_in_progress": {"th": "เริ่มดำเนินการ", "en": "Start"},
    "act_to_done": {"th": "เสร็จแล้ว", "en": "Mark done"},
    "act_to_dropped": {"th": "ยกเลิก", "en": "Drop"},
    "act_note_label": {"th": "บันทึก {date}: {text}", "en": "Note {date}: {text}"},
    "act_note_add": {"th": "บันทึก", "en": "Add note"},
    "act_note_placeholder": {"th": "บันทึกความคืบหน้า", "en": "Progress note"},
    "act_plan": {"th": "+ วางแผน", "en": "+ Plan"},
    "act_plan_title": {"th": "วางแผนการดำเนินการ", "en": "Plan an action"},
    "act_field_area": {"th": "พื้นที่", "en": "Area"},
    "act_field_indicator": {"th": "ตัวชี้วัดที่ต้องการให้ดีขึ้น", "en": "Indicator to move"},
    "act_field_what": {"th": "จะทำอะไร", "en": "What will be done"},
    "act_field_agency": {"th": "หน่วยงานรับผิดชอบ", "en": "Responsible agency"},
    "act_field_owner": {"th": "เจ้าหน้าที่ผู้รับผิดชอบ", "en": "Officer who owns it"},
    "act_field_start": {"th": "วันเริ่ม (เช่น 2569-01-15)", "en": "Start (e.g. 2026-01-15)"},
    "act_field_due": {"th": "กำหนดเสร็จ (เช่น 2569-09-30)", "en": "Due (e.g. 2026-09-30)"},
    "act_field_target": {"th": "ค่าเป้าหมาย", "en": "Target value"},
    "act_save": {"th": "บันทึก", "en": "Save"},
    "act_cancel": {"th": "ปิด", "en": "Close"},
    "act_saved": {"th": "บันทึกการดำเนินการที่ {id} แล้ว", "en": "Action {id} saved"},
    "act_refused": {"th": "บันทึกไม่ได้: {reason}", "en": "Not saved: {reason}"},
    "act_not_allowed": {
        "th": "คุณไม่มีสิทธิ์แก้ไขการดำเนินการในพื้นที่นี้",
        "en": "You may not change actions in this area",
    },
    "act_no_agency": {
        "th": "ยังไม่มีรายชื่อหน่วยงาน: ผู้ดูแลระบบเพิ่มได้ด้วย warroom actions agencies add",
        "en": "No agencies yet: an admin adds them with warroom actions agencies add",
    },
    "act_bad_date": {
        "th": "วันที่ต้องเป็น ปี-เดือน-วัน เช่น 2569-09-30",
        "en": "Dates are year-month-day, e.g. 2026-09-30",
    },
    # The wall's view of the provinces' actions.
    "act_wall_title": {
        "th": "การดำเนินการของจังหวัด: เสร็จ กำลังดำเนินการ ล่าช้า",
        "en": "Provinces' actions: done, in progress, late",
    },
    "act_wall_counts": {
        "th": "เสร็จ {done} · กำลังดำเนินการ {in_progress} · ล่าช้า {late} · กลับแย่ลง {relapsed}",
        "en": "{done} done · {in_progress} in progress · {late} late · {relapsed} relapsed",
    },
    "act_wall_relapses": {"th": "กลับแย่ลงหลังดำเนินการเสร็จ", "en": "Worse again after done"},
    "act_wall_none": {
        "th": "ยังไม่มีการดำเนินการที่บันทึกไว้",
        "en": "No action recorded yet",
    },
    "act_wall_legend": {
        "th": "จังหวัดตามสถานะการดำเนินการ (จำนวนจังหวัด)",
        "en": "Provinces by their actions (number of provinces)",
    },
    # The brief.
    "act_brief_title": {"th": "การดำเนินการที่ยังไม่เสร็จ", "en": "Open actions"},
}
