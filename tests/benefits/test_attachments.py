"""Checklist attachments with real files on a real (temporary) folder: what is accepted, where it
is stored, who may read it, and that every add, read, replacement and removal is audited."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from pypdf import PdfReader

from benefits.models import PaAttachment, PaCase, PaEvent
from clinics.models import Clinic
from elevium.accounts.roles import Role
from elevium.audit.models import AuditEvent
from tests.factories import UserFactory

from .files import image_bytes, pdf_bytes, upload

pytestmark = pytest.mark.django_db
B = "/api/benefits"


@pytest.fixture
def api(coordinator: Any) -> Client:
    client = Client()
    client.force_login(coordinator)
    return client


def _attach(client: Client, case: PaCase, name: str, data: bytes, **extra: Any) -> Any:
    body = {"code": extra.pop("code", "psychiatrist_order"), "file": upload(name, data, **extra)}
    return client.post(f"{B}/pa-cases/{case.id}/attachments/", body)


def _files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


def test_a_pdf_is_stored_under_a_random_name_outside_the_web_root(
    api: Client, case: PaCase, attachments_dir: Path
) -> None:
    data = pdf_bytes()
    r = _attach(api, case, "Doe_Jane_psychiatrist_order.pdf", data)
    assert r.status_code == 201, r.content
    [listed] = r.json()["attachments"]
    assert listed["item"] == "psychiatrist_order" and listed["content_type"] == "application/pdf"
    row = PaAttachment.objects.get(id=listed["id"])
    assert "Doe" not in row.storage_name and "Jane" not in row.storage_name and len(row.storage_name) >= 36
    [stored] = _files(attachments_dir)
    assert stored.read_bytes() == data and stored.name == row.storage_name
    assert not str(stored).startswith(str(settings.STATIC_ROOT))
    assert "Doe" not in listed["download"]
    assert AuditEvent.objects.filter(action="pa_case.attachment_added", object_id=str(row.id)).exists()
    assert PaEvent.objects.filter(case=case, kind="document").count() == 1


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("order.pdf", b"<html><script>alert(1)</script></html>", "application/pdf"),  # wrong magic
        ("scan.png", b"%!PS-Adobe-3.0 not an image", "image/png"),
        ("order.pdf", b"PK\x03\x04 a zip renamed", "application/pdf"),
    ],
)
def test_a_file_whose_bytes_are_not_a_pdf_or_image_is_refused(
    api: Client, case: PaCase, attachments_dir: Path, name: str, data: bytes, content_type: str
) -> None:
    r = _attach(api, case, name, data, content_type=content_type)
    assert r.status_code == 400
    [problem] = r.json()["file"]
    assert problem.startswith("The file's contents are not a PDF document") and problem.endswith(".")
    assert not _files(attachments_dir) and not PaAttachment.objects.exists()


def test_an_oversized_file_is_refused(
    api: Client, case: PaCase, attachments_dir: Path, settings: Any
) -> None:
    settings.ATTACHMENT_MAX_BYTES = 2048
    r = _attach(api, case, "order.pdf", pdf_bytes(padding=4000))
    assert r.status_code == 400
    assert r.json()["file"] == [r.json()["file"][0]] and "at most 2 KB" in r.json()["file"][0]
    assert not _files(attachments_dir) and not PaAttachment.objects.exists()


def test_a_download_is_an_audited_attachment_the_browser_may_not_sniff(
    api: Client, case: PaCase, coordinator: Any
) -> None:
    data = image_bytes("JPEG")
    r = _attach(api, case, "pdmp.jpg", data, content_type="image/jpeg", code="tms_plan")
    attachment = PaAttachment.objects.get()
    for url in (f"/benefits/attachments/{attachment.id}/", r.json()["attachments"][0]["download"]):
        got = api.get(url)
        assert got.status_code == 200
        assert b"".join(got.streaming_content) == data
        assert got["Content-Type"] == "image/jpeg"
        assert got["Content-Disposition"] == f'attachment; filename="attachment-{attachment.id}.jpg"'
        assert got["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in got["Content-Security-Policy"]
    reads = AuditEvent.objects.filter(action="pa_case.attachment_downloaded", object_id=str(attachment.id))
    assert reads.count() == 2 and reads.first().patient_id == case.patient_id


@pytest.mark.parametrize(("role", "read", "write"), [(Role.CLINICIAN, 200, 403), (Role.REVIEWER, 200, 403)])
def test_readers_download_and_only_coordinators_change(
    api: Client, client_for: Any, case: PaCase, role: Role, read: int, write: int
) -> None:
    _attach(api, case, "order.pdf", pdf_bytes())
    attachment = PaAttachment.objects.get()
    client = client_for(role)
    assert client.get(f"/benefits/attachments/{attachment.id}/").status_code == read
    assert _attach(client, case, "order.pdf", pdf_bytes()).status_code == write
    assert client.delete(f"{B}/pa-cases/{case.id}/attachments/{attachment.id}/").status_code == write
    admin = client_for(Role.ADMIN)
    assert admin.get(f"/benefits/attachments/{attachment.id}/").status_code == 403


def test_another_clinic_sees_nothing(api: Client, case: PaCase) -> None:
    _attach(api, case, "order.pdf", pdf_bytes())
    attachment = PaAttachment.objects.get()
    elsewhere = Clinic.objects.create(name="Another clinic")
    outsider = UserFactory(username="outsider", role=Role.CARE_COORDINATOR, clinics=[elsewhere])
    client = Client()
    client.force_login(outsider)
    assert client.get(f"/benefits/attachments/{attachment.id}/").status_code == 404
    assert client.get(f"{B}/pa-cases/{case.id}/attachments/{attachment.id}/").status_code == 404
    assert _attach(client, case, "order.pdf", pdf_bytes()).status_code == 404
    assert client.delete(f"{B}/pa-cases/{case.id}/attachments/{attachment.id}/").status_code == 404
    assert PaAttachment.objects.count() == 1


def test_replacing_and_removing_are_audited_and_remove_the_file(
    api: Client, case: PaCase, attachments_dir: Path, django_capture_on_commit_callbacks: Any
) -> None:
    _attach(api, case, "first.pdf", pdf_bytes())
    first = PaAttachment.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        body = {
            "code": "psychiatrist_order",
            "file": upload("second.pdf", pdf_bytes(2)),
            "replaces": str(first.id),
        }
        r = api.post(f"{B}/pa-cases/{case.id}/attachments/", body)
    assert r.status_code == 201, r.content
    second = PaAttachment.objects.get()
    assert second.id != first.id and [p.name for p in _files(attachments_dir)] == [second.storage_name]
    replaced = AuditEvent.objects.get(action="pa_case.attachment_replaced")
    assert replaced.data["replaces"] == str(first.id)
    with django_capture_on_commit_callbacks(execute=True):
        r = api.delete(f"{B}/pa-cases/{case.id}/attachments/{second.id}/")
    assert r.status_code == 200 and r.json()["attachments"] == []
    assert not _files(attachments_dir)
    assert AuditEvent.objects.filter(action="pa_case.attachment_deleted").count() == 1
    assert PaEvent.objects.filter(case=case, kind="document_removed").count() == 1


def _submit(api: Client, case: PaCase) -> None:
    url = f"{B}/pa-cases/{case.id}"
    for item in api.get(f"{url}/").json()["checklist"]:
        if not item["satisfied"]:
            body = {"code": item["code"], "satisfied": True, "note": "Scanned and filed on 3 December."}
            assert api.post(f"{url}/checklist/", body, content_type="application/json").status_code == 200
    for to in ("ready_to_submit", "submitted"):
        rev = api.get(f"{url}/").json()["revision"]
        r = api.post(f"{url}/transition/", {"to": to, "revision": rev}, content_type="application/json")
        assert r.status_code == 200, r.content


def test_a_submitted_case_keeps_its_attachments(api: Client, case: PaCase, attachments_dir: Path) -> None:
    _attach(api, case, "order.pdf", pdf_bytes())
    attachment = PaAttachment.objects.get()
    _submit(api, case)
    r = _attach(api, case, "late.pdf", pdf_bytes())
    assert r.status_code == 409 and "can no longer change" in r.json()["detail"]
    r = api.delete(f"{B}/pa-cases/{case.id}/attachments/{attachment.id}/")
    assert r.status_code == 409 and r.json()["detail"].startswith("This case is submitted")
    assert PaAttachment.objects.count() == 1 and len(_files(attachments_dir)) == 1


def test_the_packet_holds_the_cover_the_letter_and_every_attachment(api: Client, case: PaCase) -> None:
    _attach(api, case, "order.pdf", pdf_bytes(2))
    _attach(api, case, "plan.png", image_bytes(), content_type="image/png", code="tms_plan")
    letter = PdfReader(io.BytesIO(api.get(f"/benefits/cases/{case.id}/letter.pdf").content))
    r = api.get(f"/benefits/cases/{case.id}/packet.pdf")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r["Content-Disposition"] == f'attachment; filename="packet-{case.id}.pdf"'
    packet = PdfReader(io.BytesIO(r.content))
    cover = packet.pages[0].extract_text()
    assert len(packet.pages) == 1 + len(letter.pages) + 2 + 1
    assert "Attached documents" in cover and "PNG image" in cover and "included in this packet" in cover
    assert (
        AuditEvent.objects.filter(action="pa_case.attachment_downloaded", data__purpose="packet").count() == 2
    )


def test_a_pdf_the_packet_cannot_read_is_named_as_sent_separately(api: Client, case: PaCase) -> None:
    assert _attach(api, case, "damaged.pdf", b"%PDF-1.4\nnot really a PDF\n%%EOF\n").status_code == 201
    r = api.get(f"/benefits/cases/{case.id}/packet.pdf")
    assert r.status_code == 200
    cover = PdfReader(io.BytesIO(r.content)).pages[0].extract_text()
    assert "could not be" in cover and "sent separately" in cover
