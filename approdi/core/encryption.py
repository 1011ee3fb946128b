"""Key rotation: re-encrypt every encrypted column, history tables included, with the newest key."""

from collections.abc import Iterator

from django.apps import apps
from django.db import connections, models, transaction

from . import crypto
from .fields import EncryptedTextField


def encrypted_columns() -> Iterator[tuple[type[models.Model], list[str]]]:
    """Every concrete model (historical models too) with its encrypted column names."""
    for model in apps.get_models(include_auto_created=True):
        if model._meta.abstract or model._meta.proxy:
            continue
        columns = [
            f.column for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)
        ]
        if columns:
            yield model, columns


def rotate_all(batch_size: int = 500) -> dict[str, int]:
    """Rotate every stored token; returns how many rows were rewritten per table.

    Works on the raw column values (tokens), so it never depends on field conversions,
    and writes with raw `UPDATE`s, so history rows stay exactly what they were.
    """
    counts: dict[str, int] = {}
    for model, columns in encrypted_columns():
        table = model._meta.db_table
        pk = model._meta.pk.column
        rewritten = 0
        queryset = model._default_manager.order_by("pk").values_list("pk", flat=True)
        last = None
        while True:
            page = queryset if last is None else queryset.filter(pk__gt=last)
            keys = list(page[:batch_size])
            if not keys:
                break
            last = keys[-1]
            with transaction.atomic(using=model._default_manager.db):
                connection = connections[model._default_manager.db]
                quote = connection.ops.quote_name
                with connection.cursor() as cursor:
                    placeholders = ", ".join(["%s"] * len(keys))
                    cursor.execute(
                        f"SELECT {quote(pk)}, {', '.join(quote(c) for c in columns)} "  # noqa: S608
                        f"FROM {quote(table)} WHERE {quote(pk)} IN ({placeholders})",
                        keys,
                    )
                    rows = cursor.fetchall()
                    for row in rows:
                        values = [crypto.rotate(v) if v else v for v in row[1:]]
                        assignments = ", ".join(f"{quote(c)} = %s" for c in columns)
                        cursor.execute(
                            f"UPDATE {quote(table)} SET {assignments} "  # noqa: S608
                            f"WHERE {quote(pk)} = %s",
                            [*values, row[0]],
                        )
                        rewritten += 1
        counts[table] = rewritten
    return counts
