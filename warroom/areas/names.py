"""Match area names (Thai or English, any case or spacing, known variants) to P-codes.

Used only by loaders of name-keyed tables; the app always joins on codes.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from pathlib import Path

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
# Prefixes that say the level, so "จังหวัดสุวรรณภูมิ" is read as a province only.
_PREFIX_LEVEL = {
    **dict.fromkeys(("จังหวัด", "จ.", "changwat", "province"), "province"),
    **dict.fromkeys(("อำเภอ", "อ.", "กิ่งอำเภอ", "เขต", "amphoe", "amphur", "khet"), "district"),
    **dict.fromkeys(("ตำบล", "ต.", "แขวง", "tambon", "khwaeng"), "tambon"),
}
# Variants and romanisations seen in Thai government tables: a list in data, not code.
VARIANTS_CSV = Path(__file__).resolve().parents[2] / "data" / "areas" / "name_variants.csv"
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")  # zero-width, soft hyphen
_SARA_AM = re.compile(r"\u0e4d([\u0e48-\u0e4b]?)\u0e32")  # ํ + า typed for ำ (tone between)
_TONE_FIRST = re.compile(r"([\u0e48-\u0e4b])\u0e4d")  # ่ํ: the nikhahit belongs before the tone
_DOUBLED_MARK = re.compile(r"([\u0e31\u0e34-\u0e3a\u0e47-\u0e4e])\1+")  # ่่, ิิ typed twice


def fold_thai(text: str) -> str:
    """Thai text as one spelling: NFC, no zero-width characters, sara am as one character
    (not ํ + า), เเ (sara e twice) as แ, a mark typed twice as once."""
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    text = _TONE_FIRST.sub("\u0e4d\\1", text)
    text = _SARA_AM.sub("\\1\u0e33", text)
    return _DOUBLED_MARK.sub(r"\1", text.replace("\u0e40\u0e40", "\u0e41"))


def _strip_prefix(text: str) -> tuple[str, str | None]:
    for prefix in _PREFIXES:
        if text.startswith(prefix) and len(text) > len(prefix):
            return text[len(prefix) :], _PREFIX_LEVEL.get(prefix)
    return text, None


def normalise(name: object) -> str:
    """Fold case, Unicode form and Thai typing variants, spacing, hyphens, dots and
    administrative prefixes."""
    if not isinstance(name, str):
        return ""
    text, _ = _strip_prefix(fold_thai(name).strip().casefold())
    return re.sub(r"[\s\-\.'’]", "", text)


def prefix_level(name: object) -> str | None:
    """The level an administrative prefix names ("จังหวัด…" → province), if any."""
    if not isinstance(name, str):
        return None
    return _strip_prefix(fold_thai(name).strip().casefold())[1]


def read_variants(path: Path = VARIANTS_CSV) -> pd.DataFrame:
    """The list of name variants: variant, code, note."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


class NameIndex:
    """Look-up from normalised Thai and English names to codes, per level."""

    def __init__(self, areas: pd.DataFrame):
        self._by_level: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        self._parent = dict(zip(areas["code"], areas["parent"], strict=True))
        keys: dict[object, str] = {}  # each distinct name normalised once (names repeat)
        columns = (areas[c].tolist() for c in ("code", "level", "name_th", "name_en"))
        for code, level, *names in zip(*columns, strict=True):
            for name in names:
                key = keys.get(name)
                if key is None:
                    key = keys[name] = normalise(name)
                self._by_level[level][key].add(code)
        self._level = dict(zip(areas["code"], areas["level"], strict=True))
        self._name_th = dict(zip(areas["code"], areas["name_th"], strict=True))
        for rec in read_variants().itertuples(index=False):
            if rec.code in self._level:
                self._by_level[self._level[rec.code]][normalise(rec.variant)].add(rec.code)

    def candidates(self, name: object, level: str, within: str | None = None) -> list[str]:
        """All codes at ``level`` whose name matches, optionally inside area ``within``."""
        codes = self._by_level[level].get(normalise(name), set())
        if within:
            codes = {c for c in codes if c.startswith(within)}
        return sorted(codes)

    def suggest(self, name: object, level: str, within: str | None = None) -> str | None:
        """The one code at ``level`` whose name is closest to ``name`` (rapidfuzz), if any is
        close enough to be what was meant ("ศรีสะเกด" → TH33)."""
        from rapidfuzz import fuzz, process

        key = normalise(name)
        if len(key) < 3:
            return None
        names = self._by_level[level]
        choices = (
            [n for n, codes in names.items() if any(c.startswith(within) for c in codes)]
            if within
            else list(names)
        )
        best = process.extractOne(key, choices, scorer=fuzz.ratio, score_cutoff=75)
        if best is None:
            return None
        codes = sorted(c for c in names[best[0]] if not within or c.startswith(within))
        return codes[0] if len(codes) == 1 else None

    def match(self, name: object, level: str, within: str | None = None) -> str | None:
        """The one code matching ``name``; None when nothing or more than one matches."""
        found = self.candidates(name, level, within)
        return found[0] if len(found) == 1 else None
