"""Errors of the digest workflow; each says what to do next (ValueError: the CLI shows it as a user error)."""

from __future__ import annotations


class DigestError(ValueError):
    """A digest operation cannot be done as asked."""


class DigestNotFound(DigestError):
    """No such digest, issue or item."""


class DigestLocked(DigestError):
    """The digest is an approved issue: it cannot change (start a new draft from it)."""


class StaleEdit(DigestError):
    """The draft changed since the editor loaded it (another tab or user): reload and edit again."""
