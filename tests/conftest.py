"""Shared fixtures: the replica of the site and saved pages."""

pytest_plugins = ["tests.replica.fixtures"]
