"""Patients belong to a clinic; MRNs are unique within it.

Records that predate clinics are placed in one clinic created for them ("Main clinic"),
and every existing member of staff but administrators joins it, so nobody loses sight of
what they saw before. An administrator then splits sites in the admin.
"""

from django.db import migrations, models
from django.db.models import deletion
from django.db.models.functions import Lower

DEFAULT = {"name": "Main clinic", "code": "main"}


def place_existing_records(apps, schema_editor):
    Patient = apps.get_model("patients", "Patient")
    User = apps.get_model("accounts", "User")
    Clinic = apps.get_model("clinics", "Clinic")
    if not Patient.objects.exists():
        return
    clinic, _ = Clinic.objects.get_or_create(code=DEFAULT["code"], defaults={"name": DEFAULT["name"]})
    Patient.objects.filter(clinic__isnull=True).update(clinic=clinic)
    clinic.members.add(*User.objects.exclude(role="admin"))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("clinics", "0001_initial"),
        ("patients", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="patient",
            name="clinic",
            field=models.ForeignKey(
                null=True, on_delete=deletion.PROTECT, related_name="patients", to="clinics.clinic"
            ),
        ),
        migrations.RunPython(place_existing_records, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="patient",
            name="clinic",
            field=models.ForeignKey(on_delete=deletion.PROTECT, related_name="patients", to="clinics.clinic"),
        ),
        migrations.AlterField(
            model_name="patient",
            name="mrn",
            field=models.CharField(max_length=32, verbose_name="MRN"),
        ),
        migrations.AddConstraint(
            model_name="patient",
            constraint=models.UniqueConstraint(
                models.F("clinic"), Lower("mrn"), name="patient_mrn_unique_in_clinic"
            ),
        ),
    ]
