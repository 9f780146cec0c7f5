"""Uploaded files waiting between the preview and the load, under ``Settings.uploads_dir``.

Each upload is saved under a random token (``<token><suffix>``) beside a small JSON note
holding its original name and who uploaded it; the original name is only ever shown, never
used as a path, and is kept without control or formatting characters (a terminal escape in
a name would run in the terminal of whoever lists the loads; a right-to-left override would
show ``evil\u202egnp.csv`` as ``evilpng.csv``) and cut to ``MAX_NAME`` characters. The folder
and the files are readable by the server's user only. Files are deleted after a load or
when discarded, and any left behind (a closed browser) are removed after a day.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import re
import secrets
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from warroom.errors import WarroomError

SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xls")
MAX_AGE_S = 24 * 3600
MAX_NAME = 120  # characters of an uploaded file's name kept for display and the batch record
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


class UploadError(WarroomError):
    """The upload cannot be used (wrong type, too large, expired, someone else's)."""

    def __init__(self, key: str, **kwargs: object):
        self.key, self.kwargs = key, kwargs
        super().__init__(key)


@dataclass(frozen=True)
class Upload:
    """One saved upload."""

    token: str
    name: str  # the original file name, for display and the batch record
    size: int
    path: Path


def clean_name(name: str | None) -> str:
    """The file name a browser sent, fit to show and record: its last part only (``/`` or
    ``\\``), no control or formatting characters, at most ``MAX_NAME`` characters with its
    suffix kept; ``upload.csv`` when nothing is left."""
    last = re.split(r"[/\\]", name or "")[-1]
    kept = "".join(c for c in last if unicodedata.category(c) not in ("Cc", "Cf", "Co", "Cs"))
    kept = " ".join(kept.split())  # line and paragraph separators, runs of spaces: one space
    suffix = Path(kept).suffix[:10]
    if len(kept) > MAX_NAME:
        kept = kept[: MAX_NAME - len(suffix) - 1] + "…" + suffix
    return kept or "upload.csv"


def _meta_path(folder: Path, token: str) -> Path:
    return folder / f"{token}.json"


def save_upload(
    folder: Path,
    contents: str,
    name: str,
    owner: str,
    *,
    max_bytes: int,
    quota_bytes: int | None = None,
) -> Upload:
    """Decode a ``dcc.Upload`` data URL and save it under a random name.

    ``quota_bytes`` bounds what one owner keeps waiting (this upload included): past it, the
    upload is refused until earlier ones are loaded, discarded or expire.
    """
    display = clean_name(name)
    suffix = Path(display).suffix.lower()
    if suffix not in SUFFIXES:
        raise UploadError("up_bad_type")
    try:
        _, encoded = contents.split(",", 1)
        data = base64.b64decode(encoded, validate=True)
    except (ValueError, binascii.Error):
        raise UploadError("up_bad_upload") from None
    if len(data) > max_bytes:
        raise UploadError("up_too_big")
    if not data:
        raise UploadError("up_empty_file")
    folder = Path(folder)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder.chmod(0o700)  # made before this rule, or under a looser umask
    remove_stale(folder)
    if quota_bytes is not None and pending_bytes(folder, owner) + len(data) > quota_bytes:
        raise UploadError("up_quota")
    token = secrets.token_urlsafe(18)
    path = folder / f"{token}{suffix}"
    _write_private(path, data)
    note = {"name": display, "owner": owner, "suffix": suffix, "size": len(data)}
    _write_private(_meta_path(folder, token), json.dumps(note).encode("utf-8"))
    return Upload(token, display, len(data), path)


def _write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to a new file readable by its owner only (0600)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)


def find_upload(folder: Path, token: str | None, owner: str) -> Upload:
    """The saved upload of ``token``, if it exists and belongs to ``owner``."""
    if not token or not _TOKEN.match(token):
        raise UploadError("up_upload_expired")
    meta_path = _meta_path(Path(folder), token)
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise UploadError("up_upload_expired") from None
    path = Path(folder) / f"{token}{meta['suffix']}"
    if meta.get("owner") != owner or not path.is_file():
        raise UploadError("up_upload_expired")
    return Upload(token, meta["name"], int(meta["size"]), path)


def pending_bytes(folder: Path, owner: str) -> int:
    """Bytes of the uploads ``owner`` keeps waiting in ``folder``."""
    total = 0
    for meta_path in Path(folder).glob("*.json"):
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if meta.get("owner") == owner:
            total += int(meta.get("size", 0))
    return total


def discard_upload(folder: Path, token: str | None, owner: str) -> None:
    """Delete an upload of ``owner`` and its note (nothing happens when it is already gone,
    or when it is someone else's: a token alone never discards another user's file)."""
    try:
        find_upload(folder, token, owner)
    except UploadError:
        return
    for path in Path(folder).glob(f"{token}.*"):
        path.unlink(missing_ok=True)


def remove_stale(folder: Path, max_age_s: float = MAX_AGE_S) -> None:
    """Delete uploads older than ``max_age_s`` (left behind by closed browsers)."""
    cutoff = time.time() - max_age_s
    for path in Path(folder).glob("*"):
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
        except OSError:
            continue
