from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from presswatch.config import Config, load_defaults
from presswatch.contracts import Pipeline
from presswatch.errors import PipelineError
from presswatch.models import Doc
from presswatch.runner.build import archive_stages, build_pipeline, configured
from presswatch.runner.registry import check_order, spec


@dataclass
class Step:
    name: str
    reads: frozenset[str] = field(default_factory=frozenset)
    adds: frozenset[str] = field(default_factory=frozenset)

    def __call__(self, doc: Doc) -> Doc:
        doc.notes.append(self.name)
        return doc


def test_pipeline_refuses_a_component_that_reads_what_nothing_added() -> None:
    a = Step("a", frozenset({"raw"}), frozenset({"text"}))
    b = Step("b", frozenset({"text"}), frozenset({"units"}))
    Pipeline.build([a, b])
    with pytest.raises(PipelineError, match="'b' reads \\['text'\\]"):
        Pipeline.build([b, a])
    with pytest.raises(PipelineError, match="twice"):
        Pipeline.build([a, a])


def test_default_pipeline_is_in_a_valid_order() -> None:
    config = Config(load_defaults())
    pipeline = build_pipeline(config)
    assert pipeline.names == ["decode", "extract", "anatomy", "passages", "lang", "nlp", "prepare"]
    assert [s.name for s in archive_stages(config)] == ["sites", "reuse", "translation", "entities", "quotes"]


def test_stage_order_is_checked() -> None:
    check_order([spec(n) for n in ("decode", "extract", "anatomy", "passages", "lang", "reuse", "translation")])
    with pytest.raises(PipelineError, match="'translation' requires \\['links#reuse'\\]"):
        check_order([spec(n) for n in ("decode", "extract", "anatomy", "passages", "lang", "translation", "reuse")])
    with pytest.raises(PipelineError, match="'quotes' requires"):
        configured(Config(load_defaults() | {"process": {"stages": [
            "decode", "extract", "anatomy", "passages", "lang", "quotes", "entities"]}}))
