"""Everything the crawler knows about the site's pages: hosts and paths, selectors, and the
text patterns the site prints. When the site changes, this is the module to edit."""

from __future__ import annotations

import re
from typing import Final

# --- Hosts and paths ---------------------------------------------------------

CANONICAL_BASE_URL = "https://www.spotlightnepal.com"
# Both spellings of the live host serve the same pages.
SITE_HOSTS = ("www.spotlightnepal.com", "spotlightnepal.com")

# Listing paths, used when the navigation does not name them (guessed: see docs/site.md).
INTERNATIONAL_PATH = "/topic/international"
LATEST_PATH = "/articles/"

# The navigation link whose text names a listing.
NAV_LINK_TEXT = {
    "international": re.compile(r"^\s*international\s*$", re.I),
    "latest": re.compile(r"^\s*(the\s+)?latest(\s+news|\s+articles)?\s*$", re.I),
}

# No story of the site is older: an earlier date was misread (and Kathmandu was +05:30 before 1986).
EARLIEST_YEAR = 1990

# A whole HTML page ends with its end tag; a page cut short by the server does not.
DOCUMENT_END = re.compile(rb"</(?:html|body)\s*>", re.I)

# Article URLs carry their publication date: /YYYY/MM/DD/<slug>/
ARTICLE_PATH = re.compile(r"^/(?P<y>(19|20)\d\d)/(?P<m>0[1-9]|1[0-2])/(?P<d>0[1-9]|[12]\d|3[01])/(?P<slug>[^/?#]+)/?$")

# --- Metadata ----------------------------------------------------------------

JSON_LD = "script[type='application/ld+json']::text"
# The JSON-LD property naming the publication (its name is no author, and follows titles).
JSON_LD_PUBLISHER = "publisher"
# The JSON-LD types of a story: schema.org's Article and its subtypes (NewsArticle, BlogPosting, Report...).
JSON_LD_ARTICLE_TYPE = re.compile(r"\w*(?:Article|BlogPosting)|Report")

# <meta> tags, by their property, name or itemprop (case-insensitive), in order of trust.
META_HEADLINE = ("og:title", "twitter:title")
META_PUBLISHED = ("article:published_time", "datepublished")
# Every <meta> that may carry the publication time, in order of trust (witnesses of the time's judge).
META_PUBLISHED_ALL = (
    *META_PUBLISHED, "og:published_time", "pubdate", "publishdate", "publish-date", "parsely-pub-date",
    "sailthru.date", "date",
)  # fmt: skip
# Dublin Core names of the publication date, as extruct gives them.
DC_PUBLISHED = ("dcterms.issued", "dcterms.created", "dc.date.issued", "dc.date", "date.created")
META_AUTHOR = ("author", "article:author")
META_SUMMARY = ("og:description", "description")
META_IMAGE = ("og:image", "twitter:image")
META_SECTION = ("article:section",)
# <time> elements whose machine-readable value is the publication date.
TIME_PUBLISHED = ("time[itemprop='datePublished']::attr(datetime)", "time[datetime]::attr(datetime)")

# --- Markup ------------------------------------------------------------------

# Tried in order; the <title> (minus the site name) comes between h1 and the weaker guesses.
HEADLINE = ("[itemprop='headline']", "article h1", "h1")
HEADLINE_WEAK = ("[class*='title']", "h2")
# Classes of the story's container on common CMS templates (Wagtail's rich text and StreamField blocks too).
BODY_CONTAINER_CLASS = re.compile(
    r"article-body|article-content|story-body|entry-content|post-content|rich-text|(?:^|\s)block-", re.I
)
# Wagtail renditions live under /media/images/; outside metadata, the first one is the story's.
IMAGE = ("img[src*='/media/images/']::attr(src)", "article img::attr(src)")
TITLE = "title::text"
# What separates a title from the site's name after it ("Headline | Site", "Headline - Site").
TITLE_SEPARATOR = re.compile(r"\s+[|\-–—:»·•]+\s+|\s*[|·•]\s*")
# The site's name appended to <title> and og:title.
TITLE_SUFFIX = re.compile(r"\s*[|\-–—:]\s*(New\s+)?Spotlight(\s+(Online|Nepal|News\s*Magazine))?\s*$", re.I)

# Elements never part of a story's text.
SKIP_TAGS = frozenset(
    {"script", "style", "noscript", "template", "nav", "footer", "form", "svg", "iframe", "button", "select", "head"}
)
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Block elements: each starts a new text block.
BLOCK_TAGS = HEADING_TAGS | {
    "p", "div", "section", "article", "main", "aside", "header", "li", "ul", "ol", "dl", "dt", "dd", "blockquote",
    "pre", "table", "tr", "td", "th", "figure", "figcaption", "center", "address", "hr",
}  # fmt: skip

# --- Month names ---------------------------------------------------------------

# ASCII semantics for the date readers: no Unicode look-alikes the month tables cannot look up.
DATE_FLAGS: Final = re.ASCII | re.IGNORECASE

AD_MONTH_NAMES: Final = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
AD_MONTHS: Final[dict[str, int]] = {name[:3]: number for number, name in enumerate(AD_MONTH_NAMES, start=1)}
"""Gregorian months keyed by their first three letters (all spellings share them)."""
# Full names, three-letter forms and Django's AP style ("Sept."), any case, dot optional.
AD_MONTH: Final = (
    r"(?:"
    + "|".join(sorted(dict.fromkeys((*AD_MONTH_NAMES, *AD_MONTHS, "sept")), key=len, reverse=True))
    + r")(?![a-z])\.?"
)

BS_MONTH_SPELLINGS: Final[dict[int, tuple[str, ...]]] = {
    1: ("baisakh", "baishakh", "baishak", "baisak", "vaisakh", "vaishakh"),
    2: ("jestha", "jeth", "jeshtha", "jyestha", "jyeshtha", "jesth", "jetha"),
    3: ("ashad", "asar", "ashar", "asadh", "ashadh", "aasar", "asaar"),
    4: ("shrawan", "sharwan", "saun", "shravan", "srawan", "sawan", "saawan"),
    5: ("bhadra", "bhadau", "bhadou", "bhado"),
    6: ("ashoj", "asoj", "ashwin", "aswin", "asouj"),
    7: ("kartik", "kartick", "kattik", "kartika", "kaartik"),
    8: ("mangsir", "mangshir", "marga", "mansir", "mangseer", "margashirsha"),
    9: ("poush", "push", "paush", "pous", "pus", "paus"),
    10: ("magh", "maagh"),
    11: ("falgun", "phalgun", "fagun", "phagun"),
    12: ("chaitra", "chait", "chaita", "chaitr"),
}
"""Bikram Sambat months (1 = Baisakh) in the spellings hand-typed issue lines use."""
BS_MONTHS: Final[dict[str, int]] = {
    spelling: number for number, spellings in BS_MONTH_SPELLINGS.items() for spelling in spellings
}
# Longest spellings first, so that "Chaitra" is not read as "Chait" + "ra".
BS_MONTH: Final = r"(?:" + "|".join(sorted(BS_MONTHS, key=len, reverse=True)) + r")(?![a-z])\.?"

# --- Text patterns -----------------------------------------------------------

_TIME = r"(?:\d{1,2}(?::\d{2})?\s*[ap]\.?\s?m\.?|noon|midnight)"
# Django's DATETIME_FORMAT "N j, Y, P": "Oct. 22, 2024, 7:54 p.m.", "March 1, 2021, noon".
PRINTED_DATETIME = re.compile(rf"\b(?:{AD_MONTH})\s+\d{{1,2}},?\s+\d{{4}},?\s+{_TIME}", re.I)
# The site's own date-time exactly as its templates print it, in Nepal time.
DJANGO_DATETIME = re.compile(
    rf"^(?:{AD_MONTH}) \d{{1,2}}, \d{{4}}, (?:\d{{1,2}}(?::\d{{2}})? [ap]\.m\.|noon|midnight)$", re.I
)
# A date written the machine's way ("2024-10-22", "2024-10-22T08:39:00Z"): metadata, not a printed line.
ISO_DATE = re.compile(r"^\s*\d{4}-\d{2}-\d{2}")
# Listing and sidebar dates: "Oct 22, 2024", "Jan 07, 2025".
PRINTED_DATE = re.compile(rf"\b(?:{AD_MONTH})\s+\d{{1,2}},?\s+\d{{4}}\b", re.I)

# Ages: the canonical unit (a timedelta argument) of each spelling of a unit.
TIMESINCE_UNITS: Final = ("year", "month", "week", "day", "hour", "minute")
AGE_UNITS: Final[dict[str, str]] = {unit: unit + "s" for unit in (*TIMESINCE_UNITS, "second")} | {
    "yr": "years", "mo": "months", "wk": "weeks", "hr": "hours", "min": "minutes", "sec": "seconds",
}  # fmt: skip
# Django timesince as printed: "13 minutes ago", "3 years, 1 month ago", "just now".
RELATIVE_AGE = re.compile(rf"\b(?:\d+\s+(?:{'|'.join(TIMESINCE_UNITS)})s?,?\s+)+ago\b|\bjust now\b", re.I)
# Any printed date or age; the date-time form first, so its time is not left over.
ANY_DATE = re.compile(rf"{PRINTED_DATETIME.pattern}|{PRINTED_DATE.pattern}|{RELATIVE_AGE.pattern}", re.I)
# A line that is a date alone (tickers, "Most read" boxes, some listings).
DATE_ONLY = re.compile(rf"^\s*(?P<date>{ANY_DATE.pattern})\s*$", re.I)
_AGE_UNIT = r"(?:" + "|".join(f"{spelling}s?" for spelling in AGE_UNITS) + r")(?![a-z])"
_AGE_PART = rf"(?:\d{{1,6}}\s*|\ban?\s+){_AGE_UNIT}"
# One part per unit, years to seconds (Django prints two); the bound keeps the search linear.
_AGE_MAX_PARTS = 7
# Every age the date reader takes: "3 years, 1 month ago", "an hour ago", "2 days from now", "just now".
AGE_PHRASE: Final = re.compile(
    rf"(?<![\w.])(?P<parts>{_AGE_PART}(?:(?:\s*,\s*|\s+)(?:and\s+)?{_AGE_PART}){{0,{_AGE_MAX_PARTS - 1}}})"
    r"\s+(?P<dir>ago|from\s+now)(?![a-z])"
    r"|\b(?P<now>just\s+now|right\s+now|a\s+moment\s+ago|moments\s+ago)\b",
    DATE_FLAGS,
)
# One count and unit of an age phrase ("3 years", "an hour").
AGE_PART: Final = re.compile(rf"(?P<count>\d{{1,6}}|\ban?)\s*(?P<unit>{_AGE_UNIT})", DATE_FLAGS)
# A whole text that means "now" (casefolded).
AGE_NOW: Final = frozenset({"now", "just now", "right now"})

BYLINE_PREFIX = re.compile(r"^\s*By[\s:]+(?P<byline>\S.*?)\s*$", re.I | re.S)
# Lines that close a story without "By": wire copy, the staff desk, one or several names.
_NAME = r"[A-Z][A-Za-z.'’-]*"
_NAMES = rf"{_NAME}(?:\s+{_NAME}){{0,4}}(?:\s*(?:,|&|\band\b|\bAND\b)\s*{_NAME}(?:\s+{_NAME}){{0,4}})*"
SIGN_OFF = re.compile(
    rf"^\s*(?:Agencies|Agency|NEW SPOTLIGHT ONLINE|A Correspondent|Our Correspondent|\(?(?:RSS|AFP|Reuters|Xinhua|ANI|IANS|PTI)\)?|{_NAMES})\s*\.?\s*$"
)

# Who a byline names (normalize/bylines.py): the site's own desk ("By NEW SPOTLIGHT ONLINE"), staff, wire services.
STAFF_DESK: Final = "New Spotlight Online"
STAFF_DESK_NAME: Final = re.compile(
    r"(?:the\s+)?(?:new\s+spotlight(?:\s+online)?|spotlight\s+online|newspotlight(?:\s*online)?)"
    r"(?:\s+(?:team|desk|news\s+desk|staff|news))?",
    re.IGNORECASE,
)
# Unnamed staff credits, keyed casefolded; the value is the canonical spelling.
STAFF_ROLES: Final[dict[str, str]] = {
    key: key.title()
    for key in (
        "a correspondent", "our correspondent", "special correspondent", "staff correspondent", "correspondent",
        "staff reporter", "a staff reporter", "our staff reporter", "our reporter", "a reporter", "staff writer",
        "news desk", "editorial desk", "web desk", "online desk",
    )
}  # fmt: skip
# Wire services and "Agencies": canonical name, then its other spellings (casefolded, without dots).
_AGENCY_SPELLINGS: Final[dict[str, tuple[str, ...]]] = {
    "Agencies": ("agency", "agency inputs", "agency input", "news agencies", "wire services"),
    "RSS": ("rastriya samachar samiti", "rashtriya samachar samiti"),
    "AFP": ("agence france-presse", "agence france presse"),
    "AP": ("associated press", "the associated press"),
    "Reuters": ("thomson reuters",), "Xinhua": ("xinhua news agency",), "Yonhap": ("yonhap news agency",),
    "ANI": ("asian news international",), "IANS": ("indo-asian news service",), "PTI": ("press trust of india",),
    "BBC": ("bbc news",), "Kyodo": ("kyodo news",), "Anadolu": ("anadolu agency",), "IPS": ("inter press service",),
    **dict.fromkeys(("TASS", "EFE", "UNB", "Bernama", "DPA", "UPI", "BSS", "Sputnik", "CGTN", "VOA"), ()),
}  # fmt: skip
AGENCIES: Final[dict[str, str]] = {
    spelling: name for name, spellings in _AGENCY_SPELLINGS.items() for spelling in (name.casefold(), *spellings)
}
# The masthead's and register's words, however spelled: they trail issue lines and name no author.
_MASTHEAD_WORDS = r"\bpublisher\b|\beditor\s*:|\b(?:online\s+)?register(?:ed)?\s+(?:number|no)\b"
# Masthead and photo-credit text, which names people who are not authors.
NOT_A_BYLINE: Final = re.compile(
    rf"{_MASTHEAD_WORDS}|\bmagazine\s+issue\b"
    r"|\b(?:photos?|pictures?|images?|file\s+photo|graphics?)\s*(?::|-|\bby\b|\bcourtesy\b|\bcredits?\b)"
    r"|^\s*(?:photos?|courtesy|credits?)\b",
    re.IGNORECASE,
)
# Words of the site's furniture (mastheads, issue lines, ages) that are never part of a name.
NOT_NAME_WORDS: Final = frozenset(
    {"photo", "photos", "editor", "publisher", "online", "magazine", "issue", "vol", "published", "register"}
    | {"number", "ago", "minutes", "days", "hours", "the", "a", "an"}
    # Job titles printed after a name ("Jon King, News Reporter"): a role, not one more author.
    | {"reporter", "writer", "columnist", "contributor", "journalist", "producer"}
)
# " By " inside a sidebar line ("<headline> By <byline> <age>"); case-sensitive: not a sentence's "by".
INNER_BY: Final = re.compile(r"(?:^|\s)(?:By|BY)\s*:?\s+")

# Photo credits and captions' credit lines are not body text.
PHOTO_CREDIT = re.compile(r"^\s*(?:File\s+)?Photo(?:\s+courtesy)?(?:\s*:|\s+by\b)|^\s*Photos?\s*:", re.I)

# Magazine issue lines: "Published in (the) Magazine Issue: VOL. 18, No. 05, October.04,2024 (Ashoj-18. 2081)".
ISSUE_PREFIX = re.compile(r"Published\s+in\s+(?:the\s+)?Magazine\s+Issue\s*:?", re.I)
# Masthead and register text that trails issue lines; never a byline, never body.
MASTHEAD = re.compile(r"(Publisher\s+and\s+Editor\s*:|Online\s+Register\s+Number\s*:)", re.I)
# Where the issue reader stops: masthead and register text after the issue.
ISSUE_TAIL: Final = re.compile(rf"{_MASTHEAD_WORDS}|\bDOI\b", re.IGNORECASE)
ISSUE_VOLUME: Final = re.compile(r"\bvol(?:ume)?(?![a-z])[\s.:\-#]*(?P<n>\d{1,3})(?!\d)", DATE_FLAGS)
ISSUE_NUMBER: Final = re.compile(r"\b(?:no|nos|number|issue)(?![a-z])[\s.:\-#]*(?P<n>\d{1,3})(?!\d)", DATE_FLAGS)
ISSUE_VOLUME_WORD: Final = re.compile(r"\bvol(?:ume)?(?![a-z])", DATE_FLAGS)  # the next issue's start

# Headings of blocks that are not the story (sidebars, related strips, comments): one ends the body.
_MORE_ON = r"More\s+on\b"
SIDEBAR_HEADING = re.compile(
    rf"^\s*(?:{_MORE_ON}.*|"
    r"The\s+Latest|Latest(?:\s+(?:Magazine|News|Articles|Stories))?|Related(?:\s+\w+)?|"
    r"Most\s+(?:Read|Popular|Viewed|Shared)|Trending(?:\s+(?:Now|News|Stories))?|Popular(?:\s+(?:Now|News|Stories))?|"
    r"Comments?|Leave\s+a\s+(?:Reply|Comment)|You\s+may\s+also\s+like|Recommended(?:\s+\w+)?|Editor'?s\s+Picks?)"
    r"\s*:?\s*$",
    re.I,
)
# The sidebar heading that names the story's section: "More on Politics".
MORE_ON_SECTION = re.compile(rf"^\s*{_MORE_ON}\s+(?P<section>.{{2,40}}?)\s*$", re.I)

# --- Article pages: furniture around and inside the story ----------------------

# Text inside these is a caption, never body.
CAPTION_TAGS = frozenset({"figure", "figcaption"})
# Elements that may hold an embedded post, and the classes embed codes give them.
EMBED_TAGS = frozenset({"blockquote", "div", "figure", "section"})
EMBED_CLASS = re.compile(r"embed|tweet|instagram-media|tiktok|fb-(?:post|video)", re.I)
# A post's signature line: "— UN in Nepal (@UNinNepal) October 26, 2018".
EMBED_SIGNATURE = re.compile(r"(?:^|\s|(?<=[.!?]))[—–-]{1,2}\s*[^()\n]{1,80}\(@\w{1,30}\)")
# Lead-in lines to another story inside the body: skipped, the body goes on after them.
LEAD_IN = re.compile(
    r"^\s*(?:Also\s+read|Read\s+(?:more|also|next)|See\s+also|Related|Recommended|Don'?t\s+miss)\b\s*(?:[:\-–—|»>]|$)",
    re.I,
)
# Share rows ("Share: Facebook Twitter WhatsApp Email") and each of their buttons.
SHARE_ROW = re.compile(
    r"^\s*(?:Share(?:\s+(?:this|on|via)(?:\s+\w+)?)?\s*[:\-]?\s*)?(?:(?:Facebook|Twitter|X|WhatsApp|E-?mail|Mail|LinkedIn|"
    r"Telegram|Viber|Messenger|Pinterest|Reddit|Print|Copy(?:\s+link)?|Tweet|Share)\b\s*[|,·•/]?\s*)+$",
    re.I,
)
TAG_ROW = re.compile(r"^\s*(?:Tags?|Topics?|Keywords?|Filed\s+under)\s*:", re.I)
# A caption ends with its credit: "... at the ceremony. Photo: RSS", "(Photo courtesy: UN)".
CAPTION_CREDIT = re.compile(
    r"(?:^|[.!?)\]]\s*|\s[-–—|/]\s*|\()\s*(?:File\s+)?Photos?(?:\s+courtesy)?\s*(?::|\bby\b)\s*[^.!?]{1,60}[.)]?\s*$",
    re.I,
)
# Paywall, newsletter, account and cookie prompts, ad labels; tried on lines this short at most.
PROMPT_LINE = re.compile(
    r"\b(?:subscrib\w*|sign[ -]?up|sign[ -]?in|log[ -]?in|registering|newsletters?|in-?box|cookies?"
    r"|create\s+an?\s+(?:free\s+)?account|advertisement|ad[ -]?block\w*"
    r"|support\s+(?:independent\s+|our\s+)?journalism|download\s+(?:the|our)\s+app)\b",
    re.I,
)
PROMPT_MAX_CHARS = 400
# A photo's caption as printed inline: "... (Image: Getty)", "(AP Photo/Evan Vucci)", "Photograph: Reuters".
CAPTION_LINE = re.compile(
    r"\([^()]{0,40}\b(?:Image|Photo|Picture|Photograph|Credit)s?\b[^()]{0,60}\)\s*$"
    r"|^\s*(?:Image|Photo|Picture|Photograph)s?(?:\s+credit)?\s*:",
    re.I,
)
# Characters that separate a byline from what follows it on the line ("NEW SPOTLIGHT ONLINE ·").
BYLINE_TRAIL = " ,;:|-–—·•/"
# Where the section is printed: breadcrumb trails (class, ARIA label, microdata) and category labels.
SECTION_LABEL_CLASS = re.compile(r"breadcrumb|categor|kicker|section-label", re.I)
BREADCRUMB_CLASS = re.compile(r"breadcrumb", re.I)
# Breadcrumb steps that are no section.
BREADCRUMB_HOME = re.compile(r"^\s*(?:Home|Homepage|Front\s+page|News|All\s+news|Articles?|Stories|Latest)\s*$", re.I)

# --- Pages that need a browser -------------------------------------------------

# The control that appends more entries to a listing in place: its text, and what may carry it.
LOAD_MORE_TEXT = re.compile(r"^\s*(load|show|view)\s+more(\s+(stories|articles|news))?\s*$", re.I)
LOAD_MORE_CONTROLS = "button, [role='button'], input[type='button'], a:not([href]), a[href='#'], a[href^='javascript:']"
# Article links inside these are not the listing's own (an article's <header> or <footer> is).
_SECTION = ":is(article, aside, main, nav, section)"
NOT_LISTING = f"aside, nav, header:not({_SECTION} header), footer:not({_SECTION} footer)"

# --- Listing entries (structure and meta lines) ------------------------------------
# Containers inside these are never the listing's (sidebars, menus, mastheads, footers).
LISTING_OUTSIDE_TAGS = frozenset({"aside", "nav", "header", "footer"})
LISTING_OUTSIDE_ROLES = frozenset({"complementary", "navigation", "banner", "contentinfo", "menu", "menubar"})
_LISTING_DATE = rf"(?:{ANY_DATE.pattern})"
# What joins a byline and a date when there is no "By": "Agencies | Oct 22, 2024", "2 hours ago · X".
_LISTING_JOIN = r"\s*[·•|/\-–—]\s*"
# The forms of a listing's meta line, tried in order: "By <byline> <date>", a byline and a date
# joined either way round, a date alone.
LISTING_META = (
    re.compile(rf"^\s*By\s+(?P<byline>\S.*?)(?:{_LISTING_JOIN}|\s+)(?P<date>{_LISTING_DATE})\s*$", re.I | re.S),
    re.compile(rf"^\s*(?P<byline>\S.*?){_LISTING_JOIN}(?P<date>{_LISTING_DATE})\s*$", re.I | re.S),
    re.compile(rf"^\s*(?P<date>{_LISTING_DATE}){_LISTING_JOIN}(?:By\s+)?(?P<byline>\S.*?)\s*$", re.I | re.S),
    DATE_ONLY,
)
# Longest byline a meta line can carry (characters, words): longer text is a sentence.
LISTING_BYLINE_MAX = 80
LISTING_BYLINE_MAX_WORDS = 8

# An entry that is an advertisement: its label, or the class ad slots and native-ad cards carry.
LISTING_SPONSORED_LABEL = re.compile(
    r"^\s*(?:Sponsored(?:\s+(?:content|post|story|by\s+[^.!?]{1,60}))?|Promoted(?:\s+(?:content|post|story))?|"
    r"Paid\s+(?:content|post|partnership)|Partner(?:ed)?\s+(?:content|story|post)|Advertisement|Advertorial|"
    r"Brand\s*Voice|In\s+partnership\s+with\s+[^.!?]{1,60})\s*:?\s*$",
    re.I,
)
# (Not "promoted": Drupal marks the nodes promoted to its front page "node--promoted".)
LISTING_SPONSORED_CLASS = re.compile(r"(?:^|[\s_-])(?:sponsor(?:ed)?|advertorial|native-ad|ad-slot)(?:$|[\s_-])", re.I)

# --- Listing pagers -------------------------------------------------------------
# How a listing names its pages: "?page=N", "?paged=N", "/page/N/" after the listing's path.
PAGER_QUERY_PARAMS = ("page", "paged")
PAGER_PATH = re.compile(r"^(?P<base>.*?)/page/(?P<n>[0-9]{1,6})/?$")
# Texts of the pager's links, by the rel they stand for; what they name ("Older posts", "More stories").
_LISTED = r"(?:posts|stories|articles|news)"
PAGER_TEXT = {
    "next": re.compile(
        rf"^\s*(?:(?:Next|Older)(?:\s+(?:page|entries|{_LISTED}))?|More\s+{_LISTED}|Load\s+more(?:\s+{_LISTED})?"
        r"|Show\s+more|View\s+more|See\s+more)?\s*[›»→>]*\s*$",
        re.I,
    ),
    "prev": re.compile(rf"^\s*[‹«←<]*\s*(?:(?:Previous|Prev|Newer)(?:\s+(?:page|entries|{_LISTED}))?)?\s*$", re.I),
    "first": re.compile(r"^\s*[‹«←<]*\s*First(?:\s+page)?\s*$", re.I),
    "last": re.compile(r"^\s*Last(?:\s+page)?\s*[›»→>]*\s*$", re.I),
}

# --- The feed ------------------------------------------------------------------

# Where the feed is when the home page names none (Django syndication's usual path).
FEED_PATH = "/feed/"
# The home page's <link> naming the feed, RSS first.
FEED_LINK = (
    "link[rel~='alternate'][type='application/rss+xml']::attr(href)",
    "link[rel~='alternate'][type='application/atom+xml']::attr(href)",
)
# Feed documents, after namespaces are removed: the root element, then the entries in it.
FEED_ROOTS = frozenset({"rss", "RDF", "feed"})
FEED_ITEM = "//item | //entry"
FEED_TITLE = "title"
# RSS <link>text</link>; Atom <link rel="alternate" href=...> (a link without rel is alternate).
FEED_LINKS = (
    "link[not(@href)]/text()",
    "link[@rel='alternate']/@href",
    "link[not(@rel)]/@href",
    "guid[not(@isPermaLink='false')]/text()",  # a permalink guid stands for a missing <link>
)
FEED_PUBLISHED = ("pubDate", "published", "date", "issued", "updated")
# RSS <dc:creator> (Django's choice for a name without an e-mail), <author>; Atom <author><name>.
FEED_AUTHOR = ("creator", "author/name", "author")
# RSS 2.0 <author> carries an e-mail, with the name in parentheses: "desk@example.com (Keshab Poudel)".
FEED_AUTHOR_EMAIL = re.compile(r"^\s*\S+@\S+\s*(?:\((?P<name>[^)]*)\))?\s*$")
