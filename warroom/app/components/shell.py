"""The page shell every page shares: the header (title, page links, sign-in or sign-out,
language switch) and the translatable text element.

A page builds its own grid and puts ``page_header(...)`` in it. Text that follows the
language switch is made with ``tr(key, lang, kind=...)``: its id is
``{"type": kind, "key": key}``, and the page's translate callback fills every element of its
``kind`` with ``t(key, lang)`` (the map page uses ``kind="map-i18n"``, the upload page
``"up-i18n"``; a new page uses its own prefix, e.g. ``"prov-i18n"``).
"""

from __future__ import annotations

import dash
from dash import dcc, html

from warroom.text.i18n import t
from warroom.web import auth


def nav_links() -> list[tuple[str, str]]:
    """(path, label key) of the pages linked from every header, in their ``order``: every
    page registered with ``nav="<label key>"`` (``dash.register_page(..., nav=...)``).

    The wall is linked so that whoever sets up a wall screen finds it; the wall itself runs
    unattended and shows no header.
    """
    return [(p["path"], p["nav"]) for p in dash.page_registry.values() if p.get("nav")]


def language_switch(component_id: str, lang: str) -> dcc.RadioItems:
    """The Thai/English switch, the same on every page."""
    return dcc.RadioItems(
        id=component_id,
        value=lang,
        inline=True,
        className="wr-lang",
        options=[{"label": "ไทย", "value": "th"}, {"label": "English", "value": "en"}],
    )


def tr(key: str, lang: str, tag=html.Span, *, kind: str, **kwargs):
    """A text element that the page's translate callback re-translates."""
    return tag(t(key, lang), id={"type": kind, "key": key}, **kwargs)


def page_header(
    *,
    path: str,
    lang: str,
    lang_id: str,
    kind: str,
    title_key: str,
    subtitle_key: str | None = None,
    extra: list | None = None,
) -> html.Header:
    """The header: title and subtitle; links to the other pages; who is signed in with a
    sign-out button (a small form; or a sign-in link); ``extra`` items; the language switch.

    ``path`` is this page's path (the sign-in and sign-out links come back to it).
    """
    user = auth.current_user()
    if user is not None:
        who = [
            html.Span(user.name, className="wr-head-user", id=f"{lang_id}-user"),
            html.Form(  # a POST: a link from another site cannot sign anyone out
                html.Button(
                    t("up_signout", lang),
                    id={"type": kind, "key": "up_signout"},
                    type="submit",
                    className="wr-head-link wr-signout",
                ),
                action=auth.signout_href(path),
                method="POST",
                className="wr-signout-form",
            ),
        ]
    else:
        who = [
            html.A(
                t("signin_link", lang),
                id={"type": kind, "key": "signin_link"},
                href=auth.signin_href(path, lang),
                className="wr-head-link wr-signin-link",
            )
        ]
    links = [
        html.A(t(key, lang), id={"type": kind, "key": key}, href=href, className="wr-head-link")
        for href, key in nav_links()
        if href != path
    ]
    title = [tr(title_key, lang, html.H1, kind=kind)]
    if subtitle_key:
        title.append(tr(subtitle_key, lang, html.Div, kind=kind, className="wr-subtitle"))
    return html.Header(
        className="wr-header",
        children=[
            html.Div(title, className="wr-head-title"),
            html.Nav(
                className="wr-head-nav",
                children=[*(extra or []), *links, *who, language_switch(lang_id, lang)],
            ),
        ],
    )
