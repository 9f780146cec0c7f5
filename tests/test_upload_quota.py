"""Issue 10 item 7: no upload quota (one officer stored 472 MB in 12 s)."""

from __future__ import annotations

import base64

import pytest

from warroom.app.upload.files import UploadError, discard_upload, pending_bytes, save_upload

MB = 1024 * 1024


def data_url(size: int) -> str:
    return "data:text/csv;base64," + base64.b64encode(b"x" * size).decode()


def test_one_user_cannot_pile_up_uploads(tmp_path):
    saved = [
        save_upload(
            tmp_path, data_url(MB), "a.csv", "somchai", max_bytes=2 * MB, quota_bytes=3 * MB
        )
        for _ in range(3)
    ]
    with pytest.raises(UploadError) as refused:
        save_upload(
            tmp_path, data_url(MB), "a.csv", "somchai", max_bytes=2 * MB, quota_bytes=3 * MB
        )
    assert refused.value.key == "up_quota"
    assert pending_bytes(tmp_path, "somchai") == 3 * MB
    # another officer has a quota of their own; a discarded upload frees the space
    save_upload(tmp_path, data_url(MB), "b.csv", "malee", max_bytes=2 * MB, quota_bytes=3 * MB)
    discard_upload(tmp_path, saved[0].token, "somchai")
    save_upload(tmp_path, data_url(MB), "a.csv", "somchai", max_bytes=2 * MB, quota_bytes=3 * MB)
