"""Planning an action from the governor's page: the "plan an action" button on each place
of where to act, the form it opens (area, the page's indicator and its baseline filled in),
and saving it as the signed-in user (``warroom.intake.actions`` checks who may)."""

from __future__ import annotations

import pandas as pd
from dash import ALL, Input, Output, State, callback, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate
from pydantic import ValidationError

from warroom.app.context import app_context
from warroom.app.governor.board import HEAD_BOARD, board_state, store_of
from warroom.app.governor.goals import name_of, value_text
from warroom.errors import DataError, WarroomError
from warroom.intake.actions import ActionSpec, ce_date, may_act, plan_action
from warroom.store.actions import read_agencies
from warroom.text.i18n import t, year_label
from warroom.web import auth

FORM_HIDDEN = {"display": "none"}
FORM_SHOWN = {"display": "flex"}


def plan_button(code: str, lang: str) -> html.Button:
    """The "plan an action" button of one place of where to act (shown only to those who
    may plan there: the page's root gets ``gov-can-plan``)."""
    return html.Button(
        t("act_plan", lang), id={"type": "prov-plan", "code": code}, className="gov-plan"
    )


def _field(label: str, control) -> html.Label:
    return html.Label([html.Span(label, className="gov-plan-label"), control])


def plan_form(lang: str) -> html.Div:
    """The form "plan an action" opens, hidden until then; area, indicator and baseline are
    filled from the place chosen."""
    return html.Div(
        id="prov-plan-form",
        className="gov-plan-form",
        style=FORM_HIDDEN,
        children=[
            dcc.Store(id="prov-plan-area"),
            html.H2(t("act_plan_title", lang), className="gov-h2"),
            html.Div(id="prov-plan-info", className="gov-plan-info"),
            _field(t("act_field_what", lang), dcc.Input(id="prov-plan-what", type="text")),
            _field(
                t("act_field_agency", lang),
                dcc.Dropdown(id="prov-plan-agency", clearable=False, searchable=True),
            ),
            _field(t("act_field_owner", lang), dcc.Input(id="prov-plan-owner", type="text")),
            html.Div(
                className="gov-plan-pair",
                children=[
                    _field(t("act_field_start", lang), dcc.Input(id="prov-plan-start")),
                    _field(t("act_field_due", lang), dcc.Input(id="prov-plan-due")),
                ],
            ),
            _field(t("act_field_target", lang), dcc.Input(id="prov-plan-target", type="number")),
            html.Div(id="prov-plan-msg", className="gov-plan-msg"),
            html.Div(
                className="gov-plan-buttons",
                children=[
                    html.Button(
                        t("act_save", lang), id="prov-plan-save", className="gov-plan-save"
                    ),
                    html.Button(t("act_cancel", lang), id="prov-plan-cancel"),
                ],
            ),
        ],
    )


def _area_info(code: str, indicator: str, lang: str) -> str:
    """The place, the indicator and its baseline as the form shows them before saving."""
    data = app_context().data
    area = name_of(data.areas.loc[code], lang)
    ind = data.indicators.loc[indicator]
    series = data.observations(indicator)
    values = pd.Series(dtype=float)
    if code in series.index.get_level_values(1):
        values = series.xs(code, level=1).dropna()
    baseline = t("act_no_baseline", lang)
    if len(values):
        year = int(values.index.max())
        baseline = t(
            "act_baseline",
            lang,
            value=value_text(values.loc[year], ind, lang),
            year=year_label(year, lang),
        )
    return f"{t('act_field_area', lang)}: {area} ({code}) · {name_of(ind, lang)} · {baseline}"


@callback(
    Output("prov-plan-form", "style"),
    Output("prov-plan-area", "data"),
    Output("prov-plan-info", "children"),
    Output("prov-plan-agency", "options"),
    Output("prov-plan-owner", "value"),
    Output("prov-plan-msg", "children"),
    Input({"type": "prov-plan", "code": ALL}, "n_clicks"),
    Input("prov-plan-cancel", "n_clicks"),
    State("prov-state", "data"),
    prevent_initial_call=True,
)
def open_form(_clicks, _cancel, state):
    """Open the form on the place chosen, with its area, indicator and baseline; or close it."""
    trigger = ctx.triggered_id
    if not state or trigger is None:
        raise PreventUpdate
    if trigger == "prov-plan-cancel":
        return FORM_HIDDEN, None, "", no_update, no_update, ""
    if not any(item["value"] for item in ctx.triggered):
        raise PreventUpdate  # buttons re-created with no clicks
    lang, code = state["lang"], trigger["code"]
    user = auth.current_user()
    if not may_act(user, code):
        return FORM_HIDDEN, None, "", no_update, no_update, ""
    agencies = read_agencies(store_of(), active_only=True)
    options = [
        {"label": row["name_th"] if lang == "th" else row["name_en"], "value": str(row["id"])}
        for _, row in agencies.iterrows()
    ]
    message = "" if options else t("act_no_agency", lang)
    area = {"code": code, "indicator": state["indicator"]}
    info = _area_info(code, state["indicator"], lang)
    return FORM_SHOWN, area, info, options, user.name if user else "", message


@callback(
    Output("prov-plan-msg", "children", allow_duplicate=True),
    Output("prov-plan-form", "style", allow_duplicate=True),
    Output("prov-board", "children", allow_duplicate=True),
    Output("prov-board-kpi", "children", allow_duplicate=True),
    Output("prov-act-head", "className", allow_duplicate=True),
    Input("prov-plan-save", "n_clicks"),
    State("prov-plan-area", "data"),
    State("prov-plan-what", "value"),
    State("prov-plan-agency", "value"),
    State("prov-plan-owner", "value"),
    State("prov-plan-start", "value"),
    State("prov-plan-due", "value"),
    State("prov-plan-target", "value"),
    State("prov-state", "data"),
    prevent_initial_call=True,
)
def save_plan(_n, area, what, agency, owner, start, due, target, state):
    """Plan the action as the signed-in user; the store refuses what they may not do."""
    if not state or not area:
        raise PreventUpdate
    lang = state["lang"]
    user = auth.current_user()
    if user is None or not may_act(user, area["code"]):
        return t("act_not_allowed", lang), no_update, no_update, no_update, no_update
    try:
        spec = ActionSpec.model_validate(
            {
                "area_code": area["code"],
                "indicator_id": area.get("indicator"),
                "what": what or "",
                "agency": str(agency or ""),
                "owner": owner,
                "start_date": ce_date(start) if start else None,
                "due_date": ce_date(due or ""),
                "target_value": target,
            }
        )
    except ValidationError as exc:
        reasons = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        return t("act_refused", lang, reason=reasons), no_update, no_update, no_update, no_update
    try:
        action = plan_action(store_of(), spec, user)
    except DataError as exc:
        reasons = "; ".join(f"{p.column}: {p.reason}" for p in exc.problems)
        return t("act_refused", lang, reason=reasons), no_update, no_update, no_update, no_update
    except WarroomError as exc:
        return t("act_refused", lang, reason=str(exc)), no_update, no_update, no_update, no_update
    rows, kpi = board_state(state)
    return t("act_saved", lang, id=action), FORM_HIDDEN, rows, kpi, HEAD_BOARD
