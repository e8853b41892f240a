"""The analyst's report (``scrapy report``): ``loading`` reads feeds and run stats files,
``page`` counts and writes the self-contained HTML page with its charts."""
