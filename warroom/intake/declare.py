"""Declaring indicators that users load themselves (``warroom indicators add``)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from pydantic import ValidationError, model_validator
from sqlalchemy import select

from warroom.errors import DataError, Problem, WarroomError
from warroom.indicators.catalogue import Indicator, validation_problems
from warroom.intake.users import AccessError, User
from warroom.store import INTAKE, Store, indicators_t, sources_t


class IndicatorSpec(Indicator):
    """An indicator declared by a user: the catalogue's fields, with the loader's defaults."""

    unit_th: str = ""
    expression: str = "A"

    @model_validator(mode="before")
    @classmethod
    def _defaults(cls, data: object) -> object:
        if isinstance(data, dict):
            data = {k: v for k, v in data.items() if v not in (None, "")}
            if data.get("rollup") == "weighted_mean" and not data.get("weight"):
                raise ValueError(
                    "a weighted mean needs its weight: the id of the indicator it is "
                    "weighted by, e.g. --weight moi.population (a 'weight' column in --file)"
                )
            data.setdefault("unit_th", data.get("unit", ""))
            if data.get("rollup") == "ratio" and "scale" not in data:
                data["scale"] = 100 if data.get("unit") == "%" else 1
        return data

    @property
    def source_id(self) -> str:
        """The id of the source row that carries this indicator's free-text source."""
        return f"intake.{self.id}"


def small_table(path: Path) -> list[tuple[int, dict[str, str]]]:
    """The rows of a small CSV (UTF-8) or XLSX file of settings, each with its row number
    (the header is row 1) and its cells as text, keyed by header (``-`` read as ``_``)."""
    if path.suffix.lower() == ".xlsx":
        frame = pd.read_excel(path, dtype=str).fillna("")
    else:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    return [
        (row_no, {str(k).strip().replace("-", "_"): str(v).strip() for k, v in rec.items()})
        for row_no, rec in enumerate(frame.to_dict("records"), start=2)
    ]


def read_specs(path: Path) -> list[IndicatorSpec]:
    """Indicator specs from a small CSV or XLSX metadata file, one per row, all validated."""
    path = Path(path)
    problems, specs = [], []
    for row_no, rec in small_table(path):
        modelled = rec.get("modelled", "").lower() in ("1", "true", "yes", "y")
        try:
            specs.append(IndicatorSpec.model_validate({**rec, "modelled": modelled}))
        except ValidationError as exc:
            problems += validation_problems(exc, path.name, row_no)
    if problems:
        raise DataError(problems)
    return specs


def declare(
    store: Store, specs: list[IndicatorSpec], user: User, *, file: str | None = None
) -> None:
    """Add indicators to the store, all or none; ids already used are refused.

    ``file`` names the metadata file the specs were read from (one per row after its
    header), so a problem names its row; without it (ids given one by one, on the command
    line or the page) a problem names no row.
    """
    if user.role != "admin":
        raise AccessError(f"{user.name} ({user.role}) may not declare indicators; ask an admin")
    where = file or "--id"

    def row_of(i: int) -> int | None:
        return i + 2 if file else None

    problems = []
    seen: set[str] = set()
    for i, spec in enumerate(specs):
        if spec.id in seen:
            problems.append(Problem(where, "id given twice", row_of(i), "id", spec.id))
        seen.add(spec.id)
    with store.begin() as conn:
        used = set(conn.scalars(select(indicators_t.c.id).where(indicators_t.c.id.in_(seen))))
        problems += [
            Problem(where, "this id is already used", row_of(i), "id", spec.id)
            for i, spec in enumerate(specs)
            if spec.id in used
        ]
        if problems:
            raise DataError(problems)
        now = datetime.now(UTC)
        for spec in specs:
            conn.execute(
                sources_t.insert(),
                {
                    "id": spec.source_id,
                    "name_th": spec.source,
                    "name_en": spec.source,
                    "publisher_th": spec.source,
                    "publisher_en": spec.source,
                    "year": "",
                    "licence": "",
                    "modelled": spec.modelled,
                    "origin": INTAKE,
                },
            )
            conn.execute(
                indicators_t.insert(),
                {
                    **spec.model_dump(exclude={"expression", "source"}),
                    "source": spec.source_id,
                    "goal": spec.goal,
                    "origin": INTAKE,
                    "created_by": user.name,
                    "created_at": now,
                },
            )


def intake_indicator(store: Store, indicator_id: str, user: User | None = None) -> dict:
    """An indicator that can take loads, as a dict; a clear error for unknown ids.

    Declared indicators take loads from admins and officers; a built-in (catalogue)
    indicator takes new periods (or, said explicitly, corrections) only from an admin: with
    ``user`` given, anyone else is refused.
    """
    row = store.indicator(indicator_id)
    if row is None:
        raise WarroomError(
            f"ไม่มีตัวชี้วัด {indicator_id!r}: ประกาศก่อนด้วย `warroom indicators add` / "
            f"no indicator {indicator_id!r}: declare it first with `warroom indicators add`"
        )
    if row["origin"] != INTAKE and user is not None and user.role != "admin":
        raise AccessError(
            f"{indicator_id} เป็นตัวชี้วัดในบัญชีหลักที่ `warroom build` สร้างจากแหล่งที่เผยแพร่ "
            f"มีเพียงผู้ดูแลระบบ (admin) ที่นำเข้าปีใหม่ได้ / {indicator_id} is a built-in "
            f"indicator (built by `warroom build` from its published source): only an admin "
            f"may load new periods into it; {user.name} ({user.role}) may load into declared "
            "indicators"
        )
    return row
