"""Callbacks of the upload page: sign-in, declare, upload, check, load, roll back.

Every action asks ``auth.current_user()`` on the server (the browser's stores only decide
what to draw), and every refusal is shown as a message: ``WarroomError`` and its subclasses
carry their own words; anything else is logged and shown as a generic message.
"""

from __future__ import annotations

import json
import logging
import threading
from collections import OrderedDict
from dataclasses import asdict, dataclass, field
from urllib.parse import parse_qs

import dash
import pandas as pd
from dash import ALL, Input, Output, State, ctx, html, no_update
from dash.exceptions import PreventUpdate
from pydantic import ValidationError

from warroom.app import auth
from warroom.app.i18n import LANGUAGES, t
from warroom.app.upload.files import UploadError, discard_upload, find_upload, save_upload
from warroom.app.upload.layout import (
    OPTION_FIELDS,
    direction_options,
    rollup_options,
)
from warroom.app.upload.views import (
    MAX_LISTED,
    Places,
    batches_table,
    error_notice,
    notice,
    now_text,
    problems_panel,
    report_view,
    role_label,
    when_text,
)
from warroom.config import Settings
from warroom.errors import DataError, Problem, WarroomError
from warroom.indicators.store import INTAKE, Store, indicators_t
from warroom.intake.batches import (
    LoadRefusedError,
    check_table,
    list_batches,
    load_table,
    rollback,
)
from warroom.intake.declare import IndicatorSpec, declare, intake_indicator
from warroom.intake.plan import IntakeOptions, IntakeReport
from warroom.intake.users import AccessError, User

log = logging.getLogger(__name__)
MB = 1024 * 1024
MAX_BATCHES_SHOWN = 500


class ReportCache:
    """The last few checks' reports, kept in memory so that a language switch or the load
    bar never reads the file again; keyed by the upload's secret token and its owner."""

    def __init__(self, size: int = 16):
        self.size = size
        self._items: OrderedDict[str, tuple[str, IntakeReport]] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, key: str, owner: str, report: IntakeReport) -> None:
        """Remember a report (the oldest is forgotten beyond ``size``)."""
        with self._lock:
            self._items[key] = (owner, report)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def get(self, key: str, owner: str) -> IntakeReport | None:
        """The report of ``key`` if ``owner`` made it."""
        with self._lock:
            found = self._items.get(key)
        return found[1] if found and found[0] == owner else None


@dataclass
class UploadPage:
    """What the callbacks share: settings, the store's URL, area names, the map skeleton."""

    settings: Settings
    places: Places
    base: dict
    reports: ReportCache = field(default_factory=ReportCache)

    @property
    def url(self) -> str:
        """The store's SQLAlchemy URL."""
        return self.settings.db_url

    @property
    def max_bytes(self) -> int:
        """The largest upload accepted."""
        return self.settings.max_upload_mb * MB


def _query(search: str | None) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs((search or "").lstrip("?")).items()}


def _who(user: User | None, accounts: bool) -> dict:
    return {"user": asdict(user) if user else None, "accounts": accounts}


def may_load(user: User | None) -> bool:
    """Whether the user's role loads data at all (admins and officers)."""
    return user is not None and user.role in ("admin", "officer")


def declared_indicators(url: str) -> pd.DataFrame:
    """Indicators declared for loading (origin 'intake'), by id."""
    frame = Store(url).read(indicators_t, indicators_t.c.origin == INTAKE)
    return frame.sort_values("id", ignore_index=True)


def options_from(fields: dict[str, str | None]) -> IntakeOptions:
    """IntakeOptions from the optional column fields (blank: found automatically)."""
    return IntakeOptions(**{f: (fields.get(f) or "").strip() or None for f in OPTION_FIELDS})


def report_key(token: str, indicator: str, options: IntakeOptions) -> str:
    """The cache key of a check: which file, which indicator, which options."""
    return "|".join([token, indicator, *(str(v or "") for v in asdict(options).values())])


def report_summary(key: str, token: str, indicator: str, options: IntakeOptions, r) -> dict:
    """What the browser keeps of a check: enough to draw the load bar and to load."""
    return {
        "key": key,
        "token": token,
        "indicator": indicator,
        "options": asdict(options),
        "file": r.file,
        "sha256": r.sha256,
        "rows": r.rows,
        "problems": r.problem_count,
        "blocking": len(r.blocking),
        "bad_rows": len(r.bad_rows),
    }


def _problem_rows(problems: list[Problem]) -> list[list]:
    return [
        [p.file, p.row, p.column, None if p.value is None else str(p.value), p.reason]
        for p in problems[:MAX_LISTED]
    ]


def _field_label(name: str | None, lang: str) -> str | None:
    """A spec field as the form labels it ('id' → 'รหัส (เช่น moi.elderly)')."""
    return t(f"up_f_{name}", lang) if f"up_f_{name}" in _FIELD_KEYS else name


def _spec_problems(exc: ValidationError, lang: str) -> list[Problem]:
    """One problem per field, named as the form names it; 'required' in the page's words."""
    problems = []
    for err in exc.errors():
        name = str(err["loc"][0]) if err["loc"] else ""
        label = _field_label(name, lang)
        if err["type"] == "missing":
            problems.append(Problem("", t("up_required", lang), None, label))
            continue
        reason = err["msg"].removeprefix("Value error, ")
        problems.append(
            Problem("", reason, None, label or None, err.get("input") if name else None)
        )
    return problems


_FIELD_KEYS = {
    f"up_f_{n}"
    for n in (
        "id",
        "name_th",
        "name_en",
        "unit",
        "direction",
        "rollup",
        "sdg",
        "source",
        "weight",
        "modelled",
    )
}


def _problem_list(problems: list[Problem]) -> html.Ul:
    items = []
    for p in problems:
        where = p.column or p.file
        value = "" if p.value in (None, "") else f" ({p.value!r})"
        items.append(html.Li(f"{where}: {p.reason}{value}" if where else f"{p.reason}{value}"))
    return html.Ul(items, className="wr-up-problem-list")


def _size_text(size: int) -> str:
    return f"{size / MB:,.1f} MB" if size >= MB else f"{max(size / 1024, 0.1):,.1f} KB"


_SIZE_GUARD_JS = """
function(lang) {
    const zone = document.getElementById('up-upload');
    if (!zone) { return window.dash_clientside.no_update; }
    const limit = __LIMIT__;
    const text = (__TEXT__)[lang] || '';
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


def register_callbacks(app: dash.Dash, page: UploadPage) -> None:
    """Attach the upload page's callbacks to its Dash app."""
    folder = page.settings.uploads_dir
    max_mb = page.settings.max_upload_mb

    @app.callback(
        Output("up-lang", "value"),
        Input("up-url", "search"),
        State("up-lang", "value"),
    )
    def language_from_url(search, current):
        lang = _query(search).get("lang")
        return lang if lang in LANGUAGES and lang != current else no_update

    @app.callback(
        Output({"type": "up-i18n", "key": ALL}, "children"),
        Output({"type": "up-option", "field": ALL}, "placeholder"),
        Output("up-drop-hint", "children"),
        Output("up-indicator", "placeholder"),
        Output("up-spec-direction", "options"),
        Output("up-spec-rollup", "options"),
        Output("up-spec-modelled", "options"),
        Input("up-lang", "value"),
    )
    def translate(lang):
        keys = [o["id"]["key"] for o in ctx.outputs_list[0]]
        return (
            [t(k, lang) for k in keys],
            [t("up_auto", lang)] * len(ctx.outputs_list[1]),
            t("up_drop_hint", lang, mb=max_mb),
            t("up_pick_indicator", lang),
            direction_options(lang),
            rollup_options(lang),
            [{"label": t("up_f_modelled", lang), "value": "yes"}],
        )

    @app.callback(
        Output("up-who", "data"),
        Output("up-signin-msg", "children"),
        Output("up-password", "value"),
        Output("up-go", "href"),
        Input("up-url", "search"),
        Input("up-signin", "n_clicks"),
        Input("up-password", "n_submit"),
        Input("up-signout", "n_clicks"),
        State("up-user", "value"),
        State("up-password", "value"),
        State("up-lang", "value"),
    )
    def session_state(search, _signin, _submit, _signout, name, password, lang):
        trigger = ctx.triggered_id
        accounts = auth.accounts_exist()
        if trigger in ("up-signin", "up-password") and accounts:
            try:
                user = auth.sign_in(name, password)
            except AccessError:
                # the same words for an unknown user and a wrong password
                return (
                    _who(None, accounts),
                    error_notice(t("up_wrong_password", lang)),
                    "",
                    no_update,
                )
            target = auth.safe_next(_query(search).get("next"))
            return _who(user, accounts), "", "", target or no_update
        if trigger == "up-signout":
            auth.sign_out()
            return _who(None, accounts), "", "", no_update
        return _who(auth.current_user(), accounts), no_update, no_update, no_update

    @app.callback(
        Output("up-banner", "children"),
        Output("up-signout", "hidden"),
        Output("up-signin-box", "hidden"),
        Output("up-signin-form", "hidden"),
        Output("up-no-accounts", "children"),
        Output("up-work", "hidden"),
        Output("up-declare-box", "hidden"),
        Output("up-viewer-note", "children"),
        Output("up-map-link", "href"),
        Output("up-loadbar", "hidden"),
        Input("up-who", "data"),
        Input("up-lang", "value"),
    )
    def chrome(who, lang):
        who = who or {"user": None, "accounts": True}
        user = User(**who["user"]) if who.get("user") else None
        map_link = f"/?lang={lang}"
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
            signin_form_hidden = not who.get("accounts", True)
            return (
                "",
                True,
                False,
                signin_form_hidden,
                no_accounts,
                True,
                True,
                "",
                map_link,
                True,
            )
        banner = [
            html.Span(user.name, className="wr-up-user", id="up-user-name"),
            html.Span(role_label(user, page.places, lang), className="wr-up-role", id="up-role"),
        ]
        viewer = "" if may_load(user) else notice(t("up_viewer_note", lang), "info")
        return (
            banner,
            False,
            True,
            True,
            "",
            not may_load(user),
            user.role != "admin",
            viewer,
            map_link,
            not may_load(user),
        )

    @app.callback(
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
        if not may_load(user):
            return [], (None if current is not None else no_update), ""
        frame = declared_indicators(page.url)
        name_col = "name_th" if lang == "th" else "name_en"
        options = [
            {"label": f"{r[name_col]} · {r['id']}", "value": r["id"]}
            for r in frame.to_dict("records")
        ]
        ids = set(frame["id"])
        wanted = declared if ctx.triggered_id == "up-declared" and declared in ids else current
        wanted = wanted if wanted in ids else None
        note = "" if options else notice(t("up_no_intake_indicators", lang), "info")
        return options, (wanted if wanted != current else no_update), note

    @app.callback(
        Output("up-declare-msg", "children"),
        Output("up-declared", "data"),
        Input("up-declare-submit", "n_clicks"),
        State({"type": "up-spec", "field": ALL}, "value"),
        State("up-spec-direction", "value"),
        State("up-spec-rollup", "value"),
        State("up-spec-modelled", "value"),
        State("up-lang", "value"),
        prevent_initial_call=True,
    )
    def declare_indicator(_n, values, direction, rollup, modelled, lang):
        user = auth.current_user()
        if user is None:
            return error_notice(t("up_signin_needed", lang)), no_update
        names = [o["id"]["field"] for o in ctx.states_list[0]]
        fields = {n: (v or "").strip() for n, v in zip(names, values, strict=True)}
        fields.update(direction=direction, rollup=rollup, modelled="yes" in (modelled or []))
        try:
            spec = IndicatorSpec.model_validate(fields)
        except ValidationError as exc:
            problems = _spec_problems(exc, lang)
            headline = t("up_declare_failed", lang, n=len(problems))
            return html.Div(
                [error_notice(headline), _problem_list(problems)], id="up-declare-problems"
            ), no_update
        try:
            declare(page.url, [spec], user)
        except DataError as exc:
            headline = t("up_declare_failed", lang, n=len(exc.problems))
            named = [
                Problem(p.file, p.reason, p.row, _field_label(p.column, lang), p.value)
                for p in exc.problems
            ]
            return html.Div(
                [error_notice(headline), _problem_list(named)], id="up-declare-problems"
            ), no_update
        except WarroomError as exc:
            return error_notice(t("up_failed", lang), str(exc)), no_update
        return notice(t("up_declared", lang, id=spec.id), "ok"), spec.id

    @app.callback(
        Output("up-file", "data"),
        Output("up-upload", "contents"),
        Output("up-file-msg", "children"),
        Input("up-upload", "contents"),
        Input("up-discard", "n_clicks"),
        State("up-upload", "filename"),
        State("up-file", "data"),
        State("up-lang", "value"),
        prevent_initial_call=True,
    )
    def receive_file(contents, _discard, filename, current, lang):
        if ctx.triggered_id == "up-discard":
            if current:
                discard_upload(folder, current.get("token"))
            return None, None, ""
        if not contents:
            raise PreventUpdate
        user = auth.current_user()
        if user is None:
            return no_update, None, error_notice(t("up_signin_needed", lang))
        if not may_load(user):
            return no_update, None, error_notice(t("up_not_allowed", lang))
        try:
            saved = save_upload(folder, contents, filename, user.name, max_bytes=page.max_bytes)
        except UploadError as exc:
            return no_update, None, error_notice(t(exc.key, lang, mb=max_mb))
        if current:
            discard_upload(folder, current.get("token"))
        return {"token": saved.token, "name": saved.name, "size": saved.size}, None, ""

    # dcc.Upload drops a file over max_size silently: say so, in the page's language.
    too_big = {lang: t("up_too_big", lang, mb=max_mb) for lang in LANGUAGES}
    app.clientside_callback(
        _SIZE_GUARD_JS.replace("__LIMIT__", str(page.max_bytes)).replace(
            "__TEXT__", json.dumps(too_big, ensure_ascii=False)
        ),
        Output("up-client", "data"),
        Input("up-lang", "value"),
    )

    # The browser fires no change event for the same file chosen twice: forget the choice.
    app.clientside_callback(
        """function(contents) {
            const input = document.querySelector('#up-upload input[type=file]');
            if (input) { input.value = ''; }
            return window.dash_clientside.no_update;
        }""",
        Output("up-client", "data", allow_duplicate=True),
        Input("up-upload", "contents"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output("up-file-info", "hidden"),
        Output("up-file-name", "children"),
        Input("up-file", "data"),
    )
    def file_info(file):
        if not file:
            return True, ""
        return False, f"{file['name']} ({_size_text(int(file['size']))})"

    @app.callback(
        Output("up-report", "data"),
        Output("up-check-msg", "children"),
        Output("up-load-msg", "children"),
        Output("up-drop-invalid", "value"),
        Input("up-check", "n_clicks"),
        Input("up-file", "data"),
        Input("up-indicator", "value"),
        State({"type": "up-option", "field": ALL}, "value"),
        State("up-report", "data"),
        State("up-lang", "value"),
        prevent_initial_call=True,
    )
    def check(_n, file, indicator, option_values, current, lang):
        trigger = ctx.triggered_id
        asked = trigger == "up-check"
        if not file:
            if trigger == "up-file" and current and current.get("loaded"):
                raise PreventUpdate  # the file was loaded: its preview stays on screen
            return None, (error_notice(t("up_need_file", lang)) if asked else ""), no_update, []
        if not indicator:
            hint = notice(t("up_need_indicator", lang), "warn") if trigger != "up-indicator" else ""
            return None, hint, "", []
        user = auth.current_user()
        if user is None:
            return None, error_notice(t("up_signin_needed", lang)), "", []
        names = [o["id"]["field"] for o in ctx.states_list[0]]
        options = options_from(dict(zip(names, option_values, strict=True)))
        try:
            upload = find_upload(folder, file.get("token"), user.name)
            report = check_table(
                page.url, upload.path, indicator, user, options, display_name=upload.name
            )
        except UploadError as exc:
            return None, error_notice(t(exc.key, lang, mb=max_mb)), "", []
        except DataError as exc:
            failed = {
                "error": str(exc).split("\n")[0],
                "problems": _problem_rows(exc.problems),
                "count": len(exc.problems),
            }
            return failed, "", "", []
        except WarroomError as exc:
            return None, error_notice(t("up_failed", lang), str(exc)), "", []
        key = report_key(upload.token, indicator, options)
        page.reports.put(key, user.name, report)
        return report_summary(key, upload.token, indicator, options, report), "", "", []

    def _report_for(summary: dict, user: User) -> IntakeReport:
        report = page.reports.get(summary["key"], user.name)
        if report is None:  # another server process made it, or it was forgotten: again
            upload = find_upload(folder, summary["token"], user.name)
            options = IntakeOptions(**summary["options"])
            report = check_table(
                page.url, upload.path, summary["indicator"], user, options, display_name=upload.name
            )
            page.reports.put(summary["key"], user.name, report)
        return report

    @app.callback(
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
        if summary.get("loaded") and page.reports.get(summary["key"], user.name) is None:
            return html.Div(t("up_preview_empty", lang), className="wr-up-empty")
        try:
            report = _report_for(summary, user)
            indicator = intake_indicator(page.url, summary["indicator"])
        except UploadError as exc:
            return error_notice(t(exc.key, lang, mb=max_mb))
        except WarroomError as exc:
            return error_notice(t("up_failed", lang), str(exc))
        return report_view(report, indicator, page.places, page.base, lang)

    @app.callback(
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
        if summary["blocking"]:
            return [], hidden, True, notice(t("up_load_blocked", lang), "error")
        if summary["rows"] == 0:
            return [], hidden, True, notice(t("up_load_nothing", lang), "warn")
        ready = notice(t("up_load_ready", lang, rows=f"{summary['rows']:,}"), "ok")
        if summary["problems"]:
            label = t("up_drop_invalid", lang, n=f"{summary['bad_rows']:,}")
            ticked = "drop" in (drop or [])
            note = ready if ticked else notice(t("up_load_tick", lang), "warn")
            return [{"label": label, "value": "drop"}], {}, not ticked, note
        return [], hidden, False, ready

    @app.callback(
        Output("up-load-msg", "children", allow_duplicate=True),
        Output("up-file", "data", allow_duplicate=True),
        Output("up-batches-version", "data", allow_duplicate=True),
        Output("up-report", "data", allow_duplicate=True),
        Input("up-load", "n_clicks"),
        State("up-report", "data"),
        State("up-drop-invalid", "value"),
        State("up-batches-version", "data"),
        State("up-lang", "value"),
        running=[(Output("up-load", "disabled"), True, False)],
        prevent_initial_call=True,
    )
    def load(clicks, summary, drop, version, lang):
        if not clicks or not summary or summary.get("error") or summary.get("loaded"):
            raise PreventUpdate
        user = auth.current_user()
        if user is None:
            return error_notice(t("up_signin_needed", lang)), no_update, no_update, no_update
        try:
            upload = find_upload(folder, summary["token"], user.name)
            result = load_table(
                page.url,
                upload.path,
                summary["indicator"],
                user,
                IntakeOptions(**summary["options"]),
                drop_invalid="drop" in (drop or []) and summary["problems"] > 0,
                display_name=upload.name,
            )
        except UploadError as exc:
            return error_notice(t(exc.key, lang, mb=max_mb)), no_update, no_update, no_update
        except LoadRefusedError as exc:
            if exc.earlier is not None:  # the same file was loaded before: say when, by whom
                earlier = exc.earlier
                duplicate = t(
                    "up_duplicate",
                    lang,
                    batch=int(earlier["id"]),
                    when=when_text(earlier["loaded_at"], lang),
                    user=earlier["user"],
                )
                return error_notice(duplicate), no_update, no_update, no_update
            refused = error_notice(t("up_refused", lang), str(exc).split("\n")[0])
            return refused, no_update, no_update, no_update
        except WarroomError as exc:
            return error_notice(t("up_failed", lang), str(exc)), no_update, no_update, no_update
        discard_upload(folder, upload.token)
        done = notice(
            t(
                "up_loaded",
                lang,
                batch=result.batch_id,
                rows=f"{result.rows:,}",
                replaced=f"{result.replaced:,}",
                when=now_text(lang),
                seconds=f"{result.seconds:.1f}",
            ),
            "ok",
            id="up-load-result",
        )
        return done, None, (version or 0) + 1, {**summary, "loaded": result.batch_id}

    @app.callback(
        Output("up-batches", "children"),
        Input("up-who", "data"),
        Input("up-batches-version", "data"),
        Input("up-lang", "value"),
    )
    def show_batches(_who, _version, lang):
        user = auth.current_user()
        if user is None:
            return html.Div(t("up_signin_why", lang), className="wr-up-empty")
        batches = list_batches(page.url).head(MAX_BATCHES_SHOWN)
        frame = Store(page.url).read(indicators_t)
        names = {
            r["id"]: {"th": r["name_th"], "en": r["name_en"]} for r in frame.to_dict("records")
        }
        return batches_table(batches, user, names, lang)

    @app.callback(
        Output("up-batches-msg", "children"),
        Output("up-batches-version", "data", allow_duplicate=True),
        Input({"type": "up-rollback", "batch": ALL}, "submit_n_clicks"),
        State("up-batches-version", "data"),
        State("up-lang", "value"),
        prevent_initial_call=True,
    )
    def roll_back(_clicks, version, lang):
        trigger = ctx.triggered_id
        if not trigger or not ctx.triggered or not ctx.triggered[0]["value"]:
            raise PreventUpdate
        user = auth.current_user()
        if user is None:
            return error_notice(t("up_signin_needed", lang)), no_update
        try:
            done = rollback(page.url, int(trigger["batch"]), user)
        except WarroomError as exc:
            return error_notice(t("up_failed", lang), str(exc)), (version or 0) + 1
        message = t("up_rolled_back", lang, batch=done["batch"], removed=f"{done['removed']:,}")
        return notice(message, "ok", id="up-rollback-result"), (version or 0) + 1
