"""Words: every label in Thai and English (``i18n``: shared strings, numbers, dates; ``strings``:
each screen's own words), below the screens and the exports that print them."""
