"""2023 (2566) general election: share of women among constituency candidates per province.

A proxy for SDG 5.5 (women's political participation), not 5.5.1 (seats held). Party-list
candidates have no province and are left out; constituency candidates whose gender is not
recorded are left out of both the count of women and the count of candidates.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from warroom.errors import DataError, Problem
from warroom.indicators.loaders.common import observations, read_csv
from warroom.indicators.loaders.context import SourceContext
from warroom.indicators.loaders.province_panel import match_provinces

SOURCE = "election_candidates"
FILE = "candidates_2566_general_election.csv"
PERIOD = 2023  # 2566 BE
CONSTITUENCY = "เขต"
GENDERS = {"male", "female", ""}


def load(ctx: SourceContext) -> pd.DataFrame:
    """Women as % of constituency candidates of known gender, per province."""
    df = read_csv(Path(ctx.folder) / SOURCE / FILE, ["mptype", "province", "gender"])
    rows = df[df["mptype"].str.strip() == CONSTITUENCY]
    gender = rows["gender"].str.strip().str.lower()
    odd = ~gender.isin(GENDERS)
    problems = [
        Problem(df.attrs["source_file"], "gender is not male or female", r, "gender", v)
        for r, v in rows.loc[odd, "gender"].items()
    ]
    problems += [
        Problem(df.attrs["source_file"], "a constituency candidate has no province", r, "province")
        for r in rows.index[rows["province"].str.strip() == ""]
    ]
    if problems:
        raise DataError(problems)
    known = rows.assign(
        women=(gender == "female").astype(float), known=(gender != "").astype(float)
    )
    per = known.groupby("province", sort=True).agg(
        women=("women", "sum"),
        candidates=("known", "sum"),
        source_row=("women", lambda s: s.index[0]),
    )
    per.index.name = "province"
    per = per.reset_index().set_index("source_row")
    frame = pd.DataFrame(
        {
            "value": 100 * per["women"] / per["candidates"].where(per["candidates"] > 0),
            "numerator": per["women"],
            "denominator": per["candidates"],
        }
    )
    return observations(
        ctx.catalogue.by_source(SOURCE),
        frame,
        period=PERIOD,
        source=SOURCE,
        codes=match_provinces(per["province"], ctx.names),
        names=per["province"],
    )


def unknown_gender(folder: Path) -> int:
    """Constituency candidates whose gender is not recorded (left out of the share)."""
    df = read_csv(Path(folder) / SOURCE / FILE, ["mptype", "gender"])
    rows = df[df["mptype"].str.strip() == CONSTITUENCY]
    return int((rows["gender"].str.strip() == "").sum())
