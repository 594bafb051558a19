"""Language codes: see :mod:`presswatch.langcodes` (the bottom-layer home of the ISO 639-1 check)."""

from presswatch.langcodes import UND, check_codes, iso639_1

__all__ = ["UND", "check_codes", "iso639_1"]
