"""The governor's page (/province/<code>, /district/<code>) and the PDF brief."""

STRINGS: dict[str, dict[str, str]] = {
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
    # Issue 22: a goal with data that no threshold or reference rates shows no light.
    "gov_goal_unrated": {"th": "ไม่มีเกณฑ์ประเมิน", "en": "no threshold"},
    "gov_pov_head": {"th": "ความยากจน: สองมาตรวัด", "en": "Poverty: two measures"},
    "gov_pov_nesdc": {"th": "สัดส่วนคนจน (สศช.)", "en": "Poverty headcount (NESDC)"},
    "gov_pov_nesdc_def": {
        "th": "คนที่มีรายจ่ายเพื่อการอุปโภคบริโภคต่ำกว่าเส้นความยากจน "
        "จากการสำรวจภาวะเศรษฐกิจและสังคมของครัวเรือน (สสช.) ปี 2549–2554 (SDG 1.2.1)",
        "en": "People whose consumption spending is below the poverty line, from the NSO "
        "Socio-Economic Survey, 2006–2011 (SDG 1.2.1)",
    },
    "gov_pov_by_sex": {
        "th": "ชาย {men} · หญิง {women} (ปี {year})",
        "en": "men {men} · women {women} ({year})",
    },
    "gov_pov_tpmap": {"th": "คนจนเป้าหมาย (TPMAP)", "en": "Target poor (TPMAP)"},
    "gov_pov_tpmap_def": {
        "th": "คนในครัวเรือนที่สำรวจ จปฐ. ซึ่งไม่ผ่านเกณฑ์อย่างน้อยหนึ่งมิติ (รายได้ สุขภาพ "
        "การศึกษา ความเป็นอยู่ การเข้าถึงบริการรัฐ) ต่อคนที่สำรวจ ปี 2561",
        "en": "People in households of the basic-minimum-needs survey that fall short on at "
        "least one dimension (income, health, education, living, access to services), per "
        "person surveyed, 2018",
    },
    "gov_pov_never_joined": {
        "th": "สองมาตรวัดนี้นิยาม วิธีสำรวจ และปีต่างกัน จึงไม่นำมาต่อเป็นเส้นเดียวกัน",
        "en": "Different definitions, surveys and years: the two are never joined into one line",
    },
    "gov_basis_none": {
        "th": "ไม่มีเกณฑ์ประเมิน: แสดงค่าโดยไม่ให้สถานะ",
        "en": "No threshold: values shown without a status",
    },
    "gov_rank": {"th": "อันดับ {rank}/{of}", "en": "rank {rank}/{of}"},
    "gov_country": {"th": "ประเทศ {value}", "en": "Thailand {value}"},
    "gov_proxy": {"th": "ตัวแทน", "en": "proxy"},
    "gov_basis_country": {
        "th": "ไม่มีเกณฑ์เป้าหมาย: เทียบกับค่าระดับประเทศ (ไม่ใช่ไฟสถานะ)",
        "en": "No target threshold: compared with Thailand (not a status light)",
    },
    "gov_basis_threshold": {
        "th": "ไฟสีเทียบกับเกณฑ์เป้าหมาย ({source})",
        "en": "Coloured lights against the target thresholds ({source})",
    },
    # Issue 20: the brief's footer names the thresholds its lights used, and nothing more.
    "gov_brief_basis": {
        "th": (
            "ไฟสี (เขียว–แดง) ใช้เฉพาะตัวชี้วัดที่มีเกณฑ์เป้าหมายพร้อมแหล่งอ้างอิง: {sources}; "
            "ตัวชี้วัดอื่นไม่มีไฟ แต่เทียบกับค่าระดับประเทศ: ดีกว่า ใกล้เคียง "
            "(ต่างไม่เกิน 5% ของค่าประเทศ) หรือแย่กว่า"
        ),
        "en": (
            "Coloured lights (green–red) only where a target threshold with its source "
            "stands: {sources}; every other indicator has no light and is compared with "
            "Thailand: better, about the same (within 5% of Thailand's value) or worse"
        ),
    },
    "gov_brief_marks": {
        "th": "อันดับ 1 = ดีที่สุด; อัตราที่คำนวณจากคนไม่ถึง {n} คนไม่จัดอันดับ",
        "en": "rank 1 = best; rates on fewer than {n} people are not ranked",
    },
    "gov_brief_basis_none": {
        "th": "ไม่มีตัวชี้วัดใดในหน้านี้ที่มีเกณฑ์เป้าหมาย จึงไม่มีไฟสี: ทุกค่าเทียบกับค่าระดับประเทศ",
        "en": "No indicator on this page has a target threshold, so there are no coloured "
        "lights: every value is compared with Thailand",
    },
    "gov_versus_better": {"th": "ดีกว่าประเทศ {diff}", "en": "better than Thailand by {diff}"},
    "gov_versus_about_same": {
        "th": "ใกล้เคียงประเทศ (ต่าง {diff})",
        "en": "about the same as Thailand ({diff})",
    },
    "gov_versus_worse": {"th": "แย่กว่าประเทศ {diff}", "en": "worse than Thailand by {diff}"},
    # On a tile, whose head already says "compared with Thailand": the word alone.
    "gov_vs_better": {"th": "ดีกว่า", "en": "better"},
    "gov_vs_about_same": {"th": "ใกล้เคียง", "en": "≈ Thailand"},
    "gov_vs_worse": {"th": "แย่กว่า", "en": "worse"},
    # The brief's status column, headed "vs Thailand" where no target stands.
    "gov_vs_better_by": {"th": "ดีกว่า {diff}", "en": "better by {diff}"},
    "gov_vs_about_same_by": {"th": "ใกล้เคียง (ต่าง {diff})", "en": "about the same ({diff})"},
    "gov_vs_worse_by": {"th": "แย่กว่า {diff}", "en": "worse by {diff}"},
    "gov_goal_versus": {"th": "ไม่มีเกณฑ์: เทียบประเทศ", "en": "no target: vs Thailand"},
    "gov_few_people": {"th": "คนน้อย", "en": "few people"},
    "gov_few_people_title": {
        "th": "คำนวณจากคนไม่ถึง {n} คน: ไม่จัดอันดับและไม่ประเมิน",
        "en": "From fewer than {n} people: not ranked or rated",
    },
    "gov_coverage": {"th": "{level}ที่มีตัวเลข {share}", "en": "{share} of {level} have a figure"},
    "gov_act_partial": {
        "th": "* ตัวเลขจากตำบลเพียงบางส่วน (ชี้ที่ค่าเพื่อดูสัดส่วน)",
        "en": "* a figure from only part of its tambons (point at it for the share)",
    },
    "gov_source_year": {"th": "ที่มา: {source} {year}", "en": "Source: {source}, {year}"},
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
            "ไฟสี (เขียว บรรลุ · เหลือง ใกล้เป้า · ส้ม ห่างเป้า · แดง ห่างเป้ามาก) "
            "เฉพาะตัวชี้วัดที่มีเกณฑ์เป้าหมายพร้อมแหล่งอ้างอิง; ตัวชี้วัดอื่นไม่มีไฟ "
            "แต่เทียบกับประเทศ: ดีกว่า · ใกล้เคียง (ต่างไม่เกิน 5% ของค่าประเทศ) · แย่กว่า; "
            "เทา ไม่ประเมิน (ไม่มีข้อมูล จำนวนนับ หรือคนน้อยกว่า 20 คน); "
            "* ตัวเลขจากพื้นที่ย่อยเพียงบางส่วน; อันดับ 1 = ดีที่สุด; "
            "▲ ▼ = ค่าเพิ่มขึ้น / ลดลง (คำกำกับบอกว่าดีขึ้นหรือแย่ลง)"
        ),
        "en": (
            "Coloured lights (green on target · yellow challenges remain · orange "
            "significant · red major) only where a target threshold with its source stands; "
            "other indicators have no light and are compared with Thailand: better · about "
            "the same (within 5% of Thailand's value) · worse; grey not rated (no data, a "
            "count, or fewer than 20 people); * a figure from part of its sub-areas; "
            "rank 1 = best; ▲ ▼ = the value went up / down (the word says better or worse)"
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
        "th": "{units} เรียงจากความจำเป็นมากที่สุด",
        "en": "{Units}, most in need first",
    },
    "gov_where_tambons": {
        "th": "{units} จุดร้อนก่อน แล้วเรียงตามความจำเป็น",
        "en": "{Units}, hotspots first, then by need",
    },
    "gov_hotspot": {"th": "จุดร้อน", "en": "hotspot"},
    "gov_hotspot_explain_hh": {
        "th": (
            "จุดร้อน คือ {unit}ที่มีค่าสูงและล้อมรอบด้วย{unit}ที่มีค่าสูงเช่นกัน "
            "มากเกินกว่าที่จะเกิดโดยบังเอิญ (Local Moran's I, p < 0.05)"
        ),
        "en": (
            "A hotspot is a {unit} with a high value surrounded by {units} with "
            "high values too, more than chance would give (Local Moran's I, p < "
            "0.05)"
        ),
    },
    "gov_hotspot_explain_ll": {
        "th": (
            "จุดร้อน คือ {unit}ที่มีค่าต่ำและล้อมรอบด้วย{unit}ที่มีค่าต่ำเช่นกัน "
            "มากเกินกว่าที่จะเกิดโดยบังเอิญ (Local Moran's I, p < 0.05)"
        ),
        "en": (
            "A hotspot is a {unit} with a low value surrounded by {units} with low "
            "values too, more than chance would give (Local Moran's I, p < 0.05)"
        ),
    },
    "gov_hotspot_none": {"th": "ไม่มีจุดร้อนในพื้นที่นี้", "en": "No hotspot in this area"},
    "gov_hotspot_no_figures": {
        "th": "พื้นที่นี้ไม่มีข้อมูลตัวชี้วัดนี้ราย{unit} จึงไม่มีจุดร้อนให้แสดง",
        "en": "This area has no {unit} figures for this indicator, so no hotspot can be shown",
    },
    "gov_hotspot_no_values": {
        "th": "ไม่มีแผนที่จุดร้อน: ตัวชี้วัดนี้ยังไม่มีข้อมูล",
        "en": "No hotspot map: this indicator has no figures yet",
    },
    "gov_hotspot_no_tambons": {
        "th": (
            "ไม่มีแผนที่จุดร้อนสำหรับตัวชี้วัดนี้: ข้อมูลไม่ได้ลงถึงระดับ{unit} "
            "(จุดร้อนเปรียบเทียบแต่ละ{unit}กับ{unit}ข้างเคียง)"
        ),
        "en": (
            "No hotspot map for this indicator: its figures do not go down to {units} "
            "(a hotspot compares each {unit} with its neighbours)"
        ),
    },
    "gov_hotspot_too_few": {
        "th": "ไม่มีแผนที่จุดร้อน: {unit}ที่มีข้อมูลน้อยเกินไปหรือมีค่าเท่ากันทั้งหมด",
        "en": "No hotspot map: too few {units} have figures, or they all have the same value",
    },
    "gov_hotspot_failed": {
        "th": "คำนวณจุดร้อนไม่สำเร็จ (สาเหตุอยู่ในบันทึกของเซิร์ฟเวอร์) จะลองใหม่เมื่อข้อมูลเปลี่ยน",
        "en": "The hotspots could not be computed (the server log says why); "
        "they are tried again when the data change",
    },
    "gov_hotspot_busy": {
        "th": "เครื่องแม่ข่ายกำลังประมวลผลงานหนักอื่นอยู่ โปรดเปิดหน้านี้ใหม่อีกครั้งในอีกสักครู่",
        "en": "The server is busy with other heavy work; open this page again in a minute",
    },
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
    "gov_brief_status_col": {"th": "สถานะ / เทียบประเทศ", "en": "Status / vs Thailand"},
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
        "th": "ในพื้นที่นี้มี {n} {unit}ที่เป็นจุดร้อน (สีแดงเข้มบนแผนที่)",
        "en": "{n} {units} of this area are hotspots (dark red on the map)",
    },
    "gov_brief_indicators": {"th": "{n} ตัวชี้วัด", "en": "{n} indicators"},
    "gov_gpp": {"th": "ผลิตภัณฑ์จังหวัดต่อหัว", "en": "GPP per capita"},
}
