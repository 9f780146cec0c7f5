"""Former home of the intake check, now split (report, rules, reshape, check).

Kept only so that callers not yet moved keep working; import from
:mod:`warroom.intake.check` and :mod:`warroom.intake.report` instead.
"""

from warroom.intake.check import inspect_table, sha256_of, tidy_chunks
from warroom.intake.report import MAX_LISTED, IntakeOptions, IntakeReport

__all__ = [
    "MAX_LISTED",
    "IntakeOptions",
    "IntakeReport",
    "inspect_table",
    "sha256_of",
    "tidy_chunks",
]
