"""A hostile upload's name: never a terminal escape, a hidden reversal or a 100 KB record;
the saved file is readable by the server's user only."""

from __future__ import annotations

import base64
import stat

import pytest

from warroom.app.upload.files import MAX_NAME, clean_name, find_upload, save_upload


def data_url(data: bytes) -> str:
    return "data:text/csv;base64," + base64.b64encode(data).decode()


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("\x1b]0;pwned\x07\x1b[2J\x1b[31mRED.csv", "]0;pwned[2J[31mRED.csv"),  # no ESC, no BEL
        ("evil\u202egnp.csv", "evilgnp.csv"),  # shown as "evilpng.csv" with the override
        ("x\x00.csv", "x.csv"),
        ("line1\nline2\u2028.csv", "line1line2 .csv"),
        ("..\\..\\windows\\x.csv", "x.csv"),
        ("/etc/passwd.csv", "passwd.csv"),
        ("ผู้สูงอายุ ปี 2566.xlsx", "ผู้สูงอายุ ปี 2566.xlsx"),  # Thai marks stay
        ("", "upload.csv"),
    ],
)
def test_names_lose_control_and_format_characters(sent, kept):
    assert clean_name(sent) == kept


def test_a_long_name_is_cut_and_keeps_its_suffix():
    name = clean_name("a" * 100_000 + ".xlsx")
    assert len(name) == MAX_NAME and name.endswith("….xlsx")


def test_the_saved_upload_is_private_and_its_name_clean(tmp_path):
    folder = tmp_path / "uploads"
    saved = save_upload(
        folder, data_url(b"a,b\n"), "\x1b[31mred\u202e.csv", "somchai", max_bytes=100
    )
    assert find_upload(folder, saved.token, "somchai").name == "[31mred.csv"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for path in folder.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
