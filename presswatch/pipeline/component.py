"""Pipeline components declare what they read and what they add; the pipeline checks the order.

Facets a :class:`~presswatch.models.Doc` can carry:

``raw``        the input bytes (always present)
``decoded``    ``doc.html`` or ``doc.text`` decoded from bytes
``text``       the extracted main text (``doc.text``)
``metadata``   title, author, date, outlet, canonical URL, declared language
``units``      the page split into units (articles, teasers, ...)
``passages``   each unit split into passages with offsets
``lang``       a language per passage and per unit
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from presswatch.models import Doc


class PipelineError(ValueError):
    """The components cannot run in the given order."""


class Component(Protocol):
    name: str
    reads: frozenset[str]
    adds: frozenset[str]

    def __call__(self, doc: Doc) -> Doc: ...


@dataclass(frozen=True)
class Pipeline:
    components: tuple[Component, ...]

    @classmethod
    def build(cls, components: Iterable[Component], *, given: Iterable[str] = ("raw",)) -> Pipeline:
        comps = tuple(components)
        check_order(comps, given)
        return cls(comps)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.components]

    def __call__(self, doc: Doc) -> Doc:
        for component in self.components:
            doc = component(doc)
        return doc


def check_order(components: Sequence[Component], given: Iterable[str] = ("raw",)) -> set[str]:
    have = set(given)
    seen: set[str] = set()
    for comp in components:
        if comp.name in seen:
            raise PipelineError(f"component {comp.name!r} appears twice")
        seen.add(comp.name)
        missing = set(comp.reads) - have
        if missing:
            raise PipelineError(
                f"component {comp.name!r} reads {sorted(missing)} but nothing before it adds them "
                f"(available: {sorted(have)}); move it after the component that adds them"
            )
        have |= set(comp.adds)
    return have


class Unprocessable(Exception):
    """Input that can never succeed: the version is quarantined with this reason, never retried."""

    def __init__(self, reason: str, message: str):
        super().__init__(f"{reason}: {message}")
        self.reason = reason
        self.message = message
