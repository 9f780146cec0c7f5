"""Sarabun for the browser: cut to the characters the pages write, as TrueType or WOFF2.

The PDF brief and the offline map embed the whole TrueType files (``warroom.text.fonts``);
pages fetch these lighter ones from ``/fonts/``.
"""

from __future__ import annotations

import io
from functools import lru_cache

# What the pages write: Latin (with Latin-1 and Extended-A), Thai, punctuation, currency,
# superscripts, letterlike symbols, arrows, maths and the shapes of the arrows (▲▼■).
FONT_RANGES = (
    (0x20, 0x7E),
    (0xA0, 0x17F),
    (0x0E00, 0x0E7F),
    (0x2000, 0x206F),
    (0x2070, 0x209F),
    (0x20A0, 0x20CF),
    (0x2100, 0x214F),
    (0x2190, 0x21FF),
    (0x2200, 0x22FF),
    (0x25A0, 0x25FF),
)


@lru_cache(maxsize=8)  # the TrueType and the WOFF2 of one font share one cut (seconds)
def font_subset(data: bytes) -> bytes:
    """A TrueType font with only the characters of ``FONT_RANGES`` (Sarabun's Vietnamese
    and rarer Latin go: a third of the file), every layout feature kept (Thai marks)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(data))
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[u for a, b in FONT_RANGES for u in range(a, b + 1)])
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def font_woff2(data: bytes) -> bytes:
    """``font_subset`` of a TrueType font as WOFF2 (Brotli with the glyphs transformed): a
    sixth smaller than the cut TrueType file sent with Brotli (Sarabun: 25 against 30 kB)."""
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(font_subset(data)))
    font.flavor = "woff2"
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
