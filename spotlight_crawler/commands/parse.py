"""``scrapy parse``: Scrapy's own as a tool (``_tools``: no state, no browser, no run monitors
unless asked; a live-site URL looked up on ``SPOTLIGHT_BASE_URL``)."""

from scrapy.commands.parse import Command as ScrapyParseCommand

from spotlight_crawler.commands._tools import ToolCommand


class Command(ToolCommand, ScrapyParseCommand):
    pass
