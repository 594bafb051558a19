"""Quotes and claims: who said what, with speaker and outlet (see docs/watchlist.md)."""
