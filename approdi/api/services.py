from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from approdi.accounts.models import User
from approdi.accounts.roles import Role, has_role
from approdi.core import audit
from approdi.core.models import AccessAction

from .models import TOKEN_PREFIX_LENGTH, ApiToken, hash_token, new_token_key


@transaction.atomic
def api_token_create(*, acting_user: User | None, user: User, name: str) -> tuple[ApiToken, str]:
    """Make a token for `user`; returns it with its key, which is never stored or shown again.

    `acting_user` None means a management command run by whoever holds the server.
    """
    if acting_user is not None and not has_role(acting_user, Role.ADMIN):
        raise PermissionDenied(_("Only an administrator can create API tokens."))
    key = new_token_key()
    token = ApiToken.objects.create(
        user=user, name=name, prefix=key[:TOKEN_PREFIX_LENGTH], key_hash=hash_token(key)
    )
    audit.record(
        AccessAction.API_TOKEN,
        actor=acting_user,
        username="manage.py" if acting_user is None else "",
        object_type="accounts.user",
        object_id=str(user.pk),
        reason=name,
    )
    return token, key
