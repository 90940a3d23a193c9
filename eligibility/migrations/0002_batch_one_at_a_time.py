"""At most one re-evaluation queued or running. Before the index, any extra active batches (all
but one, queued by repeated clicks) are marked failed: their task then finds nothing to claim.
A running batch is the one kept, else the newest queued."""

from django.db import migrations, models
from django.utils import timezone

ACTIVE = ["queued", "running"]


def supersede_extra_active_batches(apps, schema_editor):
    BatchRun = apps.get_model("eligibility", "BatchRun")
    active = BatchRun.objects.filter(status__in=ACTIVE).order_by("-status", "-created_at")  # "running" first
    keep = active.values_list("id", flat=True).first()
    active.exclude(id=keep).update(status="failed", finished_at=timezone.now(), error_class="Superseded")


class Migration(migrations.Migration):
    dependencies = [
        ("eligibility", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(supersede_extra_active_batches, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="batchrun",
            constraint=models.UniqueConstraint(
                models.Value(True),
                condition=models.Q(("status__in", ["queued", "running"])),
                name="batch_one_at_a_time",
                violation_error_message="A re-evaluation is already queued or running.",
            ),
        ),
    ]
