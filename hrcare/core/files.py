"""Stored files: one folder that every app process and worker can read.

The folder is ``HRCARE_FILE_STORE`` (default ``instance/files``); put it on storage shared by
every app process and worker. A file is written to a temporary name beside its final one,
flushed to disk and renamed into place, so a reader never sees half a file. Keys are random
(never a name a user typed), so a stored file cannot be guessed or overwritten.

What a file *is* is decided from its first bytes (magic numbers), never from its name: an
upload whose name says ``.pdf`` but whose content is something else is refused by the caller.
"""

from __future__ import annotations

import io
import os
import re
import secrets
import zipfile
from pathlib import Path

from flask import current_app

_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}(/[a-z0-9][a-z0-9_-]{0,39}){0,2}/[0-9a-f]{32}$")

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
GIF = "image/gif"
WEBP = "image/webp"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
OLE = "application/x-ole-storage"  # .doc / .xls / .ppt of Office 97–2003

#: File name extension → the content type its bytes must have.
EXTENSIONS: dict[str, str] = {
    "pdf": PDF,
    "png": PNG,
    "jpg": JPEG,
    "jpeg": JPEG,
    "gif": GIF,
    "webp": WEBP,
    "docx": DOCX,
    "xlsx": XLSX,
    "pptx": PPTX,
    "doc": OLE,
    "xls": OLE,
    "ppt": OLE,
}

_OOXML_PARTS = (("word/", DOCX), ("xl/", XLSX), ("ppt/", PPTX))


class BadKey(ValueError):
    """A key that this store never issued."""


class StoreUnavailable(OSError):
    """The store could not take a file (disk full, folder not writable): nothing was written.
    Callers turn it into a message that says so; the job error records its name."""


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file beside it, flushed and renamed: a
    reader never sees half a file, and a failed write (ENOSPC, EACCES) leaves nothing behind."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(temporary, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        raise StoreUnavailable(exc.errno, "the file store could not take the file") from None
    finally:
        try:
            temporary.unlink(missing_ok=True)
        except OSError:
            pass


def root() -> Path:
    return current_app.extensions["hrcare.settings"].file_store_path


def _path(base: Path, key: str) -> Path:
    if not _KEY.match(key):
        raise BadKey(key)
    return base / key


def store(data: bytes, namespace: str, *, base: Path | None = None) -> str:
    """Write ``data`` atomically under ``namespace``; returns the new key."""
    key = f"{namespace}/{secrets.token_hex(16)}"
    write_atomically(_path(base or root(), key), data)
    return key


def read(key: str, *, base: Path | None = None) -> bytes:
    return _path(base or root(), key).read_bytes()


def remove(key: str, *, base: Path | None = None) -> None:
    _path(base or root(), key).unlink(missing_ok=True)


def sniff(data: bytes) -> str | None:
    """The content type the bytes themselves show, or None for anything not allowed."""
    head = data[:16]
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return OLE
    if head.startswith(b"PK\x03\x04"):
        return _ooxml(data)
    return None


def _ooxml(data: bytes) -> str | None:
    """An Office Open XML package: a zip with ``[Content_Types].xml`` and its main part.
    Only the directory is read; nothing is extracted."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    for prefix, kind in _OOXML_PARTS:
        if any(name.startswith(prefix) for name in names):
            return kind
    return None


def extension(filename: str) -> str:
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


class Refused(ValueError):
    """An upload that may not be stored; ``message`` says why, in the reader's language."""

    def __init__(self, message: object) -> None:
        super().__init__(str(message))
        self.message = message


def safe_filename(name: str, default: str = "file") -> str:
    """The name to show and to offer on download: no folders, no control characters."""
    import unicodedata

    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if c.isprintable() and c not in '"<>|:*?')
    return name.strip()[:200] or default


def check_upload(filename: str, data: bytes, max_bytes: int) -> tuple[str, str]:
    """(safe name, content type) of an upload every feature may store: not empty, at most
    ``max_bytes``, an allowed extension whose content type the bytes themselves show.
    Raises ``Refused``; nothing is written."""
    from hrcare.core.i18n import _l

    name = safe_filename(filename)
    if not data:
        raise Refused(_l("ファイルが空です。"))
    if len(data) > max_bytes:
        raise Refused(
            _l("ファイルが大きすぎます（上限 %(mb)s MB）。", mb=f"{max_bytes / 1048576:g}")
        )
    expected = EXTENSIONS.get(extension(name))
    if expected is None:
        raise Refused(_l("PDF・画像（PNG・JPEG・GIF・WebP）・Office文書のみ添付できます。"))
    actual = sniff(data)
    if actual != expected:
        raise Refused(_l("ファイルの中身が拡張子（%(ext)s）と一致しません。", ext=extension(name)))
    return name, actual
