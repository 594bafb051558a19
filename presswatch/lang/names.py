"""Language names as shown in the digest (each in its own language) and writing direction, read from
``presswatch/lang/languages.tsv`` (one table for every language, including those without a folder)."""

from __future__ import annotations

from dataclasses import dataclass

from presswatch.lang import data


@dataclass(frozen=True)
class LanguageTable:
    names: dict[str, str]
    rtl: frozenset[str]


def load_languages() -> LanguageTable:
    names: dict[str, str] = {}
    rtl: set[str] = set()
    for parts in data.table("languages"):
        if len(parts) != 3 or parts[2] not in ("ltr", "rtl"):
            raise ValueError(f"presswatch/lang/languages.tsv: expected code<TAB>name<TAB>ltr|rtl, got {parts!r}")
        names[parts[0]] = parts[1]
        if parts[2] == "rtl":
            rtl.add(parts[0])
    return LanguageTable(names, frozenset(rtl))


_TABLE = load_languages()   # read once at import; never changed afterwards
LANGUAGE_NAMES: dict[str, str] = dict(_TABLE.names)
RTL_LANGUAGES = _TABLE.rtl


def language_name(code: str | None) -> str:
    code = code or "und"
    return LANGUAGE_NAMES.get(code, code)


def direction(code: str | None) -> str:
    return "rtl" if (code or "") in RTL_LANGUAGES else "ltr"
