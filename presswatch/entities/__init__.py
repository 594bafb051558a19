"""Entities: people, organisations and places with aliases across scripts (see docs/watchlist.md)."""
