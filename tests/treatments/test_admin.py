"""Administrators edit the catalog in the admin, a treatment with all its rows on one page."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from elevium.accounts.roles import Role
from treatments.models import BillingCode, Treatment

pytestmark = pytest.mark.django_db

CHANGELISTS = ("treatment", "protocol", "regulatorystatus", "monitoringrequirement", "billingcode")


def test_an_administrator_sees_every_catalog_list(client_for: Callable[[Role], Client]) -> None:
    client = client_for(Role.ADMIN)
    for model in CHANGELISTS:
        assert client.get(f"/admin/treatments/{model}/").status_code == 200, model


def test_the_treatment_page_has_every_kind_of_row_inline(client_for: Callable[[Role], Client]) -> None:
    spravato = Treatment.objects.get(slug="spravato")
    response = client_for(Role.ADMIN).get(f"/admin/treatments/treatment/{spravato.pk}/change/")
    assert response.status_code == 200
    prefixes = {formset.formset.prefix for formset in response.context["inline_admin_formsets"]}
    assert prefixes == {"protocols", "regulatory_statuses", "monitoring", "billing_codes"}


def test_an_administrator_edits_a_billing_code(client_for: Callable[[Role], Client]) -> None:
    code = BillingCode.objects.get(code="G2082")
    client = client_for(Role.ADMIN)
    page = client.get(f"/admin/treatments/billingcode/{code.pk}/change/")
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data["notes"] = "Edited."
    response = client.post(f"/admin/treatments/billingcode/{code.pk}/change/", data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    code.refresh_from_db()
    assert code.notes == "Edited."


@pytest.mark.parametrize("role", [Role.CLINICIAN, Role.CARE_COORDINATOR, Role.REVIEWER])
def test_other_roles_cannot_reach_the_catalog_admin(client_for: Callable[[Role], Client], role: Role) -> None:
    response = client_for(role).get("/admin/treatments/treatment/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
