from presswatch.pipeline.component import Component, Pipeline, PipelineError, Unprocessable, check_order

__all__ = ["Component", "Pipeline", "PipelineError", "Unprocessable", "check_order"]
