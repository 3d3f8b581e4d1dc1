"""API tokens in the admin: created there (the value is shown once), revoked there."""

from django.contrib import admin, messages

from essaim.api.models import ApiToken
from essaim.api.tokens import token_create, token_hash, token_revoke


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "owner", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "owner__username", "prefix")
    readonly_fields = ("prefix", "created_at", "last_used_at", "revoked_at")
    fields = ("name", "owner", "prefix", "created_at", "last_used_at", "revoked_at")
    actions = ("revoke",)

    def save_model(self, request, obj, form, change) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        token, raw = token_create(owner=obj.owner, name=obj.name)
        obj.pk, obj.prefix, obj.key_hash, obj.created_at = (
            token.pk,
            token.prefix,
            token_hash(raw),
            token.created_at,
        )
        messages.warning(
            request,
            f"Voici le jeton « {token.name} » : {raw} — "
            "copiez-le maintenant, il ne sera plus jamais affiché.",
        )

    @admin.action(description="Révoquer les jetons sélectionnés")
    def revoke(self, request, queryset) -> None:
        for token in queryset:
            token_revoke(token=token)
        messages.success(request, f"{queryset.count()} jeton(s) révoqué(s).")
