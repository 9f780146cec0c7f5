"""Sign-in for the web app: the user's name in Flask's signed session cookie.

The cookie holds only the user name, signed with ``Settings.session_secret()``; the account
(role, province) is read from the store on every request, so removing an account or
changing its role takes effect at once. Passwords are checked by ``warroom.intake.users``.

When ``require_login`` is set, a ``before_request`` hook sends unauthenticated requests for
the dashboard to the sign-in page (``/upload/``); that page, its Dash endpoints, the assets
and the fonts stay open. Otherwise viewing stays open and only loading needs an account.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

from flask import Flask, Response, current_app, g, redirect, request, session

from warroom.config import Settings
from warroom.intake.users import AccessError, User, authenticate, has_users, list_users

SIGN_IN_PATH = "/upload/"
SESSION_KEY = "warroom_user"
COOKIE_NAME = "warroom_session"
SESSION_HOURS = 12
# Paths open without signing in even when require_login is set.
OPEN_PREFIXES = ("/upload/", "/assets/", "/fonts/")
OPEN_PATHS = ("/upload", "/favicon.ico")
_URL_KEY = "WARROOM_DB_URL"


def init_auth(server: Flask, settings: Settings) -> None:
    """Sign the session cookie with the installation's key; guard the dashboard if asked."""
    server.secret_key = settings.session_secret()
    server.config.update(
        SESSION_COOKIE_NAME=COOKIE_NAME,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",  # no cookie on cross-site POSTs (callbacks)
        PERMANENT_SESSION_LIFETIME=timedelta(hours=SESSION_HOURS),
    )
    server.config[_URL_KEY] = settings.db_url
    if settings.require_login:
        server.before_request(_require_login)


def _url() -> str:
    return current_app.config[_URL_KEY]


def is_open(path: str) -> bool:
    """Whether ``path`` is served without signing in when ``require_login`` is set."""
    return path in OPEN_PATHS or path.startswith(OPEN_PREFIXES)


def _require_login() -> Response | None:
    if is_open(request.path) or current_user() is not None:
        return None
    if request.method == "GET" and request.accept_mimetypes.accept_html:
        target = request.full_path.rstrip("?")
        return redirect(f"{SIGN_IN_PATH}?next={quote(target, safe='')}")
    return Response("sign in first", status=401, mimetype="text/plain")


def current_user() -> User | None:
    """The signed-in user of this request, or None (also when the account was removed)."""
    if "warroom_user" in g:
        return g.warroom_user
    user = None
    name = session.get(SESSION_KEY)
    if name:
        accounts = list_users(_url())
        row = accounts[accounts["name"] == name]
        if len(row):
            rec = row.iloc[0]
            province = rec["province"] if isinstance(rec["province"], str) else None
            user = User(str(rec["name"]), str(rec["role"]), province)
        else:
            session.pop(SESSION_KEY, None)
    g.warroom_user = user
    return user


def sign_in(name: str, password: str) -> User:
    """Check the password and remember the user in the session; AccessError if wrong."""
    user = authenticate(_url(), (name or "").strip(), password or "")
    session.clear()
    session[SESSION_KEY] = user.name
    session.permanent = True  # expires after SESSION_HOURS
    g.warroom_user = user
    return user


def sign_out() -> None:
    """Forget the signed-in user."""
    session.clear()
    g.warroom_user = None


def accounts_exist() -> bool:
    """Whether any account exists (before the first, nobody can sign in over the web)."""
    return has_users(_url())


def safe_next(target: str | None) -> str | None:
    """A local path to return to after signing in, or None (never another site)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    return target


__all__ = [
    "AccessError",
    "accounts_exist",
    "current_user",
    "init_auth",
    "is_open",
    "safe_next",
    "sign_in",
    "sign_out",
]
