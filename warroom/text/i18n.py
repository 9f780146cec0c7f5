"""Every user-facing string of the app, in Thai and English, and Thai number conventions.

The strings shared by every page are here; each page's own are in `warroom/text/strings/`.
"""

from __future__ import annotations

import math

import pandas as pd

from warroom.text.strings import actions, explore, governor, upload, wall
from warroom.years import BE_OFFSET  # Buddhist Era year = CE year + 543

LANGUAGES = ("th", "en")
BANGKOK = "TH10"  # its districts are khet (เขต) and its tambons khwaeng (แขวง)
LOCAL_TIME = "Asia/Bangkok"  # times are stored in UTC and read in Thai time

_SHARED: dict[str, dict[str, str]] = {
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
    "unit_district": {"th": "อำเภอ", "en": "district"},
    "units_district": {"th": "อำเภอ", "en": "districts"},
    "unit_district_bkk": {"th": "เขต", "en": "khet"},
    "units_district_bkk": {"th": "เขต", "en": "khet"},
    "unit_tambon": {"th": "ตำบล", "en": "tambon"},
    "units_tambon": {"th": "ตำบล", "en": "tambons"},
    "unit_tambon_bkk": {"th": "แขวง", "en": "khwaeng"},
    "units_tambon_bkk": {"th": "แขวง", "en": "khwaeng"},
    "map_retry": {
        "th": "โหลดแผนที่ไม่สำเร็จ กำลังลองใหม่…",
        "en": "The map did not load; trying again…",
    },
    "indicators_count": {"th": "{n} ตัวชี้วัด", "en": "{n} indicators"},
    "no_indicator": {"th": "ยังไม่มีตัวชี้วัด", "en": "None yet"},
    "value_here": {"th": "ค่าของพื้นที่", "en": "This area"},
    "value_country": {"th": "ค่าระดับประเทศ", "en": "Thailand"},
    "difference": {"th": "ต่างจากประเทศ", "en": "Difference from Thailand"},
    "share": {"th": "สัดส่วนของทั้งประเทศ", "en": "Share of Thailand"},
    "change": {"th": "เปลี่ยนจากปีก่อน", "en": "Change from previous period"},
    "no_previous": {"th": "ไม่มีข้อมูลปีก่อน", "en": "No previous period"},
    "ranking": {"th": "อันดับพื้นที่ย่อย", "en": "Ranking of sub-areas"},
    # One rank rule on every screen (analysis.rankings), said where ranks are shown.
    "rank_best": {"th": "ดีที่สุด {n} อันดับ", "en": "Best {n}"},
    "rank_worst": {"th": "แย่ที่สุด {n} อันดับ", "en": "Worst {n}"},
    "rank_highest": {"th": "ค่าสูงสุด {n} อันดับ", "en": "Highest {n}"},
    "rank_lowest": {"th": "ค่าต่ำสุด {n} อันดับ", "en": "Lowest {n}"},
    "rank_rule": {
        "th": "อันดับ 1 = ดีที่สุดตามทิศทางของตัวชี้วัด (ตัวชี้วัดที่ไม่มีทิศทาง: ค่าสูงสุด) · "
        "▲ ▼ = ค่าเพิ่มขึ้น / ลดลง ส่วนคำกำกับบอกว่าดีขึ้นหรือแย่ลง",
        "en": "Rank 1 = the best by the indicator's direction (the highest where it has none) · "
        "▲ ▼ = the value went up / down; the word says better or worse",
    },
    "trend": {"th": "แนวโน้ม", "en": "Trend"},
    "rank_rule_short": {
        "th": "อันดับ 1 = ดีที่สุดตามทิศทางของตัวชี้วัด",
        "en": "Rank 1 = the best by the indicator's direction",
    },
    "rank_rule_short_neutral": {
        "th": "อันดับ 1 = ค่าสูงสุด (ตัวชี้วัดนี้ไม่มีทิศทางดี/แย่)",
        "en": "Rank 1 = the highest (this indicator has no better side)",
    },
    "anchor_green": {"th": "เกณฑ์เขียว (บรรลุเป้า)", "en": "green threshold (target met)"},
    "anchor_red": {"th": "เกณฑ์แดง (ห่างเป้ามาก)", "en": "red threshold (far off)"},
    "legend_empty": {"th": "{range}: ไม่มีพื้นที่", "en": "{range}: none"},
    "legend_anchors": {
        "th": "สีแบ่งที่เกณฑ์ ไม่คำนวณใหม่ตามข้อมูล: {anchors}",
        "en": "Colours break at fixed lines, not recomputed from the data: {anchors}",
    },
    "rank_of": {"th": "อันดับ {rank} จาก {n} (1 = ดีที่สุด)", "en": "rank {rank} of {n} (1 = best)"},
    "rank_of_neutral": {
        "th": "อันดับ {rank} จาก {n} (1 = ค่าสูงสุด)",
        "en": "rank {rank} of {n} (1 = highest)",
    },
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
    "store_unavailable": {
        "th": "ฐานข้อมูลใช้งานไม่ได้ชั่วคราว สาเหตุอยู่ในบันทึกของเซิร์ฟเวอร์ โปรดลองใหม่ภายหลัง",
        "en": "The data store is unavailable for now (the server log says why); try again later",
    },
    "geo_damaged": {
        "th": "ไฟล์ขอบเขตของแผนที่เสียหาย สาเหตุอยู่ในบันทึกของเซิร์ฟเวอร์ ผู้ดูแลต้องสั่ง warroom build ใหม่",
        "en": "The map's boundary file is damaged (the server log says why); an administrator "
        "must run `warroom build` again",
    },
    "brief_unavailable": {
        "th": "ทำเอกสารสรุปไม่ได้ชั่วคราว สาเหตุอยู่ในบันทึกของเซิร์ฟเวอร์ โปรดลองใหม่ภายหลัง",
        "en": "The brief cannot be made for now (the server log says why); try again later",
    },
    "level_country": {"th": "ประเทศ", "en": "country"},
    "level_province": {"th": "จังหวัด", "en": "provinces"},
    "level_district": {"th": "อำเภอ", "en": "districts"},
    "level_tambon": {"th": "ตำบล", "en": "tambons"},
    "showing": {"th": "แสดงระดับ{level}", "en": "Showing {level}"},
    "loaded_on": {
        "th": "นำเข้าเมื่อ {date} (ชุดข้อมูลที่ {batch})",
        "en": "loaded {date} (batch {batch})",
    },
    # --- The page shell, sign-in, bad URLs (app: pages, components, auth) ---
    "nav_map": {"th": "แผนที่", "en": "Map"},
    "nav_upload": {"th": "นำเข้าข้อมูล", "en": "Upload"},
    # The wall in the header's links
    "nav_wall": {"th": "จอผู้บริหาร", "en": "Wall"},
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
    # --- Serving and sign-in hardening (issue 10) ---
    "up_quota": {
        "th": "ไฟล์ที่อัปโหลดรอไว้มีขนาดรวมเกินโควตา โปรดโหลดหรือยกเลิกไฟล์ก่อนหน้าก่อน",
        "en": "Your uploads waiting to be loaded exceed your quota: load or discard earlier ones",
    },
    # --- Missing data and proxies (issue 12, helper data) ---
    "reason_no_figure": {
        "th": "แหล่งข้อมูลไม่มีตัวเลขของพื้นที่นี้ในปีนี้",
        "en": "The source has no figure for this area this year",
    },
    "reason_coarser_level": {
        "th": "ตัวชี้วัดระดับ{level}: ไม่มีข้อมูลรายพื้นที่ย่อย",
        "en": "An indicator of {level} only: no figures for smaller areas",
    },
    "reason_in_municipality": {
        "th": "นับรวมในหน่วยเทศบาล {code} {figure}",
        "en": "Counted in the municipality (unit {code}) {figure}",
    },
    "proxy_for": {"th": "ตัวแทน (proxy) ของ SDG {code}", "en": "proxy for SDG {code}"},
    # --- Every number on screen true (issue 20) ---
    "reason_implausible": {
        "th": "ค่าในแหล่งข้อมูลเป็นไปไม่ได้: {figure} ({name}) จึงไม่แสดงเป็นตัวเลข",
        "en": "Impossible in the source: {figure} ({name}), so not shown as a figure",
    },
    "published_figure": {
        "th": "ตัวเลขที่เผยแพร่ {figure} ({year}, {source})",
        "en": "published {figure} ({year}, {source})",
    },
    "published_difference": {"th": "ต่างจากที่คำนวณ {diff}", "en": "derived differs by {diff}"},
    "reason_sampling_zero": {
        "th": ("แหล่งข้อมูลให้ {figure}: ศูนย์จากการสุ่มตัวอย่าง (ตัวอย่างไม่พบผู้ใดเลย) ไม่ใช่ค่าที่วัดได้ จึงไม่จัดอันดับ"),
        "en": (
            "The source gives {figure}: a sampling zero (the survey's sample found no one), "
            "not a measured 0, so not ranked"
        ),
    },
}


def _join(*tables: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """One table of every string; a key defined twice is a mistake, caught at import."""
    joined: dict[str, dict[str, str]] = {}
    for table in tables:
        twice = joined.keys() & table.keys()
        if twice:
            raise ValueError(f"strings defined twice: {sorted(twice)}")
        joined.update(table)
    return joined


STRINGS = _join(
    _SHARED, actions.STRINGS, explore.STRINGS, governor.STRINGS, upload.STRINGS, wall.STRINGS
)


def t(key: str, lang: str, **kwargs: object) -> str:
    """The string ``key`` in ``lang`` (Thai when the language is unknown)."""
    text = STRINGS[key].get(lang) or STRINGS[key]["th"]
    return text.format(**kwargs) if kwargs else text


def in_bangkok(code: str) -> bool:
    """Whether ``code`` is Bangkok or lies in it (its units are khet and khwaeng)."""
    return code.startswith(BANGKOK)


def unit_words(level: str, code: str, lang: str) -> tuple[str, str]:
    """The word for one ``level`` area inside ``code`` and for several: อำเภอ/ตำบล, or in
    Bangkok เขต/แขวง (khet/khwaeng); ('district', 'districts') in English."""
    bkk = "_bkk" if in_bangkok(code) else ""
    return t(f"unit_{level}{bkk}", lang), t(f"units_{level}{bkk}", lang)


def area_name(code: str, level: str, name_th: str, name_en: str, lang: str) -> str:
    """An area's name with its kind: 'จังหวัดเชียงใหม่' / 'Chiang Mai Province', 'อำเภอ…' /
    '… District'; Bangkok is 'กรุงเทพมหานคร' / 'Bangkok' (not a province by name) and its
    districts khet: 'เขตพระนคร' / 'Khet Phra Nakhon'."""
    if code == BANGKOK:
        return name_th if lang == "th" else name_en
    if in_bangkok(code) and level == "district":
        return f"เขต{name_th}" if lang == "th" else f"Khet {name_en}"
    word = t("gov_province" if level == "province" else "gov_district", lang)
    return f"{word}{name_th}" if lang == "th" else f"{name_en} {word}"


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
