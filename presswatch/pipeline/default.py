"""The default processing pipeline, built from the project configuration."""

from __future__ import annotations

from presswatch.config import Config
from presswatch.pipeline.component import Pipeline


def default_pipeline(config: Config) -> Pipeline:
    from presswatch.anatomy.single import SingleUnit
    from presswatch.extract.component import Extract
    from presswatch.extract.decode import Decode
    from presswatch.lang.component import IdentifyLanguages
    from presswatch.text.passages import SplitPassages

    return Pipeline.build([
        Decode(config),
        Extract(config),
        SingleUnit(),
        SplitPassages(config),
        IdentifyLanguages(config),
    ])
