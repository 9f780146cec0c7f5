"""Building many small containers at once (a million CSV rows, a million insert tuples)
without the cyclic garbage collector walking every live object again and again.

Each list or tuple allocated counts towards the collector's next pass, and every third
pass walks everything alive: materialising a chunk of 100,000 rows costs several times
the parsing itself. None of these containers can form a cycle, so the collector is paused
while they are built and resumed (if it was on) right after.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block; resume it if it was running."""
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()
