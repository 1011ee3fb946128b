from django.contrib import admin

from .models import NetworkActor, ProjectPeriod, Protocol


@admin.register(ProjectPeriod)
class ProjectPeriodAdmin(admin.ModelAdmin):
    list_display = ["name", "funder", "start", "end"]


@admin.register(NetworkActor)
class NetworkActorAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "territory", "contact_channel"]
    list_filter = ["kind", "territory"]
    search_fields = ["name"]


@admin.register(Protocol)
class ProtocolAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "signed_on"]
    filter_horizontal = ["parties"]
