"""An initiative as a print-quality PDF, rendered by WeasyPrint and cached on disk.

The document is always the public version (no contact, no history, no private source text), whoever
asks for it, so one cached file serves everybody. WeasyPrint fetches nothing from the network: its URL
fetcher serves the project's own static files and refuses every other address.
"""

from urllib.parse import urljoin

from django.template.loader import render_to_string

from essaim.catalog.models import Initiative
from essaim.core import pdf

TEMPLATE = "portal/initiative_pdf.html"


def initiative_pdf_html(initiative: Initiative, *, base_url: str) -> str:
    """The document WeasyPrint lays out. Rendered without a request, hence without the visitor's
    abilities: staff get the public version too."""
    return render_to_string(
        TEMPLATE,
        {
            "initiative": initiative,
            "theme_links": list(initiative.theme_links.all()),
            "sources": list(initiative.sources.all()),
            "permalink": urljoin(base_url, initiative.get_absolute_url()),
        },
    )


def initiative_pdf(initiative: Initiative, *, base_url: str) -> bytes:
    """The PDF of this initiative, from the cache when nothing it shows has changed since.

    The cache key is the initiative's id and a digest of the HTML (which carries `updated_at`), so
    an edit, a new source or new territory figures all give a fresh PDF, and only one file is kept
    per initiative.
    """
    html = initiative_pdf_html(initiative, base_url=base_url)
    return pdf.cached_pdf(html, base_url=base_url, folder="pdf", prefix=str(initiative.pk))
