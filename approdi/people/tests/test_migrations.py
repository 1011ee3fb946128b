"""Data migrations of people, run on the current models."""

import datetime
import importlib
from collections.abc import Callable

from django.apps import apps

from approdi.accounts.models import Organisation, User
from approdi.cases.models import Case
from approdi.cases.retention import anonymise_closed_cases
from approdi.people.models import Person

from .conftest import JOY

MARK_ANONYMISED = importlib.import_module(
    "approdi.people.migrations.0005_anonymised_at_of_people_anonymised_before"
)
T1 = datetime.datetime(2025, 1, 10, 3, 0, tzinfo=datetime.UTC)
T2 = datetime.datetime(2025, 2, 10, 3, 0, tzinfo=datetime.UTC)


def test_people_anonymised_before_the_field_existed_get_the_time_of_their_last_case(
    partner_a: Organisation, worker_a: User, make_person: Callable[..., Person]
) -> None:
    def person(*, cases: tuple[datetime.datetime | None, ...], **identity: object) -> Person:
        record = make_person(partner_a, **identity)
        for anonymised_at in cases:
            case = Case.objects.create(
                person=record,
                organisation=partner_a,
                opened_on=datetime.date(2020, 1, 1),
                programme="art13_first_assistance",
                path="social",
            )
            if anonymised_at:
                Case.objects.filter(pk=case.pk).update(status="closed", anonymised_at=anonymised_at)
        return record

    taken = person(cases=(T1, T2))  # anonymised by the old code: nothing left
    taken_merged = person(cases=())
    named = person(cases=(T1,), **JOY)  # cases anonymised, identity kept (in contact)
    open_case = person(cases=(T1, None))
    with_named_merged = person(cases=(T1,))
    named_merged = person(cases=(), **JOY)
    no_case = person(cases=())
    Person.objects.filter(pk=taken_merged.pk).update(merged_into=taken)
    # The old retention run wrote the people it took at the time of their last case.
    Person.objects.filter(pk__in=[taken.pk, taken_merged.pk]).update(updated_at=T2)
    Person.objects.filter(pk=named_merged.pk).update(merged_into=with_named_merged)

    MARK_ANONYMISED.forward(apps, None)

    marked = dict(Person.objects.values_list("pk", "anonymised_at"))
    assert marked == {
        taken.pk: T2,
        taken_merged.pk: T2,
        named.pk: None,
        open_case.pk: None,
        with_named_merged.pk: None,
        named_merged.pk: None,
        no_case.pk: None,
    }
    # Retention takes only those not marked (all their cases anonymised), once each.
    assert anonymise_closed_cases(today=datetime.date(2025, 6, 1), retention_days=30) == (0, 2)
    assert Person.objects.filter(anonymised_at__isnull=True).count() == 2  # open_case, no_case
    assert Person.objects.get(pk=taken.pk).anonymised_at == T2
