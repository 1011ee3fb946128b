#!/usr/bin/env python3
"""Benchmarks (`make bench`): medians and ratios, never timed unit tests.

Measures the pages that targets.md holds to "within 1.5x of the same page at the small
size": the case list, a case page, the people list and the bed board, in-process through
Django's test client, at two sizes of a synthetic data set built with bulk inserts in a
throwaway database. Prints, for each page, the median and p95 at each size, their ratio,
and the SQL queries per request (which must not grow with the data).

    make bench                                 # SQLite, 1,000 and 10,000 cases
    BENCH_SIZES=1000,100000 make bench         # the sizes of targets.md (slower to build)
    BENCH_DATABASE_URL=postgres://... make bench   # an empty PostgreSQL database to fill
"""

import datetime
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPEATS = int(os.environ.get("BENCH_REPEATS", "30"))
SIZES = [int(s) for s in os.environ.get("BENCH_SIZES", "1000,10000").split(",")]
TARGET_RATIO = 1.5


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    scratch = tempfile.mkdtemp(prefix="approdi-bench-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "approdi.settings.test"
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{scratch}/bench.sqlite3"
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    # As in Django's test runner: keep one connection across requests, so that the
    # queries of a request can be counted (and reconnecting is not what we measure).
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)


def build(size: int, start: int) -> None:
    """Add people with a case each until there are `size` cases (bulk inserts)."""
    from approdi.accounts.models import Organisation, User
    from approdi.cases.models import Case, CasePhase
    from approdi.people.models import Person

    partner = Organisation.objects.get(slug="bench-partner")
    worker = User.objects.get(username="bench.worker")
    other = User.objects.get(username="bench.other")
    opened = datetime.date(2024, 1, 10)
    people = [
        Person(
            code=f"BN-{n:07d}",
            organisation=partner,
            gender=("woman", "man", "trans")[n % 3],
            birth_year=1980 + n % 25,
            nationality=("NG", "RO", "AL", "CN")[n % 4],
        )
        for n in range(start, size)
    ]
    Person.objects.bulk_create(people, batch_size=2000)
    people = list(Person.objects.filter(code__gte=f"BN-{start:07d}").order_by("code"))
    cases = [
        Case(
            person=person,
            organisation=partner,
            case_worker=worker if n % 2 == 0 else other,
            opened_on=opened,
            kind="residential",
            programme="art13_first_assistance",
            path="social",
            status="active",
            phase="emergency",
        )
        for n, person in enumerate(people, start=start)
    ]
    Case.objects.bulk_create(cases, batch_size=2000)
    new_cases = Case.objects.filter(person__code__gte=f"BN-{start:07d}")
    CasePhase.objects.bulk_create(
        [
            CasePhase(case=case, phase="emergency", started_on=opened, author=worker)
            for case in new_cases
        ],
        batch_size=2000,
    )


def prepare() -> dict[str, object]:
    from django.test import Client

    from approdi.accounts.models import Organisation, OrganisationKind
    from approdi.accounts.roles import Role
    from approdi.accounts.services import user_create
    from approdi.conftest import verify_second_factor
    from approdi.shelters.models import Bed, Structure

    lead = Organisation.objects.create(slug="bench-lead", name="Lead", kind=OrganisationKind.LEAD)
    partner = Organisation.objects.create(
        slug="bench-partner", name="Partner", kind=OrganisationKind.PARTNER
    )
    users = {}
    for username, organisation, roles in [
        ("bench.coord", lead, [Role.COORDINATOR]),
        ("bench.worker", partner, [Role.CASE_WORKER]),
        ("bench.other", partner, [Role.CASE_WORKER]),
    ]:
        users[username] = user_create(
            acting_user=None,
            username=username,
            password="a-long-bench-password-42",  # noqa: S106
            organisation=organisation,
            roles=roles,
        )
    for number in range(20):
        structure = Structure.objects.create(
            organisation=partner,
            name=f"Casa {number}",
            territory="milano",
            kind="shelter_women",
            target_gender="women",
            phases=["first_reception"],
            active_from=datetime.date(2019, 1, 1),
        )
        Bed.objects.bulk_create(
            [
                Bed(structure=structure, label=f"{k}", active_from=datetime.date(2019, 1, 1))
                for k in range(4)
            ]
        )
    clients = {}
    for username, user in users.items():
        client = Client()
        client.force_login(user)
        verify_second_factor(client, user)
        clients[username] = client
    return clients


def measure(call: Callable[[], object]) -> tuple[float, float, int]:
    """Median and p95 in milliseconds over REPEATS calls (after one warm-up), and queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call()  # warm-up: the first request of a session also refreshes the session
    with CaptureQueriesContext(connection) as captured:
        call()
    queries = len(captured)  # now: the next request empties the log
    timings = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        call()
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return statistics.median(timings), p95, queries


def main() -> int:
    setup_django()
    from approdi.cases.models import Case

    clients = prepare()
    worker, coord = clients["bench.worker"], clients["bench.coord"]

    def get(client: object, url: str) -> Callable[[], object]:
        def call() -> object:
            response = client.get(url)  # type: ignore[attr-defined]
            assert response.status_code == 200, (url, response.status_code)
            return response

        return call

    results: dict[str, list[tuple[int, float, float, int]]] = {}
    built = 0
    for size in SIZES:
        started = time.perf_counter()
        build(size, built)
        built = size
        print(f"built {size:,} cases in {time.perf_counter() - started:.1f} s", flush=True)
        case = Case.objects.filter(case_worker__username="bench.worker").order_by("pk").first()
        assert case is not None
        pages = {
            "case list (case worker)": get(worker, "/cases/"),
            "case list (coordinator)": get(coord, "/cases/"),
            "case list, deep page (coordinator)": get(coord, "/cases/?page=10"),
            "case page (case worker)": get(worker, f"/cases/{case.uuid}/"),
            "people list (coordinator)": get(coord, "/people/"),
            "bed board (case worker)": get(worker, "/shelters/?date=2024-06-01"),
        }
        for name, call in pages.items():
            median, p95, queries = measure(call)
            results.setdefault(name, []).append((size, median, p95, queries))

    small, large = SIZES[0], SIZES[-1]
    print()
    print(f"{REPEATS} requests each, in-process; times in ms")
    header = f"{'page':38} {'size':>8} {'median':>8} {'p95':>8} {'queries':>8}"
    print(header)
    failures = 0
    for name, rows in results.items():
        for size, median, p95, queries in rows:
            print(f"{name:38} {size:>8,} {median:>8.1f} {p95:>8.1f} {queries:>8}")
        (_s, m0, p0, q0), (_l, m1, p1, q1) = rows[0], rows[-1]
        ratio = m1 / m0 if m0 else float("inf")
        verdict = "ok" if ratio <= TARGET_RATIO and q0 == q1 else "OVER TARGET"
        failures += verdict != "ok"
        print(
            f"{'':38} ratio {large:,}/{small:,}: median {ratio:.2f}x, p95 {p1 / p0:.2f}x, "
            f"queries {q0} → {q1}: {verdict}"
        )
    print()
    print(
        f"{len(results) - failures} of {len(results)} pages within {TARGET_RATIO}x and "
        "with a constant number of queries."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
