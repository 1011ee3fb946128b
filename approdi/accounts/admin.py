from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from approdi.core import audit
from approdi.core.models import AccessAction

from .models import Organisation, User
from .roles import Role

# Fields nobody may change on their own account, not even an administrator.
SELF_LOCKED_FIELDS = (
    "organisation",
    "roles",
    "is_staff",
    "is_superuser",
    "is_active",
    "groups",
    "user_permissions",
)


class RolesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        kwargs.pop("encoder", None)
        kwargs.pop("decoder", None)
        kwargs.pop("max_length", None)
        super().__init__(choices=Role.choices, required=False, **kwargs)


class UserAdminForm(UserChangeForm):
    roles = RolesField(label=_("Roles"))

    class Meta:
        model = User
        fields = "__all__"
        field_classes = UserChangeForm.Meta.field_classes  # type: ignore[attr-defined]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserAdminForm
    list_display = ["username", "organisation", "roles", "is_active", "last_login"]
    list_filter = ["organisation", "is_active"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Organisation and roles"), {"fields": ("organisation", "roles", "is_active")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"fields": ("username", "password1", "password2", "organisation")}),)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        readonly = [*list(super().get_readonly_fields(request, obj)), "last_login", "date_joined"]
        if obj is not None and obj.pk == request.user.pk:
            readonly += [f for f in SELF_LOCKED_FIELDS if f not in readonly]
        return readonly

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        if obj.pk == request.user.pk:
            # Defence in depth: the form has these read-only, the model must agree.
            saved = User.objects.get(pk=obj.pk)
            obj.organisation_id, obj.roles = saved.organisation_id, saved.roles
            obj.is_staff, obj.is_superuser = saved.is_staff, saved.is_superuser
        else:
            obj.is_staff = Role.ADMIN in (obj.roles or [])
            obj.is_superuser = obj.is_staff
        super().save_model(request, obj, form, change)
        audit.record(
            AccessAction.UPDATE if change else AccessAction.CREATE,
            actor=request.user,  # type: ignore[arg-type]
            request=request,
            obj=obj,
            fields=[f for f in form.changed_data if f != "password"]
            + (["password"] if "password" in form.changed_data else []),
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # deactivate instead: the access log points at users


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["slug", "name", "kind", "active"]
    list_filter = ["kind", "active"]
    prepopulated_fields = {"slug": ["name"]}

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
