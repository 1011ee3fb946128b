"""The indicator catalogue and rule, version 1 (../shared/design/indicators.md).

Data, not code: later corrections are new versions; assessments keep theirs.
"""

from django.db import migrations

DIMENSIONS = [
    (1, "deceptive_recruitment", "Recruitment by deception", "Reclutamento ingannevole"),
    (2, "coercive_recruitment", "Recruitment by coercion", "Reclutamento coercitivo"),
    (
        3,
        "recruitment_vulnerability",
        "Recruitment by abuse of vulnerability",
        "Reclutamento con abuso di vulnerabilità",
    ),
    (
        4,
        "exploitation",
        "Exploitative conditions of work or life",
        "Condizioni di lavoro o di vita di sfruttamento",
    ),
    (5, "coercion_destination", "Coercion at destination", "Coercizione a destinazione"),
    (
        6,
        "vulnerability_destination",
        "Abuse of vulnerability at destination",
        "Abuso di vulnerabilità a destinazione",
    ),
]

# (dimension, code, English, Italian, labour strength, sexual strength)
INDICATORS = [
    (1, "deceived_job_nature",
     "Deceived about the nature of the job, its location or the employer",
     "Ingannata sulla natura del lavoro, sul luogo o sul datore di lavoro", "S", "S"),
    (1, "deceived_conditions",
     "Deceived about wages, conditions, contract, housing or legal documents",
     "Ingannata su salario, condizioni, contratto, alloggio o documenti", "M", "M"),
    (1, "deceived_travel", "Deceived about travel and recruitment conditions",
     "Ingannata sulle condizioni del viaggio e del reclutamento", "M", "M"),
    (1, "deceived_marriage_adoption", "Deceptive promise of marriage or adoption",
     "Falsa promessa di matrimonio o di adozione", "M", "M"),
    (1, "deceived_education", "Deceived about access to education",
     "Ingannata sull'accesso all'istruzione", "W", "W"),
    (2, "violence_at_recruitment", "Violence on the person during recruitment",
     "Violenza sulla persona durante il reclutamento", "S", "S"),
    (2, "threats_at_recruitment", "Threats of violence",
     "Minacce di violenza", "M", "M"),
    (2, "abduction_forced_sale", "Abduction, forced marriage, forced adoption or sale",
     "Rapimento, matrimonio forzato, adozione forzata o vendita", "M", "S"),
    (2, "debt_at_recruitment", "Debt bondage from recruitment",
     "Servitù per debito sin dal reclutamento", "M", "M"),
    (2, "documents_taken_at_recruitment", "Confiscation of documents",
     "Sottrazione dei documenti", "M", "M"),
    (2, "isolation_at_recruitment", "Isolation, confinement or surveillance",
     "Isolamento, segregazione o sorveglianza", "M", "M"),
    (2, "threats_to_family_recruitment", "Threats to family",
     "Minacce alla famiglia", "M", "M"),
    (3, "vuln_irregular_status", "Abuse of irregular status",
     "Abuso della condizione di irregolarità", "M", "M"),
    (3, "vuln_no_education_language", "Abuse of lack of education or of the language",
     "Abuso della mancanza di istruzione o della lingua", "M", "M"),
    (3, "vuln_economic_family", "Abuse of an economic, family or personal situation",
     "Abuso di una situazione economica, familiare o personale", "M", "M"),
    (3, "vuln_emotional_dependency", "Emotional dependency on the recruiter (\"lover boy\")",
     "Dipendenza affettiva dal reclutatore (\"lover boy\")", "M", "M"),
    (3, "vuln_false_migration_info", "False information about migration law or rights",
     "False informazioni sulle leggi migratorie o sui diritti", "M", "M"),
    (3, "vuln_beliefs", "Abuse of cultural or religious beliefs (including rituals)",
     "Abuso di credenze culturali o religiose (compresi i riti)", "W", "M"),
    (4, "excessive_hours", "Excessive working days or hours",
     "Giornate od orari di lavoro eccessivi", "S", "M"),
    (4, "no_or_low_pay", "No or very low pay, or wages taken",
     "Nessuna paga o paga molto bassa, o guadagni sottratti", "M", "S"),
    (4, "wage_manipulation", "Manipulation of wages or debts",
     "Manipolazione di salari o debiti", "M", "M"),
    (4, "bad_living_conditions", "Bad living or working conditions",
     "Cattive condizioni di vita o di lavoro", "M", "M"),
    (4, "hazardous_work", "Hazardous work", "Lavoro pericoloso", "M", "M"),
    (4, "forced_tasks_clients", "No freedom to choose tasks, clients or practices",
     "Nessuna libertà di scegliere mansioni, clienti o pratiche", "M", "S"),
    (4, "no_social_protection", "No contract, no social protection",
     "Nessun contratto, nessuna tutela sociale", "M", "W"),
    (5, "documents_confiscated", "Identity documents held by others",
     "Documenti d'identità trattenuti da altri", "S", "S"),
    (5, "debt_bondage", "Debt bondage", "Servitù per debito", "S", "S"),
    (5, "confinement_surveillance", "Isolation, confinement or surveillance",
     "Isolamento, segregazione o sorveglianza a destinazione", "S", "S"),
    (5, "violence_at_destination", "Violence on the person",
     "Violenza sulla persona a destinazione", "S", "S"),
    (5, "threats_at_destination", "Threats of violence, to the person or the family",
     "Minacce di violenza alla persona o alla famiglia", "M", "S"),
    (5, "forced_illicit_activities", "Forced into illicit or criminal activities",
     "Costretta ad attività illecite o criminali", "M", "M"),
    (5, "threat_of_denunciation", "Threat of denunciation to authorities",
     "Minaccia di denuncia alle autorità", "M", "M"),
    (5, "withheld_wages", "Wages withheld", "Salari trattenuti", "M", "M"),
    (5, "forced_to_lie", "Forced to lie to authorities, family or others",
     "Costretta a mentire alle autorità, alla famiglia o ad altri", "M", "M"),
    (5, "threat_shame_family", "Threat to tell the family or community",
     "Minaccia di rivelare tutto alla famiglia o alla comunità", "W", "M"),
    (6, "dependency_on_exploiters", "Dependency on the exploiters (housing, food, work)",
     "Dipendenza dagli sfruttatori (alloggio, cibo, lavoro)", "M", "M"),
    (6, "unknown_area_language", "Does not know the area or the language",
     "Non conosce il territorio o la lingua", "M", "M"),
    (6, "family_economic_pressure", "Economic or family pressure to keep working",
     "Pressioni economiche o familiari a continuare a lavorare", "M", "M"),
    (6, "irregular_status_destination", "Irregular status at destination",
     "Condizione di irregolarità a destinazione", "M", "M"),
    (6, "discriminated_group", "Belongs to a discriminated group",
     "Appartiene a un gruppo discriminato", "W", "W"),
]  # fmt: skip

# Rule version 1. A dimension is positive when its `yes` answers reach one of the
# combinations (counts of strong, medium, weak; a weak may stand in for nothing stronger
# unless listed). "medium_or_weak" counts medium and weak together.
RULE_V1 = {
    "dimension_positive_when_any": [
        {"strong": 2},
        {"strong": 1, "medium_or_weak": 1},
        {"medium": 3},
        {"medium": 2, "weak": 1},
    ],
    "adult": {
        "presumed_victim": {"all_of": [[1, 2, 3], [4], [5, 6]]},
        "serious_exploitation": {"all_of": [[4]]},
        "at_risk": {"any_dimension_positive": True, "any_strong_yes": True},
    },
    "minor": {
        "presumed_victim": {"dimension_positive": 4, "any_yes_in_dimensions": [1, 2, 3]},
    },
    "triage_points": {"S": 3, "M": 2, "W": 1},
    "sexual_forms": ["sexual"],
    "labour_list_for_other_forms": True,
}


def load(apps, schema_editor):
    version_model = apps.get_model("screening", "CatalogueVersion")
    dimension_model = apps.get_model("screening", "Dimension")
    indicator_model = apps.get_model("screening", "Indicator")
    version, _ = version_model.objects.get_or_create(
        number=1,
        defaults={
            "name": "ILO/EC operational indicators (2009), rule v1",
            "active": True,
            "rule": RULE_V1,
        },
    )
    dimensions = {}
    for number, code, label_en, label_it in DIMENSIONS:
        dimensions[number], _ = dimension_model.objects.get_or_create(
            version=version,
            code=code,
            defaults={"number": number, "label_en": label_en, "label_it": label_it},
        )
    for order, (dim, code, label_en, label_it, labour, sexual) in enumerate(INDICATORS):
        indicator_model.objects.get_or_create(
            version=version,
            code=code,
            defaults={
                "dimension": dimensions[dim],
                "order": order,
                "label_en": label_en,
                "label_it": label_it,
                "labour_strength": labour,
                "sexual_strength": sexual,
            },
        )


def unload(apps, schema_editor):
    version_model = apps.get_model("screening", "CatalogueVersion")
    apps.get_model("screening", "Indicator").objects.filter(version__number=1).delete()
    apps.get_model("screening", "Dimension").objects.filter(version__number=1).delete()
    version_model.objects.filter(number=1).delete()


class Migration(migrations.Migration):
    dependencies = [("screening", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
