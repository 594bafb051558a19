"""The default processing pipeline, built from the project configuration."""

from __future__ import annotations

from presswatch.config import Config
from presswatch.pipeline.component import Pipeline
from presswatch.pipeline.stages import ArchiveStage


def default_pipeline(config: Config) -> Pipeline:
    from presswatch.anatomy.component import PageAnatomy
    from presswatch.extract.component import Extract
    from presswatch.extract.decode import Decode
    from presswatch.lang.component import IdentifyLanguages
    from presswatch.pipeline.limits import PageLimits
    from presswatch.text.passages import SplitPassages

    return Pipeline.build([
        Decode(config),
        Extract(config),
        PageLimits(config),
        PageAnatomy(config),
        SplitPassages(config),
        IdentifyLanguages(config),
    ])


def default_stages(config: Config) -> list[ArchiveStage]:
    """Archive-wide stages run after per-page processing, in this order (see pipeline/stages.py)."""
    stages: list[ArchiveStage] = []
    from presswatch.reuse.stage import ReuseStage, TranslationStage  # noqa: E402
    stages += [ReuseStage(), TranslationStage()]
    from presswatch.entities.stage import EntitiesStage  # noqa: E402
    stages.append(EntitiesStage(config))
    from presswatch.quotes.stage import QuotesStage  # noqa: E402
    stages.append(QuotesStage(config))
    return stages
