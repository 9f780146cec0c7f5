"""What screens compute, without Dash: typed functions over pandas objects."""
