"""The intake's sections: where each lives in the document, and Django forms built from the
document's own pydantic models, so the browser and the API validate with one set of rules.

The forms only turn strings into values; every clinical check is the document's, run by the
service, and its errors (keyed by path) are put back on the form field they belong to.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from dataclasses import dataclass
from typing import Any, Literal, get_args, get_origin

from django import forms
from pydantic import BaseModel

from . import documents as d
from .catalog import DRUGS, ICD10_CODES

LABELS = {"yes": "Yes", "no": "No", "unknown": "Unknown"}


@dataclass(frozen=True)
class SectionSpec:
    slug: str
    title: str
    path: tuple[str, ...]  # where the section's value sits in the document
    model: type[BaseModel]
    many: bool = False  # a list of rows (medication trials) rather than one object
    exclude: tuple[str, ...] = ()  # fields edited on another section's page
    help: str = ""


SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec(
        "diagnosis",
        "Diagnosis",
        ("diagnosis",),
        d.Diagnosis,
        help="Primary diagnosis, current episode and specifiers.",
    ),
    SectionSpec(
        "co-occurring",
        "Co-occurring conditions",
        ("co_occurring",),
        d.CoOccurring,
        help="Substance use disorders are recorded per substance under Substance use.",
    ),
    SectionSpec(
        "medication-trials",
        "Medication trials",
        ("medication_trials",),
        d.MedicationTrial,
        many=True,
        help="Adequacy is computed from dose and duration; give dates or a duration in weeks.",
    ),
    SectionSpec(
        "psychotherapy", "Psychotherapy trials", ("psychotherapy_trials",), d.PsychotherapyTrial, many=True
    ),
    SectionSpec(
        "other-treatments", "ECT, TMS, esketamine, ketamine before", ("other_treatments",), d.OtherTreatments
    ),
    SectionSpec(
        "phq9",
        "PHQ-9",
        ("measurement", "phq9"),
        d.Phq9,
        many=True,
        help="Item scores 0–3; item 9 is thoughts of being better off dead or of self-harm.",
    ),
    SectionSpec("other-scales", "MADRS and HAM-D", ("measurement", "other_scores"), d.ScaleScore, many=True),
    SectionSpec(
        "safety",
        "Safety screening (C-SSRS)",
        ("safety",),
        d.Safety,
        help="Past month. If question 2 is No, questions 3–5 are skipped.",
    ),
    SectionSpec("medical", "Medical history", ("medical",), d.Medical, exclude=("implants",)),
    SectionSpec(
        "implants",
        "Implants, devices and metal",
        ("medical", "implants"),
        d.Implant,
        many=True,
        help="Location and material decide TMS safety; dental work alone is not a contraindication.",
    ),
    SectionSpec("substance-use", "Substance use", ("substance_use",), d.SubstanceUse, many=True),
    SectionSpec("labs", "Labs", ("labs",), d.LabResult, many=True),
    SectionSpec(
        "contributors", "Reversible contributors", ("reversible_contributors",), d.Contributor, many=True
    ),
    SectionSpec("logistics", "Logistics and preference", ("logistics",), d.Logistics),
)
BY_SLUG = {spec.slug: spec for spec in SECTIONS}


# --- Form fields from pydantic fields ---------------------------------------------------------


def _unwrap_optional(annotation: Any) -> tuple[Any, bool]:
    if get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return annotation, False


def _label(name: str) -> str:
    return name.replace("_", " ").capitalize().replace("Icd10", "ICD-10-CM").replace("Cssrs", "C-SSRS")


def _choice_field(
    values: tuple[str, ...], *, optional: bool, initial: Any, label: str, help_text: str
) -> forms.Field:
    choices = [(v, LABELS.get(v, v.replace("_", " ").capitalize())) for v in values]
    if optional or initial is None:
        choices = [("", "—"), *choices]
    return forms.ChoiceField(
        choices=choices, required=False, initial=initial, label=label, help_text=help_text
    )


def _form_fields(
    model: type[BaseModel], *, prefix: str = "", exclude: tuple[str, ...] = ()
) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name in exclude:
            continue
        key, label, help_text = f"{prefix}{name}", _label(name), info.description or ""
        annotation, optional = _unwrap_optional(info.annotation)
        if name == "drug":
            choices = [("", "—"), *((k, drug.name) for k, drug in DRUGS.items())]
            fields[key] = forms.ChoiceField(choices=choices, label="Drug")
        elif name == "icd10_code":
            choices = [("", "—"), *((c.code, f"{c.code} {c.title}") for c in ICD10_CODES.values())]
            fields[key] = forms.ChoiceField(choices=choices, required=False, label=label)
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            fields.update(_form_fields(annotation, prefix=f"{key}__"))
        elif get_origin(annotation) is Literal:
            initial = None if info.is_required() else info.default
            fields[key] = _choice_field(
                get_args(annotation), optional=optional, initial=initial, label=label, help_text=help_text
            )
        elif get_origin(annotation) is tuple and all(a is int for a in get_args(annotation)):
            for i in range(len(get_args(annotation))):
                fields[f"{key}_{i + 1}"] = forms.IntegerField(label=f"Item {i + 1}", required=False)
        elif annotation is bool:
            fields[key] = forms.BooleanField(required=False, label=label, help_text=help_text)
        elif annotation is dt.date:
            widget = forms.DateInput(attrs={"type": "date"})
            fields[key] = forms.DateField(required=False, label=label, help_text=help_text, widget=widget)
        elif annotation is int:
            fields[key] = forms.IntegerField(required=False, label=label, help_text=help_text)
        elif annotation is float:
            fields[key] = forms.FloatField(required=False, label=label, help_text=help_text)
        elif annotation is str:
            long_text = any(getattr(m, "max_length", 0) > 600 for m in info.metadata)
            widget = forms.Textarea(attrs={"rows": 3}) if long_text else forms.TextInput()
            fields[key] = forms.CharField(required=False, label=label, help_text=help_text, widget=widget)
        else:  # pragma: no cover - a new field type must be taught here
            raise TypeError(f"no form field for {model.__name__}.{name}: {annotation!r}")
    return fields


def _form_class(spec: SectionSpec) -> type[forms.Form]:
    return type(f"{spec.model.__name__}Form", (forms.Form,), _form_fields(spec.model, exclude=spec.exclude))


# --- Values between the form and the document -------------------------------------------------


def _initial(model: type[BaseModel], value: dict[str, Any] | None, *, prefix: str = "") -> dict[str, Any]:
    initial: dict[str, Any] = {}
    value = value or {}
    for name, info in model.model_fields.items():
        annotation, _ = _unwrap_optional(info.annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            initial.update(_initial(annotation, value.get(name), prefix=f"{prefix}{name}__"))
        elif get_origin(annotation) is tuple and all(a is int for a in get_args(annotation)):
            for i, score in enumerate(value.get(name) or ()):
                initial[f"{prefix}{name}_{i + 1}"] = score
        elif name in value:
            initial[f"{prefix}{name}"] = value[name]
    return initial


def _value(
    model: type[BaseModel], cleaned: dict[str, Any], *, prefix: str = "", exclude: tuple[str, ...] = ()
) -> dict[str, Any] | None:
    """The section's JSON value from a form's cleaned data; a nested optional model left blank is None."""
    out: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name in exclude:
            continue
        key = f"{prefix}{name}"
        annotation, optional = _unwrap_optional(info.annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            out[name] = _value(annotation, cleaned, prefix=f"{key}__")
        elif get_origin(annotation) is tuple and all(a is int for a in get_args(annotation)):
            out[name] = [cleaned.get(f"{key}_{i + 1}") for i in range(len(get_args(annotation)))]
        else:
            raw = cleaned.get(key)
            if raw in ("", None):
                if optional or info.is_required():
                    out[name] = None
                continue  # blank: the document's default (unknown) applies
            out[name] = raw.isoformat() if isinstance(raw, dt.date) else raw
    # A nested optional part (the C-SSRS, a blood pressure) left wholly blank was not done.
    if prefix and all(v in (None, "", False, "unknown") for v in out.values()):
        return None
    return out


def section_value(document: dict[str, Any], spec: SectionSpec) -> Any:
    value: Any = document
    for key in spec.path:
        value = (value or {}).get(key)
    return value


def document_with(document: dict[str, Any], spec: SectionSpec, value: Any) -> dict[str, Any]:
    """A copy of ``document`` with the section replaced (fields edited elsewhere are kept)."""
    head, *rest = spec.path
    if not rest:
        if spec.exclude and isinstance(value, dict):
            value = {
                **value,
                **{k: document.get(head, {}).get(k) for k in spec.exclude if k in document.get(head, {})},
            }
        return {**document, head: value}
    return {**document, head: {**document.get(head, {}), rest[0]: value}}


class SectionEditor:
    """A section's form (or formset of rows), bound to a POST or filled from the document."""

    def __init__(self, spec: SectionSpec, document: dict[str, Any], data: Any = None) -> None:
        self.spec = spec
        form_class = _form_class(spec)
        current = section_value(document, spec)
        if spec.many:
            formset_class = forms.formset_factory(form_class, extra=1 if current else 2, can_delete=True)
            initial = [_initial(spec.model, row) for row in current or ()]
            self.form = formset_class(data, initial=initial, prefix="rows")
        else:
            self.form = form_class(data, initial=_initial(spec.model, current))

    def is_valid(self) -> bool:
        return self.form.is_valid()

    def value(self) -> Any:
        if not self.spec.many:
            return _value(self.spec.model, self.form.cleaned_data, exclude=self.spec.exclude)
        # Rows already saved are kept whether or not they were touched; the blank extra rows
        # count only once something is typed in them.
        saved = self.form.initial_form_count()
        self._row_forms = [
            f
            for i, f in enumerate(self.form.forms)
            if f.cleaned_data and not f.cleaned_data.get("DELETE") and (i < saved or f.has_changed())
        ]
        return [_value(self.spec.model, f.cleaned_data) for f in self._row_forms]

    def add_errors(self, errors: dict[str, list[str]]) -> list[str]:
        """Put the document's errors on their fields; returns those that belong to no field here."""
        prefix = ".".join(self.spec.path) + "."
        unplaced: list[str] = []
        for path, messages in errors.items():
            if not path.startswith(prefix):
                unplaced += [f"{path}: {m}" for m in messages]
                continue
            rest = path.removeprefix(prefix).split(".")
            if self.spec.many:
                if not rest[0].isdigit() or int(rest[0]) >= len(getattr(self, "_row_forms", [])):
                    unplaced += messages
                    continue
                form, rest = self._row_forms[int(rest[0])], rest[1:]
            else:
                form = self.form
            name = "__".join(rest)
            if name in form.fields:
                for message in messages:
                    form.add_error(name, message)
            elif rest and rest[0] in {"items"} and len(rest) == 2:
                form.add_error(f"items_{int(rest[1]) + 1}", messages[0])
            else:
                for message in messages:
                    form.add_error(None, f"{' '.join(rest)}: {message}" if rest and rest[0] else message)
        return unplaced


# --- Read-only display of what was recorded ---------------------------------------------------


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list | tuple):
        return ", ".join(_shown(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{_label(k)}: {_shown(v)}" for k, v in value.items())
    if isinstance(value, str):
        if value in DRUGS:
            return DRUGS[value].name
        if value in ICD10_CODES:
            return f"{value} {ICD10_CODES[value].title}"
        return LABELS.get(value, value.replace("_", " "))
    return str(value)


@dataclass(frozen=True)
class SectionDisplay:
    spec: SectionSpec
    rows: tuple[tuple[tuple[str, str], ...], ...]  # one row for an object section, one per list entry


def recorded_answers(document: dict[str, Any]) -> list[SectionDisplay]:
    """Every section as label/value pairs, for the summary a clinician reviews before signing."""
    shown = []
    for spec in SECTIONS:
        value = section_value(document, spec)
        entries = value if spec.many else [value or {}]
        rows = tuple(
            tuple((_label(k), _shown(v)) for k, v in entry.items() if k not in spec.exclude)
            for entry in entries or ()
        )
        shown.append(SectionDisplay(spec=spec, rows=rows))
    return shown
