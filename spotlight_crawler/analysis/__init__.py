"""The analyst's report (``scrapy report``): what the runs collected, as one HTML page.

``loading`` reads the JSON Lines feeds and run stats files, ``summary`` turns them into
counts, ``figures`` draws the charts as inline SVG, ``page`` writes the self-contained page.
"""
