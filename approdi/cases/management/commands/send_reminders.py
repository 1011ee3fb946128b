import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from approdi.cases.deadlines import send_due_reminders


class Command(BaseCommand):
    help = "Send the deadline reminders now due (for cron; each threshold is sent once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=datetime.date.fromisoformat, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"] or timezone.localdate()
        sent = send_due_reminders(today)
        self.stdout.write(f"Reminders sent: {sent}.")
