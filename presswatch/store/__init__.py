"""The archive: one SQLite file per project (WAL, FTS5, recorded migrations, one writer)."""

from presswatch.store.db import StoreError, connect, migrate, transaction, utcnow

__all__ = ["StoreError", "connect", "migrate", "transaction", "utcnow"]
