"""The upload page (One Data intake, /upload): steps, cards, problems, batches, options and
the dry run."""

STRINGS: dict[str, dict[str, str]] = {
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
    "up_f_unit_th": {"th": "หน่วยภาษาไทย (เช่น คน, แห่ง, %)", "en": "Thai unit (e.g. คน, แห่ง, %)"},
    "up_f_unit": {
        "th": "หน่วยภาษาอังกฤษ (เช่น people, places, %)",
        "en": "English unit (e.g. people, places, %)",
    },
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
        "th": "CSV, TSV, XLSX หรือ XLS ขนาดไม่เกิน {mb} MB",
        "en": "CSV, TSV, XLSX or XLS, at most {mb} MB",
    },
    "up_bad_type": {
        "th": "รับเฉพาะไฟล์ CSV, TSV, XLSX หรือ XLS (Excel 97–2003)",
        "en": "Only CSV, TSV, XLSX or XLS (Excel 97–2003) files are accepted",
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
    "up_sheet": {"th": "ชีต (XLSX, XLS)", "en": "Sheet (XLSX, XLS)"},
    "up_rows_column": {
        "th": "โหลดเฉพาะแถวที่คอลัมน์นี้…",
        "en": "Load only the rows whose column…",
    },
    "up_rows_value": {"th": "…มีค่าเท่ากับ", "en": "…holds the value"},
    "up_several_measures": {
        "th": "ตารางนี้มีหลายตัวชี้วัดหรือหลายหมวดในคอลัมน์ “{column}” ({values}): "
        "โหลดทีละชุด เลือกคอลัมน์และค่าในช่อง “โหลดเฉพาะแถวที่คอลัมน์นี้…” แล้วกดตรวจอีกครั้ง",
        "en": "This table holds several measures or categories in column “{column}” ({values}): "
        "load one at a time — choose the column and its value under “Load only the rows whose "
        "column…”, then check again",
    },
    "up_rows_left": {
        "th": "โหลดเฉพาะแถวที่ “{column}” = “{value}”; เว้นไว้ {n} แถว: {values}",
        "en": "Loading only the rows where “{column}” = “{value}”; {n} rows left: {values}",
    },
    "up_filled_down": {
        "th": "ช่องพื้นที่ว่าง {n} ช่องอ่านเป็นพื้นที่ของแถวข้างบน (“เหมือนข้างบน”)",
        "en": "{n} blank area cells read as the area of the row above (“same as above”)",
    },
    "up_blank": {"th": "(ว่าง)", "en": "(blank)"},
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
        "th": "โหลดไม่ได้: มีแถวนอกจังหวัดของท่าน ติ๊ก “โหลดเฉพาะแถวของจังหวัดของฉัน” "
        "ด้านซ้ายเพื่อโหลดเฉพาะแถวของจังหวัดท่าน",
        "en": "Cannot load: rows outside your province; tick “Load only my province's rows” "
        "on the left to load only your province's rows",
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
    "up_header_row": {"th": "แถวหัวตาราง (เลขแถว)", "en": "Header row (row number)"},
    "up_period": {"th": "ปีของตาราง (ถ้าไม่มีคอลัมน์ปี)", "en": "Year of the table (if no year column)"},
    "up_dry_new": {"th": "ค่าใหม่ {n} ค่า", "en": "{n} new values"},
    "up_dry_replaced": {"th": "แทนค่าเดิม {n} ค่า", "en": "{n} values replace current ones"},
    "up_dry_same_file": {
        "th": "ไฟล์เดียวกันนี้ (SHA-256) นำเข้าแล้วเป็นชุดข้อมูลที่ {batch} เมื่อ {when} โดย {user}",
        "en": "This same file (SHA-256) was already loaded as batch {batch} on {when} by {user}",
    },
    # --- New periods of built-in series, values that mix loads (intake, issue 11) ---
    "up_numerator_column": {"th": "คอลัมน์ตัวตั้งของอัตรา", "en": "Rate's numerator column"},
    "up_denominator_column": {"th": "คอลัมน์ตัวหารของอัตรา", "en": "Rate's denominator column"},
    "up_builtin": {"th": "ตัวชี้วัดในบัญชีหลัก", "en": "built-in"},
    "up_dry_built": {
        "th": "ไฟล์นี้จะแทนค่าทางการจากแหล่งที่เผยแพร่ {n} ค่า (เช่น {examples})",
        "en": "This file replaces {n} built (official) values (e.g. {examples})",
    },
    "up_replace_built": {
        "th": "แทนค่าทางการ {n} ค่า (ย้อนกลับได้)",
        "en": "Replace {n} built (official) values (a roll-back restores them)",
    },
    "up_load_tick_built": {
        "th": "ไฟล์นี้จะแทนค่าทางการ: ติ๊กช่องด้านบนถ้าตั้งใจ",
        "en": "This file replaces official values: tick the box above if you mean it",
    },
    "up_dry_mixed": {
        "th": "ค่าระดับที่สูงกว่า {n} ค่าจะคำนวณจากข้อมูลหลายชุดปนกัน: {items}",
        "en": "{n} coarser values would be derived from a mix of loads: {items}",
    },
    "up_loaded_mixed": {
        "th": "ค่าระดับที่สูงกว่า {n} ค่าคำนวณจากข้อมูลหลายชุดปนกัน: {items}",
        "en": "{n} coarser values are derived from a mix of loads: {items}",
    },
    # --- A national table for one officer; questions the file needs; reasons (issue 21) ---
    "up_only_province": {
        "th": "โหลดเฉพาะแถวของจังหวัดของฉัน",
        "en": "Load only my province's rows",
    },
    "up_blocking_tick": {
        "th": "มี {n} แถวอยู่นอกจังหวัดของท่าน: ติ๊ก “โหลดเฉพาะแถวของจังหวัดของฉัน” ด้านซ้าย "
        "เพื่อโหลดเฉพาะแถวของจังหวัด{province}",
        "en": "{n} row(s) lie outside your province: tick “Load only my province's rows” "
        "on the left to load only the rows of {province}",
    },
    "up_set_aside": {
        "th": "กันแถวของจังหวัดอื่นไว้ {n} แถว ({m} จังหวัด) ไม่โหลด: โหลดเฉพาะแถวของจังหวัด{province}",
        "en": "{n} rows of {m} other provinces set aside (not loaded): "
        "only the rows of {province} load",
    },
    "up_no_own_rows": {
        "th": "ไฟล์นี้ไม่มีแถวของจังหวัด{province} จึงไม่มีค่าให้โหลด (อีก {n} แถวเป็นของจังหวัดอื่น)",
        "en": "This file has no row of {province}, so nothing loads "
        "({n} rows are of other provinces)",
    },
    "up_options_needed": {
        "th": "ต้องระบุสำหรับไฟล์นี้: {field}",
        "en": "Needed for this file: {field}",
    },
    "up_need_value_column": {
        "th": "เลือกคอลัมน์ที่เป็นค่าของตัวชี้วัดในช่อง “คอลัมน์ค่า” ด้านซ้าย แล้วกด “ตรวจสอบ” "
        "(ตารางนี้มีคอลัมน์ตัวเลข {n} คอลัมน์ ระบบเลือกเองไม่ได้)",
        "en": "Choose the column of the indicator's figures in “Value column” on the left, "
        "then press “Check” (this table has {n} columns of figures: which one cannot be told)",
    },
    "up_need_area_column": {
        "th": "เลือกคอลัมน์ที่ระบุพื้นที่ในช่อง “คอลัมน์พื้นที่” ด้านซ้าย แล้วกด “ตรวจสอบ” (ไม่พบคอลัมน์ที่เป็นชื่อหรือรหัสพื้นที่)",
        "en": "Choose the column naming the areas in “Area column” on the left, then press "
        "“Check” (no column reads as area names or codes)",
    },
    "up_need_period": {
        "th": "พิมพ์ปีของตาราง (พ.ศ. เช่น 2566) ในช่อง “ปีของตาราง” ด้านซ้าย แล้วกด “ตรวจสอบ” "
        "(ตารางนี้ไม่มีคอลัมน์ปี ไม่มีคอลัมน์รายปี และไม่มีปีในชื่อตาราง)",
        "en": "Type the table's year (e.g. 2566 BE or 2023) in “Year of the table” on the left, "
        "then press “Check” (the table has no year column, no column per year and no year "
        "in its title)",
    },
    "up_need_period_bad": {
        "th": "{year} ไม่ใช่ปี พ.ศ. หรือ ค.ศ.: พิมพ์ปีของตาราง (เช่น 2566) ในช่อง “ปีของตาราง” "
        "แล้วกด “ตรวจสอบ”",
        "en": "{year} is not a year in BE or CE: type the table's year (e.g. 2566) in "
        "“Year of the table”, then press “Check”",
    },
    "up_refused_problems": {
        "th": "ไม่ได้โหลด: แก้ไฟล์แล้วอัปโหลดใหม่ หรือติ๊กเลือกโหลดเฉพาะแถวที่ถูกต้อง",
        "en": "Nothing was loaded: fix the file, or tick to load only the valid rows",
    },
    "up_why_title": {"th": "ชื่อตารางหรือหมายเหตุเหนือตาราง", "en": "title or note above the table"},
    "up_why_blank": {"th": "บรรทัดว่าง", "en": "blank line"},
    "up_why_no_area": {"th": "ไม่ระบุพื้นที่", "en": "no area named"},
    "up_why_kingdom": {"th": "ไม่ใช่พื้นที่: ทั้งประเทศ", "en": "not an area: the whole kingdom"},
    "up_why_region": {"th": "ไม่ใช่พื้นที่: ภาคหรือกลุ่มจังหวัด", "en": "not an area: a region"},
    "up_why_total": {"th": "ไม่ใช่พื้นที่: ยอดรวม", "en": "not an area: a total"},
    "up_why_note": {"th": "ไม่ใช่พื้นที่: หมายเหตุ", "en": "not an area: a note"},
    "up_why_no_figure": {"th": "ไม่มีตัวเลขของ{area} {where}", "en": "no figure for {area} {where}"},
    "up_why_in_year": {"th": "ปี {be}", "en": "in {ce}"},
    "up_why_in_column": {"th": "ในคอลัมน์ {column}", "en": "in {column}"},
    "up_why_outside": {
        "th": "{area} อยู่นอกจังหวัดของท่าน ({province})",
        "en": "{area} is outside your province {province}",
    },
    "up_why_under": {
        "th": "ไม่ระบุพื้นที่ ใต้แถวของ {area}: ถ้าเป็น {area} อีกตัวชี้วัดหรือหมวดหนึ่ง "
        "เลือกแถวที่จะโหลดในช่อง “โหลดเฉพาะแถวที่คอลัมน์นี้…”",
        "en": "No area named, under a row of {area}: if this row is {area} again (a second "
        "measure or category), choose the rows to load under “Load only the rows whose column…”",
    },
}
