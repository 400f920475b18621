"""The Django admin for administrators. Changes to roles made here are audited like those
made on the pages; the audit log itself can be read but never changed."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sigap.people.audit import audit_record
from sigap.people.models import ApiToken, AuditEvent, Membership, Organisation, User


@login_not_required
def _login_through_sigap(request, extra_context=None):
    # One sign-in page for everyone, so lockout and two-step verification cannot be bypassed.
    return redirect_to_login(request.get_full_path(), reverse("people:login"))


admin.site.login = _login_through_sigap


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["area", "organisation"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = [
        "username",
        "first_name",
        "last_name",
        "is_active",
        "is_superuser",
        "totp_confirmed_at",
        "locked_until",
    ]
    readonly_fields = [
        "totp_confirmed_at",
        "failed_logins",
        "locked_until",
        "last_login",
        "date_joined",
    ]
    fieldsets = BaseUserAdmin.fieldsets + (
        (
            _("SIGAP"),
            {"fields": ["language", "phone", "totp_confirmed_at", "failed_logins", "locked_until"]},
        ),
    )
    inlines = [MembershipInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action="user.change" if change else "user.create",
            obj=obj,
            detail={"fields": sorted(form.changed_data), "via": "admin"},
        )

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        for membership in formset.new_objects + [m for m, _f in formset.changed_objects]:
            audit_record(
                actor=request.user,
                action="membership.grant",
                obj=membership,
                detail={"role": membership.role, "user_id": membership.user_id, "via": "admin"},
            )
        for membership in formset.deleted_objects:
            audit_record(
                actor=request.user,
                action="membership.delete",
                obj=membership,
                detail={"role": membership.role, "user_id": membership.user_id, "via": "admin"},
            )


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "type", "area", "is_active"]
    list_filter = ["type", "is_active"]
    search_fields = ["name", "area__code", "area__name"]
    raw_id_fields = ["area"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "organisation", "area", "is_active", "starts_on", "ends_on"]
    list_filter = ["role", "is_active"]
    search_fields = ["user__username", "organisation__name", "area__code"]
    raw_id_fields = ["user", "organisation", "area"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action="membership.change" if change else "membership.grant",
            obj=obj,
            detail={
                "role": obj.role,
                "user_id": obj.user_id,
                "via": "admin",
                "fields": sorted(form.changed_data),
            },
        )

    def delete_model(self, request, obj):
        audit_record(
            actor=request.user,
            action="membership.delete",
            obj=obj,
            detail={"role": obj.role, "user_id": obj.user_id, "via": "admin"},
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "user",
        "prefix",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    ]
    search_fields = ["name", "prefix", "user__username"]
    readonly_fields = ["user", "prefix", "created_at", "last_used_at"]
    exclude = ["token_hash"]

    def has_add_permission(self, request):
        return False  # tokens are made on the account page, where the raw value is shown once


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "action", "actor", "object_type", "object_id", "area_code"]
    list_filter = ["action", "object_type"]
    search_fields = ["action", "object_id", "area_code"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
