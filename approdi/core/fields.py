"""Model fields: encrypted text and dates, and codes from the configurable code lists."""

import datetime
from typing import Any

from django.core import checks
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.expressions import Expression

from . import crypto


class EncryptedTextField(models.TextField):
    """Text stored as a Fernet token. Cannot be filtered or ordered on: use a keyed hash.

    The empty string is stored as is, so that "not given" stays distinguishable without a
    key. Everything else is ciphertext in the table and in its history table.
    """

    description = "Text encrypted at rest (MultiFernet)"

    def from_db_value(
        self, value: str | None, expression: Expression, connection: BaseDatabaseWrapper
    ) -> str | None:
        if value is None or value == "":
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(str(value))

    def get_lookup(self, lookup_name: str) -> Any:
        # Equality on ciphertext is meaningless (every token differs); only isnull works.
        if lookup_name not in {"isnull"}:
            return None
        return super().get_lookup(lookup_name)


class EncryptedDateField(EncryptedTextField):
    """A date stored encrypted as ISO text; Python code sees a `datetime.date`."""

    description = "Date encrypted at rest (MultiFernet)"

    def from_db_value(  # type: ignore[override]
        self, value: str | None, expression: Expression, connection: BaseDatabaseWrapper
    ) -> datetime.date | None:
        text = super().from_db_value(value, expression, connection)
        if not text:
            return None
        return datetime.date.fromisoformat(text)

    def to_python(self, value: Any) -> datetime.date | None:
        if value in (None, ""):
            return None
        if isinstance(value, datetime.date):
            return value
        return models.DateField().to_python(value)

    def get_prep_value(self, value: Any) -> Any:
        if value in (None, ""):
            return ""
        if isinstance(value, datetime.date):
            value = value.isoformat()
        return super().get_prep_value(value)

    def formfield(
        self, form_class: Any = None, choices_form_class: Any = None, **kwargs: Any
    ) -> Any:
        from django import forms

        return models.Field.formfield(self, form_class=form_class or forms.DateField, **kwargs)


class CodeField(models.CharField):
    """A code from one of the configurable code lists (`core.CodeListEntry`).

    Records keep the code itself, so a relabelled or retired entry never changes them.
    Validation against the list happens in forms and services (`code_lists.validate_code`).
    """

    def __init__(self, *args: Any, code_list: str = "", **kwargs: Any) -> None:
        self.code_list = code_list
        kwargs.setdefault("max_length", 64)
        super().__init__(*args, **kwargs)

    def check(self, **kwargs: Any) -> list[checks.CheckMessage]:
        errors = super().check(**kwargs)
        if not self.code_list:
            errors.append(checks.Error("CodeField needs code_list.", obj=self, id="core.E001"))
        return errors

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["code_list"] = self.code_list
        if kwargs.get("max_length") == 64:
            del kwargs["max_length"]
        return name, path, args, kwargs
