"""The configurable reasons for ending a placement. Self-contained: imports no app code.

Existing entries are left as the coordination office may have edited them.
"""

from django.db import migrations

CODES: dict[str, list[tuple[str, str, str]]] = {
    "placement_end_reason": [
        ("moved", "Spostamento ad altro posto o struttura", "Moved to another bed or structure"),
        ("phase_change", "Passaggio di fase", "Phase change"),
        ("exit", "Dimissione", "Exit from the programme"),
        ("voluntary_drop_out", "Abbandono volontario", "Voluntary drop-out"),
        ("interrupted_for_conduct", "Interruzione per condotta", "Interrupted for conduct"),
        ("transferred_to_other_project", "Trasferita/o ad altro progetto", "Transferred to another project"),
        ("structure_closed", "Chiusura della struttura", "Structure closed"),
        ("other", "Altro", "Other"),
    ],
}


def load(apps, schema_editor):
    Entry = apps.get_model("core", "CodeListEntry")
    for list_name, entries in CODES.items():
        for order, (code, label_it, label_en) in enumerate(entries, start=1):
            Entry.objects.get_or_create(
                list_name=list_name,
                code=code,
                defaults={"label_it": label_it, "label_en": label_en, "order": order * 10},
            )


class Migration(migrations.Migration):
    dependencies = [("shelters", "0001_initial"), ("core", "0002_load_domain_codes")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
