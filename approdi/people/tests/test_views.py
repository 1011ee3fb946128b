"""The pages: recording a person after the duplicate search, the coordinator's review list,
merge and undo; who may open each, and what a user learns of a match they cannot see."""

import datetime
import html
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role
from approdi.people.choices import DuplicateStatus, MatchReason
from approdi.people.models import Person, PersonMerge, PossibleDuplicate
from approdi.people.services import person_merge
from approdi.referrals import services as referral_services
from approdi.screening.services import assessment_create

from .conftest import JOY, close_cases

FORM = {
    "gender": "woman",
    "birth_year": "",
    "nationality": "ng",
    "given_names": "Joy",
    "family_name": "Okafor",
    "birth_date": "1998-04-02",
    "phone": "333 123 4567",
}


def post_new(client: Client, **values: Any) -> Any:
    return client.post("/people/new/", {**FORM, **values})


def codes_listed(client: Client) -> list[str]:
    return [p.code for p in client.get("/people/").context["page"]]


# --- who may open which page -----------------------------------------------------------

PAGES_FOR_ROLE = [
    # role, may record people, may review and merge
    (Role.COORDINATOR, True, True),
    (Role.ORG_MANAGER, True, False),
    (Role.CASE_WORKER, True, False),
    (Role.LEGAL_ADVISOR, False, False),
    (Role.OUTREACH_WORKER, False, False),
    (Role.MONITORING, False, False),
    (Role.AUDITOR, False, False),
    (Role.ADMIN, False, False),
]


@pytest.mark.parametrize(("role", "records", "merges"), PAGES_FOR_ROLE)
def test_roles_matrix_of_the_pages(
    role: str,
    records: bool,
    merges: bool,
    joy_b: Person,
    partner_a: Organisation,
    coordinator: User,
    make_user: Callable[..., User],
    make_person: Callable[..., Person],
    client_for: Callable[[User], Client],
) -> None:
    other = make_person(partner_a)
    close_cases(joy_b)
    merge = person_merge(acting_user=coordinator, kept=other, merged=joy_b, reason="Test")
    flag = PossibleDuplicate.objects.create(
        person=other, candidate=make_person(partner_a), reason=MatchReason.NAMES
    )
    client = client_for(make_user(partner_a, [role]))
    assert client.get("/people/new/").status_code == (200 if records else 404)
    for url in ("/people/duplicates/", "/people/merge/", f"/people/merges/{merge.uuid}/"):
        assert client.get(url).status_code == (200 if merges else 404)
    undo = client.post(f"/people/merges/{merge.uuid}/undo/")
    dismiss = client.post(f"/people/duplicates/{flag.uuid}/dismiss/")
    assert (undo.status_code, dismiss.status_code) == ((302, 302) if merges else (404, 404))
    merge.refresh_from_db()
    flag.refresh_from_db()
    assert merge.is_undone is merges
    assert flag.status == (DuplicateStatus.DISMISSED if merges else DuplicateStatus.OPEN)


# --- recording a person ----------------------------------------------------------------


def test_a_case_worker_records_a_new_person_and_then_sees_them(
    worker_a: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(worker_a)
    response = post_new(client)
    person = Person.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/people/{person.uuid}/"
    assert (person.organisation, person.recorded_by, person.nationality, person.birth_year) == (
        worker_a.organisation,
        worker_a,
        "NG",
        1998,
    )
    page = client.get(f"/people/{person.uuid}/")
    assert page.status_code == 200
    assert f"Persona registrata come {person.code}." in page.content.decode()
    assert person.code in client.get("/people/").content.decode()


def test_a_case_worker_cannot_choose_another_organisation(
    worker_a: User, partner_b: Organisation, client_for: Callable[[User], Client]
) -> None:
    client = client_for(worker_a)
    assert "organisation" not in client.get("/people/new/").context["form"].fields
    post_new(client, organisation=str(partner_b.pk))
    assert Person.objects.get().organisation == worker_a.organisation


def test_the_coordinator_chooses_the_organisation(
    coordinator: User, partner_b: Organisation, client_for: Callable[[User], Client]
) -> None:
    response = post_new(client_for(coordinator), organisation=str(partner_b.pk))
    assert response.status_code == 302
    assert Person.objects.get().organisation == partner_b


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"birth_year": "1850", "birth_date": ""}, "birth_year", "Inserisci un anno tra il 1900"),
        ({"birth_year": "1997"}, "birth_year", "L'anno di nascita non corrisponde"),
        ({"nationality": "Nigeria"}, "nationality", "Assicurati che questo valore"),
        ({"nationality": "N1"}, "nationality", "Due lettere del codice del paese"),
        ({"birth_date": "2999-01-01"}, "birth_date", "non può essere nel futuro"),
        ({"birth_date": "not a date"}, "birth_date", "Inserisci una data valida."),
        ({"gender": "robot"}, "gender", "Scegli un'opzione valida."),
    ],
)
def test_bad_input_re_renders_with_the_message_and_saves_nothing(
    values: dict[str, str],
    field: str,
    message: str,
    worker_a: User,
    client_for: Callable[[User], Client],
) -> None:
    response = post_new(client_for(worker_a), **values)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert Person.objects.count() == 0


def test_an_in_scope_match_is_listed_by_code_and_nothing_is_saved(
    joy_b: Person, worker_b: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(worker_b)
    response = post_new(client, given_names="JOY ", family_name="Okáfor")
    body = response.content.decode()
    assert response.status_code == 200
    assert Person.objects.count() == 1
    assert f'href="/people/{joy_b.uuid}/"' in body
    assert joy_b.code in body
    assert "Stessi nomi, data di nascita e nazionalità, Stesso numero di telefono" in body
    assert "Questa persona potrebbe essere già registrata" in body
    assert 'data-testid="hidden-match"' not in body


def test_using_the_existing_person_goes_to_their_page(
    joy_b: Person, worker_b: User, client_for: Callable[[User], Client]
) -> None:
    response = post_new(client_for(worker_b), existing=str(joy_b.uuid))
    assert response.status_code == 302
    assert response["Location"] == f"/people/{joy_b.uuid}/"
    assert Person.objects.count() == 1


def test_confirming_a_new_person_records_them(
    joy_b: Person, worker_b: User, client_for: Callable[[User], Client]
) -> None:
    response = post_new(client_for(worker_b), confirm_new="on")
    assert response.status_code == 302
    assert Person.objects.count() == 2
    assert PossibleDuplicate.objects.count() == 0


def test_an_out_of_scope_match_tells_nothing_of_who_or_where(
    joy_b: Person, worker_a: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(worker_a)
    response = post_new(client)
    body = response.content.decode()
    assert response.status_code == 200
    assert Person.objects.count() == 1
    for leak in (joy_b.code, str(joy_b.uuid), "Beta", "beta", "Stessi nomi", "Stesso numero"):
        assert leak not in body
    assert 'data-testid="candidate-code"' not in body
    assert "l'ufficio di coordinamento la verificherà" in body

    confirmed = post_new(client, confirm_new="on")
    person = Person.objects.exclude(pk=joy_b.pk).get()
    assert confirmed["Location"] == f"/people/{person.uuid}/"
    page = html.unescape(client.get(confirmed["Location"]).content.decode())
    assert "L'ufficio di coordinamento verificherà una possibile corrispondenza" in page
    assert joy_b.code not in page
    flag = PossibleDuplicate.objects.get()
    assert (flag.person, flag.candidate, flag.reason) == (person, joy_b, MatchReason.IDENTITY)


def test_picking_a_person_outside_scope_by_posting_their_id_is_refused(
    joy_b: Person, worker_a: User, client_for: Callable[[User], Client]
) -> None:
    response = post_new(client_for(worker_a), existing=str(joy_b.uuid))
    assert response.status_code == 200
    assert "Scegli una delle persone elencate." in response.content.decode()
    assert joy_b.code not in response.content.decode()
    assert Person.objects.count() == 1


# --- review, merge, undo ---------------------------------------------------------------


@pytest.fixture
def flagged(joy_b: Person, worker_a: User) -> PossibleDuplicate:
    from approdi.people.services import person_resolve_or_create

    person = person_resolve_or_create(
        acting_user=worker_a,
        organisation=worker_a.organisation,  # type: ignore[arg-type]
        gender="woman",
        nationality="NG",
        identity=dict(JOY),
        confirm_new=True,
    )
    return PossibleDuplicate.objects.get(person=person)


def test_the_review_list_shows_open_flags_by_code(
    flagged: PossibleDuplicate, coordinator: User, client_for: Callable[[User], Client]
) -> None:
    body = client_for(coordinator).get("/people/duplicates/").content.decode()
    assert flagged.person.code in body and flagged.candidate.code in body
    assert f"/people/merge/?kept={flagged.candidate.code}&amp;merged={flagged.person.code}" in body
    assert "Okafor" not in body


def test_dismissing_a_flag_removes_it_from_the_list(
    flagged: PossibleDuplicate, coordinator: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(coordinator)
    client.post(f"/people/duplicates/{flagged.uuid}/dismiss/")
    flagged.refresh_from_db()
    assert (flagged.status, flagged.resolved_by) == (DuplicateStatus.DISMISSED, coordinator)
    assert flagged.person.code not in client.get("/people/duplicates/").content.decode()
    again = client.post(f"/people/duplicates/{flagged.uuid}/dismiss/")
    assert again.status_code == 404


def test_merge_asks_for_confirmation_then_merges_and_undoes(
    flagged: PossibleDuplicate,
    coordinator: User,
    worker_b: User,
    client_for: Callable[[User], Client],
) -> None:
    client = client_for(coordinator)
    kept, merged = flagged.candidate, flagged.person
    values = {"kept": kept.code, "merged": merged.code.lower(), "reason": "Stessa persona"}
    check = client.post("/people/merge/", values)
    assert check.status_code == 200
    assert 'data-testid="merge-summary"' in check.content.decode()
    assert PersonMerge.objects.count() == 0

    done = client.post("/people/merge/", {**values, "confirm": "on"})
    merge = PersonMerge.objects.get()
    assert done["Location"] == f"/people/merges/{merge.uuid}/"
    assert (merge.kept, merge.merged, merge.reason) == (kept, merged, "Stessa persona")
    flagged.refresh_from_db()
    assert flagged.status == DuplicateStatus.MERGED
    assert codes_listed(client) == [kept.code]

    # The kept person's case worker sees where the merged record went.
    page = client_for(worker_b).get(f"/people/{merged.uuid}/").content.decode()
    assert f"Questa scheda è stata unita a {kept.code}." in page
    assert f'href="/people/{kept.uuid}/"' in page

    detail = client.get(f"/people/merges/{merge.uuid}/").content.decode()
    assert "Stessa persona" in detail and 'data-testid="merge-undo"' in detail
    client.post(f"/people/merges/{merge.uuid}/undo/")
    merge.refresh_from_db()
    merged.refresh_from_db()
    assert merge.is_undone and merged.merged_into is None
    assert codes_listed(client) == sorted([kept.code, merged.code])
    again = client.post(f"/people/merges/{merge.uuid}/undo/", follow=True)
    assert "Questa unione è già stata annullata." in again.content.decode()


def test_a_refused_merge_re_renders_with_the_reason(
    joy_b: Person,
    partner_a: Organisation,
    worker_a: User,
    coordinator: User,
    make_person: Callable[..., Person],
    client_for: Callable[[User], Client],
) -> None:
    other = make_person(partner_a, case_worker=worker_a)
    response = client_for(coordinator).post(
        "/people/merge/",
        {"kept": joy_b.code, "merged": other.code, "reason": "x", "confirm": "on"},
    )
    assert response.status_code == 200
    assert "Entrambe le persone hanno un caso aperto" in response.content.decode()
    assert PersonMerge.objects.count() == 0


@pytest.mark.parametrize(
    ("kept", "merged", "field", "message"),
    [
        ("NOPE-1", "{joy}", "kept", "Nessuna persona attiva ha questo codice."),
        ("{joy}", "{joy}", "merged", "Scegli due persone diverse."),
    ],
)
def test_merge_form_errors(
    kept: str,
    merged: str,
    field: str,
    message: str,
    joy_b: Person,
    coordinator: User,
    client_for: Callable[[User], Client],
) -> None:
    response = client_for(coordinator).post(
        "/people/merge/",
        {
            "kept": kept.format(joy=joy_b.code),
            "merged": merged.format(joy=joy_b.code),
            "reason": "x",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]


def test_a_merged_person_s_page_is_404_outside_scope(
    joy_b: Person,
    partner_a: Organisation,
    coordinator: User,
    make_user: Callable[..., User],
    make_person: Callable[..., Person],
    client_for: Callable[[User], Client],
) -> None:
    other = make_person(partner_a, given_names="Ada", family_name="Eze")
    close_cases(joy_b)
    person_merge(acting_user=coordinator, kept=other, merged=joy_b, reason="x")
    stranger = make_user(partner_a, [Role.CASE_WORKER])
    assert client_for(stranger).get(f"/people/{joy_b.uuid}/").status_code == 404
    assert client_for(stranger).get(f"/people/{other.uuid}/").status_code == 404
    missing = client_for(coordinator).get("/people/merges/00000000-0000-0000-0000-000000000000/")
    assert missing.status_code == 404


def test_the_birth_year_comes_from_the_date(
    worker_a: User, client_for: Callable[[User], Client]
) -> None:
    post_new(client_for(worker_a), birth_date="2001-12-31", given_names="", family_name="")
    assert Person.objects.get().birth_year == 2001
    assert Person.objects.get().birth_date == datetime.date(2001, 12, 31)


def test_a_merged_record_is_offered_by_no_list_or_picker(
    joy_b: Person,
    partner_a: Organisation,
    coordinator: User,
    make_person: Callable[..., Person],
    client_for: Callable[[User], Client],
) -> None:
    from approdi.cases.forms import CaseOpenForm
    from approdi.core.scoping import visible_to

    kept = make_person(partner_a)
    close_cases(joy_b)
    person_merge(acting_user=coordinator, kept=kept, merged=joy_b, reason="x")
    client = client_for(coordinator)
    assert list(visible_to(coordinator, Person)) == [kept]
    assert list(CaseOpenForm(user=coordinator).fields["person"].queryset) == [kept]  # type: ignore[attr-defined]
    api = client.get("/api/v1/people/").json()
    assert [row["code"] for row in api["results"]] == [kept.code]
    assert client.get(f"/people/{joy_b.uuid}/").status_code == 200


def test_a_chain_of_merges_is_followed_to_the_page(
    joy_b: Person,
    partner_a: Organisation,
    coordinator: User,
    worker_a: User,
    make_person: Callable[..., Person],
    client_for: Callable[[User], Client],
) -> None:
    middle = make_person(partner_a)
    last = make_person(partner_a, case_worker=worker_a)
    close_cases(joy_b)
    person_merge(acting_user=coordinator, kept=middle, merged=joy_b, reason="x")
    person_merge(acting_user=coordinator, kept=last, merged=middle, reason="x")
    client = client_for(worker_a)
    first_page = html.unescape(client.get(f"/people/{joy_b.uuid}/").content.decode())
    assert "Questa scheda è stata unita a un'altra." in first_page
    middle_page = client.get(f"/people/{middle.uuid}/").content.decode()
    assert f"Questa scheda è stata unita a {last.code}." in middle_page


def test_a_flag_whose_person_was_merged_elsewhere_leaves_the_list(
    flagged: PossibleDuplicate,
    partner_a: Organisation,
    coordinator: User,
    make_person: Callable[..., Person],
    client_for: Callable[[User], Client],
) -> None:
    third = make_person(partner_a)
    person_merge(acting_user=coordinator, kept=third, merged=flagged.person, reason="x")
    response = client_for(coordinator).get("/people/duplicates/")
    assert response.context["flags"] == []


def test_the_intake_form_embeds_with_a_prefix(
    joy_b: Person, worker_b: User, client_for: Callable[[User], Client]
) -> None:
    from django.template.loader import render_to_string

    from approdi.people.forms import PersonIntakeForm

    data = {f"person-{k}": v for k, v in FORM.items()}
    form = PersonIntakeForm(data, user=worker_b, prefix="person")
    assert form.is_valid()
    assert form.resolve() is None
    rendered = render_to_string("people/includes/person_intake.html", {"form": form})
    assert 'name="person-existing"' in rendered and 'name="person-confirm_new"' in rendered
    chosen = PersonIntakeForm(
        {**data, "person-existing": str(joy_b.uuid)}, user=worker_b, prefix="person"
    )
    assert chosen.is_valid()
    assert chosen.resolve() == joy_b
    assert (chosen.created, chosen.flagged) == (False, False)


def test_the_person_page_lists_the_referrals_and_assessments_in_scope(
    joy_b: Person, worker_b: User, coordinator: User, client_for: Callable[[User], Client]
) -> None:
    referral = referral_services.referral_create(
        acting_user=coordinator,
        referred_on=datetime.date(2024, 2, 1),
        source_kind="police",
        person_code=joy_b.code,
        assigned_organisation=joy_b.organisation,
    )
    assessment = assessment_create(
        acting_user=coordinator,
        person=joy_b,
        assessed_on=datetime.date(2024, 2, 3),
        kind="preliminary",
        conclusion="presumed_victim",
        answers={},
    )
    body = client_for(worker_b).get(f"/people/{joy_b.uuid}/").content.decode()
    assert (
        f'href="/referrals/{referral.uuid}/">2024-02-01</a> · Forze dell&#x27;ordine · Ricevuta'
        in body
    )
    assert (
        f'href="/screening/{assessment.uuid}/">2024-02-03</a> · Preliminare · Presunta vittima'
        in body
    )
