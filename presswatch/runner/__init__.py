"""The one runner above every stage: builds the pipeline from ``[process] stages``, processes the
pending page versions (in a worker pool), then runs the archive-wide stages; re-runs a stage with
exactly its dependants. ``ingest`` and ``collect`` only store; :mod:`presswatch.api` calls this."""

from presswatch.runner.build import archive_specs, archive_stages, build_pipeline, configured
from presswatch.runner.process import after_store, process_stored, rerun_stage
from presswatch.runner.registry import REGISTRY, StageSpec, spec

__all__ = ["REGISTRY", "StageSpec", "after_store", "archive_specs", "archive_stages", "build_pipeline", "configured",
           "process_stored", "rerun_stage", "spec"]
