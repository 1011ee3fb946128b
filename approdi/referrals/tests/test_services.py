"""Intake, status transitions and their refusals, taking in charge."""

import datetime
from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role
from approdi.cases.models import Case
from approdi.cases.tests.factories import open_case
from approdi.core.models import AccessLogEntry
from approdi.people.models import Person
from approdi.people.services import CODE_PREFIX
from approdi.referrals import services
from approdi.referrals.choices import TRANSITIONS, ReferralStatus
from approdi.referrals.models import Referral, ReferralEvent

from .conftest import DAY

pytestmark = pytest.mark.django_db


def test_intake_by_the_coordination_office_for_an_existing_person(
    coordinator: User, person_a: Person
) -> None:
    referral = services.referral_create(
        acting_user=coordinator,
        referred_on=DAY,
        source_kind="territorial_commission",
        person_code="MI-A-1",
        urgency="urgent",
        presumed_exploitation=["labour", "sexual", "labour"],
        referring_contact="Dott.ssa Rossi",
        notes="Riferisce minacce.",
    )
    referral.refresh_from_db()
    assert referral.person == person_a
    assert referral.status == ReferralStatus.RECEIVED
    assert referral.presumed_exploitation == ["sexual", "labour"]
    assert referral.organisation == coordinator.organisation
    assert referral.notes == "Riferisce minacce."
    assert list(referral.events.values_list("from_status", "to_status")) == [("", "received")]
    entry = AccessLogEntry.objects.get(object_id=str(referral.uuid))
    assert entry.fields == sorted(
        ["referred_on", "source_kind", "person", "urgency", "referring_contact", "notes"]
    )


def test_intake_of_a_new_person_by_a_partner(worker_a: User, partner_a: Organisation) -> None:
    referral = services.referral_create(
        acting_user=worker_a,
        referred_on=DAY,
        source_kind="street_unit",
        new_person=services.NewPerson(
            gender="woman", birth_year=2001, nationality="ng", identity={"given_names": "Ada"}
        ),
    )
    person = referral.person
    assert person.code == f"{CODE_PREFIX}-{timezone.localdate().year}-0001"
    assert person.organisation == partner_a
    assert person.nationality == "NG"
    assert person.given_names == "Ada"
    second = services.referral_create(
        acting_user=worker_a,
        referred_on=DAY,
        source_kind="self",
        new_person=services.NewPerson(gender="man"),
    )
    assert second.person.code.endswith("-0002")


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"referred_on": None}, "referred_on", "Indica la data della segnalazione."),
        ({"source_kind": ""}, "source_kind", "Indica la fonte della segnalazione."),
        ({"source_kind": "neighbour"}, "source_kind", "Fonte della segnalazione sconosciuta."),
        ({"referred_on": datetime.date(2999, 1, 1)}, "referred_on", "Questa data è nel futuro."),
        ({"urgency": "soon"}, "urgency", "Scegli l'urgenza."),
    ],
)
def test_bad_intake_is_refused_and_nothing_is_saved(
    coordinator: User, values: dict[str, object], field: str, message: str
) -> None:
    people, log = Person.objects.count(), AccessLogEntry.objects.count()
    kwargs: dict[str, object] = {
        "referred_on": DAY,
        "source_kind": "police",
        "new_person": services.NewPerson(gender="woman"),
    }
    kwargs.update(values)
    with pytest.raises(ValidationError) as error:
        services.referral_create(acting_user=coordinator, **kwargs)  # type: ignore[arg-type]
    assert error.value.message_dict[field] == [message]
    assert Referral.objects.count() == 0
    assert Person.objects.count() == people
    assert AccessLogEntry.objects.count() == log


def test_a_person_outside_the_partners_scope_is_not_found(worker_b: User, person_a: Person) -> None:
    with pytest.raises(ValidationError) as error:
        services.referral_create(
            acting_user=worker_b, referred_on=DAY, source_kind="cas", person_code="MI-A-1"
        )
    assert error.value.message_dict["person_code"] == [
        "Nessuna persona con questo codice tra quelle che puoi vedere."
    ]
    assert Referral.objects.count() == 0


def test_either_an_existing_or_a_new_person(coordinator: User, person_a: Person) -> None:
    with pytest.raises(ValidationError):
        services.referral_create(acting_user=coordinator, referred_on=DAY, source_kind="cas")
    with pytest.raises(ValidationError):
        services.referral_create(
            acting_user=coordinator,
            referred_on=DAY,
            source_kind="cas",
            person_code="MI-A-1",
            new_person=services.NewPerson(gender="woman"),
        )
    assert Referral.objects.count() == 0


@pytest.mark.parametrize("role", ["monitoring", "auditor", "admin"])
def test_roles_without_referrals_cannot_record_them(
    role: str, lead: Organisation, make_user: Callable[..., User]
) -> None:
    user = make_user(lead, [role])
    with pytest.raises(PermissionDenied):
        services.referral_create(
            acting_user=user,
            referred_on=DAY,
            source_kind="cas",
            new_person=services.NewPerson(gender="woman"),
        )
    assert Referral.objects.count() == 0


def _at(referral: Referral, status: str) -> Referral:
    Referral.objects.filter(pk=referral.pk).update(status=status)
    referral.refresh_from_db()
    return referral


def _do(target: str, coordinator: User, referral: Referral, partner: Organisation) -> Referral:
    if target == ReferralStatus.UNDER_REVIEW:
        return services.referral_start_review(acting_user=coordinator, referral=referral)
    if target == ReferralStatus.ACCEPTED:
        return services.referral_accept(
            acting_user=coordinator, referral=referral, organisation=partner
        )
    if target == ReferralStatus.DECLINED:
        return services.referral_decline(
            acting_user=coordinator, referral=referral, reason="Nessun indicatore"
        )
    if target == ReferralStatus.REDIRECTED:
        return services.referral_redirect(
            acting_user=coordinator,
            referral=referral,
            reason="Violenza domestica",
            receiving_service="Centro antiviolenza",
        )
    return services.referral_withdraw(acting_user=coordinator, referral=referral, reason="")


MOVES = [
    (current, target)
    for current in ReferralStatus.values
    for target in ReferralStatus.values
    if target != ReferralStatus.RECEIVED
]


@pytest.mark.parametrize(("current", "target"), MOVES)
def test_every_status_move(
    current: str,
    target: str,
    coordinator: User,
    person_a: Person,
    partner_a: Organisation,
    make_referral: Callable[..., Referral],
) -> None:
    referral = _at(make_referral(person_a), current)
    events = ReferralEvent.objects.count()
    if target in TRANSITIONS[current]:
        moved = _do(target, coordinator, referral, partner_a)
        moved.refresh_from_db()
        assert moved.status == target
        assert ReferralEvent.objects.count() == events + 1
        assert (moved.decided_at is None) == (target == ReferralStatus.UNDER_REVIEW)
    else:
        with pytest.raises(ValidationError) as error:
            _do(target, coordinator, referral, partner_a)
        assert error.value.messages == [
            f"Una segnalazione «{ReferralStatus(current).label}» non può diventare "
            f"«{ReferralStatus(target).label}»."
        ]
        referral.refresh_from_db()
        assert referral.status == current
        assert referral.decided_at is None
        assert ReferralEvent.objects.count() == events
        assert Case.objects.count() == 0


def test_the_allowed_moves() -> None:
    assert {k: sorted(v) for k, v in TRANSITIONS.items() if v} == {
        "received": ["accepted", "declined", "redirected", "under_review", "withdrawn"],
        "under_review": ["accepted", "declined", "redirected", "withdrawn"],
    }


def test_decline_and_redirect_need_their_reasons(
    coordinator: User, person_a: Person, make_referral: Callable[..., Referral]
) -> None:
    referral = make_referral(person_a)
    with pytest.raises(ValidationError) as error:
        services.referral_decline(acting_user=coordinator, referral=referral, reason=" ")
    assert error.value.message_dict == {"reason": ["Indica il motivo del rifiuto."]}
    with pytest.raises(ValidationError) as error:
        services.referral_redirect(
            acting_user=coordinator, referral=referral, reason="x", receiving_service=""
        )
    assert error.value.message_dict == {
        "receiving_service": ["Indica il servizio che accoglie la persona."]
    }
    referral.refresh_from_db()
    assert referral.status == "received"
    assert referral.decision_reason == ""
    redirected = services.referral_redirect(
        acting_user=coordinator, referral=referral, reason="Maltrattamento", receiving_service="CAV"
    )
    redirected.refresh_from_db()
    assert (redirected.decision_reason, redirected.receiving_service) == ("Maltrattamento", "CAV")


def test_accept_opens_a_case_in_the_chosen_partner(
    coordinator: User,
    person_a: Person,
    partner_b: Organisation,
    make_referral: Callable[..., Referral],
) -> None:
    referral = make_referral(person_a, urgency="immediate_danger")
    accepted = services.referral_accept(
        acting_user=coordinator, referral=referral, organisation=partner_b
    )
    case = Case.objects.get()
    assert accepted.case == case
    assert case.person == person_a
    assert case.organisation == partner_b
    assert case.phase == "emergency"
    assert case.opened_from == "referral"
    assert accepted.assigned_organisation == partner_b
    assert accepted.decided_by == coordinator


def test_accept_joins_the_open_case(
    coordinator: User,
    person_a: Person,
    partner_a: Organisation,
    partner_b: Organisation,
    make_referral: Callable[..., Referral],
) -> None:
    case = open_case(person_a)
    referral = make_referral(person_a)
    accepted = services.referral_accept(
        acting_user=coordinator, referral=referral, organisation=partner_b
    )
    assert Case.objects.count() == 1
    assert accepted.case == case
    assert accepted.assigned_organisation == partner_a


def test_accept_needs_an_active_partner(
    coordinator: User,
    lead: Organisation,
    person_a: Person,
    make_referral: Callable[..., Referral],
) -> None:
    referral = make_referral(person_a)
    for organisation, message in [
        (None, "Scegli il partner che prende in carico la persona."),
        (lead, "Scegli un'organizzazione partner attiva."),
    ]:
        with pytest.raises(ValidationError) as error:
            services.referral_accept(
                acting_user=coordinator, referral=referral, organisation=organisation
            )
        assert error.value.message_dict == {"organisation": [message]}
    referral.refresh_from_db()
    assert referral.status == "received"
    assert Case.objects.count() == 0


def test_only_the_coordination_office_decides(
    worker_a: User,
    manager_a: User,
    person_a: Person,
    partner_a: Organisation,
    make_referral: Callable[..., Referral],
) -> None:
    referral = make_referral(person_a, by=manager_a)
    for user in (worker_a, manager_a):
        with pytest.raises(PermissionDenied):
            services.referral_start_review(acting_user=user, referral=referral)
        with pytest.raises(PermissionDenied):
            services.referral_accept(acting_user=user, referral=referral, organisation=partner_a)
        with pytest.raises(PermissionDenied):
            services.referral_decline(acting_user=user, referral=referral, reason="x")
    referral.refresh_from_db()
    assert referral.status == "received"
    # ... but the organisation that made it may withdraw it.
    services.referral_withdraw(acting_user=manager_a, referral=referral, reason="Rintracciata")
    referral.refresh_from_db()
    assert referral.status == "withdrawn"


def test_another_partner_cannot_withdraw(
    manager_a: User, worker_b: User, person_a: Person, make_referral: Callable[..., Referral]
) -> None:
    referral = make_referral(person_a, by=manager_a)
    with pytest.raises(PermissionDenied):
        services.referral_withdraw(acting_user=worker_b, referral=referral)
    referral.refresh_from_db()
    assert referral.status == "received"


def test_who_may_withdraw_within_the_organisation(
    manager_a: User,
    worker_a: User,
    outreach_a: User,
    partner_a: Organisation,
    make_user: Callable[..., User],
) -> None:
    colleague = make_user(partner_a, [Role.CASE_WORKER])
    by_outreach = services.referral_create(
        acting_user=outreach_a,
        referred_on=DAY,
        source_kind="street_unit",
        new_person=services.NewPerson(gender="woman"),
    )
    # A colleague who did not record it may not, even in the same organisation ...
    for user in (colleague, worker_a):
        with pytest.raises(PermissionDenied):
            services.referral_withdraw(acting_user=user, referral=by_outreach)
    by_outreach.refresh_from_db()
    assert by_outreach.status == "received"
    # ... whoever recorded it may, and so may the head of team.
    services.referral_withdraw(acting_user=outreach_a, referral=by_outreach, reason="Rintracciata")
    by_worker = services.referral_create(
        acting_user=worker_a,
        referred_on=DAY,
        source_kind="cas",
        new_person=services.NewPerson(gender="woman"),
    )
    services.referral_withdraw(acting_user=manager_a, referral=by_worker, reason="Rientrata")
    statuses = sorted(
        Referral.objects.filter(pk__in=[by_outreach.pk, by_worker.pk]).values_list(
            "status", flat=True
        )
    )
    assert statuses == ["withdrawn", "withdrawn"]
