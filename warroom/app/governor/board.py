"""The action board on the governor's page: the area's actions (open and late first) in
the place of where to act's lists (the heading's switch), the share done and late beside
the goal tiles, the buttons that move an action on, and the area's table as CSV or XLSX
(planning one is ``plan.py``).

Everything here depends on who is signed in, so it is drawn by plain (never shared)
callbacks once the page is in the browser, and every write is checked again on the server
(``warroom.intake.actions``): a crafted request from outside the province changes nothing.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from dash import ALL, Input, Output, State, callback, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from warroom.analysis.followup import action_table, followed_up, shares
from warroom.app.context import app_context
from warroom.app.governor.goals import name_of, value_text
from warroom.errors import WarroomError
from warroom.export.actions import shares_text, table_file
from warroom.intake.actions import add_note, may_act
from warroom.intake.users import User
from warroom.store import Store
from warroom.store.actions import read_notes
from warroom.text.i18n import date_label, t, year_label
from warroom.web import auth

# The buttons an action offers, by its status.
NEXT_STATUSES = {
    "planned": ("in_progress", "done", "dropped"),
    "in_progress": ("done", "dropped"),
}
HEAD_WHERE, HEAD_BOARD = "gov-act-head", "gov-act-head gov-on-board"


def store_of() -> Store:
    """The store of the app serving this request."""
    return app_context().data.store


def _badge(row: pd.Series, lang: str) -> html.Span:
    if row["relapsed"]:
        return html.Span(t("act_relapsed", lang), className="gov-act-badge gov-badge-relapsed")
    if row["late"]:
        return html.Span(t("act_late", lang), className="gov-act-badge gov-badge-late")
    status = row["status"]
    return html.Span(t(f"act_status_{status}", lang), className=f"gov-act-badge gov-badge-{status}")


def _since(row: pd.Series, lang: str) -> str:
    """Baseline, newest value and which way it moved (or that a new period is awaited)."""
    data = app_context().data
    indicator = row["indicator_id"]
    if not isinstance(indicator, str) or indicator not in data.indicators.index:
        return ""
    ind = data.indicators.loc[indicator]
    if pd.isna(row["baseline_value"]):
        return t("act_no_baseline", lang)
    base = t(
        "act_baseline",
        lang,
        value=value_text(row["baseline_value"], ind, lang),
        year=year_label(int(row["baseline_period"]), lang),
    )
    if pd.isna(row["latest_period"]):
        return f"{base} · {t('act_waiting', lang)}"
    since = t(
        "act_since",
        lang,
        value=value_text(row["latest_value"], ind, lang),
        year=year_label(int(row["latest_period"]), lang),
        moved=t(f"act_moved_{row['moved']}", lang),
    )
    return f"{base} → {since}"


def note_line(note: pd.Series | None, lang: str) -> html.Div | None:
    """The action's latest note with words, dated."""
    if note is None:
        return None
    when = date_label(pd.Timestamp(note["noted_on"]), lang)
    return html.Div(
        t("act_note_label", lang, date=when, text=note["text"]), className="gov-board-note"
    )


def note_controls(action: int, lang: str) -> list:
    """A box and a button to add a dated note (for those who may change the action)."""
    return [
        dcc.Input(
            id={"type": "prov-board-note-text", "action": action},
            placeholder=t("act_note_placeholder", lang),
            className="gov-board-note-text",
            debounce=False,
        ),
        html.Button(
            t("act_note_add", lang),
            id={"type": "prov-board-note", "action": action},
            className="gov-board-set gov-board-note-add",
        ),
    ]


def action_row(
    row: pd.Series, lang: str, editable: bool, note: pd.Series | None = None
) -> html.Div:
    """One action: its status, what, where, who, by when, what the data say since, and its
    latest note."""
    data = app_context().data
    code = row["area_code"]
    where = name_of(data.areas.loc[code], lang) if code in data.areas.index else code
    agency = row["agency_th"] if lang == "th" else row["agency_en"]
    buttons = []
    if editable:
        buttons = [
            html.Button(
                t(f"act_to_{status}", lang),
                id={"type": "prov-board-set", "action": int(row["id"]), "status": status},
                className=f"gov-board-set gov-board-to-{status}",
            )
            for status in NEXT_STATUSES.get(row["status"], ())
        ] + note_controls(int(row["id"]), lang)
    return html.Div(
        id={"type": "prov-board-action", "action": int(row["id"])},
        className="gov-board-row" + (" gov-board-relapsed" if row["relapsed"] else ""),
        children=[
            html.Div(
                [_badge(row, lang), html.Span(row["what"], className="gov-board-what")],
                className="gov-board-line",
            ),
            html.Div(
                " · ".join(
                    [
                        where,
                        t("act_by", lang, agency=agency, owner=row["owner"]),
                        t("act_due", lang, date=date_label(pd.Timestamp(row["due_date"]), lang)),
                    ]
                ),
                className="gov-board-meta",
            ),
            html.Div(_since(row, lang), className="gov-board-since"),
            note_line(note, lang),
            html.Div(buttons, className="gov-board-buttons") if buttons else None,
        ],
    )


def board_rows(
    frame: pd.DataFrame, lang: str, user: User | None, notes: pd.DataFrame | None = None
) -> list:
    """The area's actions, dropped ones left out: open (late first), then done (relapsed
    first); each with its latest note that has words (``notes``: ``read_notes``), and the
    buttons that move it on for those who may."""
    latest: dict[int, pd.Series] = {}
    if notes is not None:
        worded = notes[notes["text"].str.strip().astype(bool)] if len(notes) else notes
        latest = {int(n["action_id"]): n for _, n in worded.iterrows()}  # oldest first
    kept = frame[frame["status"] != "dropped"]
    kept = kept.assign(_done_ok=~kept["relapsed"]).sort_values(
        ["open", "late", "_done_ok"], ascending=[False, False, True], kind="stable"
    )
    if kept.empty:
        return [html.Div(t("act_none", lang), className="gov-nodata")]
    return [
        action_row(row, lang, may_act(user, row["area_code"]), latest.get(int(row["id"])))
        for _, row in kept.iterrows()
    ]


def board_panel(lang: str) -> html.Div:
    """The board's place in the where-to-act column; filled for the signed-in user."""
    return html.Div(
        className="gov-board",
        children=[
            html.H3(t("act_board", lang), className="gov-h3"),
            html.Div(id="prov-board-msg", className="gov-plan-msg"),
            html.Div(id="prov-board", className="gov-board-list"),
            html.Div(
                className="gov-board-foot",
                children=[
                    html.Div(t("act_not_proof", lang), id="prov-board-proof", className="gov-note"),
                    html.Button("CSV", id="prov-board-csv", className="gov-board-dl"),
                    html.Button("XLSX", id="prov-board-xlsx", className="gov-board-dl"),
                    dcc.Download(id="prov-board-download"),
                ],
            ),
        ],
    )


def kpi_slot() -> html.Button:
    """The KPI's place beside the goal tiles' heading (a click shows the board)."""
    return html.Button(id="prov-board-kpi", className="gov-board-kpi")


def act_head(title: html.H2, lang: str) -> html.Div:
    """The where-to-act column's heading with the switch between its lists and the board
    (the board takes the lists' place, so the page keeps its one screen)."""
    return html.Div(
        id="prov-act-head",
        className=HEAD_WHERE,
        children=[
            title,
            html.Div(
                className="gov-act-switch",
                children=[
                    html.Button(t("act_tab_where", lang), id="prov-tab-where"),
                    html.Button(t("act_tab_board", lang), id="prov-tab-board"),
                ],
            ),
        ],
    )


def board_state(state: dict) -> tuple[list, str]:
    """The board and the KPI of the page's area for the signed-in user."""
    frame = followed_up(store_of(), within=state["code"])
    notes = read_notes(store_of(), frame["id"])
    user = auth.current_user()
    rows = board_rows(frame, state["lang"], user, notes)
    return rows, shares_text(shares(frame), state["lang"])


# ---- callbacks (personal: never shared) -----------------------------------------------------


@callback(
    Output("prov-board", "children"),
    Output("prov-board-kpi", "children"),
    Output("prov-root", "className"),
    Input("prov-state", "data"),
)
def fill_board(state):
    """The board, the KPI and whether the plan buttons show, for whoever is signed in."""
    if not state:
        raise PreventUpdate
    rows, kpi = board_state(state)
    planner = may_act(auth.current_user(), state["code"])
    return rows, kpi, "gov-root gov-can-plan" if planner else "gov-root"


@callback(
    Output("prov-act-head", "className"),
    Input("prov-tab-where", "n_clicks"),
    Input("prov-tab-board", "n_clicks"),
    Input("prov-board-kpi", "n_clicks"),
    prevent_initial_call=True,
)
def switch(_where, _board, _kpi):
    """Show the lists of where to act, or the board in their place."""
    return HEAD_WHERE if ctx.triggered_id == "prov-tab-where" else HEAD_BOARD


@callback(
    Output("prov-board", "children", allow_duplicate=True),
    Output("prov-board-kpi", "children", allow_duplicate=True),
    Output("prov-board-msg", "children"),
    Input({"type": "prov-board-set", "action": ALL, "status": ALL}, "n_clicks"),
    State("prov-state", "data"),
    prevent_initial_call=True,
)
def move_on(_clicks, state):
    """Move an action to the status of the button pressed (a dated note records it); one
    the user may not change stays as it is, and the board says so."""
    trigger = ctx.triggered_id
    if not state or trigger is None or not any(item["value"] for item in ctx.triggered):
        raise PreventUpdate
    user = auth.current_user()
    lang = state["lang"]
    if user is None:
        return no_update, no_update, t("act_not_allowed", lang)
    try:
        action, status = int(trigger["action"]), str(trigger["status"])
        add_note(store_of(), action, "", user, status=status, on=date.today())
    except WarroomError:
        return no_update, no_update, t("act_not_allowed", lang)
    rows, kpi = board_state(state)
    return rows, kpi, ""


@callback(
    Output("prov-board", "children", allow_duplicate=True),
    Output("prov-board-kpi", "children", allow_duplicate=True),
    Output("prov-board-msg", "children", allow_duplicate=True),
    Input({"type": "prov-board-note", "action": ALL}, "n_clicks"),
    State({"type": "prov-board-note-text", "action": ALL}, "value"),
    State("prov-state", "data"),
    prevent_initial_call=True,
)
def write_note(_clicks, texts, state):
    """A dated note (today) with the words in the action's box; refused like a status."""
    trigger = ctx.triggered_id
    if not state or trigger is None or not any(item["value"] for item in ctx.triggered):
        raise PreventUpdate
    boxes = [item["id"]["action"] for item in ctx.states_list[0]]
    text = dict(zip(boxes, texts, strict=True)).get(trigger["action"]) or ""
    user = auth.current_user()
    lang = state["lang"]
    if not text.strip():
        raise PreventUpdate
    if user is None:
        return no_update, no_update, t("act_not_allowed", lang)
    try:
        add_note(store_of(), int(trigger["action"]), text, user, on=date.today())
    except WarroomError:
        return no_update, no_update, t("act_not_allowed", lang)
    rows, kpi = board_state(state)
    return rows, kpi, ""


@callback(
    Output("prov-board-download", "data"),
    Input("prov-board-csv", "n_clicks"),
    Input("prov-board-xlsx", "n_clicks"),
    State("prov-state", "data"),
    prevent_initial_call=True,
)
def download(_csv, _xlsx, state):
    """The area's actions as ``warroom actions list --area CODE`` writes them."""
    if not state or ctx.triggered_id is None:
        raise PreventUpdate
    table = action_table(store_of(), within=state["code"])
    fmt = "xlsx" if ctx.triggered_id == "prov-board-xlsx" else "csv"
    name = f"warroom-actions-{state['code']}.{fmt}"
    return dcc.send_bytes(table_file(table, fmt), name)
