"""Match area names (Thai or English, any case or spacing, known variants) to P-codes.

Used only by loaders of name-keyed tables; the app always joins on codes.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

import pandas as pd

# Administrative prefixes that tables add or omit ("จังหวัดเชียงใหม่", "Changwat Chiang Mai").
_PREFIXES = (
    "จังหวัด",
    "จ.",
    "อำเภอ",
    "อ.",
    "กิ่งอำเภอ",
    "เขต",
    "ตำบล",
    "ต.",
    "แขวง",
    "changwat",
    "province",
    "amphoe",
    "amphur",
    "khet",
    "district",
    "tambon",
    "khwaeng",
)
# Spellings seen in Thai government tables, normalised (see ``normalise``) → COD-AB English.
KNOWN_VARIANTS = {
    "krungthepmahanakhon": "Bangkok",
    "bangkokmetropolis": "Bangkok",
    "กทม": "Bangkok",
    "กรุงเทพ": "Bangkok",
    "กรุงเทพฯ": "Bangkok",
    "ayutthaya": "Phra Nakhon Si Ayutthaya",
    "phranakhonsiayudhya": "Phra Nakhon Si Ayutthaya",
    "sisaket": "Si Sa Ket",
    "srisaket": "Si Sa Ket",
    "buriram": "Buri Ram",
    "lopburi": "Lop Buri",
    "prachinburi": "Prachin Buri",
    "phang-nga": "Phangnga",
    "phangnga": "Phangnga",
    "nongbualamphu": "Nong Bua Lam Phu",
    "chainat": "Chai Nat",
    "chonburi": "Chon Buri",
    "suphanburi": "Suphan Buri",
    "singburi": "Sing Buri",
    "ratburi": "Ratchaburi",
    "korat": "Nakhon Ratchasima",
    "kamphaengphet": "Kamphaeng Phet",
}


def normalise(name: object) -> str:
    """Fold case, Unicode form, spacing, hyphens, dots and administrative prefixes."""
    if not isinstance(name, str):
        return ""
    text = unicodedata.normalize("NFC", name).strip().casefold()
    for prefix in _PREFIXES:
        if text.startswith(prefix) and len(text) > len(prefix):
            text = text[len(prefix) :]
            break
    return re.sub(r"[\s\-\.'’]", "", text)


class NameIndex:
    """Look-up from normalised Thai and English names to codes, per level."""

    def __init__(self, areas: pd.DataFrame):
        self._by_level: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        self._parent = dict(zip(areas["code"], areas["parent"], strict=True))
        for rec in areas.itertuples(index=False):
            for name in (rec.name_th, rec.name_en):
                self._by_level[rec.level][normalise(name)].add(rec.code)
        provinces = areas[areas["level"] == "province"].set_index("name_en")["code"]
        for variant, official in KNOWN_VARIANTS.items():
            if official in provinces.index:
                self._by_level["province"][normalise(variant)].add(provinces[official])

    def candidates(self, name: object, level: str, within: str | None = None) -> list[str]:
        """All codes at ``level`` whose name matches, optionally inside area ``within``."""
        codes = self._by_level[level].get(normalise(name), set())
        if within:
            codes = {c for c in codes if c.startswith(within)}
        return sorted(codes)

    def match(self, name: object, level: str, within: str | None = None) -> str | None:
        """The one code matching ``name``; None when nothing or more than one matches."""
        found = self.candidates(name, level, within)
        return found[0] if len(found) == 1 else None
