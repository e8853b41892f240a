"""A run's outcome: its monitors, verdict, stats report, end-of-run summary, field coverage and progress."""
