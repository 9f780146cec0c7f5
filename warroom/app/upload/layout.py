"""The upload page: sign-in, indicator, file, check (preview), load, and the loads table.

One screen at 1920 x 1080 like the map: the page itself never scrolls; the long lists
(problems, skipped rows, loads) scroll inside their own panels.
"""

from __future__ import annotations

from dash import dcc, html

from warroom.app.components.shell import page_header
from warroom.app.components.shell import tr as shell_tr
from warroom.app.upload.files import SUFFIXES
from warroom.indicators.rules import ROLLUPS
from warroom.text.i18n import LANGUAGES, t
from warroom.web.auth import signin_href

DIRECTIONS = ("higher_is_better", "higher_is_worse", "neutral")
SPEC_TEXT_FIELDS = ("id", "name_th", "name_en", "unit_th", "unit", "sdg", "source", "weight")
OPTION_FIELDS = (
    "area_column",
    "period_column",
    "value_column",
    "sheet",
    "header_row",
    "period",
    "numerator_column",
    "denominator_column",
    "rows_column",
    "rows_value",
)
NUMBER_OPTIONS = ("header_row", "period")  # whole numbers: a row number, a BE or CE year
# Chosen from the file's own columns (a list filled once the file is read).
COLUMN_OPTIONS = (
    "area_column",
    "period_column",
    "value_column",
    "numerator_column",
    "denominator_column",
    "rows_column",
)
OPTION_KEYS = {
    "area_column": "up_area_column",
    "period_column": "up_period_column",
    "value_column": "up_value_column",
    "sheet": "up_sheet",
    "header_row": "up_header_row",
    "period": "up_period",
    "numerator_column": "up_numerator_column",
    "denominator_column": "up_denominator_column",
    "rows_column": "up_rows_column",
    "rows_value": "up_rows_value",
}


def tr(key: str, lang: str, tag=html.Span, **kwargs):
    """A text element that the language switch re-translates."""
    return shell_tr(key, lang, tag, kind="up-i18n", **kwargs)


def _field(label_key: str, control, lang: str) -> html.Div:
    return html.Div(className="wr-up-field", children=[tr(label_key, lang, html.Label), control])


def _text_input(input_id, lang: str, placeholder_key: str | None = None, **kwargs):
    return dcc.Input(
        id=input_id,
        type=kwargs.pop("type", "text"),
        debounce=False,
        className="wr-up-input",
        placeholder=t(placeholder_key, lang) if placeholder_key else None,
        **kwargs,
    )


def direction_options(lang: str) -> list[dict]:
    """The three directions, labelled in ``lang``."""
    return [{"label": t(f"up_dir_{d}", lang), "value": d} for d in DIRECTIONS]


def rollup_options(lang: str) -> list[dict]:
    """The roll-up rules, labelled in ``lang``."""
    return [{"label": t(f"up_rollup_{r}", lang), "value": r} for r in ROLLUPS]


def _signin_box(lang: str) -> html.Section:
    """Shown when nobody is signed in: why, and the link to ``/signin``."""
    return html.Section(
        id="up-signin-box",
        className="wr-up-box",
        children=[
            tr("up_signin", lang, html.H2),
            html.Div(id="up-no-accounts"),
            tr("up_signin_why", lang, html.P, className="wr-up-hint"),
            html.A(
                tr("up_signin_button", lang),
                id="up-signin-link",
                href=signin_href("/upload", lang),
                className="wr-up-button wr-up-primary",
            ),
        ],
    )


def _declare_box(lang: str) -> html.Details:
    text_fields = [
        _field(f"up_f_{name}", _text_input({"type": "up-spec", "field": name}, lang), lang)
        for name in SPEC_TEXT_FIELDS
    ]
    return html.Details(
        id="up-declare-box",
        className="wr-up-declare",
        hidden=True,
        children=[
            html.Summary(tr("up_declare", lang)),
            html.Div(
                className="wr-up-spec-grid",
                children=[
                    *text_fields[:5],
                    _field(
                        "up_f_direction",
                        dcc.Dropdown(
                            id="up-spec-direction",
                            options=direction_options(lang),
                            clearable=False,
                            searchable=False,
                            className="wr-up-dropdown",
                        ),
                        lang,
                    ),
                    _field(
                        "up_f_rollup",
                        dcc.Dropdown(
                            id="up-spec-rollup",
                            options=rollup_options(lang),
                            clearable=False,
                            searchable=False,
                            className="wr-up-dropdown",
                        ),
                        lang,
                    ),
                    *text_fields[5:],
                    dcc.Checklist(
                        id="up-spec-modelled",
                        options=[{"label": t("up_f_modelled", lang), "value": "yes"}],
                        value=[],
                        className="wr-up-check",
                    ),
                ],
            ),
            html.Button(
                tr("up_declare_button", lang),
                id="up-declare-submit",
                n_clicks=0,
                className="wr-up-button",
            ),
            html.Div(id="up-declare-msg", role="status"),
        ],
    )


def _option(name: str, lang: str) -> html.Div:
    """One option field: a file's column (a list of its columns) or a typed value."""
    if name in COLUMN_OPTIONS:
        control = dcc.Dropdown(
            id={"type": "up-option", "field": name, "kind": "column"},
            options=[],
            placeholder=t("up_auto", lang),
            className="wr-up-dropdown",
        )
    else:
        control = _text_input(
            {"type": "up-option", "field": name, "kind": "text"},
            lang,
            "up_auto",
            **({"type": "number", "min": 1, "step": 1} if name in NUMBER_OPTIONS else {}),
        )
    return html.Div(
        id={"type": "up-optfield", "field": name},
        className="wr-up-field",
        children=[tr(OPTION_KEYS[name], lang, html.Label), control],
    )


def _only_province_box(lang: str) -> html.Div:
    """An officer's tick: load only their province's rows of a national table."""
    return html.Div(
        id="up-only-province-box",
        className="wr-up-only",
        hidden=True,
        children=[
            dcc.Checklist(
                id="up-only-province",
                options=[{"label": t("up_only_province", lang), "value": "yes"}],
                value=[],
                className="wr-up-check",
            ),
            html.Div(id="up-only-province-hint", className="wr-up-hint"),
        ],
    )


def _work_box(lang: str, max_mb: int) -> html.Section:
    options = [_option(name, lang) for name in OPTION_FIELDS]
    return html.Section(
        id="up-work",
        className="wr-up-box",
        hidden=True,
        children=[
            tr("up_step_indicator", lang, html.H2),
            dcc.Dropdown(
                id="up-indicator",
                placeholder=t("up_pick_indicator", lang),
                className="wr-up-dropdown",
                optionHeight=48,
            ),
            html.Div(id="up-indicator-note"),
            _declare_box(lang),
            tr("up_step_file", lang, html.H2),
            dcc.Upload(
                id="up-upload",
                className="wr-up-drop",
                accept=",".join(SUFFIXES),
                max_size=max_mb * 1024 * 1024,
                multiple=False,
                children=html.Div(
                    [
                        tr("up_drop", lang, html.Div, className="wr-up-drop-main"),
                        html.Div(
                            t("up_drop_hint", lang, mb=max_mb),
                            id="up-drop-hint",
                            className="wr-up-drop-hint",
                        ),
                    ]
                ),
            ),
            html.Div(
                id="up-file-info",
                className="wr-up-file",
                hidden=True,
                children=[
                    html.Span(id="up-file-name", className="wr-up-file-name"),
                    html.Button(
                        tr("up_discard", lang),
                        id="up-discard",
                        n_clicks=0,
                        className="wr-up-button wr-up-small",
                    ),
                ],
            ),
            html.Div(id="up-file-msg", role="status"),
            _only_province_box(lang),
            html.Details(
                id="up-options-box",
                className="wr-up-options",
                children=[
                    html.Summary(t("up_options", lang), id="up-options-summary"),
                    html.Div(options, className="wr-up-option-grid"),
                ],
            ),
            html.Button(
                tr("up_check", lang),
                id="up-check",
                n_clicks=0,
                className="wr-up-button wr-up-primary",
            ),
            html.Div(id="up-check-msg", role="status"),
        ],
    )


def upload_layout(lang: str, max_mb: int) -> html.Div:
    """The whole page; every dynamic part is filled by callbacks."""
    too_big = {code: t("up_too_big", code, mb=max_mb) for code in LANGUAGES}
    return html.Div(
        className="wr-up-root",
        children=[
            dcc.Location(id="up-url", refresh=False),
            dcc.Store(id="up-who"),
            dcc.Store(id="up-file"),
            dcc.Store(id="up-report"),
            dcc.Store(id="up-declared"),
            dcc.Store(id="up-batches-version", data=0),
            dcc.Store(id="up-limits", data={"bytes": max_mb * 1024 * 1024, "text": too_big}),
            dcc.Store(id="up-client"),  # output of the browser-side helpers (never read)
            page_header(
                path="/upload",
                lang=lang,
                lang_id="up-lang",
                kind="up-i18n",
                title_key="up_title",
                subtitle_key="up_subtitle",
                extra=[html.Div(id="up-banner", className="wr-up-banner")],
            ),
            html.Aside(
                className="wr-up-side",
                children=[
                    _signin_box(lang),
                    _work_box(lang, max_mb),
                    html.Div(id="up-viewer-note"),
                ],
            ),
            html.Main(
                className="wr-up-main",
                children=[
                    tr("up_step_preview", lang, html.H2),
                    html.Div(
                        id="up-preview",
                        className="wr-up-preview",
                        children=html.Div(t("up_preview_empty", lang), className="wr-up-empty"),
                    ),
                    html.Div(
                        id="up-loadbar",
                        className="wr-up-loadbar",
                        children=[
                            tr("up_step_load", lang, html.H2),
                            dcc.Checklist(
                                id="up-drop-invalid", options=[], value=[], className="wr-up-check"
                            ),
                            html.Button(
                                tr("up_load", lang),
                                id="up-load",
                                n_clicks=0,
                                disabled=True,
                                className="wr-up-button wr-up-primary wr-up-load",
                            ),
                            html.Div(id="up-load-note", className="wr-up-load-note"),
                            html.Div(id="up-load-msg", className="wr-up-load-msg", role="status"),
                        ],
                    ),
                ],
            ),
            html.Aside(
                className="wr-up-batches",
                children=[
                    tr("up_batches", lang, html.H2),
                    html.Div(id="up-batches-msg", role="status"),
                    html.Div(id="up-batches", className="wr-up-scroll"),
                ],
            ),
        ],
    )
