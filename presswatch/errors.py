"""Exceptions shared across presswatch (the bottom layer: imports nothing from presswatch).

Each one carries a message that says what to do next; the CLI prints it as a one-line error.
Errors that belong to one area only (``SourceError``, ``WatchlistError``, ``QueryError``, ...) stay in
that area; what several layers raise or catch lives here.
"""

from __future__ import annotations


class PresswatchError(Exception):
    """Base of the shared errors (``except PresswatchError`` catches any of them)."""


class ConfigError(PresswatchError, ValueError):
    """The project configuration cannot be used."""


class StoreError(PresswatchError, RuntimeError):
    """The archive database cannot be used (locked by another writer, damaged, too old or too new)."""


class ArchiveTooOld(StoreError):
    """A read-only connection found an archive older than the code (migrations not applied yet); a writer's
    connection applies them."""


class ProjectError(PresswatchError, RuntimeError):
    """The folder is not a usable presswatch project."""


class PipelineError(PresswatchError, ValueError):
    """The stages cannot run as configured (wrong order, unknown name, missing requirement)."""


class Unprocessable(PresswatchError):
    """Input that can never succeed: the version is quarantined with this reason, never retried."""

    def __init__(self, reason: str, message: str):
        super().__init__(f"{reason}: {message}")
        self.reason = reason
        self.message = message

    def __reduce__(self) -> tuple[type[Unprocessable], tuple[str, str]]:  # survives pickling (worker pool)
        return (type(self), (self.reason, self.message))
