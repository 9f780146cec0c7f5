"""A wall playlist's `show: actions` view: the country's provinces, nothing else to set."""

from __future__ import annotations

import pytest

from warroom.app.wall.playlist import PlaylistError, check_playlist, read_playlist
from warroom.app.wall.screen import view_geo


def checked(tmp_path, text: str):
    path = tmp_path / "board.yaml"
    path.write_text(text, encoding="utf-8")
    playlist = read_playlist(path)
    check_playlist(playlist, file=str(path), indicators=[], observations={}, areas=["TH", "TH50"])
    return playlist


def test_an_actions_view_needs_nothing_but_a_duration(tmp_path):
    playlist = checked(tmp_path, "views:\n  - show: actions\n    duration: 25\n")
    view = playlist.views[0]
    assert (view.show, view.area, view.drawn_level) == ("actions", "TH", "province")
    assert view_geo(view) == "/geo/country/province.geojson"


def test_an_actions_view_refuses_what_it_cannot_show(tmp_path):
    text = (
        "views:\n  - show: actions\n    area: TH50\n    indicator: dopa.population\n"
        "    headline: what_changed\n"
    )
    with pytest.raises(PlaylistError) as info:
        checked(tmp_path, text)
    found = [str(p) for p in info.value.problems]
    assert found == [
        "board.yaml, view 1 (line 4), field 'indicator': an actions view shows every province:"
        " leave this out",
        "board.yaml, view 1 (line 5), field 'headline': an actions view shows every province:"
        " leave this out",
        "board.yaml, view 1 (line 3), field 'area': an actions view is of the country (TH)"
        " (value: 'TH50')",
    ]
