"""The wall screen (/wall): titles, headlines, clock and date, playlists."""

STRINGS: dict[str, dict[str, str]] = {
    "wall_page_title": {"th": "จอภาพห้องสถานการณ์", "en": "Situation-room wall"},
    "wall_by_province": {"th": "รายจังหวัด", "en": "by province"},
    "wall_by_district": {"th": "รายอำเภอ", "en": "by district"},
    "wall_by_tambon": {"th": "รายตำบล", "en": "by tambon"},
    "wall_unit": {"th": "หน่วย: {unit}", "en": "unit: {unit}"},
    "wall_year": {"th": "ปี {year}", "en": "{year}"},
    "wall_source": {"th": "ที่มา: {source}", "en": "source: {source}"},
    "wall_legend": {"th": "ช่วงค่า ({unit})", "en": "Values ({unit})"},
    "wall_outlined": {
        "th": "เส้นขอบหนาบนแผนที่: {n} อันดับแรกและ {n} อันดับสุดท้าย",
        "en": "Heavy outlines on the map: the first {n} and the last {n} of the ranking",
    },
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
    "wall_goals_rated": {
        "th": "ประเมินสถานะได้ {n} จาก 17 เป้าหมาย (เทียบเกณฑ์ที่ระบุไว้): สีของช่องคือสถานะ "
        "ช่องที่ไม่มีสียังไม่มีเกณฑ์ประเมิน",
        "en": "{n} of 17 goals rated against a stated target: a tile's colour is its status; "
        "uncoloured tiles have no target yet",
    },
    "wall_old_data": {
        "th": "ข้อมูลล่าสุดของตัวชี้วัดนี้คือปี {year} (เมื่อ {age} ปีก่อน)",
        "en": "The latest figures of this indicator are from {year} ({age} years ago)",
    },
    "wall_goals_rule": {
        "th": "ไฟสีเฉพาะตัวชี้วัดที่มีเกณฑ์เป้าหมายพร้อมแหล่งอ้างอิง ({sources}) "
        "เป้าหมายหนึ่งใช้ค่าเฉลี่ยของสองตัวชี้วัดที่แย่ที่สุด; ตัวชี้วัดอื่นไม่มีไฟ แต่เทียบกับประเทศ",
        "en": "Coloured lights only where a target threshold with its source stands "
        "({sources}); a goal takes the mean of its two worst rated indicators; the other "
        "indicators have no light and are compared with Thailand",
    },
    "wall_goals_versus": {
        "th": "ไม่มีเกณฑ์ เทียบประเทศ: ดีกว่า {better} · ใกล้เคียง {same} · แย่กว่า {worse}",
        "en": "No target, vs Thailand: {better} better · {same} about the same · {worse} worse",
    },
    "wall_goal_versus": {
        "th": "เทียบประเทศ: ดีกว่า {better} แย่กว่า {worse}",
        "en": "vs Thailand: {better} better, {worse} worse",
    },
    "wall_few": {
        "th": "{n} พื้นที่คำนวณจากคนไม่ถึง {min} คน: ไม่จัดอันดับ",
        "en": "{n} areas rest on fewer than {min} people: not ranked",
    },
    "wall_goal_latest": {"th": "ล่าสุดปี {year}", "en": "latest {year}"},
    "wall_goals_covered": {
        "th": "มีข้อมูล {n} จาก 17 เป้าหมาย",
        "en": "{n} of 17 goals have data",
    },
    "wall_goals_note": {
        # Shown when no light can be given (issue 12: the catalogue does carry thresholds).
        "th": "ยังไม่มีตัวชี้วัดของพื้นที่นี้ที่เทียบกับเกณฑ์หรือค่าระดับประเทศได้ "
        "จึงแสดงจำนวนตัวชี้วัดที่มีข้อมูลของแต่ละเป้าหมายแทน",
        "en": "No indicator of this area can be rated against a threshold or the country's "
        "value yet, so each goal shows how many of its indicators have data",
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
}
