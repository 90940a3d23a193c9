from __future__ import annotations

from django import forms

from .models import Patient
from .services import EDITABLE_FIELDS


class PatientForm(forms.ModelForm):
    class Meta:
        model = Patient
        fields = EDITABLE_FIELDS
        widgets = {"date_of_birth": forms.DateInput(attrs={"type": "date"})}
        help_texts = {"gender_identity": "Optional, in the patient's own words."}


class PatientSearchForm(forms.Form):
    q = forms.CharField(
        label="Search by MRN or name",
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "MRN or name"}),
    )
