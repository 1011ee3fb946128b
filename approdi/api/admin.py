from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext as _

from .models import TOKEN_PREFIX_LENGTH, ApiToken, hash_token, new_token_key


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "name", "user", "created_at", "last_used_at", "revoked"]
    fields = ["user", "name", "revoked"]
    list_filter = ["revoked"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["user", "name"] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        if not change:
            key = new_token_key()
            obj.prefix, obj.key_hash = key[:TOKEN_PREFIX_LENGTH], hash_token(key)
            messages.warning(request, _("The token key, shown only now: %(key)s") % {"key": key})
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # revoke instead
