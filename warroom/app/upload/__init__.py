"""The upload page's parts (One Data intake in the app); the page is ``pages/upload.py``.

- ``layout``: the page's components; ``views``: pure functions from data to components;
- ``callbacks``: what the page draws; ``actions``: what it does (declare, upload, check,
  load, roll back); ``files``: uploads waiting between the check and the load;
  ``reports``: the recent checks kept in memory.
"""
