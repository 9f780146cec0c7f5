"""What the upload page shows: the signed-in banner, the check's report, its map, the loads.

Pure functions from data to Dash components (no callbacks, no store writes), so they can be
tested without a browser.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime
from typing import Any

import pandas as pd
from dash import dcc, html
from dash.development.base_component import Component

from warroom.errors import Problem
from warroom.intake.report import IntakeReport, mix_text
from warroom.intake.users import User
from warroom.intake.values import year_from
from warroom.text.i18n import BE_OFFSET, format_number, local_time, t

ROWS_DRAWN = 500  # problems and skipped rows drawn in the page (the report keeps more)


class Places:
    """Area names and bounding boxes, read once from the store's ``areas`` table."""

    def __init__(self, areas: pd.DataFrame):
        self.areas = areas.set_index("code", drop=False)

    def name(self, code: str | None, lang: str) -> str:
        """An area's name in ``lang`` (the code itself when unknown)."""
        if not code or code not in self.areas.index:
            return code or ""
        return str(self.areas.at[code, "name_th" if lang == "th" else "name_en"])

    def bounds(self, code: str) -> tuple[float, float, float, float]:
        """(minx, miny, maxx, maxy) of an area."""
        row = self.areas.loc[code]
        return (row["minx"], row["miny"], row["maxx"], row["maxy"])

    def extent(self, codes: list[str]) -> tuple[float, float, float, float]:
        """The bounding box of several areas together."""
        rows = self.areas.loc[self.areas.index.intersection(codes)]
        return (rows["minx"].min(), rows["miny"].min(), rows["maxx"].max(), rows["maxy"].max())

    def codes(self, level: str, within: str) -> pd.Index:
        """Codes of the areas of ``level`` inside ``within`` ('TH' for the country)."""
        a = self.areas
        return a.index[(a["level"] == level) & a["code"].str.startswith(within)]


def role_label(user: User, places: Places, lang: str) -> str:
    """'ผู้ดูแลระบบ', 'เจ้าหน้าที่จังหวัดเชียงใหม่', ... in ``lang``."""
    if user.role == "officer":
        return t("up_role_officer", lang, province=places.name(user.province, lang))
    return t(f"up_role_{user.role}", lang)


def year_pair(year: int, lang: str) -> str:
    """A CE year shown with its Buddhist Era twin: '2566 (ค.ศ. 2023)' or '2023 (BE 2566)'."""
    return t("up_be_ce", lang, be=year + BE_OFFSET, ce=year)


def periods_text(years: list[int], lang: str) -> str:
    """The periods of a table, listed, or as first–last when there are many."""
    if not years:
        return "–"
    if len(years) <= 4:
        return ", ".join(year_pair(y, lang) for y in years)
    first, last = years[0], years[-1]
    be_first, be_last = first + BE_OFFSET, last + BE_OFFSET
    if lang == "th":
        return f"{be_first}–{be_last} (ค.ศ. {first}–{last}), {len(years)} ปี"
    return f"{first}–{last} (BE {be_first}–{be_last}), {len(years)} years"


def when_text(moment: object, lang: str) -> str:
    """A stored UTC time in Thai time: '21/11/2566 10:32' in Thai, '2023-11-21 10:32'."""
    if moment is None or (isinstance(moment, float) and math.isnan(moment)):
        return ""
    stamp = pd.Timestamp(moment)
    if pd.isna(stamp):
        return ""
    local = local_time(stamp)
    if lang == "th":
        return f"{local.day}/{local.month}/{local.year + BE_OFFSET} {local:%H:%M}"
    return f"{local:%Y-%m-%d %H:%M}"


def now_text(lang: str) -> str:
    """The current time as ``when_text`` shows it."""
    return when_text(datetime.now(UTC), lang)


def notice(text: str, kind: str = "info", **kwargs) -> html.Div:
    """A message box: 'info', 'ok', 'warn' or 'error'."""
    return html.Div(text, className=f"wr-up-note wr-up-note-{kind}", **kwargs)


def error_notice(headline: str, detail: str | None = None) -> html.Div:
    """An error in words: a headline in the page's language and the detail, never a trace."""
    children: list[Component] = [html.Strong(headline)]
    if detail:
        children.append(html.Div(detail, className="wr-up-detail-text"))
    return html.Div(children, className="wr-up-note wr-up-note-error", role="alert")


def _card(label: str, value, sub: Any = "", card_id: str | None = None) -> html.Div:
    extra: dict[str, Any] = {"id": card_id} if card_id else {}
    return html.Div(
        className="wr-up-card",
        children=[
            html.Div(label, className="wr-up-card-label"),
            html.Div(value, className="wr-up-card-value"),
            html.Div(sub, className="wr-up-card-sub"),
        ],
        **extra,
    )


def areas_text(areas_by_level: dict[str, int], lang: str) -> list:
    """One line per level: 'ตำบล 5' / '5 tambons'."""
    lines = []
    for level, n in areas_by_level.items():
        name = t(f"level_{level}", lang)
        lines.append(html.Div(f"{name} {n:,}" if lang == "th" else f"{n:,} {name}"))
    return lines or [html.Div("0")]


def _rows_sub(report: IntakeReport, level: str, lang: str) -> list:
    """Under the values to load: the level, and how many are new or replace current ones."""
    lines = [html.Div(level)] if level else []
    if report.replaced is not None:
        new = t("up_dry_new", lang, n=f"{report.rows - report.replaced:,}")
        replaced = t("up_dry_replaced", lang, n=f"{report.replaced:,}")
        # One figure a line, wrapped if need be: the card is narrow (never cut off).
        lines.append(html.Div([html.Div(new), html.Div(replaced)], id="up-dry-run"))
    return lines


def mixed_items(mixed: list[tuple[str, int, str]], places: Places, lang: str) -> str:
    """Parents that mix loads, in words: 'เมืองเชียงใหม่ 2561: ข้อมูลตั้งต้น (build) + ไฟล์นี้'."""
    items = []
    for code, period, loads in mixed[:5]:
        year = period + BE_OFFSET if lang == "th" else period
        items.append(f"{places.name(code, lang)} {year}: {mix_text(loads, lang)}")
    return "; ".join(items) + (" …" if len(mixed) > 5 else "")


def summary_cards(report: IntakeReport, indicator: dict, lang: str) -> html.Div:
    """Values to load, areas matched per level, periods, file and indicator."""
    level = t("up_level_at", lang, level=t(f"level_{report.level}", lang)) if report.level else ""
    fmt = report.format.upper() + (f" ({report.encoding})" if report.encoding else "")
    header = ", ".join(str(r) for r in report.header_rows)
    name = indicator["name_th"] if lang == "th" else indicator["name_en"]
    return html.Div(
        className="wr-up-cards",
        children=[
            _card(
                t("up_rows", lang),
                f"{report.rows:,}",
                _rows_sub(report, level, lang),
                "up-card-rows",
            ),
            _card(
                t("up_areas", lang), areas_text(report.areas_by_level, lang), "", "up-card-areas"
            ),
            _card(t("up_periods", lang), periods_text(report.periods, lang), "", "up-card-periods"),
            _card(
                t("up_file", lang),
                report.file,
                f"{fmt} · {t('up_header_rows', lang, rows=header or '–')}",
                "up-card-file",
            ),
            _card(t("up_for_indicator", lang), name, indicator["id"], "up-card-indicator"),
        ],
    )


def _table(headers: list[str], rows: list[list], classes: list[str], table_id: str) -> html.Table:
    return html.Table(
        id=table_id,
        className="wr-up-table",
        children=[
            html.Thead(
                html.Tr([html.Th(h, className=c) for h, c in zip(headers, classes, strict=True)])
            ),
            html.Tbody(
                [
                    html.Tr([html.Td(v, className=c) for v, c in zip(row, classes, strict=True)])
                    for row in rows
                ]
            ),
        ],
    )


# The intake's reasons (English: the command line's words) → the page's words in its language.
_REASONS = {
    "title or note above the table": "up_why_title",
    "blank line": "up_why_blank",
    "no area named": "up_why_no_area",
    "not an area: the whole kingdom": "up_why_kingdom",
    "not an area: a region": "up_why_region",
    "not an area: a total": "up_why_total",
    "not an area: a note": "up_why_note",
}
_REASON_PATTERNS = [
    (re.compile(r"^(?P<area>.+) is outside your province (?P<province>.+)$"), "up_why_outside"),
    (re.compile(r"^no area named, under a row of (?P<area>.+?): if this row is "), "up_why_under"),
]
_NO_FIGURE = re.compile(r"^no figure for (?P<area>.*) in (?P<where>.+)$")


def reason_text(reason: str, lang: str) -> str:
    """A skip or problem reason in the page's language (known reasons; others as given)."""
    if reason in _REASONS:
        return t(_REASONS[reason], lang)
    for pattern, key in _REASON_PATTERNS:
        found = pattern.match(reason)
        if found:
            return t(key, lang, **found.groupdict())
    found = _NO_FIGURE.match(reason)
    if found:  # "in 2023" (a long table's year) or "in <column>" (a wide table's)
        where = found["where"]
        year = year_from(int(where)) if where.isdigit() and len(where) == 4 else None
        if year is not None:
            where = t("up_why_in_year", lang, be=year + BE_OFFSET, ce=year)
        else:
            where = t("up_why_in_column", lang, column=where)
        return t("up_why_no_figure", lang, area=found["area"], where=where)
    return reason


def _shown(lang: str, shown: int, total: int) -> list:
    if total <= shown:
        return []
    return [
        html.Div(t("up_shown_of", lang, shown=f"{shown:,}", n=f"{total:,}"), className="wr-up-more")
    ]


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def problems_panel(
    problems: list[Problem], total: int, lang: str, blocking: list[Problem] | None = None
) -> html.Section:
    """Every problem (file, row, column, value, reason), blocking ones first, scrollable."""
    blocking = blocking or []
    listed = [*blocking, *problems][:ROWS_DRAWN]
    count = total + len(blocking)
    rows = [
        [_cell(p.file), _cell(p.row), _cell(p.column), _cell(p.value), reason_text(p.reason, lang)]
        for p in listed
    ]
    body = (
        [
            _table(
                [
                    t(k, lang)
                    for k in (
                        "up_col_file",
                        "up_col_row",
                        "up_col_column",
                        "up_col_value",
                        "up_col_reason",
                    )
                ],
                rows,
                ["wr-up-c-file", "wr-up-c-num", "wr-up-c-col", "wr-up-c-val", "wr-up-c-why"],
                "up-problems-table",
            ),
            *_shown(lang, len(listed), count),
        ]
        if listed
        else [html.Div(t("up_no_problems", lang), className="wr-up-empty wr-up-good")]
    )
    return _list_panel("problems", t("up_problems", lang, n=f"{count:,}"), body)


def skipped_panel(report: IntakeReport, lang: str) -> html.Section:
    """Rows skipped on purpose (titles, totals, blank lines), scrollable."""
    listed = report.skipped[:ROWS_DRAWN]
    body = (
        [
            _table(
                [t("up_col_row", lang), t("up_col_reason", lang), t("up_col_text", lang)],
                [[str(row), reason_text(why, lang), text] for row, why, text in listed],
                ["wr-up-c-num", "wr-up-c-why", "wr-up-c-text"],
                "up-skipped-table",
            ),
            *_shown(lang, len(listed), report.skipped_count),
        ]
        if listed
        else [html.Div(t("up_no_skipped", lang), className="wr-up-empty")]
    )
    return _list_panel("skipped", t("up_skipped", lang, n=f"{report.skipped_count:,}"), body)


def _list_panel(kind: str, title: str, body: list) -> html.Section:
    """A titled list whose body scrolls inside the panel, never the page."""
    return html.Section(
        id=f"up-{kind}",
        className=f"wr-up-list wr-up-list-{kind}",
        children=[html.H3(title), html.Div(body, className="wr-up-scroll")],
    )


def _two_lines(first: str, second: str, title: str | None = None) -> list:
    return [
        html.Div(first, className="wr-up-line1", title=title or first),
        html.Div(second, className="wr-up-line2", title=second),
    ]


def batches_table(batches: pd.DataFrame, user: User | None, indicators: dict, lang: str):
    """Every load, newest first, with a roll-back button on those the user may undo.

    Columns: batch id; indicator over file; user over date; values; status and action.
    """
    if batches.empty:
        return html.Div(t("up_no_batches", lang), className="wr-up-empty")
    headers = [
        t("up_col_batch", lang),
        f"{t('up_col_indicator', lang)} / {t('up_col_file', lang)}",
        f"{t('up_col_user', lang)} / {t('up_col_date', lang)}",
        t("up_col_rows", lang),
        t("up_col_status", lang),
    ]
    rows = []
    for rec in batches.to_dict("records"):
        batch = int(rec["id"])
        province = rec.get("province") if isinstance(rec.get("province"), str) else None
        loaded = rec["status"] == "loaded"
        if loaded:
            status = html.Div(t("up_status_loaded", lang), className="wr-up-status-loaded")
        else:
            status = html.Div(
                t("up_status_rolled_back", lang),
                className="wr-up-status-rolled",
                title=t(
                    "up_rolled_back_by",
                    lang,
                    user=_cell(rec.get("rolled_back_by")),
                    when=when_text(rec.get("rolled_back_at"), lang),
                ),
            )
        action = (
            dcc.ConfirmDialogProvider(
                html.Button(t("up_rollback", lang), className="wr-up-rollback"),
                id={"type": "up-rollback", "batch": batch},
                message=t("up_rollback_confirm", lang, batch=batch),
            )
            if loaded and user is not None and user.may_load(province)
            else None
        )
        name = indicators.get(rec["indicator_id"], {}).get("th" if lang == "th" else "en")
        rows.append(
            html.Tr(
                id={"type": "up-batch-row", "batch": batch},
                className="wr-up-batch" + ("" if loaded else " wr-up-batch-rolled"),
                children=[
                    html.Td(str(batch), className="wr-up-c-num"),
                    html.Td(
                        _two_lines(rec["indicator_id"], rec["file_name"], name),
                        className="wr-up-c-wide",
                    ),
                    html.Td(
                        _two_lines(rec["user"], when_text(rec["loaded_at"], lang)),
                        className="wr-up-c-who",
                    ),
                    html.Td(f"{int(rec['rows']):,}", className="wr-up-c-num"),
                    html.Td([status, action] if action else [status], className="wr-up-c-act"),
                ],
            )
        )
    return html.Table(
        id="up-batches-table",
        className="wr-up-table wr-up-batches-table",
        children=[
            html.Colgroup([html.Col(className=f"wr-up-col{i}") for i in range(1, 6)]),
            html.Thead(html.Tr([html.Th(h) for h in headers])),
            html.Tbody(rows),
        ],
    )


def number(value: float, lang: str) -> str:
    """A count with thousands separators."""
    return format_number(float(value), lang, digits=0)
