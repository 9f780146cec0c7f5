"""Loaders: one module per real source, each returning tidy observations with P-codes.

Every loader is ``load(ctx)`` (``context.SourceContext``: source folder, catalogue, areas,
crosswalk, name index, population) and returns a DataFrame with the columns of
``OBSERVATION_COLUMNS`` at the source's own (finest) level; roll-up to coarser levels
happens in ``warroom.indicators.rollup``. The build loads and cross-checks the sources listed
in ``registry.SOURCES``: a new source is its module, its catalogue rows and one line there.
"""
