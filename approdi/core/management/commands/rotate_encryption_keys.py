from typing import Any

from django.core.management.base import BaseCommand, CommandError

from approdi.core.crypto import DecryptionError
from approdi.core.encryption import rotate_all


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted value (history tables included) under the first key of "
        "FIELD_ENCRYPTION_KEYS. Put the new key first, keep the old ones after it, run this, "
        "then remove the old keys."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            counts = rotate_all()
        except DecryptionError as exc:
            raise CommandError(
                "A value cannot be decrypted with any configured key: keep every old key in "
                "FIELD_ENCRYPTION_KEYS until the rotation has finished."
            ) from exc
        for table, count in counts.items():
            self.stdout.write(f"{table}: {count} rows re-encrypted")
