"""Every user-facing string of the app, in Thai and English, and Thai number conventions."""

from __future__ import annotations

import math

LANGUAGES = ("th", "en")
BE_OFFSET = 543  # Buddhist Era year = CE year + 543

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
    "no_indicator": {"th": "ยังไม่มีตัวชี้วัด", "en": "No indicator yet"},
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
}


def t(key: str, lang: str, **kwargs: object) -> str:
    """The string ``key`` in ``lang`` (Thai when the language is unknown)."""
    text = STRINGS[key].get(lang) or STRINGS[key]["th"]
    return text.format(**kwargs) if kwargs else text


def year_label(year: int, lang: str) -> str:
    """A CE year as shown: Buddhist Era in Thai (2018 → 2561), CE in English."""
    return str(year + BE_OFFSET) if lang == "th" else str(year)


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
