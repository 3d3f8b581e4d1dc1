"""RSS and Atom feeds: one item per entry."""

from __future__ import annotations

import datetime as dt
import warnings

from essaim.watch.extraction.base import Extracted, ExtractionError, Item, digest, first_sentences
from essaim.watch.extraction.documents import html_text


def _date(entry) -> dt.date | None:
    for name in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(name)
        if value:
            try:
                return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
            except (ValueError, AttributeError):
                continue
    return None


def extract_feed(content: bytes, *, url: str = "") -> Extracted:
    import feedparser

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parsed = feedparser.parse(content, response_headers={"content-location": url} if url else None)
    if not parsed.entries:
        if parsed.bozo and not parsed.feed:
            raise ExtractionError("Ce flux RSS/Atom est illisible : ce n'est pas un flux valide.")
        return Extracted(title=parsed.feed.get("title", ""), text="", items=[])
    publisher = " ".join((parsed.feed.get("title") or "").split())
    items = []
    texts = []
    for entry in parsed.entries:
        title = " ".join(html_text(entry.get("title") or "").split())
        body_html = ""
        if entry.get("content"):
            body_html = "\n".join(part.get("value", "") for part in entry["content"])
        body_html = body_html or entry.get("summary") or entry.get("description") or ""
        body = html_text(body_html)
        if not title:
            title = first_sentences(body, 120)
        if not title:
            continue
        link = entry.get("link") or ""
        key = entry.get("id") or link or digest(f"{title}\n{body}")[:32]
        items.append(
            Item(
                key=key[:300],
                title=title[:250],
                text=body,
                summary=first_sentences(body),
                url=link,
                publisher=(entry.get("author") or publisher)[:200],
                published_on=_date(entry),
            )
        )
        texts.append(f"{title}\n{body}")
    return Extracted(title=publisher, text="\n\n".join(texts), items=items)
