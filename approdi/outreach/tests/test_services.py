"""Writes: one transaction, idempotency, who may write, and every kind of bad input."""

import datetime
import uuid
from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role
from approdi.core.models import AccessAction, AccessLogEntry
from approdi.outreach.models import ContactTally, DropInAccess, Outing, PhoneContact, ServiceGiven
from approdi.outreach.services import (
    ServiceInput,
    TallyInput,
    contact_link_person,
    dropin_access_create,
    outing_create,
    phone_contact_create,
)
from approdi.people.services import person_create


def test_an_outing_is_stored_with_its_tallies_services_and_an_audit_row(
    outreach_a: User, make_outing: Callable[..., Outing]
) -> None:
    outing = make_outing(outreach_a)
    assert outing.organisation == outreach_a.organisation
    assert outing.created_by == outreach_a
    tallies = list(outing.tallies.values_list("gender", "status", "count", "nationality"))
    assert tallies == [("woman", "new", 3, "NG"), ("trans", "known", 2, "")]
    assert list(outing.services.values_list("service", "material", "quantity")) == [
        ("prevention_material", "condoms", 40)
    ]
    entry = AccessLogEntry.objects.get(action=AccessAction.CREATE, object_id=str(outing.uuid))
    assert entry.object_type == "outreach.outing"
    assert "area" in entry.fields


def test_the_same_key_twice_creates_one_outing(
    outreach_a: User, make_outing: Callable[..., Outing]
) -> None:
    key = uuid.uuid4()
    first = make_outing(outreach_a, idempotency_key=key)
    again, created = outing_create(
        acting_user=outreach_a,
        organisation=outreach_a.organisation,  # type: ignore[arg-type]
        idempotency_key=key,
        territory="como",
        date=datetime.date(2026, 3, 15),
        shift="day",
        kind="indoor",
        team_size=3,
        duration_minutes=60,
        tallies=[TallyInput(gender="man", status="new", count=9)],
    )
    assert created is False
    assert again.pk == first.pk
    assert Outing.objects.count() == 1
    assert ContactTally.objects.count() == 2
    assert (
        AccessLogEntry.objects.filter(
            action=AccessAction.CREATE, object_type="outreach.outing"
        ).count()
        == 1
    )


def test_zero_counts_are_left_out(outreach_a: User, make_outing: Callable[..., Outing]) -> None:
    outing = make_outing(
        outreach_a,
        tallies=[TallyInput(gender="woman", status="new", count=0)],
        services=[ServiceInput(service="information", quantity=0)],
    )
    assert outing.tallies.count() == 0
    assert outing.services.count() == 0


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"tallies": [TallyInput(gender="woman", status="new", count=-1)]}, "tallies-0-count"),
        ({"tallies": [TallyInput(gender="woman", status="new", count=501)]}, "tallies-0-count"),
        ({"date": datetime.date(2999, 1, 1)}, "date"),
        ({"kind": "submarine"}, "kind"),
        ({"territory": "atlantis"}, "territory"),
        ({"shift": "evening"}, "shift"),
        ({"team_size": 0}, "team_size"),
        ({"tallies": [TallyInput(gender="robot", status="new", count=1)]}, "tallies-0-gender"),
        (
            {"tallies": [TallyInput(gender="woman", status="new", count=1, nationality="QQ")]},
            "tallies-0-nationality",
        ),
        (
            {"tallies": [TallyInput(gender="woman", status="new", count=1, setting="moon")]},
            "tallies-0-setting",
        ),
        ({"services": [ServiceInput(service="teleport", quantity=1)]}, "services-0-service"),
        (
            {"services": [ServiceInput(service="prevention_material", material="x", quantity=1)]},
            "services-0-material",
        ),
        ({"services": [ServiceInput(service="information", quantity=-3)]}, "quantity"),
    ],
)
def test_bad_input_saves_nothing(
    outreach_a: User,
    make_outing: Callable[..., Outing],
    overrides: dict[str, object],
    field: str,
) -> None:
    with pytest.raises(ValidationError) as raised:
        make_outing(outreach_a, **overrides)
    assert field in raised.value.message_dict
    assert Outing.objects.count() == 0
    assert ContactTally.objects.count() == 0
    assert ServiceGiven.objects.count() == 0
    assert not AccessLogEntry.objects.filter(object_type="outreach.outing").exists()


def test_today_is_accepted_and_tomorrow_is_not(
    outreach_a: User, make_outing: Callable[..., Outing]
) -> None:
    today = timezone.localdate()
    assert make_outing(outreach_a, date=today).date == today
    with pytest.raises(ValidationError) as raised:
        make_outing(outreach_a, date=today + datetime.timedelta(days=1))
    assert raised.value.message_dict["date"] == ["La data non può essere nel futuro."]


@pytest.mark.parametrize(
    "role", [Role.CASE_WORKER, Role.LEGAL_ADVISOR, Role.MONITORING, Role.AUDITOR, Role.ADMIN]
)
def test_roles_without_outreach_cannot_write(
    make_user: Callable[..., User],
    partner_a: Organisation,
    make_outing: Callable[..., Outing],
    role: str,
) -> None:
    user = make_user(partner_a, [role])
    with pytest.raises(PermissionDenied):
        make_outing(user)
    assert Outing.objects.count() == 0


def test_a_partner_cannot_write_for_another_organisation(
    outreach_a: User, partner_b: Organisation, make_outing: Callable[..., Outing]
) -> None:
    with pytest.raises(PermissionDenied):
        make_outing(outreach_a, organisation=partner_b)
    assert Outing.objects.count() == 0


def test_the_coordinator_writes_for_any_organisation(
    make_user: Callable[..., User],
    lead: Organisation,
    partner_b: Organisation,
    make_outing: Callable[..., Outing],
) -> None:
    coordinator = make_user(lead, [Role.COORDINATOR])
    assert make_outing(coordinator, organisation=partner_b).organisation == partner_b


def test_one_key_per_organisation(
    outreach_a: User, outreach_b: User, make_outing: Callable[..., Outing]
) -> None:
    key = uuid.uuid4()
    make_outing(outreach_a, idempotency_key=key)
    make_outing(outreach_b, idempotency_key=key)
    assert Outing.objects.filter(idempotency_key=key).count() == 2


def test_dropin_access_and_phone_contact_are_idempotent(outreach_a: User) -> None:
    org = outreach_a.organisation
    assert org is not None
    key = uuid.uuid4()
    for _ in range(2):
        dropin_access_create(
            acting_user=outreach_a,
            organisation=org,
            idempotency_key=key,
            territory="milano",
            date=datetime.date(2026, 3, 1),
            place="Drop-in Via Sammartini",
            gender="woman",
            nationality="ng",
            language="pcm",
            mediator_present=True,
            services=[ServiceInput(service="listening", quantity=1)],
        )
        phone_contact_create(
            acting_user=outreach_a,
            organisation=org,
            idempotency_key=key,
            territory="milano",
            date=datetime.date(2026, 3, 1),
            line="h24_on_call",
            caller="potential_victim",
        )
    access = DropInAccess.objects.get()
    assert (access.nationality, access.language, access.mediator_present) == ("NG", "pcm", True)
    assert list(access.services.values_list("service", "quantity")) == [("listening", 1)]
    assert PhoneContact.objects.get().line == "h24_on_call"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"language": "klingon"}, "language"),
        ({"nationality": "ZZ"}, "nationality"),
        ({"date": datetime.date(2999, 1, 1)}, "date"),
    ],
)
def test_bad_dropin_input_saves_nothing(
    outreach_a: User, kwargs: dict[str, object], field: str
) -> None:
    values: dict[str, object] = {
        "acting_user": outreach_a,
        "organisation": outreach_a.organisation,
        "idempotency_key": uuid.uuid4(),
        "territory": "milano",
        "date": datetime.date(2026, 3, 1),
        "place": "Drop-in",
    }
    values.update(kwargs)
    with pytest.raises(ValidationError) as raised:
        dropin_access_create(**values)  # type: ignore[arg-type]
    assert field in raised.value.message_dict
    assert DropInAccess.objects.count() == 0


def test_bad_phone_codes_save_nothing(outreach_a: User) -> None:
    with pytest.raises(ValidationError) as raised:
        phone_contact_create(
            acting_user=outreach_a,
            organisation=outreach_a.organisation,  # type: ignore[arg-type]
            idempotency_key=uuid.uuid4(),
            territory="milano",
            date=datetime.date(2026, 3, 1),
            line="pager",
            caller="martian",
        )
    assert set(raised.value.message_dict) == {"line", "caller"}
    assert PhoneContact.objects.count() == 0


def test_a_contact_of_one_is_linked_to_a_person_in_scope(
    make_user: Callable[..., User],
    partner_a: Organisation,
    partner_b: Organisation,
    make_outing: Callable[..., Outing],
) -> None:
    manager = make_user(partner_a, [Role.ORG_MANAGER])
    outing = make_outing(
        manager,
        tallies=[
            TallyInput(gender="woman", status="new", count=1),
            TallyInput(gender="woman", status="new", count=2),
        ],
    )
    single, group = outing.tallies.order_by("id")
    mine = person_create(acting_user=None, code="MI-1", organisation=partner_a, gender="woman")
    theirs = person_create(acting_user=None, code="MI-2", organisation=partner_b, gender="woman")

    contact_link_person(acting_user=manager, record=single, person=mine)
    single.refresh_from_db()
    assert single.person == mine
    with pytest.raises(PermissionDenied):
        contact_link_person(acting_user=manager, record=group, person=theirs)
    with pytest.raises(ValidationError):
        contact_link_person(acting_user=manager, record=group, person=mine)
    group.refresh_from_db()
    assert group.person is None


def test_a_concurrent_first_call_gets_the_stored_outing(
    outreach_a: User, make_outing: Callable[..., Outing], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The race: another request stores the key between our check and our insert."""
    from approdi.outreach import services

    key = uuid.uuid4()
    stored = make_outing(outreach_a, idempotency_key=key)
    real = services._stored
    calls: list[int] = []

    def not_yet_on_first_look(*args: object) -> object:
        calls.append(1)
        return None if len(calls) == 1 else real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(services, "_stored", not_yet_on_first_look)
    again = make_outing(outreach_a, idempotency_key=key)
    assert again.pk == stored.pk
    assert len(calls) == 2  # the insert hit the unique constraint, then the stored one was read
    assert Outing.objects.count() == 1
    assert ContactTally.objects.count() == 2
