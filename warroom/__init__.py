"""War Room: SDG and poverty indicators on Thailand's official boundaries."""

__version__ = "0.1.0"
