"""Configuration: packaged defaults overlaid with a project's ``presswatch.toml``.

The project file overrides only the keys it sets (a deep merge), like trafilatura's settings file.
"""

from __future__ import annotations

import copy
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from presswatch.errors import ConfigError

CONFIG_FILE = "presswatch.toml"

__all__ = ["CONFIG_FILE", "Config", "ConfigError", "deep_merge", "load_defaults"]


def load_defaults() -> dict[str, Any]:
    text = resources.files("presswatch").joinpath("defaults.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Return ``base`` with ``override`` laid over it; nested tables merge key by key."""
    out = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


@dataclass(frozen=True)
class Config:
    """Effective settings of one project (defaults + overrides)."""

    data: dict[str, Any] = field(default_factory=load_defaults)
    overrides: dict[str, Any] = field(default_factory=dict)

    def section(self, name: str) -> dict[str, Any]:
        value = self.data.get(name, {})
        if not isinstance(value, dict):
            raise ConfigError(f"[{name}] must be a table in {CONFIG_FILE}")
        return value

    def get(self, dotted: str, default: Any = None) -> Any:
        node: Any = self.data
        for part in dotted.split("."):
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
        return node

    @classmethod
    def load(cls, project_dir: Path) -> Config:
        defaults = load_defaults()
        path = project_dir / CONFIG_FILE
        overrides: dict[str, Any] = {}
        if path.exists():
            try:
                overrides = tomllib.loads(path.read_text(encoding="utf-8"))
            except tomllib.TOMLDecodeError as exc:
                raise ConfigError(f"{path}: {exc}. Fix the file or delete it to use the defaults.") from exc
            except UnicodeDecodeError as exc:
                raise ConfigError(f"{path} is not UTF-8 text ({exc.reason}); save it as UTF-8") from exc
            except OSError as exc:
                raise ConfigError(f"{path} cannot be read ({exc.strerror}); check its permissions") from exc
        from presswatch.settings_check import SettingsError, validate

        try:
            validate(overrides, defaults, str(path))
        except SettingsError as exc:
            raise ConfigError(str(exc)) from exc
        return cls(deep_merge(defaults, overrides), overrides)


STARTER_CONFIG = """\
# presswatch project settings. Only what you set here overrides the packaged defaults
# (see `presswatch config` for the effective values).

[project]
name = "{name}"

# [lang]
# languages = ["en", "sq", "fa"]   # restrict language identification to these

# [collect]
# contact = "you@example.org"      # named in the collector's User-Agent
"""
