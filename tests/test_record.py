"""An article page to its finished record in one call (record.py): fallbacks, cleaning,
normalization, and what the crawl counts about it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from spotlight_crawler.extract.listing import ListingEntry
from spotlight_crawler.items import from_listing
from spotlight_crawler.record import CONTROLS, ONE_LINE_CONTROLS, FeedListingEntry, extract_record
from tests.crawl import validate

SERVED = datetime(2024, 10, 22, 14, 40, tzinfo=UTC)  # 20:25 in Kathmandu
URL = "https://www.spotlightnepal.com/2024/10/22/x/"
STORY = "<p>" + "The river rose overnight and the valley's roads were closed by noon. " * 4 + "</p>"


def page(head: str = "", story: str = STORY) -> str:
    return f"<html><head>{head}</head><body><article><h1>Floods close the valley</h1>{story}</article></body></html>"


def record_of(html: str = "", url: str = URL, served: datetime = SERVED, **context):
    record = extract_record(html or page(), url, served, **context)
    validate([{name: getattr(record.item, name) for name in record.item.__dataclass_fields__}])
    return record


def test_the_serve_time_is_scraped_at_in_utc_to_the_second():
    moment = datetime(2024, 10, 22, 20, 25, 0, 123456).astimezone(UTC)
    assert record_of(served=moment).item.scraped_at == moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert record_of().item.scraped_at == "2024-10-22T14:40:00Z"


@pytest.mark.parametrize(
    ("raw", "published_at"),
    [
        ("Oct. 22, 2024, 7:54 p.m.", "2024-10-22T19:54:00+05:45"),
        ("Oct 22, 2024", "2024-10-22"),
        ("50\xa0years ago", None),  # 1974: before the site, and +05:30 in Kathmandu then
        ("Oct. 22, 0224, 7:54 p.m.", None),  # a year typed wrong
        ("Oct. 22, 2099, 7:54 p.m.", None),  # long after the page was served
    ],
)
def test_dates_no_story_can_have_stay_raw(raw, published_at):
    record = record_of(entry=ListingEntry(URL, date_raw=raw))
    assert (record.item.published_at, record.item.published_at_raw) == (published_at, raw)
    if published_at is None:
        assert record.counts["spotlight/normalize/unparsed/published_at"] == 1


def test_a_date_read_on_the_last_day_there_is_never_raises():
    record = record_of(
        served=datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC), entry=ListingEntry(URL, date_raw="Jan. 01, 2024")
    )
    assert record.item.published_at == "2024-01-01"


def test_an_age_too_coarse_for_its_day_takes_the_day_of_the_path():
    url = "https://www.spotlightnepal.com/2021/09/14/x/"
    record = record_of(url=url, entry=ListingEntry(url, date_raw="3 years, 1 month ago"))
    assert (record.item.published_at, record.item.published_at_raw) == ("2021-09-14", "3 years, 1 month ago")
    assert record.counts["spotlight/normalize/age_day_from_path"] == 1


def test_the_listing_fills_what_the_page_lacks_and_the_record_says_so():
    entry = ListingEntry(URL, headline="Other words", byline_raw="By Agencies", date_raw="Oct 22, 2024")
    record = record_of(entry=entry, default_section="International")
    item = record.item
    assert (item.section, item.byline_raw, item.authors) == (
        "International",
        "By Agencies",
        [{"name": "Agencies", "kind": "agency"}],
    )
    assert from_listing(item) == {"published_at_raw", "byline_raw"}
    assert record.counts["spotlight/fallback/section"] == record.counts["spotlight/fallback/byline_raw"] == 1
    assert record.counts["spotlight/witnesses/disagree/headline/printed.headline~listing.headline"] == 1
    fed = record_of(entry=FeedListingEntry(URL, byline_raw="By Agencies"))
    assert from_listing(fed.item) == {"byline_raw"} and fed.counts["spotlight/feed/filled/byline_raw"] == 1


@pytest.mark.parametrize(
    ("text", "multiline", "expected"),
    [
        ("Breaking\x1b]0;owned\x07 news", False, "Breaking]0;owned news"),  # ESC ... BEL: a terminal's title
        ("red\x1b[31m text", False, "red[31m text"),
        ("CSI as C1\x9b31m, NEL\x85 and DEL\x7f", False, "CSI as C131m, NEL and DEL"),
        ("NUL\x00 and VT\x0b FF\x0c", False, "NUL and VT FF"),
        ("one\ttwo\nthree\r\n", False, "one two three "),
        ("para one.\r\n\npara\ttwo.", True, "para one.\n\npara\ttwo."),
        ("देवनागरी \xa0 “quotes” \u2014 é \xa9", False, "देवनागरी \xa0 “quotes” \u2014 é \xa9"),  # text, not controls
        ("", True, ""),
    ],
)
def test_control_characters_leave_text(text, multiline, expected):
    assert text.translate(CONTROLS if multiline else ONE_LINE_CONTROLS) == expected


def test_control_characters_leave_every_text_field_before_it_is_read():
    html = page(
        story="<p>Oct. 22, 2024,\x00 7:54 p.m.</p>"
        + STORY.replace("valley", "val\x1bley")
        + "<p>Published in Magazine Issue: Vol.\x1b 18, No. 7</p>"
    ).replace("Floods", "Red\x1b[31m\tfloods\x07")
    record = record_of(html)
    item = record.item
    assert item.headline == "Red[31m floods close the valley"
    assert item.published_at == "2024-10-22T19:54:00+05:45"
    assert "\x1b" not in item.body
    assert item.magazine_issue["raw"] == "Vol. 18, No. 7" and item.magazine_issue["volume"] == 18
    assert record.counts["spotlight/normalize/control_characters"] == 1
    assert any("control characters removed from headline" in line for _, line in record.log)


def test_a_printed_date_the_metadata_contradicts_is_kept_and_counted():
    meta = '<meta property="article:published_time" content="2024-10-20T08:00:00+05:45">'
    record = record_of(page(head=meta, story="<p>Oct. 22, 2024, 7:54 p.m.</p>" + STORY))
    assert record.item.published_at == "2024-10-22T19:54:00+05:45"
    assert record.counts["spotlight/published_at/metadata_disagrees"] == 1
