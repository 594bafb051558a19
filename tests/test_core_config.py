from __future__ import annotations

from pathlib import Path

import pytest

from presswatch.config import Config, ConfigError, deep_merge


def test_project_file_overrides_only_what_it_sets(tmp_path: Path) -> None:
    (tmp_path / "presswatch.toml").write_text("[lang]\nmin_letters = 7\n", encoding="utf-8")
    cfg = Config.load(tmp_path)
    assert cfg.get("lang.min_letters") == 7
    assert cfg.get("lang.backend") == "auto"          # untouched default in the same table
    assert cfg.get("ingest.batch_size") == 50         # untouched table
    assert cfg.overrides == {"lang": {"min_letters": 7}}


def test_unknown_section_and_broken_toml_are_clear_errors(tmp_path: Path) -> None:
    (tmp_path / "presswatch.toml").write_text("[langs]\nx = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown section"):
        Config.load(tmp_path)
    (tmp_path / "presswatch.toml").write_text("[lang\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="presswatch.toml"):
        Config.load(tmp_path)


def test_deep_merge_does_not_mutate_inputs() -> None:
    base = {"a": {"b": 1, "c": 2}}
    out = deep_merge(base, {"a": {"b": 5}})
    assert out == {"a": {"b": 5, "c": 2}} and base == {"a": {"b": 1, "c": 2}}


def test_the_writers_page_cache_and_memory_map_come_from_the_project_settings(tmp_path: Path) -> None:
    from presswatch.project import Project

    root = tmp_path / "p"
    root.mkdir()
    (root / "presswatch.toml").write_text("[project]\ncache_mb = 64\nmmap_mb = 256\n", encoding="utf-8")
    project = Project.init(root)
    conn = project.connect()
    try:
        assert conn.execute("PRAGMA cache_size").fetchone()[0] == -64 * 1024     # KiB
        mapped = conn.execute("PRAGMA mmap_size").fetchone()
        assert mapped is None or mapped[0] in (256 * 1024 * 1024, 0)   # 0 where SQLite was built without mmap
    finally:
        conn.close()
    (root / "presswatch.toml").write_text("[project]\ncache_mb = 0\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="cache_mb"):
        Config.load(root)
