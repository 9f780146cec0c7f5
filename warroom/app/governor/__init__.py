"""The governor's page, shared by ``/province/<code>`` and ``/district/<code>``.

Three columns on one screen: the 17 goals at a glance; the chosen goal's indicators and the
peers chart; where to act (hotspot map, districts and tambons by need). The URL holds the
state (``?lang=en&goal=3&indicator=...``): the layout draws everything for it on the server,
a click on a goal or an indicator redraws its part and rewrites the URL without a reload,
and the language switch reloads the page in the other language.

Hotspots are computed over the whole country once per indicator and data version; while a
first computation runs (esda compiles its kernels on first use), the map says so and polls.
"""

from warroom.app.governor.page import choose, hotspots_arrived, page, unknown_area

__all__ = ["choose", "hotspots_arrived", "page", "unknown_area"]
