from typing import Any

from django.core.management.base import BaseCommand

from approdi.people.services import person_hashes_recompute


class Command(BaseCommand):
    help = (
        "Recompute the keyed hashes used to find duplicates (identity, names, phone) of "
        "every person, e.g. after FIELD_HASH_KEY has changed. Reads the encrypted identity; "
        "stores hashes only."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        changed = person_hashes_recompute()
        self.stdout.write(f"people: {changed} rows with new hashes")
