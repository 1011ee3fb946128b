"""Every way a user account changes. Organisation and roles change only here, by an admin."""

from collections.abc import Iterable

from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from approdi.core import audit
from approdi.core.models import AccessAction

from .models import Organisation, User
from .roles import Role, has_role


def _apply_admin_flags(user: User) -> None:
    """The `admin` role opens the configuration admin; nothing else does."""
    user.is_staff = user.is_superuser = Role.ADMIN in user.roles


def _require_admin(acting_user: User, target: User | None) -> None:
    if not has_role(acting_user, Role.ADMIN) and not acting_user.is_superuser:
        raise PermissionDenied(_("Only an administrator can change organisations and roles."))
    if target is not None and target.pk == acting_user.pk:
        raise PermissionDenied(_("Nobody can change their own organisation or roles."))


@transaction.atomic
def user_create(
    *,
    acting_user: User | None,
    username: str,
    password: str | None,
    organisation: Organisation | None,
    roles: Iterable[str],
    email: str = "",
) -> User:
    """Create a user. `acting_user` None is reserved for management commands."""
    if acting_user is not None:
        _require_admin(acting_user, None)
    user = User(
        username=username,
        email=email,
        organisation=organisation,
        roles=sorted(set(roles)),
    )
    _apply_admin_flags(user)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    audit.record(AccessAction.CREATE, actor=acting_user, obj=user, fields=["organisation", "roles"])
    return user


@transaction.atomic
def user_set_organisation_and_roles(
    *, acting_user: User, user: User, organisation: Organisation | None, roles: Iterable[str]
) -> User:
    _require_admin(acting_user, user)
    before = {"organisation": user.organisation_id, "roles": sorted(user.roles)}
    user.organisation = organisation
    user.roles = sorted(set(roles))
    _apply_admin_flags(user)
    user.full_clean()
    user.save()
    after = {"organisation": user.organisation_id, "roles": user.roles}
    audit.record(
        AccessAction.UPDATE, actor=acting_user, obj=user, fields=audit.changed_fields(before, after)
    )
    return user


def end_sessions_of(user: User) -> int:
    """Delete every server-side session of `user`; returns how many ended."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
            ended += 1
    return ended


@transaction.atomic
def user_deactivate(*, acting_user: User, user: User) -> User:
    """Deactivate an account and end its sessions at once."""
    _require_admin(acting_user, user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    end_sessions_of(user)
    audit.record(AccessAction.UPDATE, actor=acting_user, obj=user, fields=["is_active"])
    return user
