"""The one loader of language data: ``presswatch/lang/<code>/<name>.toml`` (and ``.txt`` word lists).

Every language fact lives in exactly one file of its language folder (month names in ``dates.toml``,
byline words in ``bylines.toml``, anatomy markers in ``anatomy.toml``, name endings in
``inflection.toml``, attribution cues in ``quotes.toml``, ...). Code reads them through this module
only, never by path.

Nothing here is cached: each call parses the file and returns fresh, immutable values (tuples, a
read-only mapping). A call site that needs the data often caches what it derives from it (compiled
patterns, lookup tables) in its own ``functools.lru_cache``-d function or in the object that uses it
(a pipeline component built once per worker), so there is no process-wide mutable cache to go stale.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from importlib import resources
from importlib.abc import Traversable
from types import MappingProxyType
from typing import Any, Literal

Calendar = Literal["gregorian", "solar_hijri"]
CODE = re.compile(r"^[a-z]{2,3}$")
# dates.toml keys of the month-name tables, by calendar
MONTH_KEYS: dict[str, str] = {"gregorian": "months", "solar_hijri": "months_solar_hijri"}


class LangDataError(ValueError):
    """A language data file is missing a required table or is not valid TOML."""


def _folder() -> Traversable:
    return resources.files("presswatch.lang")


def _freeze(value: Any) -> Any:
    if isinstance(value, dict):
        return MappingProxyType({k: _freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


def codes(name: str | None = None) -> tuple[str, ...]:
    """Language codes with a data folder (with ``name``: those that have ``<name>.toml``), sorted."""
    found = []
    for entry in _folder().iterdir():
        if entry.is_dir() and CODE.match(entry.name) and (name is None or entry.joinpath(f"{name}.toml").is_file()):
            found.append(entry.name)
    return tuple(sorted(found))


def read(code: str, name: str) -> Mapping[str, Any]:
    """``presswatch/lang/<code>/<name>.toml`` as a read-only mapping (lists become tuples); empty when
    the language has no such file."""
    if not CODE.match(code):
        return MappingProxyType({})
    path = _folder().joinpath(code, f"{name}.toml")
    if not path.is_file():
        return MappingProxyType({})
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise LangDataError(f"presswatch/lang/{code}/{name}.toml: {exc}") from exc
    return _freeze(data)  # type: ignore[no-any-return]


def words(code: str, name: str, key: str) -> tuple[str, ...]:
    """The list ``key`` of ``<code>/<name>.toml`` as strings (empty when absent)."""
    value = read(code, name).get(key, ())
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def word_list(code: str, name: str) -> tuple[str, ...]:
    """``presswatch/lang/<code>/<name>.txt``: one entry a line, ``#`` comments and blank lines left out."""
    path = _folder().joinpath(code, f"{name}.txt")
    if not CODE.match(code) or not path.is_file():
        return ()
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return tuple(out)


def months(code: str, calendar: Calendar = "gregorian") -> tuple[tuple[str, ...], ...]:
    """Month names of ``code`` in ``calendar`` from ``dates.toml``: twelve rows (January first), each
    the full name first, then other spellings and abbreviations; empty when the language has none."""
    rows = read(code, "dates").get(MONTH_KEYS[calendar], ())
    out = tuple(tuple(str(n) for n in (row if isinstance(row, tuple) else (row,))) for row in rows)
    if out and len(out) != 12:
        raise LangDataError(f"presswatch/lang/{code}/dates.toml: {MONTH_KEYS[calendar]} has {len(out)} rows, "
                            "not 12")
    return out


def table(name: str) -> tuple[tuple[str, ...], ...]:
    """``presswatch/lang/<name>.tsv``, a table across languages (e.g. ``languages``: code, native name,
    direction): rows of tab-separated fields, ``#`` comment lines and blank lines left out."""
    if not re.match(r"^[a-z_]+$", name):
        raise LangDataError(f"bad table name {name!r}")
    path = _folder().joinpath(f"{name}.tsv")
    if not path.is_file():
        return ()
    return tuple(tuple(line.split("\t")) for line in path.read_text(encoding="utf-8").splitlines()
                 if line.strip() and not line.startswith("#"))


def file_text(code: str, filename: str) -> str | None:
    """The raw text of ``presswatch/lang/<code>/<filename>`` (a data file of another format, e.g. a
    ``.tsv`` table), or None when the language has no such file."""
    if not CODE.match(code) or "/" in filename or "\\" in filename or filename.startswith("."):
        return None
    path = _folder().joinpath(code, filename)
    if not path.is_file():
        return None
    return path.read_text(encoding="utf-8")


def common_text(filename: str) -> str | None:
    """The raw text of ``presswatch/lang/<filename>``: data about every language, not one (the list of
    ISO 639-1 codes), or None when there is no such file."""
    if "/" in filename or "\\" in filename or filename.startswith("."):
        return None
    path = _folder().joinpath(filename)
    return path.read_text(encoding="utf-8") if path.is_file() else None
