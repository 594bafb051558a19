"""Validation of a project's ``presswatch.toml`` against the packaged defaults.

Every key is checked by type (the type of its packaged default) and range (below), unknown sections
and keys are errors naming the closest valid one, and every message names the file, the key, the
value and what is allowed. A table that is empty in the defaults (``[anatomy.sites]``) is free-form.
"""

from __future__ import annotations

import difflib
from typing import Any

# (low, high) inclusive bounds; None means open. Numeric keys not listed must be >= 0.
RANGES: dict[str, tuple[float | None, float | None]] = {
    "project.cache_mb": (1, 1 << 20), "project.mmap_mb": (0, 1 << 30),
    "ingest.max_bytes": (1, None), "ingest.batch_size": (1, None), "ingest.max_records_per_file": (1, None),
    "process.max_paragraphs": (1, None),
    "process.commit_pages": (1, 100_000),
    "extract.max_depth": (1, None),
    "lang.min_confidence": (0, 1),
    "passages.max_chars": (1, None),
    "search.default_limit": (1, 1000), "search.snippet_chars": (1, None), "search.max_query_terms": (1, 10_000),
    "collect.timeout_connect": (0.001, None), "collect.timeout_read": (0.001, None),
    "collect.timeout_total": (0.001, None), "collect.max_body_bytes": (1, None),
    "collect.per_host_concurrency": (1, 64), "collect.pause_after_failures": (1, None),
    "collect.fetch_budget": (1, None), "collect.parallel_sources": (1, 1000),
    "collect.wp_per_page": (1, 100), "collect.wp_max_pages": (1, None), "collect.max_sitemaps": (1, None),
    "reuse.shingle_words": (1, 20), "reuse.min_words": (1, None), "reuse.bands": (1, 1000),
    "reuse.rows": (1, 100), "reuse.near_duplicate": (0, 1), "reuse.excerpt": (0, 1),
    "reuse.unit_coverage": (0, 1), "reuse.sample_mod": (1, None), "reuse.max_postings": (1, None),
    "reuse.translation_threshold": (0, 1),
}
# Keys whose value may be one of these words instead of the default's type.
WORDS: dict[str, tuple[str, ...]] = {"process.workers": ("auto",)}
# Keys whose packaged default is one of the WORDS: the type a value must have otherwise.
TYPE_OF: dict[str, Any] = {"process.workers": 1}
CHOICES: dict[str, tuple[str, ...]] = {
    "lang.backend": ("auto", "lingua-low", "lingua-high", "py3langid", "script+lingua-low"),
}


class SettingsError(ValueError):
    """A setting has the wrong type or range, or is unknown."""


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a quoted string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def _same_type(default: Any, value: Any) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, float):
        return isinstance(value, int | float)
    return isinstance(value, type(default))


def _allowed(dotted: str, default: Any, shown_default: Any = None) -> str:
    words = WORDS.get(dotted, ())
    if dotted in CHOICES:
        return "one of " + ", ".join(repr(c) for c in CHOICES[dotted])
    kind = _type_name(default)
    if isinstance(default, int | float) and not isinstance(default, bool):
        low, high = RANGES.get(dotted, (0, None))
        if low is not None and high is not None:
            kind += f" from {low:g} to {high:g}"
        elif low is not None:
            kind += f" >= {low:g}"
    if words:
        kind = " or ".join([*(repr(w) for w in words), kind])
    return f"{kind} (default {(default if shown_default is None else shown_default)!r})"


def validate(overrides: dict[str, Any], defaults: dict[str, Any], source: str) -> None:
    """Raise :class:`SettingsError` for the first problem in ``overrides`` (read from ``source``)."""
    _check_table(overrides, defaults, "", source)


def _check_table(values: dict[str, Any], defaults: dict[str, Any], prefix: str, source: str) -> None:
    for key, value in values.items():
        dotted = f"{prefix}{key}"
        where = f"[{prefix.rstrip('.')}] {key}" if prefix else f"[{key}]"
        if key not in defaults:
            close = difflib.get_close_matches(key, list(defaults), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            known = ", ".join(sorted(defaults))
            what = "setting" if prefix else "section"
            raise SettingsError(f"{source}: unknown {what} {where}{hint} Known here: {known}")
        default = defaults[key]
        if isinstance(default, dict):
            if not isinstance(value, dict):
                raise SettingsError(f"{source}: {where} must be a table ([{dotted}] with keys under it), "
                                    f"not {_type_name(value)} ({value!r})")
            if default:                          # an empty table in the defaults is free-form
                _check_table(value, default, f"{dotted}.", source)
            continue
        _check_value(dotted, where, value, default, source)


def _check_value(dotted: str, where: str, value: Any, default: Any, source: str) -> None:
    shown_default = default
    default = TYPE_OF.get(dotted, default)
    bad = f"{source}: {where} = {value!r} is not allowed; expected {_allowed(dotted, default, shown_default)}"
    if isinstance(value, str) and value in WORDS.get(dotted, ()):
        return
    if not _same_type(default, value):
        raise SettingsError(bad)
    if dotted in CHOICES and value not in CHOICES[dotted]:
        raise SettingsError(bad)
    if isinstance(value, int | float) and not isinstance(value, bool):
        low, high = RANGES.get(dotted, (0, None))
        if (low is not None and value < low) or (high is not None and value > high):
            raise SettingsError(bad)
    if isinstance(value, str) and isinstance(default, str) and default and not value.strip():
        raise SettingsError(f"{source}: {where} is empty; expected {_allowed(dotted, default)}")
    if isinstance(value, list):
        sample = default[0] if default else ""
        wrong = [v for v in value if not _same_type(sample, v)]
        if wrong:
            raise SettingsError(f"{source}: {where} holds {wrong[0]!r}; expected a list of {_type_name(sample)}s")
        if dotted in ("lang.languages", "anatomy.marker_languages"):
            from presswatch.langcodes import check_codes

            try:
                check_codes(value, f"{source}: {where}")
            except ValueError as exc:
                raise SettingsError(str(exc)) from exc
