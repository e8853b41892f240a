"""Pages that cannot be read as they are: failure kinds and the downloader middlewares that guard against them."""
