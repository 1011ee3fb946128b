"""Load the configurable code lists of domain.md (v1). Self-contained: imports no app code.

Existing entries are left as the coordination office may have edited them.
"""

from django.db import migrations

CODES: dict[str, list[tuple[str, str, str]]] = {
    "actor_kind": [
        ("region", "Regione", "Region"),
        ("local_authority", "Ente locale", "Local authority"),
        ("prefecture", "Prefettura", "Prefecture"),
        ("police_headquarters", "Questura", "Police headquarters (Questura)"),
        ("carabinieri", "Carabinieri", "Carabinieri"),
        ("financial_police", "Guardia di Finanza", "Financial police"),
        ("local_police", "Polizia locale", "Local police"),
        ("prosecutor", "Procura", "Prosecutor's office"),
        ("territorial_commission", "Commissione territoriale", "Territorial commission"),
        ("health_authority", "ATS / ASST", "Health authority"),
        ("health_service", "Servizio sanitario", "Health service"),
        ("adult_education", "CPIA / agenzia formativa", "Adult education / training agency"),
        ("cas", "CAS", "CAS (first-line asylum reception)"),
        ("sai", "SAI", "SAI (second-line reception)"),
        ("labour_inspectorate", "Ispettorato del lavoro", "Labour inspectorate"),
        ("union", "Sindacato", "Trade union"),
        ("international_organisation", "Organizzazione internazionale", "International organisation"),
        ("anti_trafficking_project", "Altro progetto antitratta", "Other anti-trafficking project"),
        ("helpline", "Numero verde", "Helpline"),
        ("third_sector", "Terzo settore", "Third sector organisation"),
        ("other", "Altro", "Other"),
    ],
    "outing_kind": [
        ("street", "Strada", "Street"),
        ("indoor", "Indoor", "Indoor"),
        ("begging", "Accattonaggio", "Begging"),
        ("roma_camp", "Campi rom", "Roma camp"),
        ("labour_site", "Luoghi di lavoro", "Labour site"),
    ],
    "structure_kind": [
        ("emergency_women", "Pronto intervento donne", "Emergency shelter for women"),
        ("shelter_women", "Strutture accoglienza donne", "Shelter for women"),
        ("shelter_men", "Strutture accoglienza uomini", "Shelter for men"),
        ("autonomy_flat", "Alloggi autonomia", "Autonomy flat"),
        ("emergency_places_women", "Posti in emergenza per donne", "Emergency places for women"),
        ("dormitory_men", "Posti dormitorio uomini", "Men's dormitory places"),
    ],
    "activity_kind": [
        ("interview", "Colloquio", "Interview"),
        ("health_accompaniment", "Accompagnamento sanitario", "Health accompaniment"),
        ("legal_consultation", "Consulenza legale", "Legal consultation"),
        ("psychological_support", "Sostegno psicologico", "Psychological support"),
        ("ethnopsychiatry", "Etnopsichiatria", "Ethnopsychiatry"),
        ("cultural_mediation", "Mediazione linguistico-culturale", "Cultural mediation"),
        ("italian_course", "Corso di italiano", "Italian course"),
        ("vocational_training", "Formazione professionale", "Vocational training"),
        ("job_orientation", "Orientamento al lavoro", "Job orientation"),
        ("internship", "Tirocinio", "Internship"),
        ("work_grant", "Borsa lavoro", "Work grant"),
        ("employment_contract", "Contratto di lavoro", "Employment contract"),
        ("housing_search", "Ricerca casa", "Housing search"),
        ("registry_and_health_card", "Residenza e tessera sanitaria", "Registry and health card"),
        ("assisted_voluntary_return", "Rimpatrio volontario assistito", "Assisted voluntary return"),
        ("other", "Altro", "Other"),
    ],
    "governance_table": [
        ("emersione", "Tavolo emersione", "Outreach table"),
        ("technical_coordination", "Tavolo tecnico di coordinamento", "Technical coordination table"),
        ("multi_agency_team", "Équipe multiagenzia", "Multi-agency team"),
        ("working_group", "Sottogruppo di lavoro", "Working group"),
    ],
    "referral_source": [
        ("self", "Autosegnalazione", "Self-referral"),
        ("street_unit", "Unità di strada", "Street unit"),
        ("national_helpline", "Numero verde nazionale", "National helpline"),
        ("police", "Forze dell'ordine", "Police"),
        ("prosecutor", "Procura", "Prosecutor"),
        ("territorial_commission", "Commissione territoriale", "Territorial commission"),
        ("cas", "CAS", "CAS (first-line asylum reception)"),
        ("sai", "SAI (ex SPRAR/SIPROIMI)", "SAI (ex SPRAR/SIPROIMI)"),
        ("social_services", "Servizi sociali", "Social services"),
        ("health_services", "Servizi sanitari", "Health services"),
        ("labour_inspectorate", "Ispettorato del lavoro", "Labour inspectorate"),
        ("union", "Sindacato", "Trade union"),
        ("private_citizen", "Privato cittadino", "Private citizen"),
        ("other_anti_trafficking_project", "Altro progetto antitratta", "Other anti-trafficking project"),
        ("iom_unhcr", "OIM / UNHCR", "IOM / UNHCR"),
        ("detention_or_prison", "Carcere o CPR", "Detention or prison"),
        ("other", "Altro", "Other"),
    ],
    "exploitation_form": [
        ("sexual", "Sfruttamento sessuale", "Sexual exploitation"),
        ("labour", "Sfruttamento lavorativo", "Labour exploitation"),
        ("begging", "Accattonaggio", "Forced begging"),
        ("forced_criminality", "Economie illegali", "Forced criminality"),
        ("domestic_servitude", "Servitù domestica", "Domestic servitude"),
        ("forced_marriage", "Matrimonio forzato", "Forced marriage"),
        ("domestic_violence", "Violenza domestica", "Domestic violence"),
        ("organ_removal", "Prelievo di organi", "Organ removal"),
        ("illegal_adoption", "Adozione illegale", "Illegal adoption"),
        ("other", "Altro", "Other"),
    ],
    "service_kind": [
        ("information", "Informazione", "Information"),
        ("prevention_material", "Materiale di prevenzione", "Prevention material"),
        ("health_orientation", "Orientamento sanitario", "Health orientation"),
        ("accompaniment", "Accompagnamento", "Accompaniment"),
        ("legal_orientation", "Orientamento legale", "Legal orientation"),
        ("documents_orientation", "Orientamento documenti", "Documents orientation"),
        ("mediation", "Mediazione", "Mediation"),
        ("listening", "Ascolto", "Listening"),
        ("counselling", "Counselling", "Counselling"),
    ],
    "vulnerability": [
        ("unaccompanied_minor", "Minore non accompagnato", "Unaccompanied minor"),
        ("pregnancy", "Gravidanza", "Pregnancy"),
        ("single_parent", "Genitore solo", "Single parent"),
        ("disability", "Disabilità", "Disability"),
        ("mental_health", "Disagio psichico", "Mental health"),
        ("addiction", "Dipendenze", "Addiction"),
        ("torture_or_sexual_violence_survivor", "Sopravvissuta/o a tortura o violenza sessuale", "Survivor of torture or sexual violence"),
        ("lgbti", "LGBTI", "LGBTI"),
        ("homeless", "Senza dimora", "Homeless"),
    ],
    "legal_status": [
        ("irregular", "Irregolare", "Irregular"),
        ("asylum_seeker", "Richiedente asilo", "Asylum seeker"),
        ("international_protection", "Protezione internazionale", "International protection"),
        ("special_protection", "Protezione speciale", "Special protection"),
        ("art18_special_cases", "Art. 18 casi speciali", "Art. 18 special cases"),
        ("art18_ter", "Art. 18-ter", "Art. 18-ter"),
        ("other_permit", "Altro permesso", "Other permit"),
        ("eu_citizen", "Cittadina/o UE", "EU citizen"),
        ("italian", "Cittadina/o italiana/o", "Italian citizen"),
    ],
    "exit_outcome": [
        ("autonomy_achieved", "Autonomia raggiunta", "Autonomy achieved"),
        ("transferred_to_other_project", "Trasferita/o ad altro progetto", "Transferred to another project"),
        ("referred_to_asylum_system", "Inviata/o al sistema asilo", "Referred to the asylum system"),
        ("assisted_return", "Rimpatrio assistito", "Assisted return"),
        ("voluntary_drop_out", "Abbandono volontario", "Voluntary drop-out"),
        ("interrupted_for_conduct", "Interruzione per condotta", "Interrupted for conduct"),
        ("returned_to_exploitation", "Rientro nello sfruttamento", "Returned to exploitation"),
        ("lost_contact", "Contatto perso", "Lost contact"),
        ("funding_ended", "Fine finanziamento", "Funding ended"),
    ],
    "training_event_kind": [
        ("training_cas_staff", "Formazione operatori CAS", "Training of CAS staff"),
        ("mutual_training_networks", "Formazione reciproca tra reti", "Mutual training between networks"),
        ("community_awareness", "Sensibilizzazione della comunità", "Community awareness"),
        ("other", "Altro", "Other"),
    ],
    "presumed_offence": [
        ("cp_600", "Art. 600 c.p. (riduzione in schiavitù)", "Art. 600 c.p. (enslavement)"),
        ("cp_601", "Art. 601 c.p. (tratta di persone)", "Art. 601 c.p. (trafficking in persons)"),
        ("cp_602", "Art. 602 c.p. (acquisto e alienazione di schiavi)", "Art. 602 c.p. (purchase and sale of slaves)"),
        ("cp_603_bis", "Art. 603-bis c.p. (caporalato)", "Art. 603-bis c.p. (illegal labour intermediation)"),
        ("l_75_1958", "L. 75/1958 (sfruttamento della prostituzione)", "L. 75/1958 (exploitation of prostitution)"),
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
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
