"""The site's public address, for links in e-mails and feeds (no request to read it from)."""

from django.conf import settings


def site_url() -> str:
    """`ESSAIM_SITE_URL`, without its trailing slash."""
    return settings.ESSAIM_SITE_URL.rstrip("/")
