"""``warroom audit``: every number the screens could show, checked as a careful analyst would.

One row per finding (``AUDIT_COLUMNS``), by ``check``:

- ``impossible_shown``: a current value in the store outside its indicator's range
  (``warroom.indicators.plausibility``): a figure on screen that cannot be true. The build
  stores none, so on a built store there are none; a load could only add one past the intake's
  same check.
- ``impossible_left_out``: a source value the build left out as impossible (grey on every
  screen, with the reason); ``sampling_zero``: a survey's 0 left out as a sampling zero.
- ``light``: every coloured status light of every province, with its basis (``status_table``:
  what the light was judged against) and the threshold's source.
- ``trend_marked_period``: every province trend whose last years hold a period marked as not
  comparable (``reasons.marked_periods``): the arrow shown, the one the marked period would
  have given, and whether the shown one rests on it (``result`` ``rests on it``; never, as the
  status functions leave marked periods out).
"""

from __future__ import annotations

import math
from collections import Counter

import pandas as pd

from warroom.analysis.area import Source, marked, status_table
from warroom.analysis.status import TREND_WINDOW, Light, trend_arrow
from warroom.indicators.checks import SAMPLING_ZERO
from warroom.indicators.plausibility import implausible
from warroom.indicators.reasons import marked_periods

AUDIT_COLUMNS = ["check", "indicator", "area", "period", "value", "result", "detail"]
RESTS = "rests on it"
LEFT_OUT = "left out"


def stored_values(source: Source) -> pd.DataFrame:
    """Current values in the store that are impossible for their indicator."""
    obs = source.store.observations()
    rows = {str(i): dict(r) for i, r in source.indicators.iterrows()}
    bad = implausible(obs, rows)
    return pd.DataFrame(
        {
            "check": "impossible_shown",
            "indicator": bad["indicator_id"],
            "area": bad["area_code"],
            "period": bad["period"],
            "value": bad["value"],
            "result": "shown as a figure",
            "detail": bad["reason"],
        },
        columns=AUDIT_COLUMNS,
    )


def left_out(source: Source) -> pd.DataFrame:
    """Source values the build did not store as figures, each with its reason."""
    ex = source.store.excluded()
    zero = ex["rule"] == SAMPLING_ZERO
    return pd.DataFrame(
        {
            "check": zero.map({True: SAMPLING_ZERO, False: "impossible_left_out"}),
            "indicator": ex["indicator_id"],
            "area": ex["area_code"],
            "period": ex["period"],
            "value": ex["value"],
            "result": "grey, with the reason",
            "detail": ex["reason"],
        },
        columns=AUDIT_COLUMNS,
    )


def _province_codes(source: Source) -> list[str]:
    areas = source.areas
    return sorted(areas.index[areas["level"] == "province"])


def lights_and_trends(source: Source, codes: list[str] | None = None) -> pd.DataFrame:
    """Every coloured light of the provinces (or ``codes``) with its basis, and every trend
    whose last years hold a marked period."""
    codes = _province_codes(source) if codes is None else codes
    left = marked(source)
    rows = []
    for code in codes:
        table = status_table(source, code)
        for r in table.itertuples(index=False):
            if r.status != Light.GREY:
                basis = str(r.basis)
                why = getattr(r, "threshold_source", None)
                detail = f"{basis}: {why}" if basis == "threshold" and why else basis
                rows.append(["light", r.indicator, code, r.period, r.value, str(r.status), detail])
            periods = left.get(r.indicator)
            if periods and r.period is not None and not _missing(r.period):
                rows += _marked_trend(source, r, code, periods)
    return pd.DataFrame(rows, columns=AUDIT_COLUMNS)


def _missing(x: object) -> bool:
    return isinstance(x, float) and math.isnan(x)


def _marked_trend(source: Source, row, code: str, periods: set[int]) -> list[list]:
    """The audit row of one trend whose window holds a marked period (none otherwise)."""
    series = source.observations(row.indicator)
    if series.empty or code not in series.index.get_level_values(1):
        return []
    own = series.xs(code, level="area_code").dropna().sort_index()
    latest = int(row.period)
    window = own[(own.index > latest - TREND_WINDOW) & (own.index <= latest)]
    hit = sorted(p for p in window.index if int(p) in periods)
    if not hit:
        return []
    direction = str(source.indicators.at[row.indicator, "direction"] or "neutral")
    with_marked = trend_arrow(own[own.index <= latest], direction=direction)
    shown = str(row.trend)
    without = trend_arrow(own[~own.index.isin(list(periods))], direction=direction)
    notes = marked_periods(str(source.indicators.at[row.indicator, "source"]))
    why = "; ".join(dict.fromkeys(notes.loc[notes["period"].isin(hit), "note_en"]))
    detail = f"left out {', '.join(map(str, hit))} ({why}); with it: {with_marked}"
    result = RESTS if shown != str(without) else LEFT_OUT
    return [["trend_marked_period", row.indicator, code, latest, row.value, result, detail]]


def audit(source: Source, codes: list[str] | None = None) -> pd.DataFrame:
    """Every finding of the audit (``AUDIT_COLUMNS``), ``codes`` the provinces whose lights
    and trends are read (all 77 when None)."""
    parts = [stored_values(source), left_out(source), lights_and_trends(source, codes)]
    return pd.concat([p for p in parts if len(p)], ignore_index=True).reindex(columns=AUDIT_COLUMNS)


def counts(findings: pd.DataFrame) -> dict[str, int]:
    """How many of each finding: impossible values shown (0 on a built store), left out,
    sampling zeros, lights by basis, trends resting on a marked period and left out."""
    check = findings["check"]
    lights = findings[check == "light"]
    trends = findings[check == "trend_marked_period"]
    out = {
        "impossible values shown as figures": int((check == "impossible_shown").sum()),
        "impossible source values left out (grey with the reason)": int(
            (check == "impossible_left_out").sum()
        ),
        "sampling zeros left out": int((check == SAMPLING_ZERO).sum()),
        "coloured lights": len(lights),
        "trends resting on a marked period": int((trends["result"] == RESTS).sum()),
        "trends with a marked period left out": int((trends["result"] == LEFT_OUT).sum()),
    }
    basis = Counter(str(d).split(":")[0] for d in lights["detail"])
    out.update({f"lights against {k}": v for k, v in sorted(basis.items())})
    return out
