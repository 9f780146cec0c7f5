"""The one-page brief: an A4 PDF of a province or district, in Thai or English.

The map of the area with its districts (or tambons) coloured, the headline figures, the status
of the 17 goals, the five places to act first, and the sources with their years. HTML is laid
out by WeasyPrint, which shapes Thai with Pango and HarfBuzz in Sarabun (from the
``fontpkg-sarabun`` package); the map is drawn by GeoPandas/matplotlib without a browser and
carries no text (labels are in HTML, where Thai is shaped properly). Colours run light to dark
towards "worse" and every light has a word, so the page reads in black and white.
"""

from __future__ import annotations

import base64
import html
import math
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from warroom.analysis import area as A  # noqa: N812
from warroom.analysis.area import worst_indicator
from warroom.analysis.counts import MIN_DENOMINATOR
from warroom.analysis.followup import followed_up
from warroom.analysis.status import Light, goals_summary, value_arrow
from warroom.areas.codes import level_of
from warroom.errors import WarroomError
from warroom.export.actions import brief_section
from warroom.export.brief_map import PRINT_RAMP, area_map_png
from warroom.indicators.goals import GOALS
from warroom.text.fonts import FONT_DIR
from warroom.text.i18n import area_name, date_label, format_number, t, year_label

LIGHT_COLOURS = {
    Light.GREEN: "#2e7d32",
    Light.YELLOW: "#f2c500",
    Light.ORANGE: "#ef6c00",
    Light.RED: "#c62828",
    Light.GREY: "#bdbdbd",
}
HATCH = "repeating-linear-gradient(45deg,#fff 0 1px,#333 1px 2px)"  # no data, as on the map
KPI_INDICATORS = (
    "tpmap.target_poor_rate",
    "tpmap.target_poor",
    "panel.gpp_per_capita",
    "pm25.annual_mean",
)


def _name(row, lang: str) -> str:
    return row["name_th"] if lang == "th" else row["name_en"]


def _unit(row, lang: str) -> str:
    return row["unit_th"] if lang == "th" else row["unit"]


def _e(text: object) -> str:
    return html.escape(str(text))


@dataclass
class BriefParts:
    """Everything the brief shows, gathered once (the page reuses the same pieces)."""

    code: str
    lang: str
    indicator: str
    status: pd.DataFrame
    act: pd.DataFrame
    population: tuple[float, int | None]


def gather(source: A.Source, code: str, *, lang: str, indicator: str) -> BriefParts:
    """The status table, the ranking of where to act and the population of an area."""
    return BriefParts(
        code=code,
        lang=lang,
        indicator=indicator,
        status=A.status_table(source, code),
        act=A.where_to_act(source, code, indicator),
        population=A.latest(source, A.POPULATION, code),
    )


def area_title(area, lang: str) -> str:
    """'จังหวัดเชียงใหม่' in Thai, 'Chiang Mai Province' in English; Bangkok is
    'กรุงเทพมหานคร' / 'Bangkok' and its districts khet: 'เขตพระนคร' / 'Khet Phra Nakhon'."""
    code = area["code"]
    return area_name(code, level_of(code), area["name_th"], area["name_en"], lang)


def light_label(light: str, lang: str) -> str:
    """A light's word ("on target", "major challenges", ...)."""
    return t(f"gov_light_{Light(light).value}", lang)


def unrated(light: str, has_data: bool) -> bool:
    """A goal with data that no stated threshold rates: it says "no threshold", not grey."""
    return Light(light) == Light.GREY and has_data


def why_text(row: pd.Series, lang: str) -> str:
    """Why the area has no value of an indicator, as the area notes say it ('' if unsaid)."""
    why = row.get(f"why_{lang}")
    return why if isinstance(why, str) else ""


def no_data_text(rows: pd.DataFrame, lang: str) -> str:
    """A goal without values here: the one reason its indicators share ('not applicable: no
    coast'), else 'no data for this goal yet'."""
    reasons = {why_text(row, lang) for _, row in rows.iterrows()}
    if len(reasons) == 1 and "" not in reasons:
        return reasons.pop()
    return t("gov_goal_no_data", lang)


def difference_text(difference: float, unit: str, lang: str) -> str:
    """A difference from the country, unsigned: points for a rate in %, else the unit."""
    return format_number(abs(difference), lang, t("wall_pp", lang) if unit == "%" else unit)


def versus_label(row, lang: str, *, form: str = "sentence") -> str:
    """How a row without a target compares with Thailand, in words ("" when it does not).

    ``form``: ``word`` ("worse", for a tile), ``by`` ("worse by 2.81 pp", under a "vs
    Thailand" heading) or ``sentence`` ("worse than Thailand by 2.81 pp").
    """
    versus = row.get("versus")
    if versus is None or (isinstance(versus, float) and math.isnan(versus)) or versus == "none":
        return ""
    if form == "word":
        return t(f"gov_vs_{versus}", lang)
    diff = difference_text(row["difference"], _unit(row, lang), lang)
    key = f"gov_vs_{versus}_by" if form == "by" else f"gov_versus_{versus}"
    return t(key, lang, diff=diff)


def status_words(row, lang: str) -> str:
    """What a status row says: its light's word, or its comparison with Thailand."""
    if row.get("basis") == "threshold":
        return light_label(row["status"], lang)
    if row.get("few_people"):
        return t("gov_few_people", lang)
    return versus_label(row, lang, form="by") or t("gov_goal_unrated", lang)


def coverage_label(coverage: float, level: str | None, lang: str) -> str:
    """ "32% of tambons have a figure" when fewer than all do; "" when all do or unknown."""
    if coverage is None or math.isnan(coverage) or coverage >= 1 or not level:
        return ""
    share = format_number(100 * coverage, lang, "%", digits=0 if coverage >= 0.1 else 1)
    return t("gov_coverage", lang, level=t(f"level_{level}", lang), share=share)


def few_people_title(lang: str) -> str:
    """Why a rate is marked "few people"."""
    return t("gov_few_people_title", lang, n=MIN_DENOMINATOR)


def source_name(source: A.Source, source_id: object, lang: str) -> str:
    """A source's name in ``lang`` (its id when the store does not list it)."""
    sources = getattr(source, "sources", None)
    if sources is not None and source_id in sources.index:
        return str(_name(sources.loc[source_id], lang))
    return str(source_id)


def trend_label(trend: str, lang: str, direction: str) -> str:
    """A trend's arrow (the way the value moved) and word (better or worse)."""
    return f"{value_arrow(trend, direction)} {t(f'gov_trend_{trend}', lang)}"


def _value(value: float, row, lang: str) -> str:
    unit = _unit(row, lang)
    return format_number(value, lang, unit if unit != "%" else "%")


def _font_faces() -> str:
    """Sarabun's faces; a WarroomError when a file is missing (WeasyPrint would otherwise
    fall back to whatever fonts the system has, silently, and shape Thai differently)."""
    faces = []
    for weight, name in ((400, "Regular"), (600, "SemiBold"), (700, "Bold")):
        path = FONT_DIR / f"Sarabun-{name}.ttf"
        if not path.is_file():
            raise WarroomError(
                f"the brief's font {path.name} is missing from {FONT_DIR}: reinstall "
                "fontpkg-sarabun (make install); no brief is made in other fonts"
            )
        url = path.as_uri()
        faces.append(
            f"@font-face {{ font-family: Sarabun; font-weight: {weight}; src: url('{url}'); }}"
        )
    return "\n".join(faces)


# One A4 page, its type never under 8 pt (tables 8.6 pt at scale 1), filling the page: the
# map and the headline figures on top, the 17 goals, then the sources. render_pdf scales the
# type to the page (_css).
MIN_PT = 8.0
CSS = """
@page { size: A4; margin: 8mm 9mm 7mm 9mm; }
* { box-sizing: border-box; }
body { font-family: Sarabun, sans-serif; font-size: 9pt; line-height: 1.28; color: #111;
       margin: 0; }
h1 { font-size: 16pt; margin: 0; line-height: 1.25; }
h2 { font-size: 10.5pt; margin: 1.8mm 0 1mm; border-bottom: 0.6pt solid #111;
     line-height: 1.35; }
.sub { color: #333; font-size: 9pt; }
.top { display: flex; gap: 5mm; }
.map { width: 78mm; }
.map img { width: 78mm; max-height: 62mm; object-fit: contain; }
.right { flex: 1; }
.kpis { display: grid; grid-template-columns: 1fr 1fr; gap: 1.6mm; }
.kpi { border: 0.6pt solid #555; padding: 1mm 1.8mm; }
.kpi .l { font-size: 8.6pt; color: #333; line-height: 1.25; }
.kpi .v { font-size: 13pt; font-weight: 700; line-height: 1.3; }
.kpi .n { font-size: 8pt; color: #333; line-height: 1.25; }
.legend { font-size: 8.4pt; }
.sw { display: inline-block; width: 3.2mm; height: 3.2mm; border: 0.5pt solid #333;
      vertical-align: -0.5mm; margin-right: 1mm; }
table { border-collapse: collapse; width: 100%; }
th { text-align: left; font-weight: 600; border-bottom: 0.6pt solid #111; padding: 0.3mm 1mm; }
td { padding: 0.1mm 1mm; border-bottom: 0.3pt solid #bbb; vertical-align: top; line-height: 1.24; }
td.num { text-align: right; white-space: nowrap; }
.light { display: inline-block; width: 3mm; height: 3mm; border-radius: 50%;
         border: 0.5pt solid #111; vertical-align: -0.4mm; margin-right: 1mm; }
.nodata { color: #555; font-style: italic; }
.foot { font-size: 8pt; color: #333; margin-top: 1mm; line-height: 1.24; }
.act td:first-child { width: 6mm; font-weight: 700; }
.act { font-size: 8.8pt; }
.goals { font-size: 8.6pt; }
.goals td:nth-child(1) { width: 17%; }
.goals td:nth-child(2) { width: 15%; }
.goals td:nth-child(3) { width: 46%; }
.goals td:nth-child(5) { white-space: nowrap; }
.goals td.num { white-space: normal; }
.goals td.num span { white-space: nowrap; }
.legend div { display: inline-block; margin-right: 2.5mm; }
.map img.short { max-height: 50mm; }
.acts { font-size: 8.4pt; line-height: 1.25; }
.acts h2 { margin-top: 1.4mm; }
.act-line { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.act-kpi, .act-note { color: #333; }
.act-note { font-size: 8pt; }
"""


def brief_html(
    source: A.Source,
    code: str,
    *,
    lang: str,
    geometry_dir: Path,
    indicator: str | None = None,
    made: pd.Timestamp | None = None,
) -> str:
    """The brief as a self-contained HTML page (fonts and map by file and data URIs); the
    map and places to act show ``indicator``, by default the one the area's page opens on."""
    if indicator is None:
        indicator = A.opening_indicator(A.status_table(source, code))
    parts = gather(source, code, lang=lang, indicator=indicator)
    areas, cat = source.areas, source.indicators
    area = areas.loc[code]
    ind = cat.loc[indicator]
    act = parts.act[parts.act["need_rank"].notna()].head(5)  # few-people rates are not ranked
    png, bounds = area_map_png(source, geometry_dir, code, indicator, act["code"].tolist())
    period = int(parts.act["period"].iloc[0]) if "period" in parts.act and len(parts.act) else None
    other = area["name_en"] if lang == "th" else area["name_th"]
    pop, pop_year = parts.population
    pop_text = (
        t("gov_population", lang, value=format_number(pop, lang), year=year_label(pop_year, lang))
        if pop_year
        else ""
    )
    made = made or pd.Timestamp.now("UTC")
    header = (
        f"<h1>{_e(t('gov_brief_title', lang))} · {_e(area_title(area, lang))}"
        f" <span class='sub'>({_e(other)})</span></h1>"
        f"<div class='sub'>{_e(pop_text)} · "
        f"{_e(t('gov_brief_made', lang, date=date_label(made, lang)))}</div>"
    )
    legend = "".join(
        f"<div><span class='sw' style='background:{c}'></span>"
        f"{_e(format_number(lo, lang))} – {_e(format_number(hi, lang))}</div>"
        for c, (lo, hi) in zip(_ramp_for(ind, len(bounds)), bounds, strict=True)
    ) + (f"<div><span class='sw' style='background:{HATCH}'></span>{_e(t('no_data', lang))}</div>")
    map_title = t(
        "gov_brief_map",
        lang,
        indicator=_name(ind, lang)
        + ("" if _unit(ind, lang) in _name(ind, lang) else f" ({_unit(ind, lang)})"),
        year=year_label(period, lang) if period else "–",
    )
    img = base64.b64encode(png).decode()
    # The area's actions under the map, which gives up some height for them (one page).
    acts = brief_section(followed_up(source.store, within=code), areas, lang)
    top = (
        "<div class='top'>"
        f"<div class='map'><h2>{_e(map_title)}</h2>"
        f"<img src='data:image/png;base64,{img}'{' class=short' if acts else ''}>"
        f"<div class='legend'>{legend}</div>"
        f"{acts}</div>"
        f"<div class='right'><h2>{_e(t('gov_brief_kpis', lang))}</h2>"
        f"<div class='kpis'>{_kpis(source, parts, lang)}</div>"
        f"<h2>{_e(t('gov_brief_act', lang, indicator=_name(ind, lang)))}</h2>"
        f"{_act_table(act, ind, lang)}</div></div>"
    )
    return (
        f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'>"
        f"<style>{_font_faces()}{CSS}</style></head><body>{header}{top}"
        f"<h2>{_e(t('gov_brief_goals', lang))}</h2>{_goals_table(parts, lang)}"
        f"{_footer(source, parts, lang)}</body></html>"
    )


def _ramp_for(ind, n: int) -> list[str]:
    ramp = PRINT_RAMP[::-1] if ind["direction"] == "higher_is_better" else PRINT_RAMP
    return [ramp[round(i * (len(ramp) - 1) / max(n - 1, 1))] for i in range(n)]


def _kpis(source: A.Source, parts: BriefParts, lang: str) -> str:
    cards = []
    status = parts.status.set_index("indicator")
    for ind_id in KPI_INDICATORS:
        if ind_id not in source.indicators.index:
            continue
        ind = source.indicators.loc[ind_id]
        value, period = A.latest(source, ind_id, parts.code)
        if period is None:
            continue
        country = source.observations(ind_id).get((period, "TH"), math.nan)
        note = t("gov_country", lang, value=_value(country, ind, lang))
        if ind.get("modelled"):
            note += f" · {t('modelled', lang)}"
        if ind_id in status.index and not pd.isna(status.at[ind_id, "rank"]):
            rank = status.loc[ind_id]
            note += " · " + t("gov_rank", lang, rank=int(rank["rank"]), of=int(rank["of"]))
        level = source.finest_levels.get(ind_id)
        cover = coverage_label(A.coverage_of(source, ind_id, period, parts.code), level, lang)
        if cover:
            note += f" · {cover}"
        cards.append(
            f"<div class='kpi'><div class='l'>{_e(_name(ind, lang))} "
            f"({_e(year_label(period, lang))})</div>"
            f"<div class='v'>{_e(_value(value, ind, lang))}</div>"
            f"<div class='n'>{_e(note)}</div></div>"
        )
    return "".join(cards)


def _act_table(act: pd.DataFrame, ind, lang: str) -> str:
    if act.empty:
        return f"<div class='nodata'>{_e(t('no_data', lang))}</div>"
    rows = []
    for i, row in enumerate(act.itertuples(), start=1):
        count = ""
        if not pd.isna(row.count) and row.count_indicator:
            count = format_number(row.count, lang)
        rows.append(
            f"<tr><td>{i}</td><td>{_e(row.name_th if lang == 'th' else row.name_en)}</td>"
            f"<td class='num'>{_e(_value(row.value, ind, lang))}</td>"
            f"<td class='num'>{_e(count)}</td></tr>"
        )
    return f"<table class='act'>{''.join(rows)}</table>"


def _goals_table(parts: BriefParts, lang: str) -> str:
    lang_col = 2 if lang == "th" else 3
    summary = goals_summary(parts.status).set_index("goal")
    head = "".join(
        f"<th>{_e(t(k, lang))}</th>"
        for k in (
            "gov_brief_goal_col",
            "gov_brief_status_col",
            "gov_brief_worst_col",
            "gov_brief_value_col",
            "gov_brief_trend_col",
        )
    )
    rows = []
    for goal in GOALS:
        number, name = goal[0], goal[lang_col]
        light = summary.at[number, "light"]
        of_goal = parts.status[parts.status["goal"] == number]
        worst = worst_indicator(of_goal)
        # A dot only for a light against a target; otherwise the comparison in words.
        dot = f"<span class='light' style='background:{LIGHT_COLOURS[Light(light)]}'></span>"
        cells = [f"<td>{number}. {_e(name)}</td>"]
        if worst is None:
            cells.append(f"<td colspan='4' class='nodata'>{_e(no_data_text(of_goal, lang))}</td>")
        else:
            label = _name(worst, lang) + (f" ({t('gov_proxy', lang)})" if worst["proxy"] else "")
            here, country = worst["value"], worst["country_value"]
            # The area's value and the country's each stay whole; the cell may wrap between.
            value = (
                f"<span>{_e(_value(here, worst, lang))}</span> "
                f"<span>({_e(_value(country, worst, lang))})</span>"
            )
            status = (
                f"{dot}{_e(light_label(light, lang))}"
                if light != Light.GREY
                else _e(status_words(worst, lang))
            )
            cover = coverage_label(worst["coverage"], worst.get("finest_level"), lang)
            cells += [
                f"<td>{status}</td>",
                f"<td>{_e(label)} · {_e(year_label(int(worst['period']), lang))}"
                + (f" · <i>{_e(cover)}</i>" if cover else "")
                + "</td>",
                f"<td class='num'>{value}</td>",
                f"<td>{_e(trend_label(worst['trend'], lang, worst['direction']))}</td>",
            ]
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return f"<table class='goals'><tr>{head}</tr>{''.join(rows)}</table>"


def source_years(source: A.Source, status: pd.DataFrame, lang: str) -> list[str]:
    """Each source of the figures in ``status`` with the years shown: "TPMAP 2561 (...) (2561)"."""
    shown = status[status["value"].notna()]
    years = shown.groupby("source")["period"].agg(["min", "max"])
    items = []
    for src_id, span in years.iterrows():
        lo, hi = year_label(int(span["min"]), lang), year_label(int(span["max"]), lang)
        items.append(f"{source_name(source, src_id, lang)} ({lo if lo == hi else f'{lo}–{hi}'})")
    return items


def basis_sentence(status: pd.DataFrame, lang: str) -> str:
    """Which basis the lights of ``status`` used: the thresholds' own sources, or none."""
    rated = status[(status["basis"] == "threshold") & status["value"].notna()]
    if rated.empty:
        return t("gov_brief_basis_none", lang)
    column = "threshold_source_th" if lang == "th" else "threshold_source"
    sources = "; ".join(
        f"{_name(row, lang)}: {row[column] or row['threshold_source']}"
        for _, row in rated.drop_duplicates("indicator").iterrows()
    )
    return t("gov_brief_basis", lang, sources=sources)


def _footer(source: A.Source, parts: BriefParts, lang: str) -> str:
    items = source_years(source, parts.status, lang)
    return (
        f"<div class='foot'><b>{_e(t('gov_brief_sources', lang))}:</b> {_e('; '.join(items))}. "
        f"{_e(t('boundaries_credit', lang))}.<br>{_e(basis_sentence(parts.status, lang))}; "
        f"{_e(t('gov_brief_marks', lang, n=MIN_DENOMINATOR))}.</div>"
    )


def _css(scale: float) -> str:
    """The brief's style with every type size times ``scale``, never under ``MIN_PT``."""
    return re.sub(
        r"font-size: (\d+(?:\.\d+)?)pt",
        lambda m: f"font-size: {max(MIN_PT, round(float(m.group(1)) * scale, 2))}pt",
        CSS,
    )


def _text_bottom(document) -> float:
    """How far down its first page the brief's text and map reach, in CSS px."""
    from weasyprint.formatting_structure import boxes

    page = document.pages[0]._page_box
    drawn = (boxes.TextBox, boxes.ReplacedBox)
    return max(b.position_y + b.height for b in page.descendants() if isinstance(b, drawn))


def render_pdf(html_text: str) -> tuple[bytes, int]:
    """The brief's HTML as PDF bytes (WeasyPrint), and its number of pages.

    The brief uses its page: rendered first at its type's size, then, when it runs over, at
    smaller type (never under 8 pt), or, when more than 6 % of its height is left empty, at
    type as much larger as the room allows (up to 25 %), kept only if it still fits.
    """
    from weasyprint import HTML

    def render(scale: float):
        text = html_text.replace(CSS, _css(scale)) if scale != 1 else html_text
        return HTML(string=text, base_url=str(FONT_DIR)).render()

    document = render(1.0)
    for scale in (0.95, 0.9):
        if len(document.pages) == 1:
            break
        document = render(scale)
    if len(document.pages) == 1:
        page = document.pages[0]
        box = page._page_box
        room = page.height - box.margin_top - box.margin_bottom
        used = _text_bottom(document) - box.margin_top
        if used < 0.94 * room:
            # Type and wrapped lines both grow: the height grows about as the scale squared.
            larger = render(min(1.25, 0.98 * math.sqrt(room / used)))
            if len(larger.pages) == 1:
                document = larger
    return document.write_pdf(), len(document.pages)


def write_brief(
    source: A.Source,
    code: str,
    output: Path,
    *,
    lang: str,
    geometry_dir: Path,
    indicator: str | None = None,
) -> int:
    """Write the brief of ``code`` to ``output``; return its number of pages."""
    if indicator is not None and indicator not in source.indicators.index:
        raise ValueError(f"unknown indicator {indicator!r}; `warroom indicators` lists them")
    html_text = brief_html(source, code, lang=lang, geometry_dir=geometry_dir, indicator=indicator)
    pdf, pages = render_pdf(html_text)
    Path(output).write_bytes(pdf)
    return pages
