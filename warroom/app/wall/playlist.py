"""Wall playlists: YAML files in ``data/wall/`` that say what the wall shows, and for how long.

A playlist is a list of views; each view is an indicator on a map of an area at a level
(or the 17-goal status of an area), a period (a year or ``latest``), a duration of 20 to 60
seconds and an optional headline: text in Thai and English, or "what changed" (the areas
whose value moved most since the previous period). ``data/wall/README.md`` shows the format.

Checking happens in two steps, and each reports every problem at once with the file, the
view number, the line, the field and why: ``read_playlist`` checks the file's form (pydantic),
``check_playlist`` checks it against what the store holds (indicators, areas, periods).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from warroom.areas.codes import LEVEL_DIGITS, LEVELS, child_level, is_pcode, level_of
from warroom.errors import DataError, Problem
from warroom.intake.values import year_from

DEFAULT_PLAYLIST = "default"
MIN_SECONDS, MAX_SECONDS = 20, 60
SUFFIXES = (".yaml", ".yml")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")

Level = Literal["province", "district", "tambon"]


@dataclass(frozen=True)
class PlaylistProblem(Problem):
    """One thing wrong with one view of a playlist (``row`` holds the view number)."""

    line: int | None = None

    def __str__(self) -> str:
        where = Path(self.file).name
        if self.row is not None:
            where += f", view {self.row}"
        if self.line is not None:
            where += f" (line {self.line})"
        if self.column:
            where += f", field {self.column!r}"
        value = "" if self.value is None else f" (value: {self.value!r})"
        return f"{where}: {self.reason}{value}"


class PlaylistError(DataError):
    """A playlist that cannot be shown; carries every problem found."""


class Headline(BaseModel):
    """A line under the title: editorial text (Thai and English), "what changed", or both."""

    model_config = ConfigDict(extra="forbid")

    th: str | None = Field(None, min_length=1)
    en: str | None = Field(None, min_length=1)
    what_changed: bool = False
    areas: int = Field(5, ge=1, le=10, description="how many movers to name")
    # How movers are ranked; by default points for a rate in %, relative change otherwise.
    measure: Literal["absolute", "relative"] | None = None

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: object) -> object:
        if data == "what_changed":  # `headline: what_changed`
            return {"what_changed": True}
        if isinstance(data, str):
            raise ValueError("a headline is `what_changed` or a mapping with th and en")
        return data


class Reference(BaseModel):
    """A line to read the values against (e.g. the WHO guideline), in the indicator's unit."""

    model_config = ConfigDict(extra="forbid")

    value: float
    th: str = Field(min_length=1)
    en: str = Field(min_length=1)


class View(BaseModel):
    """One screen of the playlist."""

    model_config = ConfigDict(extra="forbid")

    show: Literal["map", "goals", "actions"] = "map"
    indicator: str | None = None
    area: str = "TH"
    level: Level | None = None  # the areas drawn; the area's children when left out
    period: int | Literal["latest"] = "latest"
    duration: int = Field(30, ge=MIN_SECONDS, le=MAX_SECONDS)
    headline: Headline | None = None
    reference: Reference | None = None

    @field_validator("area", mode="before")
    @classmethod
    def _area_code(cls, v: object) -> object:
        code = str(v).strip().upper()
        if not is_pcode(code):
            raise ValueError("an area is a P-code: TH, TH50, TH5001 or TH500101")
        return code

    @field_validator("period", mode="before")
    @classmethod
    def _year(cls, v: object) -> object:
        if isinstance(v, str) and v.strip().lower() == "latest":
            return "latest"
        year = year_from(v) if isinstance(v, int) and not isinstance(v, bool) else None
        if year is None:
            raise ValueError("a period is `latest` or a year, BE (2567) or CE (2024)")
        return year

    @property
    def drawn_level(self) -> str:
        """The level of the areas on the map."""
        return self.level or child_level(level_of(self.area)) or "tambon"


class Playlist(BaseModel):
    """A named list of views."""

    model_config = ConfigDict(extra="forbid")

    name_th: str | None = None
    name_en: str | None = None
    views: list[View] = Field(min_length=1)

    @property
    def seconds(self) -> int:
        """One full cycle."""
        return sum(v.duration for v in self.views)


# --- Reading -------------------------------------------------------------------------------


def playlist_path(name: str, *, folder: Path) -> Path:
    """The file of the playlist ``name`` in ``folder``; a clear error when there is none."""
    if not _NAME.match(name):
        raise PlaylistError(
            [
                PlaylistProblem(
                    str(folder), "a playlist name is letters, digits, - and _", None, None, name
                )
            ]
        )
    for suffix in SUFFIXES:
        path = folder / f"{name}{suffix}"
        if path.is_file():
            return path
    known = ", ".join(available_playlists(folder=folder)) or "none"
    raise PlaylistError(
        [PlaylistProblem(str(folder / f"{name}.yaml"), f"no such playlist (there are: {known})")]
    )


def available_playlists(*, folder: Path) -> list[str]:
    """Names of the playlists in ``folder``, sorted."""
    if not folder.is_dir():
        return []
    return sorted(
        {p.stem for p in folder.iterdir() if p.suffix in SUFFIXES and _NAME.match(p.stem)}
    )


def read_playlist(path: Path) -> Playlist:
    """Read and check the form of one playlist file (not yet against the store)."""
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise PlaylistError([PlaylistProblem(file, f"cannot read the file: {exc}")]) from None
    try:
        data = yaml.safe_load(text)
        lines = _view_lines(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = f"not valid YAML: {getattr(exc, 'problem', None) or exc}"
        raise PlaylistError([PlaylistProblem(file, reason, line=line)]) from None
    if isinstance(data, list):  # a bare list of views is a playlist too
        data = {"views": data}
    if not isinstance(data, dict):
        raise PlaylistError([PlaylistProblem(file, "a playlist is a mapping with `views:`")])
    try:
        return Playlist.model_validate(data)
    except ValidationError as exc:
        raise PlaylistError([_problem(err, file, lines) for err in exc.errors()]) from None


def _problem(err: Any, file: str, lines: dict) -> PlaylistProblem:
    """A pydantic error as a problem naming the view, the line and the field."""
    loc = list(err["loc"])
    view = None
    if len(loc) >= 2 and loc[0] == "views" and isinstance(loc[1], int):
        view = loc[1] + 1
        loc = loc[2:]
    field = ".".join(str(p) for p in loc if not str(p).startswith(("function-", "literal[")))
    reason = err["msg"].removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        allowed = Playlist.model_fields if view is None else View.model_fields
        reason = f"unknown field; allowed: {', '.join(allowed)}"
    elif field == "duration":
        reason = f"a duration is {MIN_SECONDS} to {MAX_SECONDS} seconds ({reason})"
    line = lines.get((view, loc[0] if loc else None)) or lines.get((view, None))
    value = None if err["type"] in ("missing", "extra_forbidden") else err.get("input")
    if isinstance(value, dict | list):
        value = None
    return PlaylistProblem(file, reason, view, field or None, value, line=line)


def _view_lines(text: str) -> dict[tuple[int | None, str | None], int]:
    """Line numbers of each view and of each field in it: {(view number, field): line}."""
    root = yaml.compose(text)
    lines: dict[tuple[int | None, str | None], int] = {}
    if root is None:
        return lines
    seq = root
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            lines[(None, key.value)] = key.start_mark.line + 1
            if key.value == "views":
                seq = value
    if not isinstance(seq, yaml.SequenceNode):
        return lines
    for i, node in enumerate(seq.value, start=1):
        lines[(i, None)] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            for key, _ in node.value:
                lines[(i, key.value)] = key.start_mark.line + 1
    return lines


# --- Checking against the store -----------------------------------------------------------


def check_playlist(
    playlist: Playlist,
    *,
    file: str,
    indicators: Collection[str],
    observations: Mapping[str, pd.Series],
    areas: Collection[str],
) -> None:
    """Check every view against the store; raise ``PlaylistError`` with every problem.

    Parameters
    ----------
    playlist
        A playlist read by ``read_playlist``.
    file
        Its path, for the messages.
    indicators
        Ids of the indicators the store knows.
    observations
        Values per indicator id, indexed by (period, area code) (``AppData.by_indicator``).
    areas
        Codes of the areas the store knows.
    """
    lines = _lines_of(file)
    problems: list[PlaylistProblem] = []
    for number, view in enumerate(playlist.views, start=1):
        for field, reason, value in _view_problems(view, indicators, observations, areas):
            line = lines.get((number, field)) or lines.get((number, None))
            problems.append(PlaylistProblem(file, reason, number, field, value, line=line))
    if problems:
        raise PlaylistError(list(problems))


def _lines_of(file: str) -> dict:
    try:
        return _view_lines(Path(file).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}


def _view_problems(
    view: View,
    indicators: Collection[str],
    observations: Mapping[str, pd.Series],
    areas: Collection[str],
) -> list[tuple[str | None, str, object]]:
    """(field, reason, value) for everything wrong with one view."""
    problems: list[tuple[str | None, str, object]] = []
    area_level = level_of(view.area)
    if view.area not in areas:
        problems.append(("area", "no such area in the store", view.area))
    if view.show == "actions":  # the provinces' actions: the country, nothing else to set
        for field in ("indicator", "level", "reference", "headline"):
            if getattr(view, field) is not None:
                problems.append(
                    (field, "an actions view shows every province: leave this out", None)
                )
        if view.area != "TH":
            problems.append(("area", "an actions view is of the country (TH)", view.area))
        return problems
    if view.show == "goals":
        for field in ("indicator", "level", "reference"):
            if getattr(view, field) is not None:
                problems.append((field, "a goals view shows all 17 goals: leave this out", None))
        if view.headline is not None and view.headline.what_changed:
            problems.append(
                ("headline", "what_changed needs one indicator: not on a goals view", None)
            )
        if area_level not in ("country", "province"):
            problems.append(("area", "a goals view is for the country or a province", view.area))
        return problems
    headline = view.headline
    if headline is not None and not headline.what_changed and not (headline.th and headline.en):
        problems.append(("headline", "a headline's text needs both th and en", None))
    if view.level is not None and LEVELS.index(view.level) <= LEVELS.index(area_level):
        problems.append(
            ("level", f"the level must lie below the area's level ({area_level})", view.level)
        )
    elif area_level == "tambon":
        problems.append(
            ("area", "a map shows the areas inside a country, province or district", view.area)
        )
    if view.indicator is None:
        problems.append(("indicator", "a map view names an indicator", None))
        return problems
    if view.indicator not in indicators:
        close = difflib.get_close_matches(view.indicator, list(indicators), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        problems.append(("indicator", f"unknown indicator{hint}", view.indicator))
        return problems
    obs = observations.get(view.indicator)
    if obs is None or obs.empty:
        problems.append(("indicator", "this indicator has no values in the store", view.indicator))
        return problems
    digits = LEVEL_DIGITS[view.drawn_level] + 2
    codes = obs.index.get_level_values(1)
    at_level = obs[(codes.str.len() == digits) & codes.str.startswith(view.area)]
    periods = sorted(at_level.index.get_level_values(0).unique())
    if not periods:
        problems.append(
            (
                "level",
                f"no values of {view.indicator} for {view.drawn_level} areas here",
                view.drawn_level,
            )
        )
    elif view.period != "latest" and view.period not in periods:
        have = ", ".join(str(p) for p in periods)
        problems.append(
            ("period", f"no values for this year (CE years with values: {have})", view.period)
        )
    elif view.headline is not None and view.headline.what_changed and len(periods) < 2:
        problems.append(
            ("headline", "what_changed needs two periods; this indicator has one", periods[0])
        )
    return problems


def open_playlist(
    name: str | None,
    *,
    folder: Path,
    indicators: Collection[str],
    observations: Mapping[str, pd.Series],
    areas: Collection[str],
) -> tuple[Path, Playlist]:
    """Find, read and check the playlist ``name`` (the default when None or empty)."""
    path = playlist_path(name or DEFAULT_PLAYLIST, folder=folder)
    playlist = read_playlist(path)
    check_playlist(
        playlist, file=str(path), indicators=indicators, observations=observations, areas=areas
    )
    return path, playlist
