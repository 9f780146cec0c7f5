"""Coarser levels of a loaded indicator: re-derived with the one roll-up, loads recorded.

After every load and roll-back (and after ``warroom build`` for a built-in indicator that
holds loads), the indicator's districts, provinces and country are derived again from its
current own rows by ``warroom.indicators.rollup.roll_up``, as the build derives them. For a
built-in (catalogue) indicator the rows the build placed on an ancestor (``unplaced``) count
again, so a period no load touches gets back exactly the values the build wrote.

Every derived value records the loads it combines (``derived_from``: ``build``, a batch id,
or several). The rule (README, "Derived values and loads"): a parent is derived from its
children's current values whatever load they came from, and a parent that combines more
than one load is never silent about it: the dry run, the load's result, the upload page and
the export name it and its loads.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import false, or_, select, text
from sqlalchemy.engine import Connection

from warroom.indicators.rollup import BUILD_LOAD, roll_up
from warroom.intake.areas import AreaResolver
from warroom.intake.report import IntakeReport
from warroom.intake.values import BE_OFFSET
from warroom.store import CATALOGUE, areas_t, indicators_t, insert_rows, observations_t, unplaced_t

CHUNK_ROWS = 100_000
THIS_FILE = "0"  # the load of a file being checked (batch ids start at 1)
MIXED_SHOWN = 20  # mixed parents listed in a report; the rest are counted


def drop_derived(conn: Connection, indicator_id: str) -> None:
    """Delete an indicator's derived rows (they are derived again after a change)."""
    conn.execute(
        text("DELETE FROM observations WHERE indicator_id = :i AND derived = :t"),
        {"i": indicator_id, "t": True},
    )


def read_areas(conn: Connection) -> pd.DataFrame:
    """Every area's code, level and parent."""
    return pd.read_sql(select(areas_t.c.code, areas_t.c.level, areas_t.c.parent), conn)


def derive(
    conn: Connection,
    indicator: dict,
    was: pd.DataFrame | None = None,
    own: pd.DataFrame | None = None,
    *,
    dropped: bool = False,
) -> pd.DataFrame:
    """Re-derive the coarser levels of an indicator from its own current rows; returns
    them as stored (area_code, period, value, ..., derived_from): its current derived rows.

    The one roll-up (``warroom.indicators.rollup.roll_up``), as the build uses it: a value
    loaded for an area is never replaced; a parent is derived from whichever children have
    a value and stored with its coverage and the loads it combines. Sums add up, ratios
    divide summed numerators by summed denominators, weighted means use the weights
    attached at load; a rate loaded without its numerator and denominator, and ``none``,
    are not derived. A value that comes out as it was (``was``: ``derived_rows`` read
    before the change; default: now) keeps its stored bytes. ``own``: the indicator's
    current own rows as ``own_rows`` gives them, when the caller has them (a load, whose
    batch is in memory); default: read now. ``dropped``: the caller already deleted the
    indicator's derived rows.
    """
    was = derived_rows(conn, indicator["id"]) if was is None else was
    if not dropped:
        drop_derived(conn, indicator["id"])
    areas = read_areas(conn)
    rows = own_rows(conn, indicator["id"], areas) if own is None else own
    if indicator.get("origin") == CATALOGUE:
        placed = _placed_rows(conn, indicator["id"])
        rows = pd.concat([rows.assign(exact=True), placed], ignore_index=True)
    derived = roll_up(rows, areas, rule=indicator["rollup"], scale=indicator.get("scale") or 1.0)
    del rows
    if derived.empty:
        return derived
    derived = _as_they_were(derived, was)
    derived = derived.assign(indicator_id=indicator["id"], source=indicator["source"], derived=True)
    insert_rows(conn, observations_t, derived)
    return derived


_KEPT = ["value", "numerator", "denominator", "coverage"]


def derived_rows(conn: Connection, indicator_id: str) -> pd.DataFrame:
    """An indicator's current derived rows, every stored column a derivation writes."""
    return pd.read_sql(
        text(
            "SELECT area_code, period, value, numerator, denominator, coverage, derived_from"
            " FROM observations WHERE indicator_id = :i AND derived = :t"
            " AND superseded_by IS NULL"
        ),
        conn,
        params={"i": indicator_id, "t": True},
        dtype=dict.fromkeys(_KEPT, "float64"),
    )


def _as_they_were(derived: pd.DataFrame, was: pd.DataFrame) -> pd.DataFrame:
    """Derived rows that come out the same as the stored ones (to the last bits a different
    order of summing changes: 25194.1911616842 against ...841) keep the stored bytes, so a
    roll-back restores exactly what was there, and a load changes only what it changes."""
    if was.empty:
        return derived
    keys = ["area_code", "period"]
    both = derived.reset_index(drop=True).merge(was, on=keys, how="left", suffixes=("", "_was"))
    same = both["value_was"].notna() | both["coverage_was"].notna()
    for column in _KEPT:
        new, old = both[column].astype(float), both[f"{column}_was"].astype(float)
        close = (new - old).abs() <= 1e-12 * old.abs().clip(lower=1e-300)
        same &= (new.isna() & old.isna()) | close
    if "derived_from" in both:
        old_from = both["derived_from_was"].fillna(BUILD_LOAD)
        same &= both["derived_from"].astype(object).fillna(BUILD_LOAD) == old_from
    out = both[derived.columns].copy()
    for column in [*_KEPT, "derived_from"]:
        if column in out:
            out.loc[same, column] = both.loc[same, f"{column}_was"]
    return out


def own_rows(
    conn: Connection,
    indicator_id: str,
    areas: pd.DataFrame,
    loaded: tuple[int, pd.DataFrame] | None = None,
) -> pd.DataFrame:
    """Current own (not derived) rows of an indicator, in chunks, each with its ``load``;
    the rows of ``loaded`` (batch id, its rows as stored) are taken from it, not read."""
    o = observations_t.c
    stmt = select(o.area_code, o.period, o.value, o.numerator, o.denominator, o.batch_id).where(
        o.indicator_id == indicator_id, o.superseded_by.is_(None), o.derived == false()
    )
    if loaded is not None:
        stmt = stmt.where(or_(o.batch_id.is_(None), o.batch_id != loaded[0]))
    shared = dict(zip(areas["code"], areas["code"], strict=True))  # one str object per code
    floats = dict.fromkeys(["value", "numerator", "denominator", "batch_id"], "float64")
    chunks = []
    for chunk in pd.read_sql(stmt, conn, chunksize=CHUNK_ROWS, dtype=floats):
        chunk["area_code"] = chunk["area_code"].map(shared)
        chunks.append(chunk)
    if loaded is not None:
        chunks.append(loaded[1].assign(batch_id=float(loaded[0])))
    columns = ["area_code", "period", "value", "numerator", "denominator", "batch_id"]
    frame = pd.concat(chunks, ignore_index=True) if chunks else pd.DataFrame(columns=columns)
    frame["load"] = _loads(frame.pop("batch_id"))
    return frame


def _loads(batch: pd.Series) -> pd.Categorical:
    """Each row's load as categories (its batch id as text; the build for none), made
    from the distinct batch ids: no text per row of a million."""
    codes, batches = pd.factorize(batch)  # no batch id (the build): -1
    names = [str(int(b)) for b in batches]
    if (codes < 0).any():
        codes = np.where(codes < 0, len(names), codes)
        names.append(BUILD_LOAD)
    return pd.Categorical.from_codes(codes, categories=names).reorder_categories(sorted(names))


def _placed_rows(conn: Connection, indicator_id: str) -> pd.DataFrame:
    """The build's rows on codes that are not known areas, counted on their ancestor."""
    u = unplaced_t.c
    stmt = select(u.anchor.label("area_code"), u.period, u.value, u.numerator, u.denominator).where(
        u.indicator_id == indicator_id
    )
    floats = dict.fromkeys(["value", "numerator", "denominator"], "float64")
    return pd.read_sql(stmt, conn, dtype=floats).assign(load=BUILD_LOAD, exact=False)


def rederive_loaded(conn: Connection) -> list[str]:
    """After a build: re-derive every built-in indicator that holds loads (their derived
    rows must count the loaded values, as they did before the build). Returns their ids."""
    ids = conn.scalars(
        text(
            "SELECT DISTINCT o.indicator_id FROM observations o JOIN indicators i"
            " ON i.id = o.indicator_id WHERE o.batch_id IS NOT NULL AND i.origin = :c"
        ),
        {"c": CATALOGUE},
    ).all()
    for indicator_id in sorted(ids):
        row = conn.execute(select(indicators_t).where(indicators_t.c.id == indicator_id))
        derive(conn, dict(row.mappings().one()))
    return sorted(ids)


def parents_after(
    new: pd.DataFrame,
    current: pd.DataFrame,
    areas: pd.DataFrame,
    rule: str,
    placed: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The derived values an indicator would hold after a load of ``new``.

    ``new``: the file's (area_code, period, usable: whether its value can enter a parent
    under ``rule``); ``current``: the indicator's current own rows (area_code, period, load,
    usable); ``placed``: the build's rows counted on an ancestor (area_code, period).
    Returns (area_code, period, derived_from) of each parent the one roll-up would derive,
    the file's load named ``THIS_FILE``.
    """
    empty = pd.DataFrame(columns=["area_code", "period", "derived_from"])
    if rule == "none" or (new.empty and current.empty):
        return empty
    keys = pd.MultiIndex.from_frame(new[["area_code", "period"]])
    others = current[~pd.MultiIndex.from_frame(current[["area_code", "period"]]).isin(keys)]
    mark = {True: 1.0, False: float("nan")}
    parts = [
        new[["area_code", "period"]].assign(
            value=1.0, numerator=new["usable"].map(mark), denominator=new["usable"].map(mark)
        ),
        others[["area_code", "period"]].assign(
            value=1.0,
            numerator=others["usable"].map(mark),
            denominator=others["usable"].map(mark),
        ),
    ]
    loads = [THIS_FILE] * len(new) + list(others["load"])
    if placed is not None and len(placed):
        one = {"value": 1.0, "numerator": 1.0, "denominator": 1.0}
        parts.append(placed[["area_code", "period"]].assign(**one))
        loads += [BUILD_LOAD] * len(placed)
    rows = pd.concat(parts, ignore_index=True).assign(load=loads)
    exact = [True] * (len(new) + len(others)) + [False] * (len(rows) - len(new) - len(others))
    derived = roll_up(rows.assign(exact=exact), areas, rule=rule)
    if derived.empty:
        return empty
    return derived[["area_code", "period", "derived_from"]]


def _usable_new(
    kept: pd.DataFrame,
    own: pd.DataFrame,
    indicator: dict,
    ratio: bool,
    weights: pd.DataFrame | None,
) -> pd.Series:
    """Whether each value of the file can enter a parent: any count; a rate with its
    numerator and denominator; a declared weighted mean (its weights are attached at load);
    a built-in weighted mean where it replaces a value that had its weight (kept at load).
    ``weights``: (area_code, period) of the weight indicator's values (declared means)."""
    rule = indicator["rollup"]
    if rule == "sum" or (rule == "ratio" and ratio):
        return pd.Series(True, index=kept.index)
    if rule != "weighted_mean":
        return pd.Series(False, index=kept.index)
    if indicator.get("origin") != CATALOGUE:
        weighted = weights if weights is not None else kept.iloc[:0]
    else:
        weighted = own.loc[own["usable"], ["area_code", "period"]]
    keys = pd.MultiIndex.from_frame(kept[["area_code", "period"]])
    return pd.Series(keys.isin(pd.MultiIndex.from_frame(weighted)), index=kept.index)


def foresee(
    report: IntakeReport,
    indicator: dict,
    held: pd.DataFrame,
    areas: pd.DataFrame,
    resolver: AreaResolver,
    placed: pd.DataFrame | None = None,
    weights: pd.DataFrame | None = None,
) -> None:
    """Fill the dry run's built values replaced, the parents that would mix loads and the
    derived values the load would remove.

    ``held`` is ``current_rows``; ``placed`` the build's rows on an ancestor
    (``placed_rows``); ``weights`` the keys of a declared mean's weights; the report's
    ``kept_keys`` (the file's area and period pairs) are read and then dropped from it.
    """
    kept = report.kept_keys if report.kept_keys is not None else pd.DataFrame()
    report.kept_keys = None
    if kept.empty:
        kept = pd.DataFrame(columns=["area_code", "period"])
    if indicator["origin"] == CATALOGUE:
        hit = held[held["built"]].merge(kept, on=["area_code", "period"])
        hit = hit.sort_values(["period", "area_code"])
        report.replaced_built = len(hit)
        report.replaced_built_examples = [
            f"{resolver.label(r.area_code)} {r.period + BE_OFFSET} ({r.period})"
            for r in hit.head(5).itertuples()
        ]
    ratio = "numerator" in (report.columns or {})
    own = held[~held["derived"]]
    if own.empty and not held["derived"].any():
        return  # the indicator's first load: nothing to mix with, nothing to remove
    new = kept.assign(usable=_usable_new(kept, own, indicator, ratio, weights))
    after = parents_after(new, own, areas, indicator["rollup"], placed)
    loads = after["derived_from"].astype(str).str.split(",")
    mixed = after[loads.map(lambda s: THIS_FILE in s and len(s) > 1).astype(bool)]
    finest_first = mixed.assign(depth=-mixed["area_code"].str.len())
    mixed = finest_first.sort_values(["period", "depth", "area_code"])
    report.mixed_count = len(mixed)
    report.mixed = [
        (r.area_code, int(r.period), str(r.derived_from))
        for r in mixed.head(MIXED_SHOWN).itertuples()
    ]
    before = held.loc[held["derived"], ["area_code", "period"]]
    gone = ~pd.MultiIndex.from_frame(before).isin(
        pd.MultiIndex.from_frame(pd.concat([after[["area_code", "period"]], kept]))
    )
    report.removed = removed_list(before[gone])


def removed_list(keys: pd.DataFrame) -> list[tuple[str, int]]:
    """(area_code, period) of derived values a load removes, the coarsest first."""
    keys = keys.assign(depth=keys["area_code"].str.len())
    keys = keys.sort_values(["depth", "area_code", "period"])
    return [(str(r.area_code), int(r.period)) for r in keys.itertuples()]


def current_keys(conn: Connection, indicator_id: str, *, derived_only: bool) -> pd.DataFrame:
    """(area_code, period, value) of an indicator's current values (only the derived ones)."""
    only = " AND derived = :t" if derived_only else ""
    return pd.read_sql(
        text(
            "SELECT area_code, period, value FROM observations WHERE indicator_id = :i"
            " AND superseded_by IS NULL" + only
        ),
        conn,
        params={"i": indicator_id, "t": True},
        dtype={"value": "float64"},
    )


def derived_changes(now: pd.DataFrame, before: pd.DataFrame) -> int:
    """How many derived values (``now``: what ``derive`` returned) are new or changed since
    ``before`` (area_code, period, value of the derived values before the change)."""
    if now.empty:
        return 0
    keys = ["area_code", "period"]
    both = now[[*keys, "value"]].merge(before, on=keys, how="left", suffixes=("", "_was"))
    same = both["value"].eq(both["value_was"]) | (both["value"].isna() & both["value_was"].isna())
    return int((~same).sum())


def removed_since(
    conn: Connection, indicator_id: str, before: pd.DataFrame, now: pd.DataFrame | None = None
) -> list[tuple[str, int]]:
    """Which of the derived values ``before`` (area_code, period) no longer have a value.

    ``now``, the derived rows ``derive`` returned, still have one: only the others are
    looked for in the store, and only at the levels ``before`` holds (a million tambon
    rows are not read)."""
    before = before[["area_code", "period"]]
    if now is not None and len(now) and len(before):
        still = pd.MultiIndex.from_frame(before).isin(
            pd.MultiIndex.from_frame(now[["area_code", "period"]])
        )
        before = before[~still]
    if before.empty:
        return []
    longest = int(before["area_code"].str.len().max())
    found = pd.read_sql(
        text(
            "SELECT area_code, period FROM observations WHERE indicator_id = :i"
            " AND superseded_by IS NULL AND LENGTH(area_code) <= :n"
        ),
        conn,
        params={"i": indicator_id, "n": longest},
    )
    return removed_list(
        before[~pd.MultiIndex.from_frame(before).isin(pd.MultiIndex.from_frame(found))]
    )


def placed_rows(conn: Connection, indicator: dict) -> pd.DataFrame | None:
    """The build's rows counted on an ancestor (built-in indicators), else None."""
    if indicator.get("origin") != CATALOGUE:
        return None
    return _placed_rows(conn, indicator["id"])


def current_rows(conn: Connection, indicator: dict) -> pd.DataFrame:
    """An indicator's current rows: area_code, period, derived, load, usable (can enter a
    parent under its rule) and built (written by the build: an official value)."""
    frame = pd.read_sql(
        text(
            "SELECT area_code, period, derived, batch_id, derived_from, "
            "numerator IS NOT NULL AND denominator IS NOT NULL AS has_ratio, "
            "value IS NOT NULL AS has_value "
            "FROM observations WHERE indicator_id = :i AND superseded_by IS NULL"
        ),
        conn,
        params={"i": indicator["id"]},
    )
    frame["derived"] = frame["derived"].astype(bool)
    load = frame["batch_id"].map(lambda b: BUILD_LOAD if pd.isna(b) else str(int(b)))
    usable = frame["has_value" if indicator["rollup"] == "sum" else "has_ratio"].astype(bool)
    from_build = frame["derived_from"].isna() | (frame["derived_from"] == BUILD_LOAD)
    built = (
        (indicator["origin"] == CATALOGUE)
        & frame["batch_id"].isna()
        & (~frame["derived"] | from_build)
    )
    return frame.assign(load=load.astype(object), usable=usable, built=built)


def built_hit(conn: Connection, indicator: dict) -> int:
    """How many current values the build wrote (own, or derived from built rows only)
    the staged rows would replace; 0 for a declared indicator."""
    if indicator["origin"] != CATALOGUE:
        return 0
    return int(
        conn.scalar(
            text(
                "SELECT count(*) FROM observations o JOIN intake_staging s"
                " ON s.area_code = o.area_code AND s.period = o.period"
                " WHERE o.indicator_id = :i AND o.superseded_by IS NULL AND o.batch_id IS NULL"
                " AND (o.derived = :f OR o.derived_from IS NULL OR o.derived_from = :b)"
            ),
            {"i": indicator["id"], "f": False, "b": BUILD_LOAD},
        )
    )


def built_refusal(conn: Connection, indicator: dict, n: int) -> str:
    """Why a load that would replace built values was refused, with the first few."""
    first = conn.execute(
        text(
            "SELECT o.area_code, o.period FROM observations o JOIN intake_staging s"
            " ON s.area_code = o.area_code AND s.period = o.period"
            " WHERE o.indicator_id = :i AND o.superseded_by IS NULL AND o.batch_id IS NULL"
            " ORDER BY o.period, o.area_code LIMIT 3"
        ),
        {"i": indicator["id"]},
    ).all()
    shown = ", ".join(f"{code} {period + BE_OFFSET} ({period})" for code, period in first)
    return (
        f"ไม่ได้โหลด: ไฟล์นี้จะแทนที่ค่าทางการที่ `warroom build` สร้างจากแหล่งที่เผยแพร่ {n:,} ค่า "
        f"ของ {indicator['id']} (เช่น {shown}); ถ้าตั้งใจแก้ค่าทางการ ให้โหลดอีกครั้งพร้อม "
        f"--replace-built / nothing was loaded: this file would replace {n:,} built (official) "
        f"values of {indicator['id']} (e.g. {shown}); to correct official figures on "
        "purpose, load again with --replace-built (a roll-back brings them back)"
    )


def mixed_now(now: pd.DataFrame, batch_id: int) -> list[tuple[str, int, str]]:
    """Derived values (``now``: what ``derive`` returned) that combine this batch with
    another load, by period, the finest first."""
    if now.empty or "derived_from" not in now:
        return []
    loads = now["derived_from"].astype(object)
    several = loads.notna() & loads.astype(str).str.contains(",", regex=False)
    rows = now.loc[several.to_numpy(), ["area_code", "period", "derived_from"]]
    mine = str(batch_id)
    ours = [mine in loads.split(",") for loads in rows["derived_from"].astype(str)]
    rows = rows.loc[np.array(ours, dtype=bool)]
    rows = rows.assign(depth=-rows["area_code"].str.len()).sort_values(
        ["period", "depth", "area_code"]
    )
    return [
        (str(r.area_code), int(r.period), str(r.derived_from)) for r in rows.itertuples(index=False)
    ]
