"""Issue 26: a province's status table is computed ahead (``warroom hotspots-ahead``) and a
fresh worker's first governor page reads it instead of computing it."""

from __future__ import annotations

import pandas as pd
import pytest

from warroom.analysis.ahead import precompute_status, status_path, stored_status
from warroom.analysis.area import status_table
from warroom.app.data import AppData
from warroom.store import Store


@pytest.fixture(scope="module")
def data(built) -> AppData:
    return AppData(Store.open(built[0].db_url)).warm()


def test_a_status_table_computed_ahead_reads_as_computed_and_never_stale(data, built, tmp_path):
    settings = built[0]
    catalogue = settings.catalogue_dir
    assert stored_status(data, tmp_path, catalogue, "TH96") is None  # no run yet: computed
    done = precompute_status(data, tmp_path, catalogue, codes=["TH96", "TH10"])
    assert done == 2
    for code in ("TH96", "TH10"):
        pd.testing.assert_frame_equal(
            stored_status(data, tmp_path, catalogue, code), status_table(data, code)
        )
    assert stored_status(data, tmp_path, catalogue, "TH50") is None  # not among them
    # A run for other data names another folder: the old one is removed, never read.
    folder = status_path(data, tmp_path, catalogue)
    data.version = ("another build",)
    assert status_path(data, tmp_path, catalogue) != folder
    assert stored_status(data, tmp_path, catalogue, "TH96") is None
    assert precompute_status(data, tmp_path, catalogue, codes=["TH96"]) == 1
    assert not folder.exists()
