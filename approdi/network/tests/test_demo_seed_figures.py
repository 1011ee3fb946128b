"""The demo data reproduces the seed's figures from its records (design/reports.md).

`load_demo` runs once for the class (`setUpTestData`); each figure is computed here with
plain ORM queries that follow the definitions of reports.md, not with the app's selectors,
so that the two can be compared when the reports are built.
"""

import datetime
import io
from itertools import pairwise

from django.core.management import call_command
from django.db.models import Count, Q, QuerySet, Sum
from django.test import TestCase
from django.utils import timezone

from approdi.cases.models import Case, Exit, Permit
from approdi.outreach.models import ContactTally, DropInAccess, Outing, PhoneContact
from approdi.people.models import Person
from approdi.shelters.models import Placement
from approdi.shelters.selectors import capacity_table

D = datetime.date
P1 = (D(2017, 12, 1), D(2019, 2, 28))
P2 = (D(2019, 3, 1), D(2020, 5, 31))


def tally_contacts(kind: str, start: D, end: D) -> int:
    """Sum of the head-counts of the tallies of outings of `kind` dated in the period."""
    total = ContactTally.objects.filter(
        outing__kind=kind, outing__date__gte=start, outing__date__lte=end
    ).aggregate(n=Sum("count"))["n"]
    return int(total or 0)


def active_cases(start: D, end: D) -> QuerySet[Case]:
    """Cases active on at least one day of [start, end]: opened by its end, not ended
    (exit or closing) before its start."""
    return (
        Case.objects.filter(opened_on__lte=end)
        .filter(Q(exit__isnull=True) | Q(exit__exit_on__gte=start))
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=start))
    )


def reception(start: D, end: D) -> dict[str, int]:
    """Distinct people with a case active in the period, by gender, and the total."""
    rows = (
        active_cases(start, end)
        .values("person__gender")
        .annotate(n=Count("person", distinct=True))
        .order_by()
    )
    by_gender = {row["person__gender"]: row["n"] for row in rows}
    return {**by_gender, "total": sum(by_gender.values())}


class SeedFiguresTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        out = io.StringIO()
        call_command("load_demo", stdout=out)
        cls.summary = out.getvalue().splitlines()[0]

    def test_the_seeds_outreach_figures_for_1_dec_2017_28_feb_2019(self) -> None:
        self.assertEqual(tally_contacts("street", *P1), 3575)
        self.assertEqual(tally_contacts("indoor", *P1), 1667)
        self.assertEqual(DropInAccess.objects.filter(date__range=P1).count(), 484)

    def test_the_period_boundaries_are_honoured(self) -> None:
        # One day either side of the period changes the sums: the figures are not padded.
        before = tally_contacts("street", D(2017, 11, 30), D(2019, 2, 28))
        after = tally_contacts("street", D(2017, 12, 1), D(2019, 3, 1))
        self.assertEqual(before, 3575)  # nothing before the first period
        self.assertGreater(after, 3575)  # the second period starts the next day
        self.assertEqual(tally_contacts("street", *P2), 3812)
        self.assertEqual(tally_contacts("indoor", *P2), 1705)
        self.assertEqual(DropInAccess.objects.filter(date__range=P2).count(), 517)
        # Cases carried over from the first period count in the second as well.
        self.assertEqual(reception(*P2), {"woman": 125, "man": 12, "trans": 3, "total": 140})
        self.assertEqual(active_cases(*P2).filter(opened_on__lt=P2[0]).count(), 140 - 44)

    def test_the_seeds_reception_figures_for_1_dec_2017_28_feb_2019(self) -> None:
        self.assertEqual(reception(*P1), {"woman": 160, "man": 17, "trans": 2, "total": 179})
        cases = active_cases(*P1)
        # Most of them opened in the period (the referrals demo gives those a referral).
        opened_in = cases.filter(opened_on__gte=P1[0]).values("person").distinct().count()
        self.assertEqual(opened_in, 160)
        self.assertEqual(cases.filter(opened_on__lt=P1[0]).count(), 19)
        # Residential and territorial cases both count.
        self.assertEqual(set(cases.values_list("kind", flat=True)), {"residential", "territorial"})
        # One case each: people and cases agree.
        self.assertEqual(cases.count(), 179)

    def test_the_seeds_capacity_table_on_dates_of_both_periods(self) -> None:
        seed = [
            ("emergency_women", 3, 6),
            ("shelter_women", 16, 52),
            ("shelter_men", 2, 7),
            ("autonomy_flat", 7, 12),
            ("emergency_places_women", 0, 5),
            ("dormitory_men", 0, 2),
        ]
        for on in (P1[0], D(2018, 6, 30), P1[1], P2[0], P2[1]):
            rows, total = capacity_table(on=on)
            self.assertEqual([(r.kind, r.structures, r.beds) for r in rows], seed)
            self.assertEqual((total.structures, total.beds), (28, 84))

    def test_no_bed_is_ever_given_twice(self) -> None:
        stays = sorted(
            Placement.objects.values_list("bed_id", "start", "end"),
            key=lambda s: (s[0], s[1]),
        )
        self.assertGreater(len(stays), 400)
        for (bed, _start, end), (next_bed, next_start, _end) in pairwise(stays):
            if bed == next_bed:
                self.assertIsNotNone(end)
                self.assertLessEqual(end, next_start)

    def test_placements_follow_the_pathway(self) -> None:
        # Every placement of a history person lies within their case, in a phase it had.
        for placement in Placement.objects.select_related("person").filter(
            person__code__regex=r"^[A-Z]{2}-20(17|18|19|20)-01"
        )[:200]:
            case = Case.objects.get(person=placement.person)
            self.assertLessEqual(case.opened_on, placement.start)
            phases = set(case.phases.values_list("phase", flat=True))
            self.assertIn(placement.phase, phases)
            exit_on = Exit.objects.filter(case=case).values_list("exit_on", flat=True).first()
            if exit_on is not None:
                self.assertIsNotNone(placement.end)
                self.assertLessEqual(placement.end, exit_on)

    def test_exits_of_every_outcome_and_permits_falling_due_around_today(self) -> None:
        outcomes = set(Exit.objects.values_list("outcome", flat=True))
        self.assertEqual(
            outcomes,
            {
                "autonomy_achieved",
                "transferred_to_other_project",
                "referred_to_asylum_system",
                "assisted_return",
                "voluntary_drop_out",
                "interrupted_for_conduct",
                "returned_to_exploitation",
                "lost_contact",
                "funding_ended",
            },
        )
        today = timezone.localdate()
        due = Permit.objects.filter(
            case__status="active",
            status="issued",
            expires_on__gte=today,
            expires_on__lte=today + datetime.timedelta(days=60),
        )
        self.assertEqual(due.count(), 6)
        self.assertEqual(
            Permit.objects.filter(case__status="active", expires_on__lt=today).count(), 2
        )

    def test_other_kinds_of_outing_and_phone_contacts_exist_but_do_not_count(self) -> None:
        kinds = set(Outing.objects.filter(date__range=P1).values_list("kind", flat=True))
        self.assertEqual(kinds, {"street", "indoor", "begging", "roma_camp", "labour_site"})
        self.assertEqual(PhoneContact.objects.filter(date__range=P1).count(), 140)

    def test_no_identity_for_the_history_people(self) -> None:
        # The cases' history (the referrals' own people, SG-…, are the referrals' demo).
        history = Person.objects.exclude(code__startswith="MI-2019-00").exclude(
            code__startswith="SG-"
        )
        self.assertEqual(history.count(), 235)
        self.assertFalse(history.filter(identity_hash__gt="").exists())

    def test_a_second_run_creates_nothing(self) -> None:
        self.assertIn("history_people 235,", self.summary)
        out = io.StringIO()
        call_command("load_demo", stdout=out)
        counts = [
            part.rsplit(" ", 1)
            for part in out.getvalue()
            .splitlines()[0]
            .removeprefix("Created: ")
            .rstrip(".")
            .split(", ")
        ]
        self.assertEqual({name: int(n) for name, n in counts}, {name: 0 for name, _n in counts})
