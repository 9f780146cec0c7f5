"""Area codes (P-codes): ``TH`` + DOPA digits, and the hierarchy they encode."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

LEVELS = ("country", "province", "district", "tambon")
COUNTRY_CODE = "TH"
# Digits after "TH" at each level.
LEVEL_DIGITS = {"country": 0, "province": 2, "district": 4, "tambon": 6}
LEVEL_BY_DIGITS = {v: k for k, v in LEVEL_DIGITS.items()}
# Official COD-AB admin level numbers.
ADM_LEVEL = {"province": 1, "district": 2, "tambon": 3}

_PCODE = re.compile(r"^TH(\d{2}|\d{4}|\d{6})?$")


def is_pcode(code: str) -> bool:
    """True when ``code`` has the P-code form ``TH``, ``TH50``, ``TH5001`` or ``TH500101``."""
    return bool(_PCODE.match(code))


def level_of(code: str) -> str:
    """Level (``country``/``province``/``district``/``tambon``) of a P-code."""
    if not is_pcode(code):
        raise ValueError(f"not a P-code: {code!r}")
    return LEVEL_BY_DIGITS[len(code) - 2]


def parent_of(code: str) -> str | None:
    """Parent P-code by the code's own digits (``TH500101`` → ``TH5001``); None for ``TH``."""
    level = level_of(code)
    if level == "country":
        return None
    if level == "province":
        return COUNTRY_CODE
    return code[: len(code) - 2]


def ancestor_at(code: str, level: str) -> str:
    """The code of ``code``'s ancestor (or itself) at ``level``."""
    return code[: 2 + LEVEL_DIGITS[level]]


def from_dopa(code: object) -> str:
    """Convert a DOPA numeric code (``50``, ``5001``, ``500101``; int or text) to a P-code."""
    text = str(code).strip()
    if text.endswith(".0"):
        text = text[:-2]
    if not text.isdigit() or len(text) not in (2, 4, 6):
        raise ValueError(f"not a DOPA area code: {code!r}")
    return COUNTRY_CODE + text


def is_municipal_pseudo_unit(code: str) -> bool:
    """TPMAP's municipal pseudo-units: tambon-length codes whose digits 5-6 are 50 or more."""
    return level_of(code) == "tambon" and int(code[6:8]) >= 50


def is_municipal_pseudo_units(codes: pd.Series) -> np.ndarray:
    """``is_municipal_pseudo_unit`` of every P-code at once (a plain loop over Python
    strings: far faster than pandas' string methods on a few hundred codes)."""
    return np.array([is_municipal_pseudo_unit(c) for c in codes.to_numpy(dtype=object)], dtype=bool)


def child_level(level: str) -> str | None:
    """The level below ``level`` (None below tambon)."""
    i = LEVELS.index(level)
    return LEVELS[i + 1] if i + 1 < len(LEVELS) else None
