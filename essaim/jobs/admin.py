"""Background jobs in the admin: to see what failed and why."""

from django.contrib import admin

from essaim.jobs.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("label", "kind", "status", "done", "total", "created_at", "finished_at", "attempts")
    list_filter = ("status", "kind")
    search_fields = ("label", "key", "error")
    readonly_fields = [field.name for field in Job._meta.fields]
