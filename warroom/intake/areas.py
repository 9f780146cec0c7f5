"""Which area a cell of an uploaded table names: P-code, DOPA code, or Thai/English name.

Codes: ``TH50``, ``50``, ``5001``, ``500101`` and DOPA's 8-digit form (``50010000``).
Names: at any level, through :class:`warroom.areas.names.NameIndex` (case, spacing,
prefixes such as "จังหวัด"/"อ.", and known spelling variants tolerated). Rows that name no
area on purpose (the whole kingdom, regions, totals, notes) are recognised so they can be
skipped and listed rather than reported as errors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from warroom.areas.codes import LEVELS, ancestor_at
from warroom.areas.names import NameIndex, normalise, prefix_level

# Labels (normalised) of rows that are not areas: the kingdom, regions, totals.
_NON_AREAS = {
    "ทั่วราชอาณาจักร": "the whole kingdom",
    "ทั้งราชอาณาจักร": "the whole kingdom",
    "ทั้งประเทศ": "the whole kingdom",
    "ประเทศไทย": "the whole kingdom",
    "ประเทศ": "the whole kingdom",
    "wholekingdom": "the whole kingdom",
    "thailand": "the whole kingdom",
    "kingdom": "the whole kingdom",
    "country": "the whole kingdom",
    "nationwide": "the whole kingdom",
    "th": "the whole kingdom",  # the country's P-code
    "wholecountry": "the whole kingdom",
    "กรุงเทพมหานครและปริมณฑล": "a region",
    "กรุงเทพฯและปริมณฑล": "a region",
    "ปริมณฑล": "a region",
    "bangkokandvicinities": "a region",
    "bangkokmetropolitanregion": "a region",
    "north": "a region",
    "northern": "a region",
    "northeast": "a region",
    "northeastern": "a region",
    "central": "a region",
    "south": "a region",
    "southern": "a region",
    "east": "a region",
    "eastern": "a region",
    "west": "a region",
    "western": "a region",
}
_NON_AREA_PATTERNS = [
    (re.compile(r"^ภาค"), "a region"),  # ภาคเหนือ, ภาคกลาง, ภาคตะวันออกเฉียงเหนือ ...
    (re.compile(r"^(north|south|central|east|west)\w*region$"), "a region"),
    (re.compile(r"^region\d+$"), "a region"),
    (re.compile(r"^เขต(สุขภาพ|ตรวจราชการ|การศึกษา)"), "a region"),
    (re.compile(r"และ(\d+|ปริมณฑล)จังหวัด|and\d+(other)?provinces?"), "a region"),
    (re.compile(r"^(รวม|ยอดรวม|ผลรวม)"), "a total"),
    (re.compile(r"^(grand)?(sub)?totals?\b|^sum$|^all$"), "a total"),
    (re.compile(r"^(หมายเหตุ|ที่มา|แหล่งที่มา|note|notes|source|remark)"), "a note"),
    (re.compile(r"^[\*#※]"), "a note"),
]
KINGDOM = "not an area: the whole kingdom"  # the reason of a kingdom row
MAX_SUGGESTIONS = 2_000  # distinct unknown names looked up fuzzily per table
_CODE = re.compile(r"^(?:TH)?(\d{2}|\d{4}|\d{6}|\d{8})$", re.IGNORECASE)


@dataclass(frozen=True)
class Resolved:
    """What one cell names: an area, a non-area row, or a problem."""

    kind: str  # area | skip | blank | unknown | ambiguous
    codes: tuple[str, ...] = ()  # candidates (one for an area)
    reason: str = ""


def non_area(text: str) -> str | None:
    """Why ``text`` names no area on purpose (kingdom, region, total, note), else None."""
    key = normalise(text)
    if key in _NON_AREAS:
        return _NON_AREAS[key]
    for pattern, reason in _NON_AREA_PATTERNS:
        if pattern.search(key):
            return reason
    return None


def code_form(text: str) -> str | None:
    """The P-code a code-like cell spells (``50`` → ``TH50``), known or not; else None."""
    match = _CODE.match(text.strip().replace(" ", ""))
    if not match:
        return None
    digits = match.group(1)
    if len(digits) == 8:  # DOPA's 8-digit form pads with zeros: 50010000 is district 5001
        digits = digits.rstrip("0")
        digits = digits + "0" * (len(digits) % 2)
        digits = digits if len(digits) >= 2 else "00"
    return "TH" + digits


_TYPED_FOR_DIGITS = str.maketrans("OoIl", "0011")


def _code_typo(text: str) -> str | None:
    """The code a cell means when letters were typed for digits (``TH5O0101``: O for 0)."""
    plain = text.strip().replace(" ", "")
    body = plain[2:] if plain[:2].upper() == "TH" else plain
    if not body or body.isdigit() or not any(ch.isdigit() for ch in body):
        return None
    if any(not (ch.isdigit() or ch in "OoIl") for ch in body):
        return None
    return code_form(plain[: len(plain) - len(body)] + body.translate(_TYPED_FOR_DIGITS))


def looks_like_code(text: str) -> bool:
    """A cell spelled like an area code (known or not) rather than a year or a count."""
    from warroom.intake.values import year_from

    code = code_form(text)
    return code is not None and not (len(code) == 6 and year_from(int(code[2:])) is not None)


class AreaResolver:
    """Resolves cells of an uploaded table to area codes."""

    def __init__(self, areas: pd.DataFrame):
        self.areas = areas.set_index("code", drop=False)
        self.names = NameIndex(areas)
        self.level = dict(zip(areas["code"], areas["level"], strict=True))
        self._suggested = 0

    def label(self, code: str) -> str:
        """'name_th / name_en (code)' for messages, with the parent for districts and tambons."""
        row = self.areas.loc[code]
        text = f"{row['name_th']} / {row['name_en']} ({code})"
        if row["level"] in ("district", "tambon"):
            province = self.areas.loc[ancestor_at(code, "province")]
            text += f", {province['name_th']}"
        return text

    def candidates(self, text: str, within: str | None = None) -> dict[str, list[str]]:
        """Codes per level that ``text`` could name (codes first, then names)."""
        code = code_form(text)
        if code is not None:
            if code in self.level and (within is None or code.startswith(within)):
                return {self.level[code]: [code]}
            return {}
        found = {}
        named = prefix_level(text)  # "จังหวัด…" can only be a province
        for level in LEVELS[1:]:
            codes = self.names.candidates(text, level, within)
            if codes and named in (None, level):
                found[level] = codes
        return found

    def did_you_mean(self, text: str, level: str | None, within: str | None = None) -> str:
        """'; did you mean ศรีสะเกษ / Si Sa Ket (TH33)?' for a close name, else ''."""
        self._suggested += 1
        if self._suggested > MAX_SUGGESTIONS:  # a file of garbage: stop looking
            return ""
        levels = [level] if level else [prefix_level(text) or lvl for lvl in LEVELS[1:]]
        for lvl in dict.fromkeys(levels):
            code = self.names.suggest(text, lvl, within)
            if code is not None:
                return f"; did you mean {self.label(code)}?"
        return ""

    def names_an_area(self, text: str) -> bool:
        """Whether a cell names any area or a known non-area row (used to find the header)."""
        text = text.strip()
        if not text or len(text) > 80:
            return False
        return bool(self.candidates(text)) or (code_form(text) is None and bool(non_area(text)))

    def resolve(self, text: str, level: str | None, within: str | None = None) -> Resolved:
        """Resolve a cell to one area at ``level`` (any level when None)."""
        text = text.strip()
        if not text:
            return Resolved("blank", reason="no area named")
        code = code_form(text)
        if code is None:
            why = non_area(text)
            if why:
                return Resolved("skip", reason=f"not an area: {why}")
        found = self.candidates(text, within)
        if code is not None and not found:
            where = f" inside {within}" if within else ""
            return Resolved("unknown", reason=f"no area has the code {code}{where}")
        if not found and (typo := _code_typo(text)) is not None:
            known = self.candidates(typo, within)
            meant = f"; did you mean {self.label(typo)}?" if known else ""
            return Resolved("unknown", reason=f"not a code: letters among its digits{meant}")
        if not found:
            what = prefix_level(text) or level
            nothing = (
                f"no {what} has this name"
                if what
                else ("no province, district or tambon has this name")
            )
            return Resolved("unknown", reason=nothing + self.did_you_mean(text, what, within))
        if level is not None and level not in found:
            other = ", ".join(sorted(found))
            codes = tuple(c for codes in found.values() for c in codes)
            meant = self.did_you_mean(text, level, within)
            if meant:  # a misspelt province that happens to be a tambon's name
                return Resolved(
                    "unknown", codes, f"no {level} has this name{meant} (a {other} has it)"
                )
            return Resolved(
                "unknown",
                codes,
                f"names a {other}, but this table's areas are {level}s (mixed levels)",
            )
        codes = tuple(found[level]) if level else tuple(c for cs in found.values() for c in cs)
        if len(codes) == 1:
            return Resolved("area", (codes[0],))
        shown = "; ".join(self.label(c) for c in codes[:4])
        more = f" and {len(codes) - 4} more" if len(codes) > 4 else ""
        return Resolved(
            "ambiguous",
            tuple(codes),
            f"matches {len(codes)} areas ({shown}{more}); use codes, or add a province or "
            "district column",
        )

    def likely_level(self, texts: pd.Series) -> str | None:
        """The table's level: the one most of its cells can be read at."""
        readable = dict.fromkeys(LEVELS[1:], 0)
        for text in texts.dropna().astype(str).str.strip().unique():
            for level in self.candidates(text):
                readable[level] += 1
        best = max(readable.values())
        # The level most cells can be read at; on a tie, the coarser one.
        return next((lvl for lvl, n in readable.items() if n == best), None) if best else None
