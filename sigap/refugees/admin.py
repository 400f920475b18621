from django.contrib import admin

from sigap.refugees.models import Headcount, Incident, Site, TaskForceMember


@admin.register(TaskForceMember)
class TaskForceMemberAdmin(admin.ModelAdmin):
    list_display = ["user", "area", "agency", "is_active"]
    raw_id_fields = ["user", "area"]


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "area", "capacity", "is_active"]
    raw_id_fields = ["area"]


@admin.register(Headcount)
class HeadcountAdmin(admin.ModelAdmin):
    list_display = ["area", "counted_on", "nationality", "sex", "age_group", "count"]
    list_filter = ["counted_on", "nationality"]
    raw_id_fields = ["area"]


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):
    list_display = ["kind", "happened_on", "area", "people"]
    raw_id_fields = ["area", "report"]
