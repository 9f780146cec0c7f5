"""The 17 Sustainable Development Goals (official UN colours and short names) and the goal
groups a screen shows: goals 1-17, poverty and context."""

from __future__ import annotations

import pandas as pd

# (number, UN colour, Thai short name, English short name)
GOALS: list[tuple[int, str, str, str]] = [
    (1, "#E5243B", "ขจัดความยากจน", "No poverty"),
    (2, "#DDA63A", "ขจัดความหิวโหย", "Zero hunger"),
    (3, "#4C9F38", "สุขภาพและความเป็นอยู่ที่ดี", "Good health and well-being"),
    (4, "#C5192D", "การศึกษาที่มีคุณภาพ", "Quality education"),
    (5, "#FF3A21", "ความเท่าเทียมทางเพศ", "Gender equality"),
    (6, "#26BDE2", "น้ำสะอาดและการสุขาภิบาล", "Clean water and sanitation"),
    (7, "#FCC30B", "พลังงานสะอาดที่เข้าถึงได้", "Affordable and clean energy"),
    (8, "#A21942", "งานที่มีคุณค่าและเศรษฐกิจ", "Decent work and economic growth"),
    (9, "#FD6925", "อุตสาหกรรม นวัตกรรม โครงสร้างพื้นฐาน", "Industry, innovation and infrastructure"),
    (10, "#DD1367", "ลดความเหลื่อมล้ำ", "Reduced inequalities"),
    (11, "#FD9D24", "เมืองและชุมชนที่ยั่งยืน", "Sustainable cities and communities"),
    (12, "#BF8B2E", "การผลิตและบริโภคที่ยั่งยืน", "Responsible consumption and production"),
    (13, "#3F7E44", "การรับมือการเปลี่ยนแปลงสภาพภูมิอากาศ", "Climate action"),
    (14, "#0A97D9", "ทรัพยากรทางทะเล", "Life below water"),
    (15, "#56C02B", "ระบบนิเวศบนบก", "Life on land"),
    (16, "#00689D", "สันติภาพ ยุติธรรม สถาบันเข้มแข็ง", "Peace, justice and strong institutions"),
    (17, "#19486A", "ความร่วมมือเพื่อการพัฒนา", "Partnerships for the goals"),
]
POVERTY = "poverty"
POVERTY_COLOUR = "#6b3fa0"
CONTEXT_COLOUR = "#5f6b73"
CONTEXT = "context"
POVERTY_PREFIXES = ("tpmap.target_poor", "tpmap.poor_households", "tpmap.dim.")


def group_members(indicators: pd.DataFrame, group: str) -> list[str]:
    """Indicator ids of a goal ('1'..'17'), the poverty group, or the context group."""
    if group == POVERTY:
        return [i for i in indicators.index if i.startswith(POVERTY_PREFIXES)]
    if group == CONTEXT:
        return list(indicators.index[indicators["goal"].isna()])
    return list(indicators.index[indicators["goal"] == int(group)])


def all_groups() -> list[str]:
    """Every group, in screen order: goals 1-17, poverty, context."""
    return [str(n) for n in range(1, 18)] + [POVERTY, CONTEXT]
