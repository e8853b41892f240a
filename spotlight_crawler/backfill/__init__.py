"""The whole archive in parts: plan the date windows, run them (printed or on Scrapyd), merge."""
