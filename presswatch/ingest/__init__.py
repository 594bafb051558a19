"""Ingest files and folders into the archive."""
