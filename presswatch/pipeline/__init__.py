"""Transition shim (see :mod:`presswatch.pipeline.component`): use :mod:`presswatch.contracts`,
:mod:`presswatch.errors` and :mod:`presswatch.runner` instead."""

from presswatch.pipeline.component import Component, Pipeline, PipelineError, Unprocessable, check_order

__all__ = ["Component", "Pipeline", "PipelineError", "Unprocessable", "check_order"]
