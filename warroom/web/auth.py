"""Sign-in for every page: plain Flask routes, the user in a signed session cookie, roles.

- ``GET /signin?next=/upload&lang=en``: the form (Thai or English).
- ``POST /signin`` with form fields ``username``, ``password`` and ``next``: on success a
  redirect to ``next`` (a local path only), else the form again with one message (401),
  the same for an unknown name and a wrong password.
- ``POST /signout?next=...``: forget the user, back to ``next`` (a POST, so the Origin check
  refuses it from another site; the header's sign-out is a small form). ``GET /signout``
  signs nobody out: it shows the sign-in page, with its sign-out button.

The cookie holds the user name and a random session id, signed with
``Settings.session_secret()``; signing out revokes the id (``warroom.web.sessions``), so a copy
of the cookie is dead too. The account (role, province) is read from the store on every
request, so removing an account or changing its role takes effect at once. Passwords are
checked by ``warroom.intake.users``; failed sign-ins are throttled (``warroom.web.throttle``)
and every sign-in, failed sign-in and sign-out goes to the audit log. Over HTTPS
(``WARROOM_HTTPS``) the cookie is ``Secure``.

Roles are checked in one place, :func:`can`. When ``require_login`` is set, a
``before_request`` hook sends unauthenticated requests to ``/signin``; the sign-in routes,
assets and fonts stay open. Otherwise viewing stays open and only loading needs an account.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote, unquote, urlsplit

from flask import (
    Flask,
    Response,
    current_app,
    g,
    redirect,
    render_template_string,
    request,
    session,
)
from flask.typing import ResponseReturnValue

from warroom.audit import audit
from warroom.config import Settings
from warroom.intake.users import AccessError, User, authenticate, has_users
from warroom.store import Store
from warroom.text.i18n import LANGUAGES, t
from warroom.web.sessions import (
    SessionPlaces,
    check_reachable,
    is_revoked,
    new_session_id,
    revoke,
)
from warroom.web.signin_state import state_path

SIGN_IN_PATH = "/signin"
SIGN_OUT_PATH = "/signout"
SESSION_KEY = "warroom_user"
SESSION_ID_KEY = "warroom_sid"
COOKIE_NAME = "warroom_session"
SESSION_HOURS = 12
# Paths open without signing in even when require_login is set.
OPEN_PREFIXES = ("/assets/", "/fonts/")
OPEN_PATHS = (SIGN_IN_PATH, SIGN_OUT_PATH, "/favicon.ico", "/_favicon.ico")
# What each role may do on the web (the intake checks provinces itself).
PERMISSIONS = {
    "load": ("admin", "officer"),  # upload, check, load and roll back tables
    "declare": ("admin",),  # declare new indicators
    "see_loads": ("admin", "officer", "viewer"),
}
_STORE_KEY = "WARROOM_STORE"
_LANG_KEY = "WARROOM_LANGUAGE"
_CACHE_KEY = "WARROOM_CACHE_URL"
_STATE_KEY = "WARROOM_SIGNIN_STATE"


def init_auth(server: Flask, settings: Settings, store: Store) -> None:
    """Sign the session cookie, add ``/signin`` and ``/signout``, guard pages if asked."""
    server.secret_key = settings.session_secret()
    server.config.update(
        SESSION_COOKIE_NAME=COOKIE_NAME,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",  # no cookie on cross-site POSTs (callbacks)
        SESSION_COOKIE_SECURE=settings.https,  # never sent over plain HTTP
        PERMANENT_SESSION_LIFETIME=timedelta(hours=SESSION_HOURS),
    )
    server.config[_STORE_KEY] = store
    server.config[_LANG_KEY] = settings.language
    server.config[_CACHE_KEY] = settings.cache_url
    server.config[_STATE_KEY] = state_path(settings.build_dir)
    server.add_url_rule(SIGN_IN_PATH, "signin", signin_view, methods=["GET", "POST"])
    server.add_url_rule(SIGN_OUT_PATH, "signout", signout_view, methods=["GET", "POST"])
    server.before_request(_check_session)
    if settings.require_login:
        server.before_request(_require_login)


def can(user: User | None, action: str) -> bool:
    """Whether ``user`` may do ``action`` ('load', 'declare', 'see_loads')."""
    return user is not None and user.role in PERMISSIONS[action]


def _store() -> Store:
    return current_app.config[_STORE_KEY]


def is_open(path: str) -> bool:
    """Whether ``path`` is served without signing in when ``require_login`` is set."""
    return path in OPEN_PATHS or path.startswith(OPEN_PREFIXES)


def signin_href(next_path: str, lang: str) -> str:
    """The sign-in link that comes back to ``next_path``."""
    return f"{SIGN_IN_PATH}?next={quote(next_path, safe='')}&lang={lang}"


def signout_href(next_path: str) -> str:
    """The sign-out link that comes back to ``next_path``."""
    return f"{SIGN_OUT_PATH}?next={quote(next_path, safe='')}"


def _require_login() -> ResponseReturnValue | None:
    if is_open(request.path) or current_user() is not None:
        return None
    if request.method == "GET" and request.accept_mimetypes.accept_html:
        target = request.full_path.rstrip("?")
        return redirect(f"{SIGN_IN_PATH}?next={quote(target, safe='')}")
    return Response("sign in first", status=401, mimetype="text/plain")


def _check_session() -> None:
    """Read a signed-in request's user before anything else does, so that a sign-in state
    that cannot be read answers the one bilingual 503 (``SessionStateError``) whatever the
    path, never a page or a callback that guessed. Sign-out needs no user: it goes on."""
    if session.get(SESSION_KEY) and request.path != SIGN_OUT_PATH:
        current_user()


def current_user() -> User | None:
    """The signed-in user of this request, or None (also when the account was removed)."""
    if "warroom_user" in g:
        return g.warroom_user
    user = None
    name = session.get(SESSION_KEY)
    sid = session.get(SESSION_ID_KEY)
    if name and (not sid or is_revoked(sid, places=_places())):
        session.clear()  # signed out elsewhere (or a cookie from before session ids)
        name = None
    if name:
        rec = _store().account(name)
        if rec is not None:
            user = User(rec["name"], rec["role"], rec["province"])
        else:
            session.pop(SESSION_KEY, None)
    g.warroom_user = user
    return user


def sign_in(name: str, password: str) -> User:
    """Check the password and remember the user in the session; AccessError if wrong."""
    name = (name or "").strip()
    try:
        user = authenticate(_store(), name, password or "")
    except AccessError:
        audit("signin_failed", user=name[:64])
        raise
    check_reachable(_places())  # no cookie that the next request could not check
    session.clear()
    session[SESSION_KEY] = user.name
    session[SESSION_ID_KEY] = new_session_id()
    audit("signin", user=user.name, role=user.role)
    session.permanent = True  # expires after SESSION_HOURS
    g.warroom_user = user
    return user


def sign_out() -> None:
    """Forget the signed-in user, and revoke the session everywhere (every copy of the cookie)."""
    name, sid = session.get(SESSION_KEY), session.get(SESSION_ID_KEY)
    if name and sid:
        lifetime = current_app.config["PERMANENT_SESSION_LIFETIME"]
        revoke(sid, name, lifetime=lifetime, places=_places())
        audit("signout", user=name)
    session.clear()
    g.warroom_user = None


def _places() -> SessionPlaces:
    return SessionPlaces(
        current_app.config[_STATE_KEY], _store(), current_app.config.get(_CACHE_KEY)
    )


def accounts_exist() -> bool:
    """Whether any account exists (before the first, nobody can sign in over the web)."""
    return has_users(_store())


def safe_next(target: str | None) -> str | None:
    """A local path to return to after signing in, or None (never another site).

    Browsers drop tabs and line breaks from URLs and read a backslash as ``/``, so ``/`` +
    tab + ``/host`` would become ``//host``: any control character or backslash refuses it.
    """
    if not target:
        return None
    for form in (target, unquote(target)):  # encoded once more, the same rules
        if any(ord(c) < 0x20 or c in "\\\x7f" for c in form):
            return None
        if not form.startswith("/") or form.startswith("//"):
            return None
        parts = urlsplit(form)
        if parts.scheme or parts.netloc:
            return None
    return target


def landing(user: User, target: str, lang: str) -> str:
    """Where a user goes after signing in: ``target``, except that an officer who asked for
    nothing in particular (the map) lands on their own province's page."""
    if target == "/" and user.role == "officer" and user.province:
        return f"/province/{user.province}?lang={lang}"
    return target


def _lang() -> str:
    lang = request.values.get("lang", "")
    return lang if lang in LANGUAGES else current_app.config.get(_LANG_KEY, "th")


def signin_view() -> ResponseReturnValue:
    """``/signin``: the form on GET; check the password on POST."""
    lang = _lang()
    target = safe_next(request.values.get("next")) or "/"
    message, status = "", 200
    if not accounts_exist():
        message = t("up_no_accounts", lang, command="warroom users add")
    elif request.method == "POST":
        try:
            user = sign_in(request.form.get("username", ""), request.form.get("password", ""))
        except AccessError:
            # the same words for an unknown user and a wrong password
            message, status = t("up_wrong_password", lang), 401
        else:
            asked = request.values.get("next") or "/"
            return redirect(landing(user, asked, lang) if asked == "/" else target)
    signed_in = current_user()
    page = render_template_string(
        _SIGNIN_HTML,
        lang=lang,
        other="en" if lang == "th" else "th",
        t=lambda key, **kw: t(key, lang, **kw),
        target=target,
        message=message,
        accounts=accounts_exist(),
        user=signed_in,
        signout=signout_href(target),
    )
    return page, status


def signout_view() -> ResponseReturnValue:
    """``POST /signout``: forget the user and go back to ``next`` (or the map). A GET (a
    link, an image on another site) signs nobody out: the sign-in page, with its button."""
    target = safe_next(request.values.get("next")) or "/"
    if request.method != "POST":
        return redirect(f"{SIGN_IN_PATH}?next={quote(target, safe='')}")
    sign_out()
    return redirect(target)


_SIGNIN_HTML = """<!doctype html>
<html lang="{{ lang }}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ t('up_signin') }} · War Room</title>
<link rel="icon" type="image/x-icon" href="/_favicon.ico">
<link rel="stylesheet" href="/assets/warroom.css"></head>
<body class="wr-signin-body">
<header class="wr-header"><div><h1>{{ t('title') }}</h1>
<div class="wr-subtitle">{{ t('up_signin') }}</div></div>
<nav class="wr-head-nav"><a href="{{ target }}" class="wr-head-link">{{ t('back') }}</a>
<a href="?next={{ target|urlencode }}&lang={{ other }}" class="wr-head-link" id="signin-lang">
{{ 'English' if lang == 'th' else 'ไทย' }}</a></nav></header>
<main class="wr-signin">
{% if user %}<form method="post" action="{{ signout }}" class="wr-signin-who" id="signout-form">
{{ t('signed_in_as', name=user.name) }}
<button type="submit" id="signout-submit">{{ t('up_signout') }}</button></form>{% endif %}
{% if message %}<p class="wr-signin-msg" role="alert" id="signin-msg">{{ message }}</p>{% endif %}
{% if accounts %}
<form method="post" action="/signin" id="signin-form">
<input type="hidden" name="next" value="{{ target }}">
<input type="hidden" name="lang" value="{{ lang }}">
<label for="username">{{ t('up_user') }}</label>
<input id="username" name="username" autocomplete="username" required autofocus>
<label for="password">{{ t('up_password') }}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit" id="signin-submit">{{ t('up_signin_button') }}</button>
</form>{% endif %}
</main></body></html>
"""

__all__ = [
    "AccessError",
    "accounts_exist",
    "can",
    "current_user",
    "init_auth",
    "is_open",
    "safe_next",
    "sign_in",
    "sign_out",
    "signin_href",
    "signout_href",
]
