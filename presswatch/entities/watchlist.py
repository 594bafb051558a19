"""The watchlist file: known entities and every name they go by (see docs/watchlist.md).

```toml
[[entity]]
id = "ndp"                       # stable key, letters/digits/-/_
kind = "org"                     # person | org | place
name = "National Democratic Party"
aliases = ["NDP", "Partia Nacional Demokratike", "PND", "حزب ملی دموکرات"]
```
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

KINDS = ("person", "org", "place", "unknown")
KEY_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


class WatchlistError(ValueError):
    """The watchlist file cannot be used; the message says how to fix it."""


@dataclass
class Entity:
    key: str
    name: str
    kind: str = "unknown"
    aliases: list[str] = field(default_factory=list)

    def names(self) -> list[str]:
        out = [self.name]
        for alias in self.aliases:
            if alias not in out:
                out.append(alias)
        return out


@dataclass
class Watchlist:
    entities: list[Entity] = field(default_factory=list)
    path: Path | None = None

    def get(self, key: str) -> Entity | None:
        return next((e for e in self.entities if e.key == key), None)

    def require(self, key: str) -> Entity:
        entity = self.get(key)
        if entity is None:
            known = ", ".join(e.key for e in self.entities[:10]) or "none yet"
            raise WatchlistError(f"no entity {key!r} in the watchlist (known: {known}); "
                                 "see `presswatch entity list`")
        return entity

    def add(self, key: str, name: str, kind: str = "unknown", aliases: list[str] | None = None) -> Entity:
        if not KEY_RE.match(key):
            raise WatchlistError(f"entity id {key!r} must use letters, digits, '-', '_' or '.'")
        if kind not in KINDS:
            raise WatchlistError(f"kind {kind!r} is not one of {', '.join(KINDS)}")
        if self.get(key):
            raise WatchlistError(f"entity {key!r} exists already; use `presswatch entity alias` to add names")
        entity = Entity(key, name, kind, [a for a in (aliases or []) if a and a != name])
        self.entities.append(entity)
        return entity

    def add_alias(self, key: str, alias: str) -> bool:
        entity = self.require(key)
        if alias in entity.names():
            return False
        entity.aliases.append(alias)
        return True

    def merge(self, keep: str, other: str) -> Entity:
        """Fold ``other`` into ``keep``: its name and aliases become aliases of ``keep``."""
        if keep == other:
            raise WatchlistError("cannot merge an entity with itself")
        target, source = self.require(keep), self.require(other)
        for name in source.names():
            if name not in target.names():
                target.aliases.append(name)
        self.entities.remove(source)
        return target

    def split(self, key: str, new_key: str, names: list[str], kind: str | None = None) -> Entity:
        """Move ``names`` (aliases of ``key``) to a new entity ``new_key``; the first is its name."""
        entity = self.require(key)
        missing = [n for n in names if n not in entity.aliases]
        if missing:
            raise WatchlistError(f"{missing} are not aliases of {key!r} (aliases: {entity.aliases})")
        entity.aliases = [a for a in entity.aliases if a not in names]
        return self.add(new_key, names[0], kind or entity.kind, names[1:])


def load_watchlist(path: Path) -> Watchlist:
    """Read a watchlist; a missing file is an empty watchlist."""
    if not path.exists():
        return Watchlist([], path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise WatchlistError(f"{path}: {exc}. Fix the file (format: docs/watchlist.md).") from exc
    entities: list[Entity] = []
    seen: set[str] = set()
    for i, item in enumerate(data.get("entity", []), 1):
        if not isinstance(item, dict) or "id" not in item or "name" not in item:
            raise WatchlistError(f"{path}: entity #{i} needs at least id and name")
        key, kind = str(item["id"]), str(item.get("kind", "unknown"))
        if key in seen:
            raise WatchlistError(f"{path}: entity id {key!r} appears twice; merge the two entries")
        if kind not in KINDS:
            raise WatchlistError(f"{path}: entity {key!r} has kind {kind!r}; use one of {', '.join(KINDS)}")
        aliases = item.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise WatchlistError(f"{path}: aliases of {key!r} must be a list of strings")
        seen.add(key)
        entities.append(Entity(key, str(item["name"]), kind, list(aliases)))
    return Watchlist(entities, path)


def _toml_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def dumps_watchlist(watchlist: Watchlist) -> str:
    lines = ["# presswatch watchlist: known entities and their names in any script (docs/watchlist.md).", ""]
    for e in watchlist.entities:
        lines += ["[[entity]]", f"id = {_toml_str(e.key)}", f"kind = {_toml_str(e.kind)}",
                  f"name = {_toml_str(e.name)}",
                  "aliases = [" + ", ".join(_toml_str(a) for a in e.aliases) + "]", ""]
    return "\n".join(lines)


def save_watchlist(watchlist: Watchlist, path: Path | None = None) -> Path:
    """Write atomically (a temporary file renamed over the old one)."""
    target = path or watchlist.path
    if target is None:
        raise WatchlistError("no path to save the watchlist to")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(dumps_watchlist(watchlist), encoding="utf-8")
    os.replace(tmp, target)
    watchlist.path = target
    return target
