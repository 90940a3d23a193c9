"""The PA packet as one PDF: a cover sheet (the checklist with its evidence, justifications and
the list of attachments), the letter of medical necessity, then every attached document.

Attached PDFs are appended page by page with pypdf and images are turned into a page each with
Pillow; a document neither can read (a damaged or encrypted PDF) is named on the cover as sent
separately, and stays downloadable from the case page.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone

from .attachment_types import KINDS, size_words
from .models import PaAttachment, PaCase, PaChecklistItem
from .pdf import html_to_pdf


@dataclass(frozen=True, slots=True)
class PacketPart:
    attachment: PaAttachment
    item_label: str
    kind_words: str
    size_words: str
    merged: bool


def _as_pdf(attachment: PaAttachment, data: bytes) -> bytes | None:
    """The attachment as PDF bytes pypdf can append, or None when it cannot be read."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        if attachment.content_type == "application/pdf":
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted or len(reader.pages) == 0:
                return None
            return data
        from PIL import Image, UnidentifiedImageError

        try:
            image = Image.open(io.BytesIO(data))
            out = io.BytesIO()
            image.convert("RGB").save(out, format="PDF", resolution=150.0)
        except (UnidentifiedImageError, OSError, ValueError):
            return None
        return out.getvalue()
    except (PyPdfError, ValueError, OSError):
        return None


def build_packet(
    *,
    case: PaCase,
    checklist: Sequence[PaChecklistItem],
    attachments: Sequence[PaAttachment],
    letter_html: str,
    read: Callable[[PaAttachment], bytes],
) -> bytes:
    """The packet's bytes. ``read`` gives an attachment's stored bytes (and audits the read)."""
    from pypdf import PdfReader, PdfWriter

    labels = {item.pk: item.label for item in checklist}
    pdfs: list[bytes] = []
    parts: list[PacketPart] = []
    for attachment in attachments:
        converted = _as_pdf(attachment, read(attachment))
        if converted is not None:
            pdfs.append(converted)
        parts.append(
            PacketPart(
                attachment=attachment,
                item_label=labels.get(attachment.item_id, ""),
                kind_words=KINDS[attachment.content_type].words,
                size_words=size_words(attachment.size),
                merged=converted is not None,
            )
        )
    cover = render_to_string(
        "benefits/packet_cover.html",
        {"case": case, "checklist": checklist, "parts": parts, "today": timezone.localdate()},
    )
    writer = PdfWriter()
    for document in (html_to_pdf(cover), html_to_pdf(letter_html), *pdfs):
        writer.append(PdfReader(io.BytesIO(document)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
