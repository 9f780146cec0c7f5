"""The error types that loaders and the build raise, with file, row, column and reason."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


class WarroomError(Exception):
    """Base of every error the CLI prints plainly (no traceback)."""


class SourceMissingError(WarroomError):
    """No source folder, or a required source file is absent."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one place in one source file."""

    file: str
    reason: str
    row: int | None = None
    column: str | None = None
    value: object = None

    def __str__(self) -> str:
        where = Path(self.file).name
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column}"
        value = "" if self.value is None else f" (value: {self.value!r})"
        return f"{where}: {self.reason}{value}"


class DataError(WarroomError):
    """A source failed validation; carries every problem found, not only the first."""

    def __init__(self, problems: Sequence[Problem], *, limit: int = 50):
        self.problems, self.limit = list(problems), limit
        shown = [f"  - {p}" for p in self.problems[:limit]]
        more = len(self.problems) - limit
        if more > 0:
            shown.append(f"  ... and {more} more")
        super().__init__(f"{len(self.problems)} problem(s) found:\n" + "\n".join(shown))

    def __reduce__(self):  # pickled whole (from a worker process), not as its message
        return (_rebuild_data_error, (type(self), self.problems, self.limit))


def _rebuild_data_error(cls: type[DataError], problems: list[Problem], limit: int) -> DataError:
    return cls(problems, limit=limit)
