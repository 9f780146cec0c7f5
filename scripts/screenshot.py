"""Screenshot a running War Room: ``screenshot.py URL OUT.png [WIDTH HEIGHT [WAIT_S]]``."""

from __future__ import annotations

import sys
import time

from chromium import headless_chromium  # scripts/chromium.py


def driver(width: int = 1920, height: int = 1080):
    """Headless Chromium at a fixed viewport (kept for scripts that import it)."""
    return headless_chromium(width, height)


if __name__ == "__main__":
    url, out = sys.argv[1], sys.argv[2]
    w, h = (int(sys.argv[3]), int(sys.argv[4])) if len(sys.argv) > 4 else (1920, 1080)
    d = driver(w, h)
    try:
        d.get(url)
        time.sleep(float(sys.argv[5]) if len(sys.argv) > 5 else 6)
        d.save_screenshot(out)
        message = d.execute_script("return document.querySelector('.wr-message')?.innerText")
        print("message shown:", message or "none")
    finally:
        d.quit()
