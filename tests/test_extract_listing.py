from parsel import Selector

from spotlight_crawler.extract.listing import has_scripts, listing_entries, nav_link
from tests.pages import FIXTURES

LISTING = Selector((FIXTURES / "real-listing-topic-economy.html").read_text(encoding="utf-8"))
URL = "https://spotlightnepal.com/topic/economy"


def test_entries_of_the_real_listing_in_order():
    entries, shaped = listing_entries(LISTING, URL)
    assert shaped
    assert [e.url for e in entries] == [
        "https://spotlightnepal.com/2025/01/07/economy-story-1/",
        "https://spotlightnepal.com/2024/12/31/economy-story-2/",
        "https://spotlightnepal.com/2024/12/31/economy-story-3/",
        "https://spotlightnepal.com/2024/12/29/economy-story-4/",
    ]
    assert [(e.byline_raw, e.date_raw) for e in entries] == [
        ("NEW SPOTLIGHT ONLINE", "Jan 07, 2025"),
        ("A Correspondent", "Dec 31, 2024"),
        ("A Correspondent", "Dec 31, 2024"),
        ("A Correspondent", "Dec 29, 2024"),
    ]
    assert entries[0].summary.startswith("Despite encountering challenges")


def test_sidebar_links_are_not_entries():
    entries, _ = listing_entries(LISTING, URL)
    assert not any("sidebar-story" in e.url for e in entries)


def test_unshaped_listing_falls_back_to_every_article_link():
    html = '<ul><li><a href="/2024/10/22/a/">A</a></li><li><a href="/2024/10/21/b">B</a></li><li><a href="/2024/10/21/b/">B</a></li><li><a href="/about/">About</a></li></ul>'
    entries, shaped = listing_entries(Selector(html), "http://127.0.0.1:1/articles/")
    assert not shaped
    assert [e.url for e in entries] == ["http://127.0.0.1:1/2024/10/22/a/", "http://127.0.0.1:1/2024/10/21/b"]


def test_navigation_names_the_listings():
    assert nav_link(LISTING, URL, "international") == "https://spotlightnepal.com/topic/international"
    assert nav_link(LISTING, URL, "latest") == "https://spotlightnepal.com/articles/"


def test_scripts_detected_but_not_json_ld():
    assert not has_scripts(Selector('<script type="application/ld+json">{}</script>'))
    assert has_scripts(Selector("<script src='/static/app.js'></script>"))
