"""Accounts in the admin: administrators manage people and their roles."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from essaim.accounts.models import Organisation, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "role", "organisation", "is_active")
    autocomplete_fields = ("organisation",)
    list_filter = ("role", "is_active")
    search_fields = ("username", "email", "first_name", "last_name", "organisation__name")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Identité", {"fields": ("first_name", "last_name", "email", "organisation")}),
        ("Rôle", {"fields": ("role", "is_active")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "email", "role", "password1", "password2")}),
    )


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "created_at")
    search_fields = ("name",)
