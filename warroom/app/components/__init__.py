"""Widgets shared by every page: build them here, never copy them into a page.

- ``shell``: the page shell (header with title, page links, sign-in/out, language switch)
  and the translatable text element.
- ``map``: the choropleth (class breaks, colours, figure, value patches, fitting).
- ``legend``: the legend rows of a map.
- ``kpi``: KPI cards (an area against the country, change from the previous period).
- ``ranking``: the ranking of an area's children.
- ``trend``: the trend chart of an area against the country.
- ``goals``: the SDG goal tiles.
- ``labels``: names, units, breadcrumb, source credit.
- ``figscale``: figures drawn with a page's layout, scaled and fitted to the screen in the
  browser.
- ``errors``: the one error policy (a message in Thai and English, never a traceback).
"""
