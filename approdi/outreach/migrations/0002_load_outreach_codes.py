"""Load the outreach code lists. Self-contained: imports no app code.

Existing entries are left as the coordination office may have edited them. Territories
are loaded here too (get_or_create, so the demo loader and other apps agree on them):
every outreach record belongs to one.
"""

from django.db import migrations

CODES: dict[str, list[tuple[str, str, str]]] = {
    "territory": [
        ("como", "Como", "Como"),
        ("milano", "Milano", "Milan"),
        ("monza_brianza", "Monza Brianza", "Monza Brianza"),
        ("sondrio", "Sondrio", "Sondrio"),
        ("varese", "Varese", "Varese"),
    ],
    "age_band": [
        ("under_18", "Meno di 18", "Under 18"),
        ("18_25", "18–25", "18–25"),
        ("26_35", "26–35", "26–35"),
        ("36_45", "36–45", "36–45"),
        ("46_plus", "46 e oltre", "46 and over"),
    ],
    "exploitation_setting": [
        ("street_prostitution", "Prostituzione in strada", "Street prostitution"),
        ("indoor_prostitution", "Prostituzione indoor (appartamenti, locali)", "Indoor prostitution (flats, clubs)"),
        ("begging", "Accattonaggio", "Begging"),
        ("agriculture", "Agricoltura", "Agriculture"),
        ("construction", "Edilizia", "Construction"),
        ("logistics", "Logistica", "Logistics"),
        ("manufacturing", "Manifattura", "Manufacturing"),
        ("domestic_work", "Lavoro domestico e di cura", "Domestic and care work"),
        ("illegal_economies", "Economie illegali", "Illegal economies"),
        ("other", "Altro", "Other"),
    ],
    "prevention_material": [
        ("condoms", "Preservativi", "Condoms"),
        ("lubricant", "Lubrificante", "Lubricant"),
        ("leaflets", "Volantini informativi", "Leaflets"),
        ("hygiene_kit", "Kit igiene", "Hygiene kit"),
        ("other", "Altro materiale", "Other material"),
    ],
    "language": [
        ("it", "Italiano", "Italian"),
        ("en", "Inglese", "English"),
        ("fr", "Francese", "French"),
        ("es", "Spagnolo", "Spanish"),
        ("pt", "Portoghese", "Portuguese"),
        ("ro", "Rumeno", "Romanian"),
        ("bg", "Bulgaro", "Bulgarian"),
        ("sq", "Albanese", "Albanian"),
        ("ar", "Arabo", "Arabic"),
        ("zh", "Cinese", "Chinese"),
        ("ru", "Russo", "Russian"),
        ("uk", "Ucraino", "Ukrainian"),
        ("pcm", "Pidgin nigeriano", "Nigerian Pidgin"),
        ("bin", "Edo", "Edo"),
        ("yo", "Yoruba", "Yoruba"),
        ("ig", "Igbo", "Igbo"),
        ("tw", "Twi", "Twi"),
        ("wo", "Wolof", "Wolof"),
        ("bn", "Bengalese", "Bengali"),
        ("ur", "Urdu", "Urdu"),
        ("pa", "Punjabi", "Punjabi"),
        ("tl", "Tagalog", "Tagalog"),
        ("other", "Altra lingua", "Other language"),
    ],
    "phone_line": [
        ("h24_on_call", "Reperibilità h24 (Numero Verde Antitratta)", "h24 on-call line (national anti-trafficking helpline)"),
        ("service_phone", "Telefono del servizio", "Service phone"),
        ("street_unit_mobile", "Cellulare dell'unità di strada", "Street unit mobile"),
    ],
    "caller_kind": [
        ("potential_victim", "Possibile vittima", "Potential victim"),
        ("private_citizen", "Privato cittadino", "Private citizen"),
        ("client", "Cliente", "Client"),
        ("police", "Forze dell'ordine", "Police"),
        ("social_services", "Servizi sociali", "Social services"),
        ("health_services", "Servizi sanitari", "Health services"),
        ("reception_centre", "Centro di accoglienza (CAS, SAI)", "Reception centre (CAS, SAI)"),
        ("national_helpline", "Numero verde nazionale", "National helpline"),
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
    dependencies = [
        ("core", "0002_load_domain_codes"),
        ("outreach", "0001_outings_tallies_dropin_phone"),
    ]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
