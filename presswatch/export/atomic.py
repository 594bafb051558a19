"""Moved to :mod:`presswatch.store.atomic` (collection writes OPML through it too); kept as an alias."""

from presswatch.store.atomic import *  # noqa: F403
from presswatch.store.atomic import atomic_text_file  # noqa: F401
