"""The analyst's report (``scrapy report``): ``page`` reads feeds and run stats files, counts
and writes the self-contained HTML page with its charts."""
