"""The stage registry: declarations checked against the real Doc fields, the real schema and the
components themselves; re-running a stage redoes exactly its dependants."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from presswatch.config import Config, load_defaults
from presswatch.contracts import FACET_FIELDS, Facet, check_facets
from presswatch.errors import PipelineError
from presswatch.runner.build import DEFAULT_STAGES, build_pipeline, configured
from presswatch.runner.registry import REGISTRY, StageSpec, check_registry, dependants, load, spec
from presswatch.store.db import connect, migrate


def schema_tables(tmp_path: Path) -> set[str]:
    conn = connect(tmp_path / "a.sqlite")
    migrate(conn)
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}


def test_the_registry_names_real_facets_and_real_tables(tmp_path: Path) -> None:
    check_registry(REGISTRY, schema_tables(tmp_path))
    for facet in Facet:
        for cls, name in FACET_FIELDS[facet]:
            assert name in {f.name for f in dataclasses.fields(cls)}


def test_a_declaration_naming_a_missing_table_or_field_fails(tmp_path: Path) -> None:
    bad = StageSpec("stories", "archive", "x:y", frozenset({"units", "storylines"}), frozenset({"stories"}))
    with pytest.raises(PipelineError, match="storylines"):
        check_registry((*REGISTRY, bad))
    tables = schema_tables(tmp_path)
    fine = StageSpec("stories", "archive", "x:y", frozenset({"units"}), frozenset({"stories"}))
    with pytest.raises(PipelineError, match="tables \\['stories'\\]"):
        check_registry((*REGISTRY, fine), tables)
    page = StageSpec("odd", "page", "x:y", frozenset({"raw"}), frozenset({"mentions"}))
    with pytest.raises(PipelineError, match="not Doc facets"):
        check_registry((*REGISTRY, page))
    check_facets()


def test_components_declare_what_the_registry_says() -> None:
    config = Config(load_defaults())
    for s in REGISTRY:
        obj = s.make(config)
        assert obj.name == s.name
        if s.kind == "page":
            assert frozenset(obj.reads) == s.requires and frozenset(obj.adds) == s.provides, s.name
        else:
            assert callable(obj.run)
        for _record, path in s.exports:
            assert callable(load(path))
        if s.reset is not None:
            assert callable(load(s.reset))


def test_settings_sections_exist_in_the_defaults() -> None:
    defaults = load_defaults()
    for s in REGISTRY:
        assert s.settings is None or s.settings in defaults, s.name


def test_the_default_configuration_runs_every_registered_stage_in_order() -> None:
    config = Config(load_defaults())
    assert tuple(load_defaults()["process"]["stages"]) == DEFAULT_STAGES
    assert {s.name for s in configured(config)} == {s.name for s in REGISTRY}
    assert build_pipeline(config).names == [s.name for s in configured(config) if s.kind == "page"]


def test_unknown_or_misordered_stages_are_refused_with_what_to_do() -> None:
    base = load_defaults()
    with pytest.raises(PipelineError, match="unknown stage 'storys'.*known stages"):
        configured(Config(base | {"process": {"stages": ["decode", "storys"]}}))
    with pytest.raises(PipelineError, match="list every page component first"):
        configured(Config(base | {"process": {"stages": ["decode", "extract", "anatomy", "passages", "reuse",
                                                         "lang"]}}))


def test_dependants_are_exactly_what_requires_the_changed_outputs() -> None:
    specs = [spec(n) for n in DEFAULT_STAGES]
    assert [s.name for s in dependants("entities", specs)] == ["entities", "quotes"]
    assert [s.name for s in dependants("reuse", specs)] == ["reuse", "translation"]
    assert [s.name for s in dependants("quotes", specs)] == ["quotes"]
    assert [s.name for s in dependants("translation", specs)] == ["translation"]
    # a stage not configured is not redone
    without_quotes = [s for s in specs if s.name != "quotes"]
    assert [s.name for s in dependants("entities", without_quotes)] == ["entities"]
