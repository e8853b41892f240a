"""Finding a date window's listing pages (bisect.py, pure), for the date jump of spiders/listing.py."""
