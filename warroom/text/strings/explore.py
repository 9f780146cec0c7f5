"""The analyst's workspace (/explore) and its exports."""

STRINGS: dict[str, dict[str, str]] = {
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
    "ex_tab_years": {"th": "รายปี", "en": "By year"},
    "ex_years_title": {
        "th": "{area}: ตัวชี้วัดที่เลือกรายปี",
        "en": "{area}: the selected indicators by year",
    },
    "ex_play": {"th": "เล่นทีละปี / หยุด", "en": "Play year by year / pause"},
    "ex_year_slider": {"th": "ปีของ X บนแผนที่", "en": "X's year on the map"},
    "ex_compare_areas": {"th": "พื้นที่ที่เทียบ (สูงสุด 5)", "en": "Areas to compare (up to 5)"},
    "ex_goal": {"th": "เป้าหมาย SDG", "en": "SDG goal"},
    "ex_goal_option": {"th": "เป้าหมายที่ {n}: {name}", "en": "Goal {n}: {name}"},
    "ex_export": {"th": "ส่งออกสิ่งที่แสดงอยู่", "en": "Export what is shown"},
    "ex_csv": {"th": "CSV", "en": "CSV"},
    "ex_xlsx": {"th": "XLSX", "en": "XLSX"},
    "ex_geojson": {"th": "GeoJSON", "en": "GeoJSON"},
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
        "th": "เส้นถดถอย y = {intercept} {sign} {slope}x",
        "en": "fitted line y = {intercept} {sign} {slope}x",
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
}
