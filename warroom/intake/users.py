"""Accounts and roles: admin (everything), officer (one province's data), viewer (read only).

Passwords are stored only as salted hashes (werkzeug's scrypt), never in clear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from warroom.errors import WarroomError
from warroom.store import Store, users_t

ROLES = ("admin", "officer", "viewer")
_NAME = re.compile(r"^[A-Za-z0-9_.@-]{2,64}$")
MIN_PASSWORD = 8
# werkzeug's hash (default scrypt settings) of a random password nobody knows: checked when a
# user name is unknown, so that a wrong name costs as much time as a wrong password.
_UNKNOWN_USER_HASH = (
    "scrypt:32768:8:1$T1ggw6goeTQxkvAP$39dcabbded9f651b340ffba648848b"
    "49bf51571f1eab47897fce7538b7b539a00a0683c51e7e4bd909948f0895d515"
    "e4b7159885d6d05de7c252145842ab7e44"
)


class AccessError(WarroomError):
    """The user may not do this (wrong password, role or province)."""


@dataclass(frozen=True)
class User:
    """A signed-in user."""

    name: str
    role: str
    province: str | None = None

    def may_load(self, province: str | None) -> bool:
        """Whether the user may load or roll back data lying in ``province`` (None: several)."""
        if self.role == "admin":
            return True
        return self.role == "officer" and province is not None and province == self.province

    @property
    def scope(self) -> str | None:
        """The province an officer is limited to; None for an admin."""
        return self.province if self.role == "officer" else None


# The operator at the machine before any account exists (a fresh install), or a test.
LOCAL_ADMIN = User("local", "admin")


def add_user(
    store: Store, name: str, password: str, role: str, province: str | None = None
) -> User:
    """Create an account; names are unique, officers need a province (``TH50``)."""
    if not _NAME.match(name):
        raise WarroomError("user names are 2-64 letters, digits or . _ @ -")
    if role not in ROLES:
        raise WarroomError(f"role must be one of {', '.join(ROLES)}")
    if role == "officer" and not (province and re.fullmatch(r"TH\d{2}", province)):
        raise WarroomError("a provincial officer needs --province, e.g. TH50")
    if role != "officer" and province:
        raise WarroomError("only officers have a province")
    if len(password) < MIN_PASSWORD:
        raise WarroomError(f"passwords have at least {MIN_PASSWORD} characters")
    try:
        with store.begin() as conn:
            conn.execute(
                users_t.insert(),
                {
                    "name": name,
                    "password_hash": generate_password_hash(password),
                    "role": role,
                    "province": province,
                    "created_at": datetime.now(UTC),
                },
            )
    except IntegrityError:
        raise WarroomError(f"user {name!r} already exists") from None
    return User(name, role, province)


def remove_user(store: Store, name: str) -> None:
    """Delete an account (its past loads keep its name). The last admin is never removed
    while other accounts remain: nobody could make an admin again (the command line acts as
    the local admin only before the first account exists)."""
    with store.begin() as conn:
        if conn.execute(delete(users_t).where(users_t.c.name == name)).rowcount == 0:
            raise WarroomError(f"no user {name!r}")
        admins = conn.scalar(select(func.count()).where(users_t.c.role == "admin"))
        others = conn.scalar(select(func.count()).select_from(users_t))
        if not admins and others:
            raise WarroomError(
                f"{name!r} is the last admin: make another admin first "
                "(warroom users add NAME --role admin), then remove this one"
            )


def list_users(store: Store) -> pd.DataFrame:
    """Accounts without their hashes."""
    return store.users()


def has_users(store: Store) -> bool:
    """Whether any account exists (before the first, the local operator acts as admin)."""
    return store.has_users()


def authenticate(store: Store, name: str, password: str) -> User:
    """The user, if the password is right; otherwise AccessError (same message either way)."""
    row = store.account(name)
    # An unknown name costs the same hashing as a known one: timing tells no name apart.
    stored = row["password_hash"] if row is not None else _UNKNOWN_USER_HASH
    if not check_password_hash(stored, password) or row is None:
        raise AccessError("wrong user name or password")
    return User(row["name"], row["role"], row["province"])
