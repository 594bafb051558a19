"""The one registry of stages: per-page components and archive-wide stages alike.

Each :class:`StageSpec` says what the stage is called, where its factory lives (a lazy import path,
so a stage's heavy imports load only when it runs), what it requires and provides, which export
record types it produces and which ``presswatch.toml`` section holds its settings.

``requires`` / ``provides`` name

- a :class:`~presswatch.contracts.Facet` (``raw``, ``decoded``, ``text``, ``metadata``, ``units``,
  ``passages``, ``lang``, ``analysis``, ``prepared``): fields of the in-memory :class:`~presswatch.models.Doc`, written to the
  ``units`` and ``passages`` tables when the page is stored, so archive stages may require them too;
- or a table of the archive (``mentions``), optionally narrowed to what the stage writes into a shared
  table (``links#reuse``, ``links#translation``).

Both are checked against the real fields and the real schema (:func:`check_registry`,
``tests/test_core_registry.py``). Which stages run, and in which order, is ``[process] stages`` in
the configuration; :mod:`presswatch.runner.build` checks that order against these declarations, and
:func:`dependants` tells the runner what a re-run must redo.

Export record files follow the declaration order below (core records first, see
:mod:`presswatch.export.producers`).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from presswatch.contracts import Facet, Producer, check_facets
from presswatch.errors import PipelineError

Kind = Literal["page", "archive"]
FACETS = frozenset(f.value for f in Facet)


@dataclass(frozen=True)
class StageSpec:
    name: str
    kind: Kind
    factory: str                          # "module:attribute", called with the Config (see config_arg)
    requires: frozenset[str]
    provides: frozenset[str]
    settings: str | None = None           # the presswatch.toml section the stage reads
    exports: tuple[tuple[str, str], ...] = ()  # (record type, "module:producer")
    reset: str | None = None              # "module:function(conn)": drops what the stage provides, for a re-run
    config_arg: bool = True               # the factory takes the Config as its one argument
    # an archive stage whose result for a batch of units depends only on units before it (and on
    # what earlier stages marked ``incremental`` provide): it may run on full batches while later
    # pages are still being processed (runner.archive.Overlap), with the same result
    incremental: bool = False
    doc: str = ""

    def make(self, config: Any) -> Any:
        factory = load(self.factory)
        return factory(config) if self.config_arg else factory()

    @property
    def tables(self) -> frozenset[str]:
        """The tables named in requires/provides (``links#reuse`` -> ``links``), facets left out."""
        return frozenset(n.split("#", 1)[0] for n in self.requires | self.provides if n not in FACETS)


def _f(*names: str) -> frozenset[str]:
    return frozenset(names)


REGISTRY: tuple[StageSpec, ...] = (
    # --- per-page components, run in worker processes on a Doc in memory ---
    StageSpec("decode", "page", "presswatch.extract.decode:Decode", _f("raw"), _f("decoded"),
              settings="extract", doc="bytes to HTML or text (encoding sniffing, depth limit)"),
    StageSpec("extract", "page", "presswatch.extract.component:Extract", _f("decoded"), _f("text", "metadata"),
              settings="extract", doc="main text and metadata (trafilatura; plain-text dumps)"),
    StageSpec("anatomy", "page", "presswatch.anatomy.component:PageAnatomy", _f("decoded", "text", "metadata"),
              _f("units"), settings="anatomy", doc="split the page into articles, teasers, translations, ..."),
    StageSpec("passages", "page", "presswatch.text.passages:SplitPassages", _f("units"), _f("passages"),
              settings="passages", doc="each unit into passages with offsets"),
    StageSpec("lang", "page", "presswatch.lang.component:IdentifyLanguages", _f("passages"), _f("lang"),
              settings="lang", doc="a language per passage and unit"),
    StageSpec("nlp", "page", "presswatch.quotes.analysis:EnglishAnalysis", _f("passages", "lang"), _f("analysis"),
              settings="nlp", doc="English names and attributions from one spaCy pipeline per worker"),
    StageSpec("prepare", "page", "presswatch.quotes.prepare:PrepareUnits", _f("passages", "lang"), _f("prepared"),
              settings="reuse", doc="per-unit features of the archive stages (reuse signatures, translation "
              "anchors, word case), so the writer only joins them against the archive; optional for them"),
    # --- archive-wide stages, run on stored units (declaration order = export file order) ---
    StageSpec("sites", "archive", "presswatch.anatomy.sitenames:SiteNamesStage", _f("units"), _f("site_names"), config_arg=False,
              reset="presswatch.anatomy.sitenames:reset_site_names", doc="each host's own name, learnt across its pages, for bylines and outlets"),
    StageSpec("entities", "archive", "presswatch.entities.stage:EntitiesStage", _f("units", "passages", "lang"),
              _f("entities", "entity_aliases", "mentions", "merge_suggestions"), settings="entities",
              exports=(("entity", "presswatch.entities.export:entity_records"),
                       ("mention", "presswatch.entities.export:mention_records")),
              reset="presswatch.entities.stage:reset_entities", incremental=True,
              doc="names linked to watchlist and discovered entities"),
    StageSpec("quotes", "archive", "presswatch.quotes.stage:QuotesStage",
              _f("passages", "lang", "mentions", "entities"), _f("quotes"),
              exports=(("quote", "presswatch.entities.export:quote_records"),),
              reset="presswatch.quotes.stage:reset_quotes", incremental=True,
              doc="direct quotes and claims with speaker (through the mentions) and outlet"),
    StageSpec("reuse", "archive", "presswatch.reuse.stage:ReuseStage", _f("units", "passages"),
              _f("links#reuse", "reuse_sig", "reuse_bands", "reuse_fp", *(f"reuse_{t}_l{i}" for t in ("bands", "fp") for i in range(4)),
                 *(f"reuse_{t}_l{i}_r{j}" for t in ("bands", "fp") for i in (1, 2, 3) for j in range(1, 8)), "reuse_levels", "reuse_filters", "reuse_filter_blocks"), settings="reuse",
              exports=(("link", "presswatch.reuse.export:link_records"),), config_arg=False,
              reset="presswatch.reuse.stage:reset_reuse", incremental=True,
              doc="copies, near-duplicates, excerpts, first publisher"),
    StageSpec("translation", "archive", "presswatch.reuse.stage:TranslationStage",
              _f("units", "passages", "lang", "links#reuse"), _f("links#translation", "reuse_anchors", "reuse_anchors_l0"),
              settings="reuse", config_arg=False, reset="presswatch.reuse.stage:reset_translation",
              doc="translations across languages"),
)


def load(path: str) -> Any:
    """The object at ``"package.module:attribute"``."""
    module, _, attr = path.partition(":")
    try:
        return getattr(importlib.import_module(module), attr)
    except (ImportError, AttributeError) as exc:
        raise PipelineError(f"cannot load {path!r} ({exc}); fix the stage registry") from exc


def spec(name: str) -> StageSpec:
    for s in REGISTRY:
        if s.name == name:
            return s
    raise PipelineError(f"unknown stage {name!r}; known stages: {', '.join(s.name for s in REGISTRY)}")


def check_registry(registry: Sequence[StageSpec] = REGISTRY, tables: Iterable[str] | None = None) -> None:
    """Names are unique, facets are real Doc facets, page components touch facets only, each archive
    requirement is provided by someone, and (given ``tables``) every table named exists."""
    check_facets()
    names = [s.name for s in registry]
    if len(names) != len(set(names)):
        raise PipelineError(f"a stage is registered twice: {names}")
    provided = set().union(*(s.provides for s in registry))
    known_tables = set(tables) if tables is not None else None
    for s in registry:
        if s.kind == "page":
            bad = sorted((s.requires | s.provides) - FACETS)
            if bad:
                raise PipelineError(f"page component {s.name!r} declares {bad}, which are not Doc facets")
        missing = sorted(s.requires - provided - {Facet.RAW.value})
        if missing:
            raise PipelineError(f"stage {s.name!r} requires {missing}, which no registered stage provides")
        if known_tables is not None:
            absent = sorted(s.tables - known_tables)
            if absent:
                raise PipelineError(f"stage {s.name!r} names tables {absent} that the schema does not have")


def check_order(specs: Sequence[StageSpec], given: Iterable[str] = (Facet.RAW.value,)) -> None:
    """Page components before archive stages, and each stage after whatever provides what it requires."""
    have = set(given)
    seen_archive = False
    names: set[str] = set()
    for s in specs:
        if s.name in names:
            raise PipelineError(f"stage {s.name!r} appears twice in [process] stages")
        names.add(s.name)
        if s.kind == "archive":
            seen_archive = True
        elif seen_archive:
            raise PipelineError(f"page component {s.name!r} comes after an archive stage in [process] stages; "
                                "list every page component first")
        missing = sorted(s.requires - have)
        if missing:
            raise PipelineError(
                f"stage {s.name!r} requires {missing} but no stage before it provides them; in [process] "
                "stages, move it after the stages that provide them")
        have |= s.provides


def dependants(name: str, specs: Sequence[StageSpec]) -> list[StageSpec]:
    """``name`` and every stage in ``specs`` that (transitively) requires something it provides, in
    ``specs`` order: what a re-run of ``name`` must redo, and nothing else."""
    chosen = {name}
    changed: set[str] = set(spec(name).provides)
    for s in specs:
        if s.name not in chosen and s.requires & changed:
            chosen.add(s.name)
            changed |= s.provides
    return [s for s in specs if s.name in chosen]


def export_producers(registry: Sequence[StageSpec] = REGISTRY) -> list[tuple[str, Producer]]:
    """Every stage's export producers, in declaration order."""
    return [(record, load(path)) for s in registry for record, path in s.exports]
