"""The one loader of language data (presswatch/lang/data.py) and the rule that code reads language
files only through it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from presswatch.lang import data as lang_data

ROOT = Path(__file__).resolve().parents[1] / "presswatch"
# Loaders not yet moved onto presswatch.lang.data, each owned by another change in flight; delete a
# line when its module reads through the loader (the test fails until you do).
PENDING: set[str] = set()


def test_every_language_with_dates_has_twelve_months_full_name_first() -> None:
    with_dates = lang_data.codes("dates")
    assert {"en", "sq", "fa", "de", "fr", "es", "it"} <= set(with_dates)
    for code in with_dates:
        rows = lang_data.months(code)
        assert len(rows) == 12 and all(rows), code
        assert all(isinstance(n, str) and n for row in rows for n in row), code
    assert lang_data.months("en")[10][0] == "november"
    assert lang_data.months("fa", "solar_hijri")[0][0] == "فروردین"
    assert lang_data.months("en", "solar_hijri") == ()


def test_read_returns_immutable_fresh_data_and_empty_for_unknown() -> None:
    data = lang_data.read("sq", "dates")
    with pytest.raises(TypeError):
        data["months"] = ()  # type: ignore[index]
    assert isinstance(data["months"], tuple)
    assert lang_data.read("xx", "dates") == {}
    assert lang_data.read("../en", "dates") == {}   # never a path outside the language folders
    assert lang_data.words("sq", "dates", "month_endings") == ("it", "ut", "i", "u")
    assert lang_data.words("en", "dates", "nothing") == ()


def test_month_names_are_in_one_place() -> None:
    """Month names live in dates.toml only (anatomy.toml names the calendar, code names none)."""
    for path in sorted((ROOT / "lang").glob("*/*.toml")):
        if path.name != "dates.toml":
            text = path.read_text(encoding="utf-8")
            assert not re.search(r"^months", text, re.M), f"{path}: month names belong in dates.toml"
    for path in sorted(ROOT.rglob("*.py")):
        text = path.read_text(encoding="utf-8").lower()
        assert "january february" not in text and "janar shkurt" not in text, f"{path}: month names in code"


def test_language_files_are_read_through_the_loader_only() -> None:
    pattern = re.compile(r"files\(\s*['\"]presswatch\.lang['\"]\s*\)|files\(\s*['\"]presswatch['\"]\s*\)[^\n]*['\"]lang['\"]")
    offenders = set()
    for path in sorted(ROOT.rglob("*.py")):
        rel = str(path.relative_to(ROOT.parent))
        if rel == "presswatch/lang/data.py":
            continue
        if pattern.search(path.read_text(encoding="utf-8")):
            offenders.add(rel)
    assert offenders - PENDING == set(), f"read language data through presswatch.lang.data: {offenders - PENDING}"
    assert PENDING <= offenders, f"these now use the loader; delete them from PENDING: {PENDING - offenders}"
