"""A backfill of the archive: finding a date window's listing pages (bisect.py) and splitting it (plan.py)."""
