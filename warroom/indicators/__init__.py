"""Indicators: the catalogue, loaders for each real source, roll-up and the store."""
