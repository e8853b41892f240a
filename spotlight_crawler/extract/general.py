"""The general-purpose extractor as a witness: trafilatura's main text of a page, which the
body's judge weighs against the site's own reading (judge/body.py)."""

from __future__ import annotations

from spotlight_crawler.extract.text import text_of

# Never the story: left out before trafilatura reads the page (its fallback may keep them).
_CHROME = ["//nav", "//*[@role='navigation']", "/html/body/header", "/html/body/footer"]


def main_text(html: str, url: str) -> list[str]:
    """trafilatura's main text of the page ``html`` fetched from ``url``, as paragraphs (each
    list item, quote and subheading apart); empty when it finds none. Never raises on markup
    trafilatura declines (it answers None for those)."""
    import trafilatura  # on first use: a run that reads no article page does not load it

    try:
        doc = trafilatura.bare_extraction(html, url=url, include_comments=False, prune_xpath=_CHROME)
    except RecursionError:  # a page nested deeper than lxml's serializer recurses
        return []
    body = getattr(doc, "body", None)
    if body is None:
        return []
    parts = (part for el in body for part in (el.iter("item") if el.tag == "list" else (el,)))
    return [text for part in parts if (text := text_of(part))]
