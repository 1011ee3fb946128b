from django.contrib import admin

from .models import CodeListEntry


@admin.register(CodeListEntry)
class CodeListEntryAdmin(admin.ModelAdmin):
    list_display = ["list_name", "code", "label_it", "label_en", "order", "active"]
    list_filter = ["list_name", "active"]
    search_fields = ["code", "label_it", "label_en"]

    def get_readonly_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        # A code never changes once records may hold it.
        return ["list_name", "code"] if obj is not None else []

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # retire an entry instead: records keep their code
