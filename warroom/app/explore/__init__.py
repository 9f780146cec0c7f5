"""The analyst's workspace (``/explore``): its state and URL, figures and downloads.

The page itself (layout and callbacks) is ``warroom.app.pages.explore``.
"""
