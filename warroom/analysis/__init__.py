"""What screens compute, without Dash: typed functions over pandas objects.

The app, the exports and the notebooks call these; none of them imports Dash. Values are
the tidy form the store and ``AppData`` hold: one indicator's values as a Series indexed by
``(period, area_code)``, or one period's values indexed by area code.

- ``kpis``: an area's value against the country and its parent, the change since the
  previous period, and whether that is good news (``kpi``, ``kpi_table``, ``tone``);
- ``rankings``: areas ordered by value, top and bottom, an area's rank (``ranking``);
- ``trends``: an area's values over the periods and what a trend chart compares;
- and the other screens' own modules (what changed, two indicators, coverage, ...).
"""
