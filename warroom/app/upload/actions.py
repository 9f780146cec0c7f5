"""Upload page callbacks that act: declare an indicator, receive a file, check it, load it,
roll a load back.

Module-level ``dash.callback``s (see ``callbacks``). Every action asks
``auth.current_user()`` and ``auth.can()`` on the server, and every refusal is shown as a
message: ``WarroomError`` and its subclasses carry their own words.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

from dash import ALL, Input, Output, State, callback, ctx, html, no_update
from dash.exceptions import PreventUpdate
from flask import request
from pydantic import ValidationError

from warroom.app.context import app_context
from warroom.app.upload.files import UploadError, discard_upload, find_upload, save_upload
from warroom.app.upload.layout import NUMBER_OPTIONS, OPTION_FIELDS
from warroom.app.upload.views import (
    ROWS_DRAWN,
    Places,
    error_notice,
    mixed_items,
    notice,
    now_text,
    when_text,
)
from warroom.errors import DataError, Problem, WarroomError
from warroom.intake.batches import LoadRefusedError, rollback
from warroom.intake.columns import ChoiceNeededError
from warroom.intake.declare import IndicatorSpec, declare
from warroom.intake.report import IntakeOptions, IntakeReport
from warroom.intake.users import User
from warroom.intake.worker import check_upload, load_upload
from warroom.numbers import whole_number
from warroom.store import Store
from warroom.text.i18n import t
from warroom.web import auth

MB = 1024 * 1024


def _store() -> Store:
    """The store the app reads and loads into."""
    return app_context().data.store


def _places() -> Places:
    """Area names and boxes for the page."""
    return Places(app_context().data.areas)


def _folder() -> Path:
    """Where uploads wait between the check and the load."""
    return Path(app_context().settings.uploads_dir)


def _max_mb() -> int:
    return app_context().settings.max_upload_mb


def _max_bytes() -> int:
    return _max_mb() * MB


def options_from(fields: dict[str, Any], *, only_province: bool = False) -> IntakeOptions:
    """IntakeOptions from the optional fields (blank: found automatically) and an officer's
    "only my province's rows" tick."""
    values: dict[str, Any] = {}
    for name in OPTION_FIELDS:
        value = fields.get(name)
        value = value.strip() or None if isinstance(value, str) else value
        if value is not None and name in NUMBER_OPTIONS:
            value = _number(name, value)
        values[name] = value
    # The page asks for the column and its value apart; the intake takes "column=value".
    column, value = values.pop("rows_column"), values.pop("rows_value")
    values["rows"] = f"{column}={value}" if column and value is not None else None
    return IntakeOptions(**values, only_province=only_province)


def _number(name: str, value: object) -> int:
    """A whole number from a number field (a crafted request may send '²' or 1e999)."""
    number = whole_number(value)
    if number is None or number < 1:
        raise WarroomError(f"{name}: {str(value)[:20]!r} is not a whole number")
    return number


def _check(upload, indicator: str, user: User, options: IntakeOptions) -> IntakeReport:
    """The check, in a worker process within the upload limits (never in this thread)."""
    return check_upload(
        _store(),
        upload.path,
        indicator,
        user,
        options,
        display_name=upload.name,
        settings=app_context().settings,
    )


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
        "replaced_built": r.replaced_built or 0,
        "columns": r.header,
        "outside_rows": r.outside_rows,
        "measures": r.measures[0] if r.measures else None,
    }


def question_summary(exc: ChoiceNeededError, options: IntakeOptions) -> dict:
    """What the browser keeps of a table that needs the user's word: the question (which
    option), the columns to choose from, and the year typed, if one was."""
    return {
        "error": str(exc).split("\n")[0],
        "problems": _problem_rows(exc.problems),
        "count": len(exc.problems),
        "need": exc.need,
        "candidates": exc.candidates,
        "columns": exc.columns,
        "period": options.period,
    }


def _problem_rows(problems: list[Problem]) -> list[list]:
    return [
        [p.file, p.row, p.column, None if p.value is None else str(p.value), p.reason]
        for p in problems[:ROWS_DRAWN]
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
        "unit_th",
    )
}


def _problem_list(problems: list[Problem]) -> html.Ul:
    items = []
    for p in problems:
        where = p.column or p.file
        value = "" if p.value in (None, "") else f" ({p.value!r})"
        items.append(html.Li(f"{where}: {p.reason}{value}" if where else f"{p.reason}{value}"))
    return html.Ul(items, className="wr-up-problem-list")


@callback(
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
        declare(_store(), [spec], user)
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


@callback(
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
    user = auth.current_user()
    if ctx.triggered_id == "up-discard":
        if current and user is not None:
            discard_upload(_folder(), current.get("token"), user.name)
        return None, None, ""
    if not contents:
        raise PreventUpdate
    if user is None:
        return no_update, None, error_notice(t("up_signin_needed", lang))
    if not auth.can(user, "load"):
        return no_update, None, error_notice(t("up_not_allowed", lang))
    try:
        saved = save_upload(
            _folder(),
            contents,
            filename,
            user.name,
            max_bytes=_max_bytes(),
            quota_bytes=app_context().settings.upload_quota_mb * MB,
        )
    except UploadError as exc:
        return no_update, None, error_notice(t(exc.key, lang, mb=_max_mb()))
    if current:
        discard_upload(_folder(), current.get("token"), user.name)
    return {"token": saved.token, "name": saved.name, "size": saved.size}, None, ""


@callback(
    Output("up-report", "data"),
    Output("up-check-msg", "children"),
    Output("up-load-msg", "children"),
    Output("up-drop-invalid", "value"),
    Input("up-check", "n_clicks"),
    Input("up-file", "data"),
    Input("up-indicator", "value"),
    State({"type": "up-option", "field": ALL, "kind": ALL}, "value"),
    State("up-report", "data"),
    State("up-lang", "value"),
    Input("up-only-province", "value"),
    prevent_initial_call=True,
)
def check(_n, file, indicator, option_values, current, lang, only=None):
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
    fields = dict(zip(names, option_values, strict=True))
    options = options_from(fields, only_province="yes" in (only or []))
    try:
        upload = find_upload(_folder(), file.get("token"), user.name)
        report = _check(upload, indicator, user, options)
    except UploadError as exc:
        return None, error_notice(t(exc.key, lang, mb=_max_mb())), "", []
    except ChoiceNeededError as exc:  # asked on the page with its own controls
        return question_summary(exc, options), "", "", []
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
    app_context().reports.put(key, user.name, report)
    return report_summary(key, upload.token, indicator, options, report), "", "", []


def report_for(summary: dict, user: User) -> IntakeReport:
    """The checked report of ``summary`` (from memory, or checked again if forgotten)."""
    report = app_context().reports.get(summary["key"], user.name)
    if report is None:  # another server process made it, or it was forgotten: again
        upload = find_upload(_folder(), summary["token"], user.name)
        options = IntakeOptions(**summary["options"])
        report = _check(upload, summary["indicator"], user, options)
        app_context().reports.put(summary["key"], user.name, report)
    return report


@callback(
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
        upload = find_upload(_folder(), summary["token"], user.name)
        result = load_upload(  # in a worker process, reusing the check the user saw
            _store(),
            upload.path,
            summary["indicator"],
            user,
            IntakeOptions(**summary["options"]),
            report=report_for(summary, user),
            drop_invalid="drop" in (drop or []) and summary["problems"] > 0,
            replace_built="replace" in (drop or []),
            display_name=upload.name,
            settings=app_context().settings,
            address=request.remote_addr,
        )
    except UploadError as exc:
        return error_notice(t(exc.key, lang, mb=_max_mb())), no_update, no_update, no_update
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
        return _refusal(exc, lang), no_update, no_update, no_update
    except WarroomError as exc:
        return error_notice(t("up_failed", lang), str(exc)), no_update, no_update, no_update
    discard_upload(_folder(), upload.token, user.name)
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
    if result.mixed:
        items = mixed_items(result.mixed, _places(), lang)
        mixed = t("up_loaded_mixed", lang, n=f"{len(result.mixed):,}", items=items)
        done = html.Div([done, notice(mixed, "warn", id="up-load-mixed")])
    return done, None, (version or 0) + 1, {**summary, "loaded": result.batch_id}


def _refusal(exc: LoadRefusedError, lang: str) -> html.Div:
    """Why a load was refused, in the page's words (the command line's names its options)."""
    report = exc.report
    if report is not None and report.blocking:
        return error_notice(t("up_refused", lang), t("up_load_blocked", lang))
    if report is not None and not report.ok:
        return error_notice(t("up_refused", lang), t("up_refused_problems", lang))
    return error_notice(t("up_refused", lang), str(exc).split("\n")[0])


@callback(
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
        done = rollback(_store(), int(trigger["batch"]), user)
    except WarroomError as exc:
        return error_notice(t("up_failed", lang), str(exc)), (version or 0) + 1
    message = t("up_rolled_back", lang, batch=done["batch"], removed=f"{done['removed']:,}")
    return notice(message, "ok", id="up-rollback-result"), (version or 0) + 1
