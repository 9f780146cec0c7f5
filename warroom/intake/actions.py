"""Writing the governor's action board: agencies (admins), actions and dated notes.

Who may write is the intake's rule: an admin anywhere, an officer only on areas of their own
province, a viewer nowhere. Each write is one transaction, recorded in the audit log like a
load. An action's baseline is read from the store when it is planned (the indicator's value
of the area in its newest period, or a period asked for), and the value when it is marked
done likewise, so the follow-up compares like with like (``warroom.analysis.followup``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError, field_validator
from sqlalchemy import func, select, update
from sqlalchemy.engine import Connection

from warroom.audit import audit
from warroom.errors import DataError, Problem, WarroomError
from warroom.indicators.catalogue import validation_problems
from warroom.intake.declare import small_table
from warroom.intake.users import AccessError, User
from warroom.numbers import whole_number
from warroom.store import Store, areas_t, current, indicators_t, observations_t, users_t
from warroom.store.actions import (
    STATUSES,
    action_notes_t,
    actions_t,
    agencies_t,
    ensure_actions,
)
from warroom.years import BE_OFFSET


class ActionSpec(BaseModel):
    """One action as planned: the area, what, who and by when; the baseline comes from the
    store (of ``baseline_period`` when given, else the newest)."""

    area_code: str = Field(min_length=4, max_length=8)
    what: str = Field(min_length=3, max_length=500)
    agency: str = Field(min_length=1)  # an agency's id, or its Thai or English name
    due_date: date
    indicator_id: str | None = None
    owner: str | None = None  # an account's name; the planner when None
    start_date: date | None = None
    target_value: float | None = None
    baseline_period: int | None = None

    @field_validator("area_code", "what", "agency")
    @classmethod
    def _strip(cls, value: str) -> str:
        return value.strip()

    @field_validator("indicator_id", "owner", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value


def read_action_file(path: Path) -> list[ActionSpec]:
    """Actions from a CSV or XLSX file, one per row (columns: the fields of
    :class:`ActionSpec`; dates as 2026-03-31, or in the Buddhist Era, 2569-03-31), every
    problem reported at once with its row."""
    problems, specs = [], []
    for row_no, rec in small_table(path):
        for key in ("due_date", "start_date"):
            rec[key] = ce_date(rec.get(key, ""))
        try:
            specs.append(ActionSpec.model_validate({k: v for k, v in rec.items() if v != ""}))
        except ValidationError as exc:
            problems += validation_problems(exc, path.name, row_no)
    if problems:
        raise DataError(problems)
    return specs


def ce_date(text: str) -> str:
    """An ISO date as typed, its year read as Buddhist Era when it is one (2569 → 2026)."""
    head, sep, rest = text.strip().partition("-")
    year = whole_number(head) if sep else None
    if year is not None and year > 2400:
        return f"{year - BE_OFFSET}-{rest}"
    return text.strip()


def may_act(user: User | None, area_code: str) -> bool:
    """Whether ``user`` may plan or change actions on ``area_code`` (an admin anywhere, an
    officer inside their own province)."""
    if user is None:
        return False
    return user.role == "admin" or (
        user.role == "officer" and user.province is not None and area_code[:4] == user.province
    )


def _require(user: User, area_code: str) -> None:
    if not may_act(user, area_code):
        where = f"outside {user.province}" if user.role == "officer" else "as a " + user.role
        raise AccessError(f"{user.name} may not plan or change actions on {area_code} ({where})")


def newest_value(
    conn: Connection, indicator_id: str, area_code: str, period: int | None = None
) -> tuple[int | None, float | None]:
    """The store's current value of an indicator for an area: (period, value) of ``period``,
    or of the newest period with a value; (None, None) when there is none."""
    o = observations_t.c
    stmt = (
        select(o.period, o.value)
        .where(
            current(),
            o.indicator_id == indicator_id,
            o.area_code == area_code,
            o.value.is_not(None),
        )
        .order_by(o.period.desc())
        .limit(1)
    )
    if period is not None:
        stmt = stmt.where(o.period == period)
    row = conn.execute(stmt).first()
    return (None, None) if row is None else (int(row[0]), float(row[1]))


def _agency_id(conn: Connection, ref: str) -> int | None:
    g = agencies_t.c
    number = whole_number(ref)
    if number is not None:
        found = conn.scalar(select(g.id).where(g.id == number, g.active.is_(True)))
    else:
        found = conn.scalar(
            select(g.id).where((g.name_th == ref) | (g.name_en == ref), g.active.is_(True))
        )
    return None if found is None else int(found)


def _is_account(conn: Connection, name: str) -> bool:
    return conn.scalar(select(users_t.c.name).where(users_t.c.name == name)) is not None


def _problems(conn: Connection, spec: ActionSpec, user: User) -> list[tuple[str, str, Any]]:
    """What is wrong with ``spec`` for ``user``: (column, reason, value) each."""
    wrong: list[tuple[str, str, Any]] = []
    if conn.scalar(select(areas_t.c.code).where(areas_t.c.code == spec.area_code)) is None:
        wrong.append(("area_code", "not a known area code (e.g. TH50, TH5001)", spec.area_code))
    elif not may_act(user, spec.area_code):
        wrong.append(("area_code", f"outside what {user.name} may change", spec.area_code))
    if spec.indicator_id is not None:
        known = conn.scalar(select(indicators_t.c.id).where(indicators_t.c.id == spec.indicator_id))
        if known is None:
            wrong.append(("indicator_id", "not a known indicator", spec.indicator_id))
    elif spec.baseline_period is not None:
        wrong.append(("baseline_period", "a baseline needs an indicator", spec.baseline_period))
    if _agency_id(conn, spec.agency) is None:
        why = "not an agency on the list (`warroom actions agencies`)"
        wrong.append(("agency", why, spec.agency))
    accounts = conn.scalar(select(func.count()).select_from(users_t))
    if spec.owner is not None and accounts and not _is_account(conn, spec.owner):
        wrong.append(("owner", "not an account", spec.owner))
    if spec.start_date is not None and spec.due_date < spec.start_date:
        wrong.append(("due_date", "before the start date", spec.due_date.isoformat()))
    return wrong


def _insert(conn: Connection, spec: ActionSpec, user: User) -> int:
    period, value = (None, None)
    if spec.indicator_id is not None:
        period, value = newest_value(conn, spec.indicator_id, spec.area_code, spec.baseline_period)
    now = datetime.now(UTC)
    return int(
        conn.execute(
            actions_t.insert().returning(actions_t.c.id),
            {
                "area_code": spec.area_code,
                "province": spec.area_code[:4],
                "indicator_id": spec.indicator_id,
                "what": spec.what,
                "agency_id": _agency_id(conn, spec.agency),
                "owner": spec.owner or user.name,
                "start_date": spec.start_date,
                "due_date": spec.due_date,
                "baseline_period": period,
                "baseline_value": value,
                "target_value": spec.target_value,
                "status": "planned",
                "created_by": user.name,
                "created_at": now,
                "updated_at": now,
            },
        ).scalar_one()
    )


def add_actions(
    store: Store, specs: Sequence[ActionSpec], user: User, *, file: str | None = None
) -> list[int]:
    """Plan actions, all or none: every problem of every spec is reported at once (with the
    file's row when ``file`` names one, its header being row 1). Returns their ids."""
    if user.role not in ("admin", "officer"):
        raise AccessError(f"{user.name} ({user.role}) may not plan actions")
    with store.begin() as conn:
        ensure_actions(conn)
        problems = [
            Problem(file or "action", reason, i + 2 if file else None, column, value)
            for i, spec in enumerate(specs)
            for column, reason, value in _problems(conn, spec, user)
        ]
        if problems:
            raise DataError(problems)
        ids = [_insert(conn, spec, user) for spec in specs]
    for action_id, spec in zip(ids, specs, strict=True):
        audit("action_add", user=user.name, action=action_id, area=spec.area_code)
    return ids


def plan_action(store: Store, spec: ActionSpec, user: User) -> int:
    """Plan one action (see :func:`add_actions`); returns its id."""
    return add_actions(store, [spec], user)[0]


def _action(conn: Connection, action_id: int) -> dict[str, Any]:
    row = conn.execute(select(actions_t).where(actions_t.c.id == action_id)).mappings().first()
    if row is None:
        raise WarroomError(f"no action {action_id}")
    return dict(row)


def add_note(
    store: Store,
    action_id: int,
    text: str,
    user: User,
    *,
    status: str | None = None,
    on: date | None = None,
) -> int:
    """A dated note on an action (``on``, today by default); with ``status``, the action
    moves to it (marked done, the store's newest value is kept as the one to hold)."""
    text = text.strip()
    if status is not None and status not in STATUSES:
        raise WarroomError(f"status must be one of {', '.join(STATUSES)}")
    if not text and status is None:
        raise WarroomError("a note needs words")
    now = datetime.now(UTC)
    with store.begin() as conn:
        ensure_actions(conn)
        action = _action(conn, action_id)
        _require(user, action["area_code"])
        changes: dict[str, Any] = {"updated_at": now}
        if status is not None and status != action["status"]:
            changes["status"] = status
            if status == "done" and action["indicator_id"]:
                period, value = newest_value(conn, action["indicator_id"], action["area_code"])
                changes.update(done_period=period, done_value=value)
            elif status != "done":
                changes.update(done_period=None, done_value=None)
        conn.execute(update(actions_t).where(actions_t.c.id == action_id).values(**changes))
        note_id = conn.execute(
            action_notes_t.insert().returning(action_notes_t.c.id),
            {
                "action_id": action_id,
                "noted_on": on or now.date(),
                "written_at": now,
                "user": user.name,
                "status": changes.get("status"),
                "text": text,
            },
        ).scalar_one()
    audit("action_note", user=user.name, action=action_id, status=changes.get("status"))
    return int(note_id)


def set_status(store: Store, action_id: int, status: str, user: User, note: str = "") -> int:
    """Move an action to ``status`` with a dated note; returns the note's id."""
    return add_note(store, action_id, note, user, status=status)


def add_agency(store: Store, name_th: str, name_en: str, user: User) -> int:
    """Put an agency on the list (admins only); names are unique in either language."""
    if user.role != "admin":
        raise AccessError(f"{user.name} ({user.role}) may not change the agencies; ask an admin")
    name_th, name_en = name_th.strip(), name_en.strip()
    if not name_th or not name_en:
        raise WarroomError("an agency needs its Thai and its English name")
    with store.begin() as conn:
        ensure_actions(conn)
        g = agencies_t.c
        if conn.scalar(select(g.id).where((g.name_th == name_th) | (g.name_en == name_en))):
            raise WarroomError(f"an agency named {name_th!r} or {name_en!r} exists already")
        agency_id = conn.execute(
            agencies_t.insert().returning(g.id),
            {
                "name_th": name_th,
                "name_en": name_en,
                "created_by": user.name,
                "created_at": datetime.now(UTC),
            },
        ).scalar_one()
    audit("agency_add", user=user.name, agency=agency_id, name_en=name_en)
    return int(agency_id)


def retire_agency(store: Store, agency_id: int, user: User) -> None:
    """Take an agency off the list for new actions (its actions keep it)."""
    if user.role != "admin":
        raise AccessError(f"{user.name} ({user.role}) may not change the agencies; ask an admin")
    with store.begin() as conn:
        ensure_actions(conn)
        done = conn.execute(
            update(agencies_t).where(agencies_t.c.id == agency_id).values(active=False)
        )
        if done.rowcount == 0:
            raise WarroomError(f"no agency {agency_id}")
    audit("agency_retire", user=user.name, agency=agency_id)
