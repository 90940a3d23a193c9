from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from elevium.accounts.models import User

from .models import Patient
from .services import EDITABLE_FIELDS

if TYPE_CHECKING:  # ModelForm is generic only to the type checker (no django_stubs_ext patch)
    _ModelForm = forms.ModelForm[Patient]
else:
    _ModelForm = forms.ModelForm


class PatientForm(_ModelForm):
    """Registration and edits. A new record asks for its clinic only when the user has several."""

    class Meta:
        model = Patient
        fields = EDITABLE_FIELDS
        widgets = {"date_of_birth": forms.DateInput(attrs={"type": "date"})}
        help_texts = {"gender_identity": "Optional, in the patient's own words."}

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance._state.adding:
            # The revision this edit starts from: saving over someone else's edit is refused.
            self.fields["revision"] = forms.IntegerField(
                widget=forms.HiddenInput, min_value=1, initial=self.instance.revision
            )
        if self.instance._state.adding:
            clinics = user.clinics.order_by("name")
            if clinics.count() > 1:
                self.fields["clinic"] = forms.ModelChoiceField(
                    queryset=clinics, empty_label="Choose a clinic"
                )
                self.order_fields(["clinic", *EDITABLE_FIELDS])

    def _post_clean(self) -> None:
        # The service validates the whole record with its clinic (patients.services._validate);
        # the ModelForm's own model validation would run before a clinic is set.
        pass

    def add_service_error(self, exc: ValidationError) -> None:
        """Put the service's errors on their fields; one about a field not shown goes on top."""
        errors = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
        for name, messages in errors.items():
            self.add_error(name if name in self.fields else None, messages)


class PatientSearchForm(forms.Form):
    q = forms.CharField(
        label="Search by MRN or name",
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "MRN or name"}),
    )
