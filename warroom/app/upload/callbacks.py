"""Upload page callbacks that draw: language, who is signed in, the indicator list, the
file, the preview, the load bar and the loads table.

Module-level ``dash.callback``s: a test calls them directly inside a request context
(``with app.server.test_request_context(): ...``). Every action asks ``auth`` on the server;
the browser's stores only decide what to draw.
"""

from __future__ import annotations

from dataclasses import asdict
from urllib.parse import parse_qs

import pandas as pd
from dash import ALL, Input, Output, State, callback, clientside_callback, ctx, html, no_update

from warroom.app.context import app_context
from warroom.app.upload.actions import MB, _max_mb, _places, _store, report_for
from warroom.app.upload.files import UploadError
from warroom.app.upload.layout import OPTION_KEYS, direction_options, rollup_options
from warroom.app.upload.report_view import report_view
from warroom.app.upload.views import (
    batches_table,
    error_notice,
    notice,
    problems_panel,
    role_label,
)
from warroom.errors import Problem, WarroomError
from warroom.intake.batches import list_batches
from warroom.intake.declare import intake_indicator
from warroom.intake.users import User
from warroom.store import INTAKE, Store
from warroom.text.i18n import LANGUAGES, t
from warroom.web import auth

MAX_BATCHES_SHOWN = 500


def _query(search: str | None) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs((search or "").lstrip("?")).items()}


def _who(user: User | None, accounts: bool) -> dict:
    return {"user": asdict(user) if user else None, "accounts": accounts}


def declared_indicators(store: Store, *, builtin: bool = False) -> pd.DataFrame:
    """Indicators declared for loading (origin 'intake'), by id; with ``builtin`` (an
    admin) the built-in ones after them, for new periods of their series."""
    frame = store.indicators() if builtin else store.indicators(origin=INTAKE)
    order = (frame["origin"] != INTAKE).astype(int)
    return frame.assign(_o=order).sort_values(["_o", "id"], ignore_index=True).drop(columns="_o")


def _size_text(size: int) -> str:
    return f"{size / MB:,.1f} MB" if size >= MB else f"{max(size / 1024, 0.1):,.1f} KB"


_SIZE_GUARD_JS = """
function(lang, limits) {
    const zone = document.getElementById('up-upload');
    const limit = (limits || {}).bytes || 0;
    const text = ((limits || {}).text || {})[lang] || '';
    if (!zone || !limit) { return window.dash_clientside.no_update; }
    if (zone._wrGuard) {
        zone.removeEventListener('drop', zone._wrGuard, true);
        zone.removeEventListener('change', zone._wrGuard, true);
    }
    zone._wrGuard = function(event) {
        const files = (event.dataTransfer || event.target || {}).files || [];
        if (Array.from(files).some(f => f.size > limit)) {
            window.dash_clientside.set_props('up-file-msg', {children: {
                type: 'Div', namespace: 'dash_html_components',
                props: {children: text, className: 'wr-up-note wr-up-note-error', role: 'alert'}
            }});
            if (event.target && event.target.files) {  // so the same file can be chosen again
                setTimeout(() => { event.target.value = ''; }, 0);
            }
        }
    };
    zone.addEventListener('drop', zone._wrGuard, true);
    zone.addEventListener('change', zone._wrGuard, true);
    return window.dash_clientside.no_update;
}
"""


@callback(
    Output("up-lang", "value"),
    Input("up-url", "search"),
    State("up-lang", "value"),
)
def language_from_url(search, current):
    lang = _query(search).get("lang")
    return lang if lang in LANGUAGES and lang != current else no_update


@callback(
    Output({"type": "up-i18n", "key": ALL}, "children"),
    Output({"type": "up-option", "field": ALL, "kind": ALL}, "placeholder"),
    Output("up-drop-hint", "children"),
    Output("up-indicator", "placeholder"),
    Output("up-spec-direction", "options"),
    Output("up-spec-rollup", "options"),
    Output("up-spec-modelled", "options"),
    Output("up-only-province", "options"),
    Input("up-lang", "value"),
)
def translate(lang):
    keys = [o["id"]["key"] for o in ctx.outputs_list[0]]
    return (
        [t(k, lang) for k in keys],
        [t("up_auto", lang)] * len(ctx.outputs_list[1]),
        t("up_drop_hint", lang, mb=_max_mb()),
        t("up_pick_indicator", lang),
        direction_options(lang),
        rollup_options(lang),
        [{"label": t("up_f_modelled", lang), "value": "yes"}],
        [{"label": t("up_only_province", lang), "value": "yes"}],
    )


@callback(Output("up-who", "data"), Input("up-url", "search"))
def who(_search):
    """Who is signed in (the browser's copy decides only what to draw)."""
    return _who(auth.current_user(), auth.accounts_exist())


@callback(
    Output("up-banner", "children"),
    Output("up-signin-box", "hidden"),
    Output("up-signin-link", "hidden"),
    Output("up-no-accounts", "children"),
    Output("up-work", "hidden"),
    Output("up-declare-box", "hidden"),
    Output("up-viewer-note", "children"),
    Output("up-loadbar", "hidden"),
    Output("up-only-province-box", "hidden"),
    Input("up-who", "data"),
    Input("up-lang", "value"),
)
def chrome(who, lang):
    who = who or {"user": None, "accounts": True}
    user = User(**who["user"]) if who.get("user") else None
    if user is None:
        no_accounts = (
            ""
            if who.get("accounts", True)
            else notice(
                t("up_no_accounts", lang, command="warroom users add"),
                "warn",
                id="up-no-accounts-note",
            )
        )
        signin_link_hidden = not who.get("accounts", True)
        return ("", False, signin_link_hidden, no_accounts, True, True, "", True, True)
    banner = html.Span(role_label(user, _places(), lang), className="wr-up-role", id="up-role")
    viewer = "" if auth.can(user, "load") else notice(t("up_viewer_note", lang), "info")
    return (
        banner,
        True,
        True,
        "",
        not auth.can(user, "load"),
        not auth.can(user, "declare"),
        viewer,
        not auth.can(user, "load"),
        not (user.role == "officer" and auth.can(user, "load")),  # only an officer has a province
    )


@callback(
    Output("up-indicator", "options"),
    Output("up-indicator", "value"),
    Output("up-indicator-note", "children"),
    Input("up-who", "data"),
    Input("up-declared", "data"),
    Input("up-lang", "value"),
    State("up-indicator", "value"),
)
def indicator_choice(_who, declared, lang, current):
    user = auth.current_user()
    if not auth.can(user, "load"):
        return [], (None if current is not None else no_update), ""
    frame = declared_indicators(_store(), builtin=user is not None and user.role == "admin")
    name_col = "name_th" if lang == "th" else "name_en"
    builtin = f" · {t('up_builtin', lang)}"
    options = [
        {
            "label": f"{r[name_col]} · {r['id']}" + (builtin if r["origin"] != INTAKE else ""),
            "value": r["id"],
        }
        for r in frame.to_dict("records")
    ]
    ids = set(frame["id"])
    wanted = declared if ctx.triggered_id == "up-declared" and declared in ids else current
    wanted = wanted if wanted in ids else None
    note = "" if options else notice(t("up_no_intake_indicators", lang), "info")
    return options, (wanted if wanted != current else no_update), note


# dcc.Upload drops a file over max_size silently: say so, in the page's language.
clientside_callback(
    _SIZE_GUARD_JS,
    Output("up-client", "data"),
    Input("up-lang", "value"),
    State("up-limits", "data"),
)

# The browser fires no change event for the same file chosen twice: forget the choice.
clientside_callback(
    """function(contents) {
        const input = document.querySelector('#up-upload input[type=file]');
        if (input) { input.value = ''; }
        return window.dash_clientside.no_update;
    }""",
    Output("up-client", "data", allow_duplicate=True),
    Input("up-upload", "contents"),
    prevent_initial_call=True,
)


@callback(
    Output("up-file-info", "hidden"),
    Output("up-file-name", "children"),
    Input("up-file", "data"),
)
def file_info(file):
    if not file:
        return True, ""
    return False, f"{file['name']} ({_size_text(int(file['size']))})"


@callback(
    Output("up-preview", "children"),
    Input("up-report", "data"),
    Input("up-lang", "value"),
    Input("up-who", "data"),
)
def render_preview(summary, lang, who):
    if not summary:
        user = (who or {}).get("user")
        key = "up_signin_why" if not user else "up_preview_empty"
        if user and user["role"] not in ("admin", "officer"):
            key = "up_viewer_note"
        return html.Div(t(key, lang), className="wr-up-empty")
    if summary.get("need"):  # the table needs the user's word: asked, never in CLI words
        return question(summary, lang)
    if summary.get("error"):
        problems = [Problem(*row) for row in summary["problems"]]
        return [
            error_notice(t("up_check_failed", lang), summary["error"]),
            html.Div(
                problems_panel(problems, summary["count"], lang), className="wr-up-lists-only"
            ),
        ]
    user = auth.current_user()
    if user is None:
        return error_notice(t("up_signin_needed", lang))
    if summary.get("loaded") and app_context().reports.get(summary["key"], user.name) is None:
        return html.Div(t("up_preview_empty", lang), className="wr-up-empty")
    try:
        report = report_for(summary, user)
        indicator = intake_indicator(_store(), summary["indicator"])
    except UploadError as exc:
        return error_notice(t(exc.key, lang, mb=_max_mb()))
    except WarroomError as exc:
        return error_notice(t("up_failed", lang), str(exc))
    return report_view(report, indicator, _places(), app_context().base, lang)


def question(summary: dict, lang: str) -> html.Div:
    """What the table needs from the user, asked in the page's words: the fix first."""
    need = summary["need"]
    if need == "period" and summary.get("period") is not None:
        text = t("up_need_period_bad", lang, year=summary["period"])
    else:
        text = t(f"up_need_{need}", lang, n=f"{len(summary.get('candidates') or []):,}")
    return notice(text, "warn", id="up-question", role="alert")


@callback(
    Output("up-options-box", "open"),
    Output({"type": "up-optfield", "field": ALL}, "className"),
    Output({"type": "up-option", "field": ALL, "kind": "column"}, "options"),
    Output("up-options-summary", "children"),
    Output("up-only-province-box", "className"),
    Input("up-report", "data"),
    Input("up-lang", "value"),
    State("up-only-province", "value"),
)
def ask(summary, lang, only):
    """Open the options where the table needs an answer and mark the field; the column
    lists hold the file's own columns; the officer's tick is marked when it would help."""
    summary = summary or {}
    # a table of several measures asks which rows to load (the rows' column first)
    need = summary.get("need") or ("rows_column" if summary.get("measures") else None)
    fields = [o["id"]["field"] for o in ctx.outputs_list[1]]
    marked = ["wr-up-field wr-up-needed" if f == need else "wr-up-field" for f in fields]
    columns = summary.get("columns")
    listed = [{"label": c, "value": c} for c in columns] if columns else no_update
    title = (
        t("up_options_needed", lang, field=t(OPTION_KEYS[need], lang))
        if need
        else t("up_options", lang)
    )
    outside = bool(summary.get("blocking")) and "yes" not in (only or [])
    return (
        True if need else no_update,
        marked,
        [listed] * len(ctx.outputs_list[2]),
        title,
        "wr-up-only wr-up-needed" if outside else "wr-up-only",
    )


@callback(
    Output("up-drop-invalid", "options"),
    Output("up-drop-invalid", "style"),
    Output("up-load", "disabled"),
    Output("up-load-note", "children"),
    Input("up-report", "data"),
    Input("up-drop-invalid", "value"),
    Input("up-lang", "value"),
)
def load_state(summary, drop, lang):
    hidden = {"display": "none"}
    if not summary or summary.get("error") or summary.get("loaded"):
        return [], hidden, True, ""
    if summary["blocking"] and summary["options"].get("only_province"):
        return [], hidden, True, notice(t("up_load_nothing", lang), "warn")
    if summary["blocking"]:
        return [], hidden, True, notice(t("up_load_blocked", lang), "error")
    if summary["rows"] == 0:
        return [], hidden, True, notice(t("up_load_nothing", lang), "warn")
    ready = notice(t("up_load_ready", lang, rows=f"{summary['rows']:,}"), "ok")
    ticks, waiting = [], None  # boxes the user must tick; what the first unticked one says
    if summary["problems"]:
        label = t("up_drop_invalid", lang, n=f"{summary['bad_rows']:,}")
        ticks.append({"label": label, "value": "drop"})
        if "drop" not in (drop or []):
            waiting = waiting or notice(t("up_load_tick", lang), "warn")
    if summary.get("replaced_built"):  # replacing official values is said, never implied
        label = t("up_replace_built", lang, n=f"{summary['replaced_built']:,}")
        ticks.append({"label": label, "value": "replace"})
        if "replace" not in (drop or []):
            waiting = waiting or notice(t("up_load_tick_built", lang), "warn")
    if not ticks:
        return [], hidden, False, ready
    return ticks, {}, waiting is not None, waiting or ready


@callback(
    Output("up-batches", "children"),
    Input("up-who", "data"),
    Input("up-batches-version", "data"),
    Input("up-lang", "value"),
)
def show_batches(_who, _version, lang):
    user = auth.current_user()
    if user is None:
        return html.Div(t("up_signin_why", lang), className="wr-up-empty")
    batches = list_batches(_store()).head(MAX_BATCHES_SHOWN)
    frame = _store().indicators()
    names = {r["id"]: {"th": r["name_th"], "en": r["name_en"]} for r in frame.to_dict("records")}
    return batches_table(batches, user, names, lang)
