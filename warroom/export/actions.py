"""The action board in words and in the brief: the share done and late as a line, and the
area's open actions (late first) as a small table."""

from __future__ import annotations

import html

import pandas as pd

from warroom.analysis.followup import ActionShares, shares
from warroom.export.cells import text_cells
from warroom.export.table import xlsx_bytes
from warroom.text.i18n import date_label, t

BRIEF_ROWS = 3  # open actions the one-page brief lists (late first), under its map


def table_file(table: pd.DataFrame, fmt: str) -> bytes:
    """The actions table as a file: ``csv`` (UTF-8 with a byte-order mark, so Excel shows
    Thai) or ``xlsx`` (sheet ``actions``); text a spreadsheet would run stays text."""
    if fmt == "xlsx":
        return xlsx_bytes({"actions": table})
    return text_cells(table).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def _percent(share: float | None) -> str:
    return "–" if share is None else f"{share * 100:.0f}%"


def shares_text(kpi: ActionShares, lang: str) -> str:
    """'Actions: 1 of 3 done (33%) · 1 late (33%) · 1 relapsed', or 'none yet'."""
    if kpi.total == 0:
        return t("act_kpi_none", lang)
    text = t(
        "act_kpi",
        lang,
        done=kpi.done,
        total=kpi.total,
        late=kpi.late,
        share_done=_percent(kpi.share_done),
        share_late=_percent(kpi.share_late),
    )
    return text + (t("act_kpi_relapsed", lang, n=kpi.relapsed) if kpi.relapsed else "")


def status_word(row: pd.Series, lang: str) -> str:
    """An action's state in a word: relapsed, late, or its status."""
    if row["relapsed"]:
        return t("act_relapsed", lang)
    if row["late"]:
        return t("act_late", lang)
    return t(f"act_status_{row['status']}", lang)


def brief_section(frame: pd.DataFrame, names: pd.DataFrame, lang: str) -> str:
    """The brief's block under its map: the shares, the open actions (late first, one line
    each) and the plain caveat (``frame`` from ``followed_up``; ``names`` the areas indexed
    by code). Empty without any action, so a brief without actions is as it was."""
    if frame.empty:
        return ""
    open_ = frame[frame["open"]].sort_values(["late", "due_date"], ascending=[False, True])
    title = t("act_brief_title", lang)
    if len(open_) > BRIEF_ROWS:
        title += f" ({len(open_)})"
    lines = []
    for _, row in open_.head(BRIEF_ROWS).iterrows():
        code = row["area_code"]
        where = code
        if code in names.index:
            where = names.at[code, "name_th" if lang == "th" else "name_en"]
        due = t("act_due", lang, date=date_label(pd.Timestamp(row["due_date"]), lang))
        text = f"{row['what']} · {where} · {due}"
        lines.append(
            f"<div class='act-line'><b>{html.escape(status_word(row, lang))}</b> "
            f"{html.escape(text)}</div>"
        )
    return (
        f"<div class='acts'><h2>{html.escape(title)}</h2>"
        f"<div class='act-kpi'>{html.escape(shares_text(shares(frame), lang))}</div>"
        f"{''.join(lines)}<div class='act-note'>{html.escape(t('act_not_proof', lang))}</div>"
        "</div>"
    )
