"""What an uploaded file is, from its own first bytes (its magic number), pure Python: no Django.

The browser's Content-Type header and the file's name are the client's word and are not
trusted: a script renamed ``scan.pdf`` and sent as ``application/pdf`` starts with neither
``%PDF-`` nor an image signature, so it is refused here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FileKind:
    content_type: str
    extension: str
    words: str  # how a person names it


PDF = FileKind("application/pdf", "pdf", "PDF document")
PNG = FileKind("image/png", "png", "PNG image")
JPEG = FileKind("image/jpeg", "jpg", "JPEG image")

# Signature → kind. PDF: ISO 32000-1 §7.5.2 (the header "%PDF-"); PNG: RFC 2083 §3.1 (8 bytes);
# JPEG: the SOI marker FF D8 followed by another marker's FF.
_SIGNATURES: tuple[tuple[bytes, FileKind], ...] = (
    (b"%PDF-", PDF),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"\xff\xd8\xff", JPEG),
)
KINDS: dict[str, FileKind] = {kind.content_type: kind for _, kind in _SIGNATURES}
HEAD_BYTES = 16  # enough to read every signature above
ACCEPTED_WORDS = "a PDF document, a PNG image or a JPEG image"


def sniff(head: bytes) -> FileKind | None:
    """The kind of file that starts with ``head``, or None when it is none we accept."""
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return kind
    return None


def size_words(size: int) -> str:
    """A byte count for people: "10 MB", "512 KB", "900 bytes"."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.3g} MB"
    if size >= 1024:
        return f"{size / 1024:.3g} KB"
    return f"{size} bytes"
