from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from approdi.cases.retention import anonymise_closed_cases


class Command(BaseCommand):
    help = (
        "Remove the free text of cases closed longer than the retention period "
        "(APPRODI_CASE_RETENTION_DAYS), and the identity of people whose cases are all "
        "anonymised and who have no open referral and no referral or assessment within "
        "the period; statistics stay the same."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--retention-days",
            type=int,
            default=None,
            help="default: the APPRODI_CASE_RETENTION_DAYS setting",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        cases, people = anonymise_closed_cases(retention_days=options["retention_days"])
        self.stdout.write(f"Anonymised: cases {cases}, people {people}.")
