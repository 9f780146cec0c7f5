"""The app's pages: one module per page. Each defines ``layout(**query)``, then calls
``dash.register_page(__name__, path=..., layout=layout)`` (or ``path_template=``), and
defines its callbacks at module level (``dash.callback``).

``create_app`` imports the modules named in ``PAGES`` (after the Dash app exists, as Dash
requires). A new page adds its module here; every component id it defines carries its
prefix (``map-``, ``prov-``, ``wall-``, ``ex-``, ``up-``), pattern ids included
(``{"type": "map-goal", ...}``), and it reads the app's data with
``warroom.app.context.app_context()``. The header links a page registered with
``nav="<label key>"`` (and ``order=``); a callback whose answer is the same for everyone is
defined with ``warroom.app.caching.shared_callback``. CONTRIBUTING.md has the whole convention.
"""

PAGES = (
    "warroom.app.pages.map",
    "warroom.app.pages.upload",
    "warroom.app.pages.explore",
    "warroom.app.pages.province",
    "warroom.app.pages.district",
    "warroom.app.pages.wall",
    "warroom.app.pages.not_found_404",
)
