"""Every user-facing string of the app, in Thai and English, and Thai number conventions."""

from __future__ import annotations

import math

import pandas as pd

from warroom.years import BE_OFFSET  # Buddhist Era year = CE year + 543

LANGUAGES = ("th", "en")
LOCAL_TIME = "Asia/Bangkok"  # times are stored in UTC and read in Thai time

STRINGS: dict[str, dict[str, str]] = {
    "title": {"th": "ห้องสถานการณ์ กระทรวงมหาดไทย", "en": "MOI War Room"},
    "subtitle": {
        "th": "ตัวชี้วัดเป้าหมายการพัฒนาที่ยั่งยืนและความยากจน รายพื้นที่",
        "en": "SDG and poverty indicators by area",
    },
    "goals": {"th": "เป้าหมาย SDG", "en": "SDG goals"},
    "context": {"th": "ข้อมูลพื้นฐาน", "en": "Context"},
    "poverty": {"th": "ความยากจน (TPMAP)", "en": "Poverty (TPMAP)"},
    "indicator": {"th": "ตัวชี้วัด", "en": "Indicator"},
    "period": {"th": "ปี", "en": "Year"},
    "classes": {"th": "การแบ่งช่วง", "en": "Class breaks"},
    "quantiles": {"th": "ควอนไทล์", "en": "Quantiles"},
    "natural_breaks": {"th": "ช่วงธรรมชาติ", "en": "Natural breaks"},
    "equal_interval": {"th": "ช่วงเท่ากัน", "en": "Equal interval"},
    "tambon_all": {"th": "แสดงทุกตำบลทั่วประเทศ", "en": "All tambons nationwide"},
    "language": {"th": "ภาษา", "en": "Language"},
    "no_data": {"th": "ไม่มีข้อมูล", "en": "No data"},
    "indicators_count": {"th": "{n} ตัวชี้วัด", "en": "{n} indicators"},
    "no_indicator": {"th": "ยังไม่มีตัวชี้วัด", "en": "None yet"},
    "value_here": {"th": "ค่าของพื้นที่", "en": "This area"},
    "value_country": {"th": "ค่าระดับประเทศ", "en": "Thailand"},
    "difference": {"th": "ต่างจากประเทศ", "en": "Difference from Thailand"},
    "share": {"th": "สัดส่วนของทั้งประเทศ", "en": "Share of Thailand"},
    "change": {"th": "เปลี่ยนจากปีก่อน", "en": "Change from previous period"},
    "no_previous": {"th": "ไม่มีข้อมูลปีก่อน", "en": "No previous period"},
    "ranking": {"th": "อันดับพื้นที่ย่อย", "en": "Ranking of sub-areas"},
    "top": {"th": "ค่าสูงสุด 10 อันดับ", "en": "Highest 10"},
    "bottom": {"th": "ค่าต่ำสุด 10 อันดับ", "en": "Lowest 10"},
    "trend": {"th": "แนวโน้ม", "en": "Trend"},
    "rank_of": {"th": "อันดับ {rank} จาก {n} (มากไปน้อย)", "en": "rank {rank} of {n} (highest first)"},
    "modelled": {"th": "ข้อมูลจากแบบจำลอง", "en": "modelled"},
    "source": {"th": "ที่มา", "en": "Source"},
    "boundaries_credit": {
        "th": "ขอบเขตการปกครอง: กรมแผนที่ทหาร ผ่าน OCHA HDX (CC BY-IGO)",
        "en": "Boundaries: Royal Thai Survey Department via OCHA HDX (CC BY-IGO)",
    },
    "unplaced": {
        "th": "{value} ของตัวเลขนี้อยู่ในหน่วยเทศบาลที่ไม่ได้ระบุตำบล",
        "en": "{value} of this figure is in municipal units not placed on any tambon",
    },
    "no_children": {"th": "ไม่มีพื้นที่ย่อย", "en": "No sub-areas"},
    "error": {"th": "เกิดข้อผิดพลาด: {message}", "en": "Something went wrong: {message}"},
    "level_country": {"th": "ประเทศ", "en": "country"},
    "level_province": {"th": "จังหวัด", "en": "provinces"},
    "level_district": {"th": "อำเภอ", "en": "districts"},
    "level_tambon": {"th": "ตำบล", "en": "tambons"},
    "showing": {"th": "แสดงระดับ{level}", "en": "Showing {level}"},
    "loaded_on": {
        "th": "นำเข้าเมื่อ {date} (ชุดข้อมูลที่ {batch})",
        "en": "loaded {date} (batch {batch})",
    },
    # --- The upload page (One Data intake, /upload/) ---
    "up_title": {"th": "นำเข้าข้อมูล One Data", "en": "One Data upload"},
    "up_subtitle": {
        "th": "ตรวจสอบตารางก่อนโหลดเข้าคลังข้อมูล โหลดทุกแถวหรือไม่โหลดเลย ย้อนกลับได้ทุกครั้ง",
        "en": "Check a table before loading it: every row or none, and every load can be undone",
    },
    "up_back_to_map": {"th": "← กลับไปที่แผนที่", "en": "← Back to the map"},
    "up_signin": {"th": "เข้าสู่ระบบ", "en": "Sign in"},
    "up_user": {"th": "ชื่อผู้ใช้", "en": "User name"},
    "up_password": {"th": "รหัสผ่าน", "en": "Password"},
    "up_signin_button": {"th": "เข้าสู่ระบบ", "en": "Sign in"},
    "up_signout": {"th": "ออกจากระบบ", "en": "Sign out"},
    "up_wrong_password": {
        "th": "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง",
        "en": "Wrong user name or password",
    },
    "up_signin_needed": {
        "th": "กรุณาเข้าสู่ระบบก่อน",
        "en": "Please sign in first",
    },
    "up_signin_why": {
        "th": "เข้าสู่ระบบเพื่อนำเข้าข้อมูล ดูรายการโหลด และย้อนกลับการโหลด",
        "en": "Sign in to load data, see the loads and roll them back",
    },
    "up_no_accounts": {
        "th": "ยังไม่มีบัญชีผู้ใช้: ผู้ดูแลเครื่องต้องสร้างบัญชีก่อนด้วยคำสั่ง {command}",
        "en": "No accounts exist yet: the operator must first create them with {command}",
    },
    "up_role_admin": {"th": "ผู้ดูแลระบบ", "en": "administrator"},
    "up_role_officer": {"th": "เจ้าหน้าที่จังหวัด{province}", "en": "officer for {province}"},
    "up_role_viewer": {"th": "ผู้ดูข้อมูล", "en": "viewer"},
    "up_viewer_note": {
        "th": "บัญชีผู้ดูข้อมูลดูรายการโหลดได้ แต่โหลดหรือย้อนกลับข้อมูลไม่ได้",
        "en": "A viewer sees the loads but may not load or roll back data",
    },
    "up_step_indicator": {"th": "1. ตัวชี้วัด", "en": "1. Indicator"},
    "up_pick_indicator": {"th": "เลือกตัวชี้วัดที่ประกาศไว้", "en": "Choose a declared indicator"},
    "up_no_intake_indicators": {
        "th": "ยังไม่มีตัวชี้วัดที่ประกาศไว้ ผู้ดูแลระบบประกาศได้ที่ “ประกาศตัวชี้วัดใหม่”",
        "en": "No indicator is declared yet; an administrator declares one below",
    },
    "up_declare": {"th": "ประกาศตัวชี้วัดใหม่", "en": "Declare a new indicator"},
    "up_f_id": {"th": "รหัส (เช่น moi.elderly)", "en": "Id (e.g. moi.elderly)"},
    "up_f_name_th": {"th": "ชื่อภาษาไทย", "en": "Thai name"},
    "up_f_name_en": {"th": "ชื่อภาษาอังกฤษ", "en": "English name"},
    "up_f_unit": {"th": "หน่วย (เช่น คน, %)", "en": "Unit (e.g. people, %)"},
    "up_f_direction": {"th": "ทิศทาง", "en": "Direction"},
    "up_f_rollup": {"th": "การรวมขึ้นระดับบน", "en": "Roll-up"},
    "up_f_sdg": {"th": "รหัส SDG (เช่น 3 หรือ 1.2)", "en": "SDG code (e.g. 3 or 1.2)"},
    "up_f_source": {"th": "แหล่งที่มาและปี", "en": "Source and year"},
    "up_f_weight": {
        "th": "ตัวถ่วงน้ำหนัก (รหัสตัวชี้วัด)",
        "en": "Weight (indicator id)",
    },
    "up_f_modelled": {"th": "ข้อมูลจากแบบจำลอง", "en": "Modelled figures"},
    "up_dir_higher_is_better": {"th": "ค่ามากยิ่งดี", "en": "higher is better"},
    "up_dir_higher_is_worse": {"th": "ค่ามากยิ่งแย่", "en": "higher is worse"},
    "up_dir_neutral": {"th": "เป็นกลาง", "en": "neutral"},
    "up_rollup_sum": {"th": "ผลรวม (จำนวนนับ)", "en": "sum (counts)"},
    "up_rollup_ratio": {"th": "อัตราส่วน", "en": "ratio"},
    "up_rollup_weighted_mean": {"th": "ค่าเฉลี่ยถ่วงน้ำหนัก", "en": "weighted mean"},
    "up_rollup_none": {"th": "ไม่รวมขึ้นระดับบน", "en": "none"},
    "up_declare_button": {"th": "ประกาศตัวชี้วัด", "en": "Declare"},
    "up_declared": {"th": "ประกาศตัวชี้วัด {id} แล้ว", "en": "Declared {id}"},
    "up_declare_failed": {
        "th": "ยังไม่ได้ประกาศ: พบ {n} ปัญหา",
        "en": "Not declared: {n} problem(s)",
    },
    "up_step_file": {"th": "2. ไฟล์ข้อมูล", "en": "2. Data file"},
    "up_drop": {"th": "ลากไฟล์มาวาง หรือคลิกเพื่อเลือกไฟล์", "en": "Drop a file here or click"},
    "up_drop_hint": {
        "th": "CSV, TSV หรือ XLSX ขนาดไม่เกิน {mb} MB",
        "en": "CSV, TSV or XLSX, at most {mb} MB",
    },
    "up_bad_type": {
        "th": "รับเฉพาะไฟล์ CSV, TSV หรือ XLSX",
        "en": "Only CSV, TSV or XLSX files are accepted",
    },
    "up_bad_upload": {
        "th": "อ่านไฟล์ที่อัปโหลดไม่ได้ กรุณาอัปโหลดใหม่",
        "en": "The upload could not be read; upload the file again",
    },
    "up_too_big": {"th": "ไฟล์ใหญ่เกิน {mb} MB", "en": "The file is larger than {mb} MB"},
    "up_empty_file": {"th": "ไฟล์ว่างเปล่า", "en": "The file is empty"},
    "up_upload_expired": {
        "th": "ไม่พบไฟล์ที่อัปโหลด (หมดอายุหรือถูกลบแล้ว) กรุณาอัปโหลดใหม่",
        "en": "The uploaded file is gone (expired or discarded); upload it again",
    },
    "up_discard": {"th": "ยกเลิกไฟล์", "en": "Discard file"},
    "up_options": {"th": "ระบุคอลัมน์เอง (ไม่บังคับ)", "en": "Name the columns (optional)"},
    "up_area_column": {"th": "คอลัมน์พื้นที่", "en": "Area column"},
    "up_period_column": {"th": "คอลัมน์ปี", "en": "Year column"},
    "up_value_column": {"th": "คอลัมน์ค่า", "en": "Value column"},
    "up_sheet": {"th": "ชีต (XLSX)", "en": "Sheet (XLSX)"},
    "up_auto": {"th": "อัตโนมัติ", "en": "automatic"},
    "up_check": {"th": "ตรวจสอบ (ยังไม่โหลด)", "en": "Check (loads nothing)"},
    "up_need_indicator": {"th": "เลือกตัวชี้วัดก่อน", "en": "Choose an indicator first"},
    "up_need_file": {"th": "อัปโหลดไฟล์ก่อน", "en": "Upload a file first"},
    "up_step_preview": {"th": "3. ผลการตรวจสอบ", "en": "3. Check"},
    "up_preview_empty": {
        "th": "เลือกตัวชี้วัดและอัปโหลดไฟล์ ระบบจะตรวจสอบทุกแถวก่อนโดยยังไม่โหลด",
        "en": "Choose an indicator and upload a file: every row is checked before anything loads",
    },
    "up_check_failed": {"th": "อ่านตารางไม่ได้", "en": "The table could not be read"},
    "up_rows": {"th": "ค่าที่จะโหลด", "en": "Values to load"},
    "up_areas": {"th": "พื้นที่ที่จับคู่ได้", "en": "Areas matched"},
    "up_periods": {"th": "ปี", "en": "Periods"},
    "up_file": {"th": "ไฟล์", "en": "File"},
    "up_for_indicator": {"th": "ตัวชี้วัด", "en": "Indicator"},
    "up_level_at": {"th": "ระดับ{level}", "en": "level: {level}"},
    "up_header_rows": {"th": "หัวตารางแถว {rows}", "en": "header on row {rows}"},
    "up_skipped": {"th": "แถวที่ข้าม ({n})", "en": "Skipped rows ({n})"},
    "up_problems": {"th": "ปัญหา ({n})", "en": "Problems ({n})"},
    "up_no_problems": {"th": "ไม่พบปัญหา ทุกแถวถูกต้อง", "en": "No problems: every row is valid"},
    "up_no_skipped": {"th": "ไม่มีแถวที่ข้าม", "en": "No skipped rows"},
    "up_col_file": {"th": "ไฟล์", "en": "File"},
    "up_col_row": {"th": "แถว", "en": "Row"},
    "up_col_column": {"th": "คอลัมน์", "en": "Column"},
    "up_col_value": {"th": "ค่า", "en": "Value"},
    "up_col_reason": {"th": "เหตุผล", "en": "Reason"},
    "up_col_text": {"th": "ข้อความ", "en": "Text"},
    "up_shown_of": {"th": "แสดง {shown} จาก {n} รายการ", "en": "Showing {shown} of {n}"},
    "up_blocking": {
        "th": "มี {n} แถวอยู่นอกจังหวัดของท่าน จึงโหลดไฟล์นี้ไม่ได้ทั้งไฟล์",
        "en": "{n} row(s) lie outside your province: the whole file is refused",
    },
    "up_map_title": {"th": "แผนที่ตัวอย่าง ปี {year}", "en": "Preview map, {year}"},
    "up_map_none": {
        "th": "ไม่มีแผนที่ตัวอย่างสำหรับข้อมูลระดับประเทศ",
        "en": "No preview map for country-level data",
    },
    "up_step_load": {"th": "4. โหลดเข้าคลังข้อมูล", "en": "4. Load into the store"},
    "up_drop_invalid": {
        "th": "โหลดเฉพาะแถวที่ถูกต้อง ตัด {n} แถวที่ระบุไว้ทิ้ง",
        "en": "Load only the valid rows, drop the {n} listed rows",
    },
    "up_load": {"th": "โหลดข้อมูล", "en": "Load"},
    "up_load_blocked": {
        "th": "โหลดไม่ได้: มีแถวนอกจังหวัดของท่าน",
        "en": "Cannot load: rows outside your province",
    },
    "up_load_nothing": {"th": "ไม่มีแถวที่ถูกต้องให้โหลด", "en": "No valid rows to load"},
    "up_load_tick": {
        "th": "มีแถวที่มีปัญหา: แก้ไฟล์แล้วอัปโหลดใหม่ หรือเลือกโหลดเฉพาะแถวที่ถูกต้อง",
        "en": "Some rows have problems: fix the file, or choose to load only the valid rows",
    },
    "up_load_ready": {
        "th": "พร้อมโหลด {rows} ค่า ทั้งหมดในครั้งเดียว",
        "en": "Ready to load {rows} values in one batch",
    },
    "up_loaded": {
        "th": "โหลดแล้ว ชุดที่ {batch}: {rows} ค่า แทนที่ค่าเดิม {replaced} ค่า "
        "เมื่อ {when} (ใช้เวลา {seconds} วินาที)",
        "en": "Loaded batch {batch}: {rows} values, {replaced} replaced, at {when} ({seconds} s)",
    },
    "up_duplicate": {
        "th": "ไม่ได้โหลด: ไฟล์นี้เคยโหลดแล้วเป็นชุดที่ {batch} เมื่อ {when} โดย {user} "
        "หากต้องการโหลดใหม่ให้ย้อนกลับชุดนั้นก่อน",
        "en": "Not loaded: this file was already loaded as batch {batch} at {when} by {user}; "
        "roll that batch back first to load it again",
    },
    "up_refused": {"th": "ไม่ได้โหลดข้อมูล", "en": "Nothing was loaded"},
    "up_not_allowed": {
        "th": "บัญชีนี้ไม่มีสิทธิ์ทำรายการนี้",
        "en": "This account may not do this",
    },
    "up_batches": {"th": "รายการโหลดข้อมูล", "en": "Loads"},
    "up_no_batches": {"th": "ยังไม่มีการโหลดข้อมูล", "en": "No loads yet"},
    "up_col_batch": {"th": "ชุด", "en": "Batch"},
    "up_col_indicator": {"th": "ตัวชี้วัด", "en": "Indicator"},
    "up_col_user": {"th": "ผู้โหลด", "en": "User"},
    "up_col_date": {"th": "วันที่", "en": "Date"},
    "up_col_rows": {"th": "ค่า", "en": "Values"},
    "up_col_status": {"th": "สถานะ", "en": "Status"},
    "up_status_loaded": {"th": "โหลดแล้ว", "en": "loaded"},
    "up_status_rolled_back": {"th": "ย้อนกลับแล้ว", "en": "rolled back"},
    "up_rolled_back_by": {
        "th": "ย้อนกลับโดย {user} เมื่อ {when}",
        "en": "rolled back by {user} at {when}",
    },
    "up_rollback": {"th": "ย้อนกลับ", "en": "Roll back"},
    "up_rollback_confirm": {
        "th": "ย้อนกลับชุดที่ {batch}? ค่าที่ชุดนี้โหลดจะถูกลบ และค่าเดิมที่ถูกแทนที่จะกลับมา",
        "en": "Roll back batch {batch}? Its values are removed and the values it replaced "
        "come back.",
    },
    "up_rolled_back": {
        "th": "ย้อนกลับชุดที่ {batch} แล้ว: ลบ {removed} ค่า",
        "en": "Rolled back batch {batch}: {removed} values removed",
    },
    "up_failed": {"th": "ทำรายการไม่สำเร็จ", "en": "Not done"},
    "up_unexpected": {
        "th": "เกิดข้อผิดพลาดที่ไม่คาดคิด ระบบบันทึกไว้แล้ว กรุณาลองใหม่หรือแจ้งผู้ดูแลระบบ",
        "en": "Something unexpected went wrong and was logged; try again or tell the administrator",
    },
    "up_be_ce": {"th": "{be} (ค.ศ. {ce})", "en": "{ce} (BE {be})"},
    "up_required": {"th": "ต้องกรอก", "en": "required"},
    # --- The page shell, sign-in, bad URLs (app: pages, components, auth) ---
    "nav_map": {"th": "แผนที่", "en": "Map"},
    "nav_upload": {"th": "นำเข้าข้อมูล", "en": "Upload"},
    "signin_link": {"th": "เข้าสู่ระบบ", "en": "Sign in"},
    "signed_in_as": {"th": "เข้าสู่ระบบแล้วในชื่อ {name}", "en": "Signed in as {name}"},
    "back": {"th": "← กลับ", "en": "← Back"},
    "indicator_count": {"th": "{n} ตัวชี้วัด", "en": "{n} indicator"},
    "url_bad_goal": {
        "th": "ไม่มีเป้าหมาย “{value}” ที่มีตัวชี้วัด จึงแสดงเป้าหมาย {used} แทน",
        "en": "No goal “{value}” with indicators: showing goal {used} instead",
    },
    "url_bad_indicator": {
        "th": "ไม่รู้จักตัวชี้วัด “{value}” จึงแสดง {used} แทน",
        "en": "Unknown indicator “{value}”: showing {used} instead",
    },
    "url_bad_area": {
        "th": "ไม่พบพื้นที่รหัส “{value}” จึงแสดงทั้งประเทศแทน",
        "en": "No area with the code “{value}”: showing the whole country instead",
    },
    "url_bad_period": {
        "th": "ไม่มีข้อมูลปี “{value}” จึงแสดงปี {used} แทน",
        "en": "No data for the year “{value}”: showing {used} instead",
    },
    "url_bad_lang": {
        "th": "ไม่รู้จักภาษา “{value}” จึงแสดงภาษาไทย",
        "en": "Unknown language “{value}”: showing {used}",
    },
    "url_bad_classes": {
        "th": "ไม่รู้จักการแบ่งช่วง “{value}” จึงใช้{used}แทน",
        "en": "Unknown class breaks “{value}”: using {used} instead",
    },
    "url_bad_tambons": {
        "th": "ไม่เข้าใจค่า tambons=“{value}” จึงไม่แสดงทุกตำบล",
        "en": "tambons=“{value}” not understood: not showing every tambon",
    },
    "url_bad_hint": {
        "th": "ลิงก์นี้มีค่าที่ใช้ไม่ได้ ระบบแสดงค่าที่ใกล้เคียงแทน",
        "en": "This link holds values that cannot be used; the nearest view is shown",
    },
    "notfound_title": {"th": "ไม่พบหน้านี้", "en": "Page not found"},
    "notfound_text": {
        "th": "ไม่มีหน้าตามที่อยู่นี้ อาจพิมพ์ผิดหรือลิงก์หมดอายุแล้ว",
        "en": "There is no page at this address; it may be mistyped or out of date",
    },
    "notfound_back": {"th": "← กลับไปที่แผนที่", "en": "← Back to the map"},
    # --- The analyst's workspace (/explore) and the exports (issue 15) ---
    "ex_proxy": {"th": "ตัวชี้วัดแทน (proxy) ของ SDG {code}", "en": "proxy for SDG {code}"},
    "ex_source_line": {"th": "ที่มา: {source}", "en": "Source: {source}"},
    "ex_in_area": {"th": "{level}ใน{area}", "en": "{level} in {area}"},
    "nav_explore": {"th": "วิเคราะห์", "en": "Explore"},
    "ex_title": {"th": "พื้นที่วิเคราะห์ข้อมูล", "en": "Analyst's workspace"},
    "ex_subtitle": {
        "th": "เทียบตัวชี้วัดสองตัว เทียบพื้นที่ ดูความครอบคลุมของข้อมูล และส่งออก",
        "en": "Compare two indicators and areas, see data coverage, and export",
    },
    "ex_x": {"th": "ตัวชี้วัดแกน X", "en": "Indicator X"},
    "ex_y": {"th": "ตัวชี้วัดแกน Y", "en": "Indicator Y"},
    "ex_level": {"th": "ระดับพื้นที่", "en": "Level"},
    "ex_area": {"th": "ขอบเขต", "en": "Within"},
    "ex_tab_pair": {"th": "ตัวชี้วัดสองตัว", "en": "Two indicators"},
    "ex_tab_compare": {"th": "เทียบพื้นที่", "en": "Compare areas"},
    "ex_tab_coverage": {"th": "ความครอบคลุมของข้อมูล", "en": "Coverage"},
    "ex_compare_areas": {"th": "พื้นที่ที่เทียบ (สูงสุด 5)", "en": "Areas to compare (up to 5)"},
    "ex_goal": {"th": "เป้าหมาย SDG", "en": "SDG goal"},
    "ex_goal_option": {"th": "เป้าหมายที่ {n}: {name}", "en": "Goal {n}: {name}"},
    "ex_export": {"th": "ส่งออกสิ่งที่แสดงอยู่", "en": "Export what is shown"},
    "ex_png_map": {"th": "PNG แผนที่", "en": "PNG map"},
    "ex_png_chart": {"th": "PNG กราฟ", "en": "PNG chart"},
    "ex_html_map": {"th": "แผนที่ HTML (ออฟไลน์)", "en": "HTML map (offline)"},
    "ex_scatter": {"th": "แผนภาพการกระจาย", "en": "Scatter plot"},
    "ex_bivariate": {"th": "แผนที่สองตัวแปร (3×3 ตามเทอร์ไทล์)", "en": "Bivariate map (3×3 terciles)"},
    "ex_corr": {
        "th": "สหสัมพันธ์เพียร์สัน r = {r} · สเปียร์แมน ρ = {rho} · n = {n} พื้นที่",
        "en": "Pearson r = {r} · Spearman ρ = {rho} · n = {n} areas",
    },
    "ex_no_corr": {
        "th": "คำนวณสหสัมพันธ์ไม่ได้: มีพื้นที่ที่มีข้อมูลทั้งสองตัวเพียง {n} แห่ง",
        "en": "No correlation: only {n} areas have both values",
    },
    "ex_line": {
        "th": "เส้นถดถอย y = {intercept} + {slope}x",
        "en": "fitted line y = {intercept} + {slope}x",
    },
    "ex_missing_either": {
        "th": "ไม่มีข้อมูลตัวใดตัวหนึ่ง",
        "en": "No data for one of the two",
    },
    "ex_terciles": {"th": "จุดแบ่งเทอร์ไทล์ X: {x} · Y: {y}", "en": "Tercile breaks X: {x} · Y: {y}"},
    "ex_selected": {
        "th": "เลือกไว้ {n} พื้นที่ (ลากบนกราฟ หรือคลิกแผนที่)",
        "en": "{n} areas selected (lasso the chart or click the map)",
    },
    "ex_clear": {"th": "ล้างที่เลือก", "en": "Clear selection"},
    "ex_pick_areas": {
        "th": "เลือกพื้นที่ 1–5 แห่งทางซ้ายเพื่อเทียบกับค่าระดับประเทศ",
        "en": "Pick 1 to 5 areas on the left to compare with Thailand",
    },
    "ex_country_line": {
        "th": "เส้นประสีแดง = ค่าระดับประเทศ (เฉพาะอัตราและค่าเฉลี่ย ยอดรวมของประเทศดูในตาราง)",
        "en": "Dashed red line = Thailand (rates and means; for counts see the table)",
    },
    "ex_no_goal_data": {
        "th": "ไม่มีข้อมูลของเป้าหมายนี้สำหรับพื้นที่ที่เลือก",
        "en": "No values of this goal for these areas",
    },
    "ex_coverage_matrix": {
        "th": "จำนวน{level}ที่มีข้อมูล ตามตัวชี้วัดและปี (สีเข้ม = ครบมากกว่า)",
        "en": "{level} with data, by indicator and year (darker = more complete)",
    },
    "ex_coverage_map": {
        "th": "จำนวนปีที่มีข้อมูล: {name} (มีทั้งหมด {n} ปี)",
        "en": "Years with data: {name} ({n} years in all)",
    },
    "ex_periods_unit": {"th": "ปี", "en": "years"},
    "ex_of_areas": {"th": "จาก {n} พื้นที่", "en": "of {n} areas"},
    "ex_url_bad": {
        "th": "ไม่เข้าใจค่า {param}=“{value}” ในลิงก์ จึงใช้ค่าเริ่มต้นแทน",
        "en": "{param}=“{value}” in the link not understood: the default is used",
    },
    "ex_whole_country": {"th": "ทั้งประเทศ", "en": "Whole country"},
    # --- The governor's page (/province/<code>, /district/<code>) and the PDF brief (gov) ---
    "gov_title": {"th": "ภาพรวมพื้นที่สำหรับผู้ว่าราชการจังหวัด", "en": "The governor's view of an area"},
    "gov_province": {"th": "จังหวัด", "en": "Province"},
    "gov_district": {"th": "อำเภอ", "en": "District"},
    "gov_population": {
        "th": "ประชากร {value} คน (ทะเบียนราษฎร {year})",
        "en": "Population {value} (registered, {year})",
    },
    "gov_as_of": {"th": "ข้อมูล ณ ปี {years}", "en": "Data as of {years}"},
    "gov_map_link": {"th": "ดูบนแผนที่ →", "en": "Open on the map →"},
    "gov_brief_link": {"th": "สรุปหนึ่งหน้า (PDF)", "en": "One-page brief (PDF)"},
    "gov_goals": {"th": "17 เป้าหมายโดยสรุป", "en": "The 17 goals at a glance"},
    "gov_goal_no_data": {"th": "ยังไม่มีข้อมูลของเป้าหมายนี้", "en": "No data for this goal yet"},
    "gov_rank": {"th": "อันดับ {rank}/{of}", "en": "rank {rank}/{of}"},
    "gov_country": {"th": "ประเทศ {value}", "en": "Thailand {value}"},
    "gov_proxy": {"th": "ตัวแทน", "en": "proxy"},
    "gov_basis_country": {
        "th": "ไม่มีเกณฑ์เป้าหมาย: เทียบกับค่าระดับประเทศ",
        "en": "No target threshold: compared with Thailand",
    },
    "gov_basis_threshold": {
        "th": "เทียบกับเกณฑ์เป้าหมาย ({source})",
        "en": "Against the target thresholds ({source})",
    },
    "gov_light_green": {"th": "บรรลุ", "en": "on target"},
    "gov_light_yellow": {"th": "ใกล้เป้า", "en": "challenges remain"},
    "gov_light_orange": {"th": "ห่างเป้า", "en": "significant challenges"},
    "gov_light_red": {"th": "ห่างเป้ามาก", "en": "major challenges"},
    "gov_light_grey": {"th": "ไม่ประเมิน", "en": "not rated"},
    "gov_trend_improving": {"th": "ดีขึ้น", "en": "improving"},
    "gov_trend_stagnating": {"th": "ทรงตัว", "en": "stagnating"},
    "gov_trend_worsening": {"th": "แย่ลง", "en": "worsening"},
    "gov_trend_rising": {"th": "เพิ่มขึ้น", "en": "rising"},
    "gov_trend_falling": {"th": "ลดลง", "en": "falling"},
    "gov_trend_none": {"th": "ข้อมูลปีเดียว", "en": "one period"},
    "gov_status_rule": {
        "th": (
            "ไฟสถานะ: เขียว บรรลุ · เหลือง ใกล้เป้า · ส้ม ห่างเป้า · แดง "
            "ห่างเป้ามาก · เทา ไม่ประเมิน (ไม่มีข้อมูล เกณฑ์ หรือเป็นจำนวนนับ); "
            "ไม่มีเกณฑ์: เทียบกับประเทศ (แย่กว่าไม่เกิน 10% เหลือง, 10–25% ส้ม, "
            "เกิน 25% แดง); อันดับ 1 = ดีที่สุด"
        ),
        "en": (
            "Lights: green on target · yellow challenges remain · orange "
            "significant · red major · grey not rated (no data, no threshold, or a "
            "count); without thresholds: against Thailand (up to 10% worse yellow, "
            "10–25% orange, over 25% red); rank 1 = best"
        ),
    },
    "gov_peers": {
        "th": "เทียบกับภาคและจังหวัดที่คล้ายกัน",
        "en": "Against the region and similar provinces",
    },
    "gov_peers_district": {
        "th": "เทียบกับจังหวัดและอำเภอที่คล้ายกัน",
        "en": "Against the province and similar districts",
    },
    "gov_peers_rule": {
        "th": (
            "จังหวัดที่คล้ายกัน: "
            "ใกล้ที่สุดตามลอการิทึมของประชากรและผลิตภัณฑ์จังหวัดต่อหัว "
            "(ปรับมาตรฐาน); ภาคตามเลขรหัสจังหวัด"
        ),
        "en": (
            "Similar provinces: nearest by standardised log population and GPP per "
            "capita; region by the province code's first digit"
        ),
    },
    "gov_peers_rule_district": {
        "th": ("อำเภอที่คล้ายกัน: ใกล้ที่สุดตามลอการิทึมของประชากรและความหนาแน่นประชากร (ปรับมาตรฐาน)"),
        "en": "Similar districts: nearest by standardised log population and population density",
    },
    "gov_region_central": {"th": "ภาคกลาง", "en": "Central region"},
    "gov_region_east": {"th": "ภาคตะวันออก", "en": "East region"},
    "gov_region_northeast": {"th": "ภาคตะวันออกเฉียงเหนือ", "en": "Northeast region"},
    "gov_region_north": {"th": "ภาคเหนือ", "en": "North region"},
    "gov_region_west": {"th": "ภาคตะวันตก", "en": "West region"},
    "gov_region_south": {"th": "ภาคใต้", "en": "South region"},
    "gov_where": {"th": "พื้นที่ที่ควรดำเนินการก่อน", "en": "Where to act first"},
    "gov_where_districts": {
        "th": "อำเภอ เรียงจากความจำเป็นมากที่สุด",
        "en": "Districts, most in need first",
    },
    "gov_where_tambons": {
        "th": "ตำบล จุดร้อนก่อน แล้วเรียงตามความจำเป็น",
        "en": "Tambons, hotspots first, then by need",
    },
    "gov_hotspot": {"th": "จุดร้อน", "en": "hotspot"},
    "gov_hotspot_explain_hh": {
        "th": (
            "จุดร้อน คือ ตำบลที่มีค่าสูงและล้อมรอบด้วยตำบลที่มีค่าสูงเช่นกัน "
            "มากเกินกว่าที่จะเกิดโดยบังเอิญ (Local Moran's I, p < 0.05)"
        ),
        "en": (
            "A hotspot is a tambon with a high value surrounded by tambons with "
            "high values too, more than chance would give (Local Moran's I, p < "
            "0.05)"
        ),
    },
    "gov_hotspot_explain_ll": {
        "th": (
            "จุดร้อน คือ ตำบลที่มีค่าต่ำและล้อมรอบด้วยตำบลที่มีค่าต่ำเช่นกัน "
            "มากเกินกว่าที่จะเกิดโดยบังเอิญ (Local Moran's I, p < 0.05)"
        ),
        "en": (
            "A hotspot is a tambon with a low value surrounded by tambons with low "
            "values too, more than chance would give (Local Moran's I, p < 0.05)"
        ),
    },
    "gov_hotspot_none": {"th": "ไม่มีจุดร้อนในพื้นที่นี้", "en": "No hotspot in this area"},
    "gov_hotspot_computing": {
        "th": "กำลังคำนวณจุดร้อนทั่วประเทศ…",
        "en": "Computing hotspots for the whole country…",
    },
    "gov_unknown_area": {
        "th": "ไม่พบพื้นที่รหัส “{code}”",
        "en": "There is no area with code “{code}”",
    },
    "gov_back": {"th": "← กลับไปที่แผนที่ประเทศ", "en": "← Back to the national map"},
    "gov_brief_title": {"th": "สรุปสถานการณ์พื้นที่", "en": "Area brief"},
    "gov_brief_kpis": {"th": "ตัวเลขสำคัญ", "en": "Headline figures"},
    "gov_brief_goals": {"th": "สถานะ 17 เป้าหมาย", "en": "Status of the 17 goals"},
    "gov_brief_goal_col": {"th": "เป้าหมาย", "en": "Goal"},
    "gov_brief_status_col": {"th": "สถานะ", "en": "Status"},
    "gov_brief_worst_col": {"th": "ตัวชี้วัดที่ต้องเร่ง", "en": "Indicator to watch"},
    "gov_brief_value_col": {"th": "ค่า (ประเทศ)", "en": "Value (Thailand)"},
    "gov_brief_trend_col": {"th": "แนวโน้ม", "en": "Trend"},
    "gov_brief_act": {
        "th": "5 พื้นที่ที่ควรดำเนินการก่อน: {indicator}",
        "en": "Five places to act first: {indicator}",
    },
    "gov_brief_map": {"th": "แผนที่: {indicator} ({year})", "en": "Map: {indicator} ({year})"},
    "gov_brief_sources": {"th": "ที่มาและปีข้อมูล", "en": "Sources and as-of dates"},
    "gov_brief_made": {
        "th": "จัดทำเมื่อ {date} โดย War Room กระทรวงมหาดไทย",
        "en": "Made on {date} by the MOI War Room",
    },
    "gov_hotspot_count": {
        "th": "ในพื้นที่นี้มี {n} ตำบลที่เป็นจุดร้อน (สีแดงเข้มบนแผนที่)",
        "en": "{n} tambons of this area are hotspots (dark red on the map)",
    },
    # --- The upload page: intake options and the dry-run summary (intake, issue 11) ---
    "up_header_row": {"th": "แถวหัวตาราง (เลขแถว)", "en": "Header row (row number)"},
    "up_period": {"th": "ปีของตาราง (ถ้าไม่มีคอลัมน์ปี)", "en": "Year of the table (if no year column)"},
    "up_dry_new": {"th": "ค่าใหม่ {n} ค่า", "en": "{n} new values"},
    "up_dry_replaced": {"th": "แทนค่าเดิม {n} ค่า", "en": "{n} values replace current ones"},
    "up_dry_same_file": {
        "th": "ไฟล์เดียวกันนี้ (SHA-256) นำเข้าแล้วเป็นชุดข้อมูลที่ {batch} เมื่อ {when} โดย {user}",
        "en": "This same file (SHA-256) was already loaded as batch {batch} on {when} by {user}",
    },
    "gov_brief_indicators": {"th": "{n} ตัวชี้วัด", "en": "{n} indicators"},
    "gov_gpp": {"th": "ผลิตภัณฑ์จังหวัดต่อหัว", "en": "GPP per capita"},
    # --- The wall screen (/wall: wall page, playlists) ---
    "wall_page_title": {"th": "จอภาพห้องสถานการณ์", "en": "Situation-room wall"},
    "wall_by_province": {"th": "รายจังหวัด", "en": "by province"},
    "wall_by_district": {"th": "รายอำเภอ", "en": "by district"},
    "wall_by_tambon": {"th": "รายตำบล", "en": "by tambon"},
    "wall_unit": {"th": "หน่วย: {unit}", "en": "unit: {unit}"},
    "wall_year": {"th": "ปี {year}", "en": "{year}"},
    "wall_source": {"th": "ที่มา: {source}", "en": "source: {source}"},
    "wall_legend": {"th": "ช่วงค่า ({unit})", "en": "Values ({unit})"},
    "wall_top": {"th": "สูงสุด {n} อันดับ", "en": "Highest {n}"},
    "wall_bottom": {"th": "ต่ำสุด {n} อันดับ", "en": "Lowest {n}"},
    "wall_changed": {
        "th": "เปลี่ยนแปลงมากที่สุดนับจากปี {year}:",
        "en": "Moved most since {year}:",
    },
    "wall_changed_none": {
        "th": "ยังไม่มีข้อมูลปีก่อนหน้าให้เปรียบเทียบ",
        "en": "No earlier period to compare with",
    },
    "wall_above": {
        "th": "{n} จาก {total} {level} มีค่าสูงกว่า{label} ({value})",
        "en": "{n} of {total} {level} are above the {label} ({value})",
    },
    "wall_pp": {"th": "จุด", "en": "pp"},
    "wall_proxy": {"th": "ตัวชี้วัดแทน (proxy) ของ SDG {sdg}", "en": "proxy for SDG {sdg}"},
    "wall_as_of": {
        "th": "ข้อมูล ณ ปี {year} · ปรับปรุงคลังข้อมูลเมื่อ {date}",
        "en": "Data as of {year} · store updated {date}",
    },
    "wall_as_of_store": {
        "th": "ปรับปรุงคลังข้อมูลเมื่อ {date}",
        "en": "Store updated {date}",
    },
    "wall_reconnecting": {"th": "กำลังเชื่อมต่อใหม่…", "en": "Reconnecting…"},
    "wall_paused": {"th": "หยุดชั่วคราว", "en": "Paused"},
    "wall_goals_title": {
        "th": "17 เป้าหมายการพัฒนาที่ยั่งยืน (SDGs)",
        "en": "The 17 Sustainable Development Goals",
    },
    "wall_goals_sub": {
        "th": "สถานะและความครอบคลุมของข้อมูลรายเป้าหมาย",
        "en": "status and data coverage per goal",
    },
    "wall_goal_count": {"th": "มีข้อมูล {n} ตัวชี้วัด", "en": "{n} with data"},
    "wall_goal_none": {"th": "ยังไม่มีข้อมูล", "en": "No data yet"},
    "wall_goals_n": {"th": "{n} เป้าหมาย", "en": "{n} goals"},
    "wall_goals_rule": {
        "th": "สถานะแบบ SDSN: เทียบค่าล่าสุดกับเกณฑ์ในแค็ตตาล็อก เป้าหมายหนึ่งใช้ค่าเฉลี่ยของสองตัวชี้วัดที่แย่ที่สุด",
        "en": "SDSN-style status: the latest values against the catalogue's thresholds; "
        "a goal takes the mean of its two worst indicators",
    },
    "wall_goal_latest": {"th": "ล่าสุดปี {year}", "en": "latest {year}"},
    "wall_goals_covered": {
        "th": "มีข้อมูล {n} จาก 17 เป้าหมาย",
        "en": "{n} of 17 goals have data",
    },
    "wall_goals_note": {
        "th": "แค็ตตาล็อกยังไม่มีเกณฑ์บอกสถานะ (บรรลุ / ใกล้ / ห่างไกล) "
        "จึงแสดงจำนวนตัวชี้วัดที่มีข้อมูลของแต่ละเป้าหมายแทน",
        "en": "The catalogue holds no status thresholds yet (met / close / far), "
        "so each goal shows how many of its indicators have data",
    },
    "wall_error_title": {
        "th": "เปิดเพลย์ลิสต์นี้ไม่ได้",
        "en": "This playlist cannot be shown",
    },
    "wall_error_fix": {
        "th": "แก้ไขไฟล์ แล้วตรวจสอบด้วยคำสั่ง {command}",
        "en": "Fix the file, then check it with {command}",
    },
    "wall_months": {
        "th": "มกราคม,กุมภาพันธ์,มีนาคม,เมษายน,พฤษภาคม,มิถุนายน,"
        "กรกฎาคม,สิงหาคม,กันยายน,ตุลาคม,พฤศจิกายน,ธันวาคม",
        "en": "January,February,March,April,May,June,"
        "July,August,September,October,November,December",
    },
    "wall_days": {
        "th": "อาทิตย์,จันทร์,อังคาร,พุธ,พฤหัสบดี,ศุกร์,เสาร์",
        "en": "Sunday,Monday,Tuesday,Wednesday,Thursday,Friday,Saturday",
    },
    "wall_date": {
        "th": "วัน{day}ที่ {d} {month} พ.ศ. {year}",
        "en": "{day} {d} {month} {year}",
    },
    "wall_time": {"th": "{time} น.", "en": "{time}"},
    # core: coverage of a value derived from only some of an area's children (analysis.kpis)
    "partial_coverage": {
        "th": "คำนวณจาก {share} ของพื้นที่ย่อย",
        "en": "from {share} of its sub-areas",
    },
}


def t(key: str, lang: str, **kwargs: object) -> str:
    """The string ``key`` in ``lang`` (Thai when the language is unknown)."""
    text = STRINGS[key].get(lang) or STRINGS[key]["th"]
    return text.format(**kwargs) if kwargs else text


def year_label(year: int | None, lang: str) -> str:
    """A CE year as shown: Buddhist Era in Thai (2018 → 2561), CE in English; – for none."""
    if year is None:
        return "–"
    return str(year + BE_OFFSET) if lang == "th" else str(year)


_TH_MONTHS = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)  # fmt: skip


def local_time(when: object) -> pd.Timestamp:
    """A stored time (UTC; naive from SQLite) in Thai time."""
    ts = pd.Timestamp(when)
    return (ts if ts.tzinfo else ts.tz_localize("UTC")).tz_convert(LOCAL_TIME)


def date_label(when: object, lang: str) -> str:
    """A date as read in the language: '21 พ.ย. 2569' in Thai (BE), '21 Nov 2026' in English."""
    ts = local_time(when)
    if lang == "th":
        return f"{ts.day} {_TH_MONTHS[ts.month - 1]} {ts.year + BE_OFFSET}"
    return f"{ts.day} {ts:%b} {ts.year}"


def format_number(value: float | None, lang: str, unit: str = "", digits: int | None = None) -> str:
    """Thousands separators, sensible decimals, and the unit; '–' when there is no value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return t("no_data", lang)
    if digits is None:
        digits = (
            0 if abs(value) >= 1000 or float(value).is_integer() else (1 if abs(value) >= 10 else 2)
        )
    text = f"{value:,.{digits}f}"
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def name(row: dict, lang: str) -> str:
    """An area's name in the chosen language."""
    return row["name_th"] if lang == "th" else row["name_en"]
