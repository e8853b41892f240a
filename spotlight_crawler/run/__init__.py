"""A run's outcome: its monitors, verdict, stats report, end-of-run summary and field coverage."""
