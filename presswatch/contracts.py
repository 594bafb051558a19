"""Contracts between the layers: what a stage is, what it may read and write, how it reports progress.

This is the bottom of the stack (see docs/architecture.md): it imports only :mod:`presswatch.models`,
:mod:`presswatch.config` and :mod:`presswatch.errors`, and every stage, the runner and the faces
import it.

Two kinds of stage:

- a per-page :class:`Component` fills a :class:`~presswatch.models.Doc` in memory (decode, extract,
  anatomy, passages, lang); it declares the :class:`Facet` values it ``reads`` and ``adds``;
- an :class:`ArchiveStage` runs after the pages are written, on stored units (reuse, translation,
  entities, quotes); the runner records in ``stage_done`` which units it handled.

Facets of a :class:`~presswatch.models.Doc` (each one names the real fields it stands for, checked by
:func:`check_facets` and by the tests):

``raw``        the input bytes (always present)                       ``Doc.raw``
``decoded``    the bytes decoded to HTML or plain text                ``Doc.html`` / ``Doc.text``
``text``       the extracted main text                                ``Doc.text``
``metadata``   title, author, date, outlet, canonical URL, language   ``Doc.metadata``
``units``      the page split into units (articles, teasers, ...)     ``Doc.units``
``passages``   each unit split into passages with offsets             ``Unit.passages``
``lang``       a language per passage and per unit                    ``Passage.lang``, ``Unit.lang``
``analysis``   per-unit English analysis (name spans, attributions)   ``Unit.analysis``
"""

from __future__ import annotations

import dataclasses
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from presswatch.config import Config
from presswatch.errors import PipelineError, Unprocessable
from presswatch.models import Doc, Passage, Unit

__all__ = [
    "ArchiveStage", "Component", "FACET_FIELDS", "Facet", "LATEST", "Pipeline", "PipelineError", "Producer",
    "Progress", "ProgressCallback", "Record", "Unprocessable", "Window", "check_facets", "check_order",
    "ref", "report",
]


class Facet(StrEnum):
    """What a per-page component reads or adds (a string enum: ``Facet.TEXT == "text"``)."""

    RAW = "raw"
    DECODED = "decoded"
    TEXT = "text"
    METADATA = "metadata"
    UNITS = "units"
    PASSAGES = "passages"
    LANG = "lang"
    ANALYSIS = "analysis"
    PREPARED = "prepared"


# Facet -> the dataclass fields it stands for ((class, field name), ...).
FACET_FIELDS: dict[Facet, tuple[tuple[type, str], ...]] = {
    Facet.RAW: ((Doc, "raw"),),
    Facet.DECODED: ((Doc, "html"), (Doc, "text"), (Doc, "encoding")),
    Facet.TEXT: ((Doc, "text"),),
    Facet.METADATA: ((Doc, "metadata"),),
    Facet.UNITS: ((Doc, "units"),),
    Facet.PASSAGES: ((Unit, "passages"),),
    Facet.LANG: ((Passage, "lang"), (Unit, "lang")),
    Facet.ANALYSIS: ((Unit, "analysis"),),
    Facet.PREPARED: ((Unit, "prepared"),),
}


def check_facets() -> None:
    """Every facet names fields that exist on the real dataclasses (raises :class:`PipelineError`)."""
    for facet in Facet:
        for cls, name in FACET_FIELDS.get(facet, ()):
            if name not in {f.name for f in dataclasses.fields(cls)}:
                raise PipelineError(f"facet {facet.value!r} names {cls.__name__}.{name}, which does not exist")
        if facet not in FACET_FIELDS:
            raise PipelineError(f"facet {facet.value!r} names no field")


class Component(Protocol):
    """A per-page step: fills a :class:`Doc`; raises :class:`Unprocessable` for input that can never succeed."""

    name: str
    reads: frozenset[str]
    adds: frozenset[str]

    def __call__(self, doc: Doc) -> Doc: ...


@dataclass(frozen=True)
class Pipeline:
    """Per-page components in a checked order."""

    components: tuple[Component, ...]

    @classmethod
    def build(cls, components: Iterable[Component], *, given: Iterable[str] = (Facet.RAW,)) -> Pipeline:
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


def check_order(components: Sequence[Component], given: Iterable[str] = (Facet.RAW,)) -> set[str]:
    """Each component reads only what is given or added before it; returns everything available after."""
    have = {str(g) for g in given}
    seen: set[str] = set()
    for comp in components:
        if comp.name in seen:
            raise PipelineError(f"component {comp.name!r} appears twice")
        seen.add(comp.name)
        missing = {str(r) for r in comp.reads} - have
        if missing:
            raise PipelineError(
                f"component {comp.name!r} reads {sorted(missing)} but nothing before it adds them "
                f"(available: {sorted(have)}); move it after the component that adds them"
            )
        have |= {str(a) for a in comp.adds}
    return have


@dataclass(frozen=True)
class Progress:
    """One progress event: ``done`` of ``total`` ``unit``\\ s of ``stage`` (``total`` None when unknown)."""

    stage: str
    done: int
    total: int | None = None
    unit: str = "item"
    note: str = ""
    # the time the work took when it was not done in the listener's wall time (per-page components
    # run in worker processes: their summed seconds there); None = the listener's own clock applies
    seconds: float | None = None


ProgressCallback = Callable[[Progress], None]


def report(progress: ProgressCallback | None, stage: str, done: int, total: int | None = None,
           unit: str = "item", note: str = "", seconds: float | None = None) -> None:
    """Send one :class:`Progress` event if there is a callback (library code calls this, never draws).
    ``progress`` None (or False, as older callers pass) means nobody listens."""
    if progress:
        progress(Progress(stage, done, total, unit, note, seconds))


class ArchiveStage(Protocol):
    """A stage over stored units. Its declarations (what it requires and provides) are in the registry
    (:mod:`presswatch.runner.registry`); the object only does the work."""

    name: str

    def run(self, conn: sqlite3.Connection, config: Config, unit_ids: list[int]) -> Counter[str]:
        """Handle ``unit_ids`` (not yet done by this stage). Manage your own transactions; the
        units are marked done by the runner after ``run`` returns."""
        ...


# --- export producers (each stage that stores records names its producer in the registry) ---------

Record = dict[str, Any]

# The latest processed version of each page: what the page record describes and its units come from.
LATEST = "current_versions v"  # view defined in migration 0010_current_versions.sql


@dataclass(frozen=True)
class Window:
    """Which page versions to export: fetched on or after ``since`` and on or before ``until``
    (ISO dates, inclusive, None = open). Digests are selected by the day they were created."""

    since: str | None = None
    until: str | None = None

    def clause(self, column: str) -> tuple[str, tuple[str, ...]]:
        sql = ""
        params: tuple[str, ...] = ()
        if self.since:
            sql += f" AND substr({column}, 1, 10) >= ?"
            params += (self.since,)
        if self.until:
            sql += f" AND substr({column}, 1, 10) <= ?"
            params += (self.until,)
        return sql, params


Producer = Callable[[sqlite3.Connection, Window], Iterator[Record]]


def ref(kind: str, key: int | None) -> str | None:
    """The string id of a record: ``ref("unit", 42) == "unit:42"``."""
    return None if key is None else f"{kind}:{key}"
