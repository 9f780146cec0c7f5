"""The private parts of Dash the app relies on (``warroom/app/__init__.py``): when a Dash
release moves them, this fails first, with the name that moved, instead of the app failing
to serve its pages' callbacks or its 404s. ``pyproject.toml`` caps Dash below 5 for this."""

from __future__ import annotations

import dash
import pytest
from dash import _callback, _pages


@pytest.mark.parametrize(
    "name", ["GLOBAL_CALLBACK_LIST", "GLOBAL_CALLBACK_MAP", "GLOBAL_INLINE_SCRIPTS"]
)
def test_global_callback_lists_are_where_the_app_reads_them(name):
    assert isinstance(getattr(_callback, name), list | dict)


def test_the_page_lookup_answers_as_the_404_check_reads_it():
    page, _ = _pages._path_to_page("no/such/page")
    assert not page


def test_an_app_keeps_its_callbacks_where_pages_are_copied_in():
    app = dash.Dash(__name__)
    assert isinstance(app._callback_list, list)
    assert isinstance(app.callback_map, dict)
    assert isinstance(app._inline_scripts, list)


def test_dash_is_below_the_next_major_version():
    assert int(dash.__version__.split(".")[0]) == 4


def test_dash_sets_itself_up_in_its_first_before_request_hooks():
    # create_app runs these itself before serving (warroom/app/__init__.py)
    app = dash.Dash(__name__, use_pages=True, pages_folder="")
    hooks = app.server.before_request_funcs[None]
    assert hooks[0] == app._setup_server and hooks[1].__name__.startswith("router")
    assert app._got_first_request == {"pages": False, "setup_server": False}
