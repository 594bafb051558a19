"""Language names and writing direction: moved to :mod:`presswatch.lang.names`; an alias."""

from presswatch.lang.names import LANGUAGE_NAMES, RTL_LANGUAGES, direction, language_name

__all__ = ["LANGUAGE_NAMES", "RTL_LANGUAGES", "direction", "language_name"]
