"""Reads and writes of the configurable code lists (`CodeListEntry`)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from approdi.accounts.models import User
from approdi.accounts.roles import Role, has_role

from . import audit
from .models import AccessAction, CodeListEntry

EDITOR_ROLES = frozenset({Role.COORDINATOR, Role.ADMIN})


def may_edit_code_lists(user: User) -> bool:
    return has_role(user, EDITOR_ROLES)


def code_list_names() -> list[str]:
    return list(
        CodeListEntry.objects.order_by("list_name").values_list("list_name", flat=True).distinct()
    )


def code_list_entries(list_name: str, *, include_retired: bool = True) -> QuerySet[CodeListEntry]:
    entries = CodeListEntry.objects.filter(list_name=list_name)
    if not include_retired:
        entries = entries.filter(active=True)
    return entries.order_by("order", "code")


def code_choices(list_name: str, *, current: str = "") -> list[tuple[str, str]]:
    """Active entries as form choices; a retired `current` code stays selectable."""
    entries = CodeListEntry.objects.filter(list_name=list_name).order_by("order", "code")
    return [(e.code, e.label) for e in entries if e.active or e.code == current]


def validate_code(list_name: str, code: str, *, current: str = "") -> None:
    """A new value must be an active code; an unchanged retired one is kept."""
    if code == current:
        return
    if not CodeListEntry.objects.filter(list_name=list_name, code=code, active=True).exists():
        raise ValidationError(_("“%(code)s” is not an active code."), params={"code": code})


@transaction.atomic
def code_entry_save(
    *,
    acting_user: User,
    entry: CodeListEntry,
    label_it: str,
    label_en: str,
    order: int,
    active: bool,
) -> CodeListEntry:
    """Relabel, reorder, retire or restore an entry. Its code never changes."""
    if not may_edit_code_lists(acting_user):
        raise PermissionDenied
    before = {f: getattr(entry, f) for f in ("label_it", "label_en", "order", "active")}
    entry.label_it, entry.label_en, entry.order, entry.active = label_it, label_en, order, active
    entry.full_clean()
    entry.save()
    after = {f: getattr(entry, f) for f in before}
    audit.record(
        AccessAction.CONFIG_CHANGE,
        actor=acting_user,
        object_type="core.codelistentry",
        object_id=str(entry),
        fields=audit.changed_fields(before, after),
    )
    return entry


@transaction.atomic
def code_entry_create(
    *,
    acting_user: User,
    list_name: str,
    code: str,
    label_it: str,
    label_en: str,
    order: int = 0,
) -> CodeListEntry:
    if not may_edit_code_lists(acting_user):
        raise PermissionDenied
    entry = CodeListEntry(
        list_name=list_name, code=code, label_it=label_it, label_en=label_en, order=order
    )
    entry.full_clean()
    entry.save()
    audit.record(
        AccessAction.CONFIG_CHANGE,
        actor=acting_user,
        object_type="core.codelistentry",
        object_id=str(entry),
        fields=["code", "label_it", "label_en", "order"],
    )
    return entry
