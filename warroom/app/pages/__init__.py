"""The app's pages: one module per page. Each defines ``layout(**query)``, then calls
``dash.register_page(__name__, path=..., layout=layout)`` (or ``path_template=``), and
defines its callbacks at module level (``dash.callback``).

``create_app`` imports the modules named in ``PAGES`` (after the Dash app exists, as Dash
requires). A new page adds its module here; its component ids carry its prefix
(``prov-``, ``wall-``, ``ex-``) and it reads the app's data with
``warroom.app.context.app_context()``.
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
