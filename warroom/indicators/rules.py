"""The roll-up rules' names, defined once: how an indicator's value goes up the hierarchy.

``sum`` adds counts; ``ratio`` divides summed numerators by summed denominators (times a
scale); ``weighted_mean`` divides summed value × weight by summed weights; ``none`` is not
rolled up. What each rule computes is ``warroom.indicators.rollup``.
"""

from __future__ import annotations

from typing import Literal, get_args

Rollup = Literal["sum", "ratio", "weighted_mean", "none"]
ROLLUPS: tuple[str, ...] = get_args(Rollup)
# Rules whose value is recomputed from summed numerators and denominators, never averaged.
FROM_PARTS: tuple[str, ...] = ("ratio", "weighted_mean")
