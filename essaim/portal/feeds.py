"""Atom feed of newly published initiatives, with the directory's filters."""

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.utils.feedgenerator import Atom1Feed

from essaim.catalog import selectors as catalog
from essaim.catalog.models import Initiative, Status
from essaim.portal import search_page
from essaim.search import service as search_service
from essaim.search.filters import SearchFilters

FEED_SIZE = 50


class InitiativesFeed(Feed):
    feed_type = Atom1Feed
    subtitle = "Les dernières initiatives locales d'action sociale publiées dans le répertoire Essaim."
    author_name = "Essaim"

    def get_object(self, request: HttpRequest, *args, **kwargs) -> SearchFilters:
        # The feed is public: the same filters as the directory, published initiatives only.
        labels = search_page.facet_labels(staff=False)
        filters = SearchFilters.from_params(request.GET.getlist, allowed=labels)
        return filters

    def title(self, filters: SearchFilters) -> str:
        return "Essaim — nouvelles initiatives publiées" + (f" : « {filters.q} »" if filters.q else "")

    def link(self, filters: SearchFilters) -> str:
        query = filters.query_string()
        return "/repertoire/" + (f"?{query}" if query else "")

    def items(self, filters: SearchFilters) -> list[Initiative]:
        outcome = search_service.search(
            filters, statuses=(Status.PUBLISHED,), page_size=FEED_SIZE, facets=(), sort="recent"
        )
        return catalog.initiatives_in_order(user=None, ids=outcome.ids)

    def item_title(self, item: Initiative) -> str:
        return item.title

    def item_description(self, item: Initiative) -> str:
        return item.summary

    def item_pubdate(self, item: Initiative):
        return item.published_at or item.created_at

    def item_updateddate(self, item: Initiative):
        return item.updated_at

    def item_categories(self, item: Initiative) -> list[str]:
        return [link.theme.label for link in item.theme_links.all()]

    def item_author_name(self, item: Initiative) -> str:
        return item.lead_actor.name if item.lead_actor else ""
