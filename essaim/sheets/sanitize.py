"""Rich text of a fiche: the small HTML subset the editor accepts, cleaned with nh3 on every save.

Everything outside the subset is removed: scripts and styles with their content, event attributes
(`onclick`…), inline styles, classes, and links other than http(s) and mailto (`javascript:` goes).
"""

import nh3

ALLOWED_TAGS: frozenset[str] = frozenset(
    {"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "a", "h3", "h4", "blockquote"}
)
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {"a": {"href", "title"}}
URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})
# Their content is dropped too, not only the tags (nh3 keeps the text of other removed tags).
DROPPED_WITH_CONTENT: frozenset[str] = frozenset(
    {"script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math", "textarea"}
)


def html_clean(html: str) -> str:
    """The sanitised version of `html`, stripped of leading and trailing blanks."""
    cleaned = nh3.clean(
        html or "",
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return cleaned.strip()
