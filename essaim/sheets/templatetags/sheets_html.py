"""Show a fiche's stored rich text: sanitised again on the way out (defence in depth)."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from essaim.sheets.sanitize import html_clean

register = template.Library()


@register.filter
def sheet_html(value: str) -> SafeString:
    return mark_safe(html_clean(value or ""))  # noqa: S308 -- just cleaned by nh3
