"""The intake's sections: where each lives in the document, and Django forms built from the
document's own pydantic models, so the browser and the API validate with one set of rules.

The forms only turn strings into values; every clinical check is the document's, run by the
service, and its errors (keyed by path) are put back on the form field they belong to, as
sentences that name the field in words (labels.py). A list section can be answered "None of
these" (the document's ``none_of_these``), so a complete record says so instead of leaving a
list empty, which reads as unknown.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from dataclasses import dataclass, replace
from typing import Any, Literal, get_args, get_origin

from django import forms
from django.forms.formsets import BaseFormSet
from pydantic import BaseModel

from . import documents as d
from .catalog import DRUGS, ICD10_CODES, OTHER_DRUGS
from .labels import describe_path, field_help, field_label, sentence, value_label
from .questionnaires import CSSRS_QUESTIONS, NOT_ASKED_OF_MALE, phq9_item_fields


@dataclass(frozen=True)
class SectionSpec:
    slug: str
    title: str
    path: tuple[str, ...]  # where the section's value sits in the document
    model: type[BaseModel]
    many: bool = False  # a list of rows (medication trials) rather than one object
    exclude: tuple[str, ...] = ()  # fields edited on another section's page
    help: str = ""
    # The document's ``none_of_these`` name for a list a clinician can answer "None of these"
    # (documents.ListSection), and what that answer says.
    none_key: str = ""
    none_label: str = ""


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
        none_key="medication_trials",
        none_label="None of these: no antidepressant or augmentation trial so far",
    ),
    SectionSpec(
        "psychotherapy",
        "Psychotherapy trials",
        ("psychotherapy_trials",),
        d.PsychotherapyTrial,
        many=True,
        none_key="psychotherapy_trials",
        none_label="None of these: no psychotherapy so far",
    ),
    SectionSpec(
        "other-treatments", "ECT, TMS, esketamine, ketamine before", ("other_treatments",), d.OtherTreatments
    ),
    SectionSpec(
        "prior-courses",
        "Prior TMS, Spravato, ketamine or ECT courses",
        ("prior_courses",),
        d.PriorCourse,
        many=True,
        help="One row per course: dates, sessions and the improvement it brought decide retreatment.",
        none_key="prior_courses",
        none_label="None of these: no TMS, Spravato, ketamine or ECT course before",
    ),
    SectionSpec(
        "phq9",
        "PHQ-9",
        ("measurement", "phq9"),
        d.Phq9,
        many=True,
        help="Choose how often each problem bothered the patient; the total updates as you go.",
    ),
    SectionSpec("other-scales", "MADRS and HAM-D", ("measurement", "other_scores"), d.ScaleScore, many=True),
    SectionSpec(
        "safety",
        "Safety screening (C-SSRS)",
        ("safety",),
        d.Safety,
        help="Questions 1 to 5 ask about the past month. If question 2 is No, questions 3, 4 and 5 "
        "are skipped.",
    ),
    SectionSpec(
        "medical",
        "Medical history",
        ("medical",),
        d.Medical,
        exclude=("implants", "current_medications"),
        help="Implants and current medicines each have their own page.",
    ),
    SectionSpec(
        "implants",
        "Implants, devices and metal",
        ("medical", "implants"),
        d.Implant,
        many=True,
        help=(
            "Device type decides TMS safety first: a cochlear implant, brain or vagus nerve stimulator, "
            "aneurysm clip or coil, neck or brain stent, or fragments in the head or neck bar TMS whatever "
            "else is recorded. Dental work alone is not a contraindication."
        ),
    ),
    SectionSpec(
        "current-medications",
        "Current medicines",
        ("medical", "current_medications"),
        d.CurrentMedication,
        many=True,
        help=(
            "Medicines taken now other than the antidepressant trials: stimulants, MAOIs, clozapine, "
            "tramadol, theophylline, opioids and the medicines that can worsen mood."
        ),
        none_key="current_medications",
        none_label="None of these: the patient takes none of the medicines on this list",
    ),
    SectionSpec(
        "substance-use",
        "Substance use",
        ("substance_use",),
        d.SubstanceUse,
        many=True,
        none_key="substance_use",
        none_label="None of these: no alcohol or other substance use",
    ),
    SectionSpec(
        "labs",
        "Labs",
        ("labs",),
        d.LabResult,
        many=True,
        none_key="labs",
        none_label="None of these: no laboratory result yet",
    ),
    SectionSpec(
        "contributors",
        "Reversible contributors",
        ("reversible_contributors",),
        d.Contributor,
        many=True,
        none_key="reversible_contributors",
        none_label="None of these: no reversible contributor assessed yet",
    ),
    SectionSpec("logistics", "Logistics and preference", ("logistics",), d.Logistics),
)
BY_SLUG = {spec.slug: spec for spec in SECTIONS}


# --- Form fields from pydantic fields ---------------------------------------------------------


def unwrap_optional(annotation: Any) -> tuple[Any, bool]:
    if get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return annotation, False


def capfirst(text: str) -> str:
    return text[:1].upper() + text[1:]


def _choice_field(
    name: str, values: tuple[str, ...], *, optional: bool, initial: Any, label: str, help_text: str
) -> forms.Field:
    choices = [(v, capfirst(value_label(v, name))) for v in values]
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
        key, label, help_text = f"{prefix}{name}", field_label(name, model), field_help(name, model)
        if model is d.Cssrs and name in CSSRS_QUESTIONS:
            label, help_text = CSSRS_QUESTIONS[name]  # the screener's own words and numbers
        annotation, optional = unwrap_optional(info.annotation)
        if name == "drug":
            catalog = OTHER_DRUGS if model is d.CurrentMedication else DRUGS
            choices = [("", "—"), *((k, drug.name) for k, drug in catalog.items())]
            fields[key] = forms.ChoiceField(choices=choices, label=label, help_text=help_text)
        elif name == "icd10_code":
            choices = [("", "—"), *((c.code, f"{c.code} {c.title}") for c in ICD10_CODES.values())]
            fields[key] = forms.ChoiceField(choices=choices, required=False, label=label, help_text=help_text)
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            fields.update(_form_fields(annotation, prefix=f"{key}__"))
        elif get_origin(annotation) is Literal:
            initial = None if info.is_required() else info.default
            fields[key] = _choice_field(
                name,
                get_args(annotation),
                optional=optional,
                initial=initial,
                label=label,
                help_text=help_text,
            )
        elif get_origin(annotation) is tuple and all(a is int for a in get_args(annotation)):
            fields.update(phq9_item_fields(key))
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
            textbox = forms.Textarea(attrs={"rows": 3}) if long_text else forms.TextInput()
            fields[key] = forms.CharField(required=False, label=label, help_text=help_text, widget=textbox)
        else:  # pragma: no cover - a new field type must be taught here
            raise TypeError(f"no form field for {model.__name__}.{name}: {annotation!r}")
    return fields


def applicable(spec: SectionSpec, document: dict[str, Any]) -> SectionSpec:
    """The section as asked of this patient: no pregnancy or breastfeeding question for a male
    patient. Left out like a field edited elsewhere, the stored answer is kept (normally unknown,
    which the engine reads as not applicable then and completeness does not ask for)."""
    if spec.model is d.Medical and (document.get("patient") or {}).get("sex_at_birth") == "male":
        return replace(spec, exclude=(*spec.exclude, *NOT_ASKED_OF_MALE))
    return spec


def _form_class(spec: SectionSpec) -> type[forms.Form]:
    return type(f"{spec.model.__name__}Form", (forms.Form,), _form_fields(spec.model, exclude=spec.exclude))


class NoneOfTheseForm(forms.Form):
    none_of_these = forms.BooleanField(required=False)


# --- Values between the form and the document -------------------------------------------------


def _initial(model: type[BaseModel], value: dict[str, Any] | None, *, prefix: str = "") -> dict[str, Any]:
    initial: dict[str, Any] = {}
    value = value or {}
    for name, info in model.model_fields.items():
        annotation, _ = unwrap_optional(info.annotation)
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
        annotation, optional = unwrap_optional(info.annotation)
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


def answered_none(document: dict[str, Any], spec: SectionSpec) -> bool:
    return bool(spec.none_key) and spec.none_key in (document.get("none_of_these") or ())


def document_with(
    document: dict[str, Any], spec: SectionSpec, value: Any, *, none_of_these: bool | None = None
) -> dict[str, Any]:
    """A copy of ``document`` with the section replaced (fields edited elsewhere are kept) and,
    for a list section, its "None of these" answer set or cleared."""
    head, *rest = spec.path
    if not rest:
        if spec.exclude and isinstance(value, dict):
            value = {
                **value,
                **{k: document.get(head, {}).get(k) for k in spec.exclude if k in document.get(head, {})},
            }
        updated = {**document, head: value}
    else:
        updated = {**document, head: {**document.get(head, {}), rest[0]: value}}
    if spec.none_key and none_of_these is not None:
        others = [name for name in document.get("none_of_these") or () if name != spec.none_key]
        # Kept in the document's own order of list sections, so saving never reorders the answer.
        chosen = {*others, spec.none_key} if none_of_these else set(others)
        updated["none_of_these"] = [name for name in d.LIST_PATHS if name in chosen]
    return updated


_ITEM = re.compile(r"item(?:s)? ([\d, ]+) (?:is|are) out of range")


class SectionEditor:
    """A section's form (or formset of rows), bound to a POST or filled from the document."""

    def __init__(self, spec: SectionSpec, document: dict[str, Any], data: Any = None) -> None:
        self.spec = spec
        form_class = _form_class(spec)
        current = section_value(document, spec)
        self.none_form: NoneOfTheseForm | None = None
        # A list section is a formset of rows; the rows that count once posted (value()).
        self.form: forms.Form | BaseFormSet[forms.Form]
        self._row_forms: list[forms.Form] = []
        if spec.none_key:
            self.none_form = NoneOfTheseForm(
                data, initial={"none_of_these": answered_none(document, spec)}, prefix="section"
            )
            self.none_form.fields["none_of_these"].label = spec.none_label
        if spec.many:
            # One blank row even under "None of these", so a row can be added when the answer changes.
            blank_rows = 1 if current or answered_none(document, spec) else 2
            formset_class = forms.formset_factory(form_class, extra=blank_rows, can_delete=True)
            initial = [_initial(spec.model, row) for row in current or ()]
            self.form = formset_class(data, initial=initial, prefix="rows")
        else:
            self.form = form_class(data, initial=_initial(spec.model, current))

    def is_valid(self) -> bool:
        valid = self.form.is_valid()
        if self.none_form is not None:
            valid = self.none_form.is_valid() and valid
        return valid

    @property
    def none_of_these(self) -> bool | None:
        """The "None of these" answer posted; None for a section without one."""
        if self.none_form is None:
            return None
        return bool(self.none_form.cleaned_data.get("none_of_these"))

    def value(self) -> Any:
        if not isinstance(self.form, BaseFormSet):
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

    def refuse_rows_with_none(self, value: Any) -> bool:
        """Rows left in a list answered "None of these" contradict it: say so on the page."""
        if self.none_form is not None and self.none_of_these and value:
            self.none_form.add_error(
                "none_of_these",
                "Rows are listed, so the answer cannot be none of these: remove the rows or untick it.",
            )
            return True
        return False

    def add_errors(self, errors: dict[str, list[str]]) -> list[str]:
        """Put the document's errors on their fields, as sentences; returns those that belong to no
        field here, each naming where it belongs in words."""
        prefix = ".".join(self.spec.path) + "."
        unplaced: list[str] = []
        for path, raw_messages in errors.items():
            messages = [sentence(m) for m in raw_messages]
            if f"{path}." == prefix and not isinstance(self.form, BaseFormSet):
                # About the section as a whole ("medical"): on the field it names, if it names one.
                for raw, message in zip(raw_messages, messages, strict=True):
                    self.form.add_error(_field_named_in(raw, self.form), message)
                continue
            if not path.startswith(prefix):
                if path in ("non_field_errors", "__all__", ""):
                    unplaced += messages
                else:
                    unplaced += [f"{describe_path(path)}: {m}" for m in messages]
                continue
            rest = path.removeprefix(prefix).split(".")
            form: forms.Form
            if isinstance(self.form, BaseFormSet):
                if not rest[0].isdigit() or int(rest[0]) >= len(self._row_forms):
                    unplaced += messages
                    continue
                form, rest = self._row_forms[int(rest[0])], rest[1:]
            else:
                form = self.form
            name = "__".join(rest)
            if rest == ["items"]:
                _place_item_errors(form, messages)
            elif name in form.fields:
                for message in messages:
                    form.add_error(name, message)
            elif rest and rest[0] in {"items"} and len(rest) == 2:
                form.add_error(f"items_{int(rest[1]) + 1}", messages[0])
            else:
                for raw, message in zip(raw_messages, messages, strict=True):
                    target = _field_named_in(raw, form, prefix="__".join(rest) + "__" if rest else "")
                    if target is None and rest and rest[0]:
                        message = f"{describe_path('.'.join(rest))}: {message}"
                    form.add_error(target, message)
        return unplaced


def error_lines(errors: dict[str, list[str]]) -> list[str]:
    """The document's errors as lines for a page message: where, in words, then the sentence."""
    return [
        f"{describe_path(path)}: {' '.join(sentence(m) for m in problems)}"
        for path, problems in errors.items()
    ]


def _place_item_errors(form: forms.Form, messages: list[str]) -> None:
    """A PHQ-9 item out of range goes on that item's box."""
    for message in messages:
        match = _ITEM.search(message)
        numbers = [int(n) for n in re.findall(r"\d+", match[1])] if match else []
        placed = [n for n in numbers if f"items_{n}" in form.fields]
        for n in placed:
            form.add_error(f"items_{n}", message)
        if not placed:
            form.add_error(None, message)


def _field_named_in(message: str, form: forms.Form, *, prefix: str = "") -> str | None:
    """The form field a row- or section-level message is about, when it names one: its key
    ("end_date is before start_date"), or its name in words ("marked removable")."""
    names = [n for n in form.fields if n.startswith(prefix) and n != "DELETE"]
    for name in names:  # a key as written: the most specific
        bare = name.removeprefix(prefix)
        if "_" in bare and re.search(rf"\b{re.escape(bare)}\b", message):
            return name
    # A key in words ("aneurysm site", "removable"): the one the message names first is its subject.
    found = [
        (match.start(), name)
        for name in names
        if (match := re.search(rf"\b{re.escape(name.removeprefix(prefix).replace('_', ' '))}\b", message))
    ]
    return min(found)[1] if found else None
