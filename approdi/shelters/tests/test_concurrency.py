"""The last free bed, claimed by 20 operators at the same moment: exactly one gets it.

Real transactions (each thread has its own database connection) through the API, on
whichever database the suite runs: SQLite by default, PostgreSQL with DATABASE_URL.
APPRODI_BED_CLAIM_ROUNDS repeats the race (targets.md asks for 100 rounds on PostgreSQL).
"""

import datetime
import os
import threading
from collections import Counter
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client

from approdi.accounts.models import Organisation, User
from approdi.conftest import verify_second_factor
from approdi.people.models import Person
from approdi.shelters.models import Placement, Structure

from .conftest import only_bed

THREADS = 20
ROUNDS = int(os.environ.get("APPRODI_BED_CLAIM_ROUNDS", "3"))
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def race(clients: list[Client], people: list[Person], bed_uuid: str) -> list[tuple[int, dict]]:
    """All clients post a placement in the same bed at the same moment; their answers."""
    barrier = threading.Barrier(len(clients))
    answers: list[tuple[int, dict]] = []
    lock = threading.Lock()

    def claim(client: Client, person: Person) -> None:
        try:
            barrier.wait()
            response = client.post(
                "/api/v1/placements/",
                {
                    "person": str(person.uuid),
                    "bed": bed_uuid,
                    "start": "2024-05-10",
                    "phase": "emergency",
                },
                content_type="application/json",
            )
            with lock:
                answers.append((response.status_code, response.json()))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=claim, args=(c, p)) for c, p in zip(clients, people, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_twenty_operators_claim_the_last_bed_and_exactly_one_gets_it(
    partner_a: Organisation,
    worker: User,
    make_structure: Callable[..., Structure],
    make_person: Callable[..., Person],
) -> None:
    clients = []
    for _ in range(THREADS):
        client = Client()
        client.force_login(worker)
        verify_second_factor(client, worker)
        clients.append(client)
    for round_number in range(ROUNDS):
        # Given a structure with its last free bed, and one other free bed elsewhere,
        last = make_structure(partner_a, beds=1, name=f"Casa Ultima {round_number}")
        spare = make_structure(partner_a, beds=1, name=f"Casa Altra {round_number}")
        bed = only_bed(last)
        people = [make_person(partner_a) for _ in range(THREADS)]

        # when 20 operators claim it at once,
        answers = race(clients, people, str(bed.uuid))

        # then exactly one placement, 19 clear refusals with the alternative, no 500.
        assert Counter(status for status, _ in answers) == {201: 1, 409: THREADS - 1}
        assert Placement.objects.filter(bed=bed).count() == 1
        refusals = [body for status, body in answers if status == 409]
        assert {body["code"] for body in refusals} == {"bed_taken"}
        assert {body["detail"] for body in refusals} == {"Questo posto letto è appena stato preso."}
        assert {tuple(a["id"] for a in body["alternatives"]) for body in refusals} == {
            (str(only_bed(spare).uuid),)
        }
        winner = Placement.objects.get(bed=bed)
        assert (winner.start, winner.end) == (datetime.date(2024, 5, 10), None)
        # The spare bed is taken for the next round, so the alternative stays unique.
        Placement.objects.create(
            person=make_person(partner_a),
            bed=only_bed(spare),
            start=datetime.date(2024, 1, 1),
            phase="emergency",
        )


def test_one_person_claimed_into_twenty_beds_at_once_gets_exactly_one(
    partner_a: Organisation,
    worker: User,
    make_structure: Callable[..., Structure],
    make_person: Callable[..., Person],
) -> None:
    clients = []
    for _ in range(THREADS):
        client = Client()
        client.force_login(worker)
        verify_second_factor(client, worker)
        clients.append(client)
    structure = make_structure(partner_a, beds=THREADS)
    person = make_person(partner_a)
    barrier = threading.Barrier(THREADS)
    answers: list[tuple[int, dict]] = []
    lock = threading.Lock()

    def claim(client: Client, label: str) -> None:
        try:
            barrier.wait()
            response = client.post(
                "/api/v1/placements/",
                {
                    "person": str(person.uuid),
                    "bed": str(structure.beds.get(label=label).uuid),
                    "start": "2024-05-10",
                    "phase": "emergency",
                },
                content_type="application/json",
            )
            with lock:
                answers.append((response.status_code, response.json()))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=claim, args=(client, str(number)))
        for number, client in enumerate(clients, start=1)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Counter(status for status, _ in answers) == {201: 1, 400: THREADS - 1}
    assert {str(body) for status, body in answers if status == 400} == {
        str({"person": ["Questa persona ha già un inserimento in quel periodo."]})
    }
    assert Placement.objects.filter(person=person).count() == 1
