"""Loaders: one module per real source, each returning tidy observations with P-codes.

Every loader returns a DataFrame with the columns of ``OBSERVATION_COLUMNS`` at the source's
own (finest) level; roll-up to coarser levels happens in ``warroom.indicators.rollup``.
"""
