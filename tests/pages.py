"""Saved pages: the real sample texts of the site in markups of our own (tests/fixtures/)."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
