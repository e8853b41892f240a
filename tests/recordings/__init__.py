"""A crawl of the replica recorded once, and the records it must replay to (golden file)."""
