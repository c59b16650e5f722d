"""A convention voted on from the new-matter form and recognised before such matters were recorded
as conventions had no version, so the hamlet's conventions page (Decree 61/2023 Art. 15) did not list
it: record each as a convention of its hamlet, the voted text in force from its recognition."""

from django.db import migrations
from django.utils import timezone


def _name_and_title(title: str) -> tuple[str, str]:
    name = "quy_uoc" if "quy ước" in title.casefold() else "huong_uoc"
    for word in ("hương ước ", "quy ước "):
        if title.casefold().startswith(word) and title[len(word):].strip():
            return name, title[len(word):].strip()
    return name, title


def record(apps, schema_editor):
    Matter = apps.get_model("decisions", "Matter")
    Convention = apps.get_model("decisions", "Convention")
    ConventionVersion = apps.get_model("decisions", "ConventionVersion")
    qs = (Matter.objects.filter(kind="convention", recognition="recognized", unit__level="hamlet",
                                convention_version__isnull=True).order_by("recognized_at", "pk"))
    for m in qs:
        name, title = _name_and_title(m.title)
        convention = Convention.objects.create(hamlet_id=m.unit_id, name_kind=name, title=title[:250])
        since = m.recognition_date or (timezone.localdate(m.recognized_at) if m.recognized_at else None)
        ConventionVersion.objects.create(convention=convention, number=1, text=m.description or m.title,
                                         status="in_force", matter=m, in_force_from=since)


class Migration(migrations.Migration):

    dependencies = [
        ("decisions", "0006_recognition_decision_and_other_opinion"),
    ]

    operations = [migrations.RunPython(record, migrations.RunPython.noop)]
