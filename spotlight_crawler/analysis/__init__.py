"""The analyst's report (``scrapy report``): ``page`` reads feeds and run stats files and writes the HTML page."""
