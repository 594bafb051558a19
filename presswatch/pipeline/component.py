"""Transition shim: the contracts moved to :mod:`presswatch.contracts` and :mod:`presswatch.errors`.

Import from there in new code; this module only re-exports them (it imports nothing else, so it
stays at the bottom layer) and goes away once no branch imports it.
"""

from presswatch.contracts import Component, Pipeline, check_order
from presswatch.errors import PipelineError, Unprocessable

__all__ = ["Component", "Pipeline", "PipelineError", "Unprocessable", "check_order"]
