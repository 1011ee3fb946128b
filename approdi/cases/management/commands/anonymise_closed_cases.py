from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from approdi.cases.retention import anonymise_closed_cases


class Command(BaseCommand):
    help = (
        "Remove identity and free text from cases closed longer than the retention period "
        "(APPRODI_CASE_RETENTION_DAYS); statistics stay the same."
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
