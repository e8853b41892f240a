"""The whole archive in parts: find a date window's listing pages (bisect.py), split the window
(plan.py), run the parts (printed or on Scrapyd) and merge their outputs."""
