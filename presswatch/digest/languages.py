"""Language names as shown in the digest (each in its own language) and writing direction."""

from __future__ import annotations

# Native names: a reader of the section recognises their own language.
LANGUAGE_NAMES: dict[str, str] = {
    "en": "English", "sq": "Shqip", "fa": "فارسی", "ar": "العربية", "sr": "Srpski", "hr": "Hrvatski",
    "bs": "Bosanski", "mk": "Македонски", "bg": "Български", "el": "Ελληνικά", "tr": "Türkçe",
    "de": "Deutsch", "fr": "Français", "it": "Italiano", "es": "Español", "ru": "Русский",
    "uk": "Українська", "ps": "پښتو", "ur": "اردو", "he": "עברית", "az": "Azərbaycan dili",
    "ku": "Kurdî", "und": "Other / undetermined",
}

RTL_LANGUAGES = frozenset({"fa", "ar", "he", "ur", "ps", "yi", "ckb", "dv"})


def language_name(code: str | None) -> str:
    code = code or "und"
    return LANGUAGE_NAMES.get(code, code)


def direction(code: str | None) -> str:
    return "rtl" if (code or "") in RTL_LANGUAGES else "ltr"
