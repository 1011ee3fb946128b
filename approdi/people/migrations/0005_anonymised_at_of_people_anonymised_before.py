"""People anonymised before `Person.anonymised_at` existed get a value, so that retention
does not take them (and log them) again: a person not merged into another, with at least
one case and every case anonymised, and no identity field or keyed hash left on it or on
any record merged into it. The value is when its last case was anonymised (the run that
took the person), or the last write of its records if later; its merged records get the
same. Backwards: nothing to do (the field
goes with 0004)."""

from django.db import migrations
from django.db.models import Max

IDENTITY_AND_HASHES = (
    "given_names",
    "family_name",
    "aliases",
    "birth_date",
    "phone",
    "document_numbers",
    "identity_hash",
    "names_hash",
    "phone_hash",
)


def forward(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    Case = apps.get_model("cases", "Case")
    people = (
        Person.objects.filter(
            merged_into__isnull=True,
            anonymised_at__isnull=True,
            pk__in=Case.objects.values("person_id"),
            identity_hash="",
            names_hash="",
            phone_hash="",
        )
        .exclude(pk__in=Case.objects.filter(anonymised_at__isnull=True).values("person_id"))
        .order_by("pk")
    )
    for person in people:
        records, frontier = [person], [person.pk]
        while frontier:
            found = list(Person.objects.filter(merged_into__in=frontier))
            seen = {r.pk for r in records}
            found = [r for r in found if r.pk not in seen]
            records += found
            frontier = [r.pk for r in found]
        if any(getattr(r, field) for r in records for field in IDENTITY_AND_HASHES):
            continue  # something left: the next retention run takes the person
        last = Case.objects.filter(person_id=person.pk).aggregate(last=Max("anonymised_at"))
        # Not before the last write of its records (the old run set their updated_at),
        # so that retention does not see them as written about since.
        at = max([last["last"], *(r.updated_at for r in records)])
        Person.objects.filter(pk__in=[r.pk for r in records]).update(anonymised_at=at)


class Migration(migrations.Migration):

    dependencies = [
        ("people", "0004_person_anonymised_at"),
        ("cases", "0002_case_list_order_index"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
