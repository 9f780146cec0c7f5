"""Years: the store holds Common Era (CE) years; Thai readers see Buddhist Era (BE) years.

One place for the offset, so the intake (which reads BE years from agency tables) and the
app (which shows BE years in Thai) can never disagree.
"""

from __future__ import annotations

BE_OFFSET = 543  # Buddhist Era year = CE year + 543 (2567 BE = 2024 CE)
