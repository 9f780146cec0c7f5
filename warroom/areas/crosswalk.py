"""Bangkok khwaeng created since the boundary edition, mapped onto its polygons.

The COD-AB edition draws Bangkok's khwaeng as they were before the reform of 26 July 2017,
while DOPA tables from 2017 on use the new codes. ``boundaries/changes/`` lists every khwaeng
created or abolished since 2009 with the one it was carved out of (``split_from``). A code the
boundary edition lacks is followed back through ``split_from`` to the polygon that still
covers it; its figures are then counted on that polygon (the new khwaeng's people are added to
the khwaeng it was carved out of, so neither is shown with too few people). The app says so
beside Bangkok's tambon values (``data/indicators/area_notes.csv``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from warroom.errors import DataError, Problem, SourceMissingError

CHANGES_FILE = "changes/bangkok_khwaeng_changes_2009-2017.csv"
COLUMNS = ["event", "effective", "geocode", "name_th", "name_en", "split_from", "merged_into"]


@dataclass(frozen=True)
class Crosswalk:
    """Codes (P-codes) the boundary edition lacks → the polygon that covers each of them."""

    to_polygon: dict[str, str]
    names: dict[str, str]  # new code → Thai name, for reports

    def apply(self, codes: pd.Series) -> pd.Series:
        """Each code replaced by the polygon it is drawn on (unchanged when it has its own)."""
        return codes.map(lambda c: self.to_polygon.get(c, c))

    def table(self) -> pd.DataFrame:
        """The mapping as rows: code, name_th, polygon."""
        return pd.DataFrame(
            [
                {"code": code, "name_th": self.names.get(code, ""), "polygon": polygon}
                for code, polygon in sorted(self.to_polygon.items())
            ],
            columns=["code", "name_th", "polygon"],
        )


def read_crosswalk(boundaries_dir: Path, known: set[str]) -> Crosswalk:
    """The crosswalk for the boundary edition whose tambon P-codes are ``known``.

    Every created khwaeng that has no polygon is followed through ``split_from`` until a code
    with a polygon is reached; a chain that ends without one is a problem, as is an abolished
    khwaeng's successor that lands on a polygon other than the abolished one's.
    """
    path = Path(boundaries_dir) / CHANGES_FILE
    if not path.is_file():
        raise SourceMissingError(f"{path}: file not found (the Bangkok khwaeng changes)")
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise DataError([Problem(str(path), f"missing column(s): {', '.join(missing)}")])
    df.index = pd.RangeIndex(2, 2 + len(df))
    parent = {
        "TH" + r.geocode: "TH" + r.split_from
        for r in df.itertuples()
        if r.event == "create" and r.split_from
    }
    names = {"TH" + r.geocode: r.name_th for r in df.itertuples()}
    problems: list[Problem] = []
    to_polygon: dict[str, str] = {}
    for row, rec in df.iterrows():
        code = "TH" + rec["geocode"]
        if rec["event"] != "create" or code in known:
            continue
        target, seen = code, {code}
        while target not in known and target in parent and parent[target] not in seen:
            target = parent[target]
            seen.add(target)
        if target in known:
            to_polygon[code] = target
        else:
            problems.append(
                Problem(str(path), "no polygon covers this khwaeng", row, "geocode", rec["geocode"])
            )
    for row, rec in df[df["event"] == "abolished"].iterrows():
        old = "TH" + rec["geocode"]
        for successor in rec["merged_into"].split():
            landed = to_polygon.get("TH" + successor, "TH" + successor)
            if old in known and landed != old:
                problems.append(
                    Problem(
                        str(path),
                        f"successor {successor} is drawn on {landed}, not on the abolished {old}",
                        row,
                        "merged_into",
                        rec["merged_into"],
                    )
                )
    if problems:
        raise DataError(problems)
    return Crosswalk(to_polygon=to_polygon, names=names)
