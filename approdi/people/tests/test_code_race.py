"""Two intakes reading the same next code: the one that inserts second takes the next."""

import pytest
from django.db import IntegrityError
from django.utils import timezone

from approdi.accounts.models import Organisation
from approdi.core.models import AccessAction, AccessLogEntry
from approdi.people.models import Person
from approdi.people.services import CODE_PREFIX, person_create


def _rival_inserts_after_validation(
    monkeypatch: pytest.MonkeyPatch, partner: Organisation, times: int
) -> list[str]:
    """After our validation and before our insert, another intake inserts a person with
    the code we are about to use (what two simultaneous intakes do); `times` times."""
    validate = Person.full_clean
    taken: list[str] = []

    def full_clean_then_rival(person: Person, *args: object, **kwargs: object) -> None:
        validate(person, *args, **kwargs)  # type: ignore[arg-type]
        code = person.code
        for _ in range(times):
            Person.objects.create(code=code, organisation=partner, gender="woman")
            taken.append(code)
            number = int(code.rsplit("-", 1)[1]) + 1
            code = f"{code.rsplit('-', 1)[0]}-{number:04d}"

    monkeypatch.setattr(Person, "full_clean", full_clean_then_rival)
    return taken


def test_a_code_taken_between_reading_and_inserting_is_retried_with_the_next(
    monkeypatch: pytest.MonkeyPatch, partner_a: Organisation
) -> None:
    year = timezone.localdate().year
    taken = _rival_inserts_after_validation(monkeypatch, partner_a, times=2)
    person = person_create(acting_user=None, organisation=partner_a, gender="woman")
    assert taken == [f"{CODE_PREFIX}-{year}-0001", f"{CODE_PREFIX}-{year}-0002"]
    assert person.code == f"{CODE_PREFIX}-{year}-0003"
    assert Person.objects.count() == 3
    assert list(
        AccessLogEntry.objects.filter(action=AccessAction.CREATE).values_list(
            "object_id", flat=True
        )
    ) == [str(person.uuid)]


def test_a_chosen_code_taken_meanwhile_is_not_replaced(
    monkeypatch: pytest.MonkeyPatch, partner_a: Organisation
) -> None:
    _rival_inserts_after_validation(monkeypatch, partner_a, times=1)
    # A code the user chose is theirs to change: no silent renumbering.
    with pytest.raises(IntegrityError):
        person_create(acting_user=None, code="MI-X-1", organisation=partner_a, gender="woman")
