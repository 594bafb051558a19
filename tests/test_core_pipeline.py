from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass, field

import pytest

from presswatch.config import Config, load_defaults
from presswatch.models import Doc
from presswatch.pipeline import Pipeline, PipelineError
from presswatch.pipeline.default import default_pipeline, default_stages
from presswatch.pipeline.stages import check_stage_order


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
    pipeline = default_pipeline(Config(load_defaults()))
    assert pipeline.names[0] == "decode"
    check_stage_order(default_stages(Config(load_defaults())))


@dataclass
class Stage:
    name: str
    after: tuple[str, ...] = ()

    def run(self, conn: sqlite3.Connection, config: Config, unit_ids: list[int]) -> Counter[str]:
        return Counter(units=len(unit_ids))


def test_stage_order_is_checked() -> None:
    check_stage_order([Stage("reuse"), Stage("translation", ("reuse",))])
    with pytest.raises(PipelineError, match="must run after"):
        check_stage_order([Stage("translation", ("reuse",)), Stage("reuse")])
