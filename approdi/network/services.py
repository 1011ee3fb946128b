"""Every way a protocol of the network changes. Only the coordination office writes them."""

import datetime
from collections.abc import Iterable
from pathlib import PurePath

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role, has_role
from approdi.core import audit
from approdi.core.models import AccessAction

from .models import NetworkActor, Protocol, ProtocolDocument, ProtocolKind, ProtocolStatus

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
# Extension → (content type, how the file must start).
DOCUMENT_TYPES: dict[str, tuple[str, bytes]] = {
    ".pdf": ("application/pdf", b"%PDF-"),
    ".odt": ("application/vnd.oasis.opendocument.text", b"PK\x03\x04"),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        b"PK\x03\x04",
    ),
}


def may_edit_protocols(user: User) -> bool:
    return has_role(user, Role.COORDINATOR)


@transaction.atomic
def protocol_save(
    *,
    acting_user: User,
    protocol: Protocol | None = None,
    title: str,
    kind: str,
    subject: str = "",
    status: str,
    signed_on: datetime.date | None = None,
    valid_until: datetime.date | None = None,
    parties: Iterable[NetworkActor] = (),
    organisations: Iterable[Organisation] = (),
) -> Protocol:
    if not may_edit_protocols(acting_user):
        raise PermissionDenied
    errors: dict[str, str] = {}
    if kind not in ProtocolKind.values:
        errors["kind"] = _("Unknown kind.")
    if status not in ProtocolStatus.values:
        errors["status"] = _("Unknown status.")
    if status in (ProtocolStatus.SIGNED, ProtocolStatus.EXPIRED) and signed_on is None:
        errors["signed_on"] = _("A signed protocol needs the date it was signed.")
    if signed_on and valid_until and valid_until < signed_on:
        errors["valid_until"] = _("The protocol cannot end before it was signed.")
    parties, organisations = list(parties), list(organisations)
    if not parties and not organisations:
        errors["parties"] = _("Name at least one party.")
    if errors:
        raise ValidationError(errors)
    creating = protocol is None
    protocol = protocol or Protocol()
    names = ("title", "kind", "subject", "status", "signed_on", "valid_until")
    before = {name: getattr(protocol, name) for name in names}
    protocol.title = title.strip()
    protocol.kind = kind
    protocol.subject = subject.strip()
    protocol.status = status
    protocol.signed_on = signed_on
    protocol.valid_until = valid_until
    protocol.full_clean()
    protocol.save()
    protocol.parties.set(parties)
    protocol.organisations.set(organisations)
    after = {name: getattr(protocol, name) for name in names}
    audit.record(
        AccessAction.CREATE if creating else AccessAction.UPDATE,
        actor=acting_user,
        obj=protocol,
        fields=list(names) if creating else audit.changed_fields(before, after),
    )
    return protocol


@transaction.atomic
def protocol_document_attach(
    *, acting_user: User, protocol: Protocol, filename: str, content: bytes
) -> ProtocolDocument:
    """Attach (or replace) the protocol's document: PDF, ODT or DOCX up to 10 MB."""
    if not may_edit_protocols(acting_user):
        raise PermissionDenied
    name = PurePath(filename.replace("\\", "/")).name.strip()[:200] or "protocollo"
    suffix = PurePath(name).suffix.lower()
    if suffix not in DOCUMENT_TYPES:
        raise ValidationError({"document": _("Upload a PDF, ODT or DOCX file.")})
    content_type, magic = DOCUMENT_TYPES[suffix]
    if len(content) > MAX_DOCUMENT_BYTES:
        raise ValidationError({"document": _("The file is larger than 10 MB.")})
    if not content.startswith(magic):
        raise ValidationError(
            {"document": _("The file is not a valid %(kind)s.") % {"kind": suffix[1:].upper()}}
        )
    document, _created = ProtocolDocument.objects.update_or_create(
        protocol=protocol,
        defaults={
            "filename": name,
            "content_type": content_type,
            "size": len(content),
            "content": content,
            "uploaded_by": acting_user,
            "uploaded_at": timezone.now(),
        },
    )
    audit.record(AccessAction.UPDATE, actor=acting_user, obj=protocol, fields=["document"])
    return document
