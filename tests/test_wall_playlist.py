"""Wall playlists: the form of a file, then the views against the store; every problem named."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from warroom.app.wall.playlist import (
    PlaylistError,
    available_playlists,
    check_playlist,
    open_playlist,
    playlist_path,
    read_playlist,
)
from warroom.config import PROJECT_ROOT

WALL_DIR = PROJECT_ROOT / "data" / "wall"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(call) -> list[str]:
    with pytest.raises(PlaylistError) as info:
        call()
    return [str(p) for p in info.value.problems]


# A small store: two indicators, one with two periods at province level, one with one.
INDICATORS = ["dopa.population", "muban.villages"]
AREAS = ["TH", "TH10", "TH50", "TH5001", "TH500101"]


def _obs(rows: dict[tuple[int, str], float]) -> pd.Series:
    return pd.Series(rows).rename_axis(["period", "area_code"]).sort_index()


OBSERVATIONS = {
    "dopa.population": _obs(
        {(2020, "TH10"): 5.5e6, (2021, "TH10"): 5.6e6, (2020, "TH50"): 1.7e6, (2021, "TH50"): 1.8e6}
    ),
    "muban.villages": _obs({(2022, "TH500101"): 12.0}),
}


def check(path: Path) -> None:
    check_playlist(
        read_playlist(path),
        file=str(path),
        indicators=INDICATORS,
        observations=OBSERVATIONS,
        areas=AREAS,
    )


def test_a_good_playlist_with_defaults(tmp_path):
    path = write(
        tmp_path,
        "good",
        "views:\n"
        "  - indicator: dopa.population\n"
        "    headline: what_changed\n"
        "  - indicator: muban.villages\n"
        "    area: th5001\n"
        "    period: 2565\n"
        "    duration: 20\n"
        "    headline: {th: หมู่บ้าน, en: Villages}\n"
        "  - show: goals\n"
        "    duration: 60\n",
    )
    check(path)
    playlist = read_playlist(path)
    first, second, goals = playlist.views
    assert (first.area, first.drawn_level, first.period, first.duration) == (
        "TH",
        "province",
        "latest",
        30,
    )
    assert first.headline.what_changed and first.headline.areas == 5
    assert (second.area, second.drawn_level, second.period) == ("TH5001", "tambon", 2022)
    assert goals.show == "goals" and playlist.seconds == 110


def test_form_problems_name_file_view_line_and_field(tmp_path):
    path = write(
        tmp_path,
        "bad",
        "views:\n"
        "  - indicator: dopa.population\n"
        "    duration: 90\n"
        "  - indicator: dopa.population\n"
        "    colour: red\n"
        "  - indicator: dopa.population\n"
        "    period: last year\n"
        "    area: Chiang Mai\n"
        "  - indicator: dopa.population\n"
        "    headline: big news\n"
        "    duration: 5\n",
    )
    found = problems_of(lambda: read_playlist(path))
    assert found == [
        "bad.yaml, view 1 (line 3), field 'duration': a duration is 20 to 60 seconds "
        "(Input should be less than or equal to 60) (value: 90)",
        "bad.yaml, view 2 (line 5), field 'colour': unknown field; allowed: show, indicator, "
        "area, level, period, duration, headline, reference",
        "bad.yaml, view 3 (line 8), field 'area': an area is a P-code: TH, TH50, TH5001 or "
        "TH500101 (value: 'Chiang Mai')",
        "bad.yaml, view 3 (line 7), field 'period': a period is `latest` or a year, BE (2567) "
        "or CE (2024) (value: 'last year')",
        "bad.yaml, view 4 (line 11), field 'duration': a duration is 20 to 60 seconds "
        "(Input should be greater than or equal to 20) (value: 5)",
        "bad.yaml, view 4 (line 10), field 'headline': a headline is `what_changed` or a "
        "mapping with th and en (value: 'big news')",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("views: [\n  - oops", "line 2"),
        ("just text", "a playlist is a mapping with `views:`"),
        ("views: []", "field 'views': List should have at least 1 item"),
        ("", "a playlist is a mapping with `views:`"),
        ("title: x\nviews:\n  - show: map\n", "(line 1), field 'title'"),
    ],
)
def test_unreadable_files(tmp_path, text, expected):
    path = write(tmp_path, "broken", text)
    found = problems_of(lambda: read_playlist(path))
    assert len(found) == 1 and expected in found[0], found


def test_problems_against_the_store(tmp_path):
    path = write(
        tmp_path,
        "store",
        "views:\n"
        "  - indicator: dopa.populatoin\n"  # 1: misspelt
        "  - indicator: dopa.population\n"  # 2: level not below the area
        "    area: TH10\n"
        "    level: province\n"
        "  - indicator: dopa.population\n"  # 3: a year without values
        "    period: 2019\n"
        "  - indicator: muban.villages\n"  # 4: one period only
        "    area: TH50\n"
        "    level: tambon\n"
        "    headline: what_changed\n"
        "  - indicator: muban.villages\n"  # 5: no values at province level
        "  - show: goals\n"  # 6: goals with an indicator, in a district
        "    indicator: dopa.population\n"
        "    area: TH5001\n"
        "  - show: map\n"  # 7: no indicator; area unknown
        "    area: TH99\n"
        "  - indicator: dopa.population\n"  # 8: half a headline
        "    headline: {th: ประชากร}\n",
    )
    assert problems_of(lambda: check(path)) == [
        "store.yaml, view 1 (line 2), field 'indicator': unknown indicator; did you mean "
        "'dopa.population'? (value: 'dopa.populatoin')",
        "store.yaml, view 2 (line 5), field 'level': the level must lie below the area's "
        "level (province) (value: 'province')",
        "store.yaml, view 3 (line 7), field 'period': no values for this year (CE years with "
        "values: 2020, 2021) (value: 2019)",
        "store.yaml, view 4 (line 11), field 'headline': what_changed needs two periods; "
        "this indicator has one (value: 2022)",
        "store.yaml, view 5 (line 12), field 'level': no values of muban.villages for "
        "province areas here (value: 'province')",
        "store.yaml, view 6 (line 14), field 'indicator': a goals view shows all 17 goals: "
        "leave this out",
        "store.yaml, view 6 (line 15), field 'area': a goals view is for the country or a "
        "province (value: 'TH5001')",
        "store.yaml, view 7 (line 17), field 'area': no such area in the store (value: 'TH99')",
        "store.yaml, view 7 (line 16), field 'indicator': a map view names an indicator",
        "store.yaml, view 8 (line 19), field 'headline': a headline's text needs both th and en",
    ]


def test_finding_playlists_by_name(tmp_path):
    write(tmp_path, "morning", "views:\n  - show: goals\n")
    (tmp_path / "evening.yml").write_text("views:\n  - show: goals\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a playlist", encoding="utf-8")
    assert available_playlists(folder=tmp_path) == ["evening", "morning"]
    assert playlist_path("evening", folder=tmp_path).name == "evening.yml"
    missing = problems_of(lambda: playlist_path("night", folder=tmp_path))
    assert missing == ["night.yaml: no such playlist (there are: evening, morning)"]
    assert "a playlist name is" in problems_of(lambda: playlist_path("../etc", folder=tmp_path))[0]


@pytest.mark.slow
def test_the_shipped_playlists_pass_against_the_real_store(store):
    from warroom.app.data import AppData

    data = AppData(store)
    names = available_playlists(folder=WALL_DIR)
    assert "default" in names
    for name in names:
        _, playlist = open_playlist(
            name,
            folder=WALL_DIR,
            indicators=data.indicators.index,
            observations=data.by_indicator,
            areas=data.areas.index,
        )
        assert playlist.views
    _, default = open_playlist(
        None,
        folder=WALL_DIR,
        indicators=data.indicators.index,
        observations=data.by_indicator,
        areas=data.areas.index,
    )
    shown = {v.indicator for v in default.views} | {v.show for v in default.views}
    # What the default must cover: TPMAP poverty, population, PM2.5 and the 17 goals.
    assert {"tpmap.target_poor_rate", "dopa.population", "pm25.annual_mean", "goals"} <= shown
    pm25 = next(v for v in default.views if v.indicator == "pm25.annual_mean")
    assert pm25.reference is not None and pm25.reference.value == 5


@pytest.mark.slow
def test_wall_check_command(built, monkeypatch, tmp_path):
    from typer.testing import CliRunner

    from warroom.cli import app
    from warroom.config import get_settings

    settings, _ = built
    write(tmp_path, "good", "views:\n  - show: goals\n")
    write(tmp_path, "bad", "views:\n  - indicator: no.such\n    duration: 25\n")
    monkeypatch.setenv("WARROOM_BUILD_DIR", str(settings.build_dir))
    monkeypatch.setenv("WARROOM_WALL_DIR", str(tmp_path))
    get_settings.cache_clear()
    try:
        good = CliRunner().invoke(app, ["wall", "check", "good"])
        both = CliRunner().invoke(app, ["wall", "check"])
    finally:
        get_settings.cache_clear()
    assert good.exit_code == 0 and "good: 1 view, 30 s a cycle" in good.stdout
    assert both.exit_code == 1
    assert "bad.yaml, view 1 (line 2), field 'indicator': unknown indicator" in both.output
