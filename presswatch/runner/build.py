"""Build what ``[process] stages`` names: the per-page pipeline and the archive-wide stages."""

from __future__ import annotations

from presswatch.config import Config
from presswatch.contracts import ArchiveStage, Pipeline
from presswatch.errors import PipelineError
from presswatch.runner.registry import StageSpec, check_order, spec

DEFAULT_STAGES = ("decode", "extract", "anatomy", "passages", "lang", "nlp", "prepare",
                  "sites", "reuse", "translation", "entities",
                  "quotes")


def configured(config: Config) -> list[StageSpec]:
    """The specs of ``[process] stages`` in their order, checked against what each requires."""
    names = config.get("process.stages") or list(DEFAULT_STAGES)
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise PipelineError("[process] stages must be a list of stage names, e.g. stages = [\"decode\", ...]")
    specs = [spec(n) for n in names]
    check_order(specs)
    return specs


def build_pipeline(config: Config) -> Pipeline:
    """The per-page components of ``[process] stages`` (also the worker pool's pipeline factory)."""
    components = []
    for s in configured(config):
        if s.kind != "page":
            continue
        component = s.make(config)
        if frozenset(map(str, component.reads)) != s.requires or frozenset(map(str, component.adds)) != s.provides:
            raise PipelineError(
                f"component {s.name!r} declares reads {sorted(component.reads)} / adds {sorted(component.adds)} "
                f"but the registry says {sorted(s.requires)} / {sorted(s.provides)}; make them agree")
        components.append(component)
    return Pipeline.build(components)


def archive_stages(config: Config) -> list[ArchiveStage]:
    """The archive-wide stages of ``[process] stages``, in order."""
    return [s.make(config) for s in configured(config) if s.kind == "archive"]


def archive_specs(config: Config) -> list[StageSpec]:
    return [s for s in configured(config) if s.kind == "archive"]
