from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from approdi.accounts.models import User
from approdi.api.services import api_token_create


class Command(BaseCommand):
    help = "Create an API token for USERNAME and print its key (shown only this once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="integration")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = User.objects.get(username=options["username"], is_active=True)
        except User.DoesNotExist as exc:
            raise CommandError(f"No active user {options['username']!r}.") from exc
        _token, key = api_token_create(acting_user=None, user=user, name=options["name"])
        self.stdout.write(key)
