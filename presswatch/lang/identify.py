"""Language identification of short passages: backends, thresholds and the `und` rule.

An :class:`Identifier` is built once per pipeline (``build_identifier``) and then called per passage.
It answers an ISO 639-1 code, or ``und`` when the text has fewer than ``min_letters`` letters or the
backend's confidence is below ``min_confidence``. Backends (measured in ``bench/langid.py``, numbers in
``docs/decisions.md``):

``lingua-low``   lingua-language-detector, low accuracy mode (trigrams only): fast, every language.
``lingua-high``  lingua-language-detector, high accuracy mode (1- to 5-grams): best on short texts, slow.
``py3langid``    py3langid (langid.py model, 97 languages), probabilities normalised.
``script+lingua-low`` Arabic-script text goes to a lingua detector restricted to Arabic-script
                 languages, everything else to ``lingua-low`` (see ``ScriptRouted``).

``auto`` is the measured default (``AUTO_BACKEND``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from typing import Any, Protocol

UND = "und"
AUTO_BACKEND = "py3langid"
BACKENDS = ("lingua-low", "lingua-high", "py3langid", "script+lingua-low")


class Backend(Protocol):
    name: str

    def guess(self, text: str) -> tuple[str, float]:
        """Best ISO 639-1 code and its confidence in [0, 1]; ("und", 0.0) when there is no answer."""
        ...

    def languages(self) -> list[str]: ...


LETTER = re.compile(r"[^\W\d_]")


def count_letters(text: str) -> int:
    return len(LETTER.findall(text))


def has_letters(text: str, n: int) -> bool:
    """At least ``n`` letters (stops counting early)."""
    if n <= 0:
        return True
    return sum(1 for _ in islice(LETTER.finditer(text), n)) >= n


def script_of(ch: str) -> str:
    """A coarse script name for one letter: latin, arabic, cyrillic, greek, or other."""
    code = ord(ch)
    if code < 0x0250 or 0x1E00 <= code < 0x1F00:
        return "latin"
    if 0x0600 <= code < 0x0780 or 0x08A0 <= code < 0x0900 or 0xFB50 <= code < 0xFE00 or 0xFE70 <= code < 0xFF00:
        return "arabic"
    if 0x0400 <= code < 0x0530:
        return "cyrillic"
    if 0x0370 <= code < 0x0400:
        return "greek"
    return unicodedata.name(ch, "OTHER").split(" ", 1)[0].lower()


def main_script(text: str) -> str | None:
    counts: dict[str, int] = {}
    for ch in text:
        if ch.isalpha():
            s = script_of(ch)
            counts[s] = counts.get(s, 0) + 1
    return max(counts, key=lambda k: counts[k]) if counts else None


class LinguaBackend:
    """lingua-language-detector; ``languages`` empty means every language lingua knows."""

    def __init__(self, languages: Sequence[str] = (), *, high_accuracy: bool = False, preload: bool = False):
        from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

        if languages:
            wanted = []
            for code in languages:
                iso = getattr(IsoCode639_1, code.upper(), None)
                if iso is None:
                    raise ValueError(f"lingua does not know the language {code!r}; remove it from [lang] languages")
                wanted.append(Language.from_iso_code_639_1(iso))
            if len(wanted) == 1:
                wanted.append(Language.ENGLISH if wanted[0] != Language.ENGLISH else Language.ALBANIAN)
            builder = LanguageDetectorBuilder.from_languages(*wanted)
        else:
            builder = LanguageDetectorBuilder.from_all_languages()
        if not high_accuracy:
            builder = builder.with_low_accuracy_mode()
        if preload:
            builder = builder.with_preloaded_language_models()
        self._detector = builder.build()
        self._codes = sorted(code.lower() for code in languages) if languages else sorted(
            lang.iso_code_639_1.name.lower() for lang in Language.all())
        self._code_set = frozenset(self._codes)
        self.name = "lingua-high" if high_accuracy else "lingua-low"

    def guess(self, text: str) -> tuple[str, float]:
        values = self._detector.compute_language_confidence_values(text)
        if not values or values[0].value <= 0.0:
            return UND, 0.0
        best = values[0]
        code = best.language.iso_code_639_1.name.lower()
        if code not in self._code_set:  # the helper language added when only one was asked for
            return UND, 0.0
        return code, float(best.value)

    def languages(self) -> list[str]:
        return list(self._codes)


# py3langid also knows some languages by ISO 639-3 codes; those with an ISO 639-1 macrolanguage are
# counted for it, the rest are never answered. ``zxx`` ("no linguistic content") means ``und``.
MACRO = {"ary": "ar", "arz": "ar", "uzs": "uz", "yue": "zh", "wuu": "zh", "gug": "gn", "sdh": "ku"}
# Languages so close that a short text often cannot tell them apart: the best member is answered with
# the confidence of the whole group.
CLUSTERS = ({"hr", "sr", "bs"}, {"ms", "id"}, {"no", "nb", "nn", "da"})
CLUSTER_OF = {code: group for group in CLUSTERS for code in group}


@lru_cache(maxsize=1)
def shared_py3langid_model() -> Any:
    """py3langid's model with normalised probabilities, all languages (loaded once, never changed:
    restricted identifiers get their own copy, see ``_py3langid_copy``)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _py3langid_copy() -> Any:
    """A new identifier over the shared model arrays, free to be restricted with ``set_languages``
    (which builds new arrays and never writes into the shared ones)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    full = shared_py3langid_model()
    try:
        return LanguageIdentifier(*full._full_model[:2], list(full._full_model[2]), full.tk_nextmove,
                                  full.tk_output, norm_probs=True, tk_row=full.tk_row)
    except (AttributeError, TypeError):  # another py3langid version: load a private copy
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


class Py3LangidBackend:
    """py3langid with normalised probabilities; ``languages`` empty means all of its ISO 639-1 languages."""

    name = "py3langid"

    def __init__(self, languages: Sequence[str] = ()):
        self._identifier = shared_py3langid_model() if not languages else _py3langid_copy()
        known = {MACRO.get(c, c) for c in self._identifier.nb_classes if len(MACRO.get(c, c)) == 2}
        if languages:
            unknown = sorted(set(languages) - known)
            if unknown:
                raise ValueError(f"py3langid does not know {unknown}; remove them from [lang] languages")
            keep = [c for c in self._identifier.nb_classes if MACRO.get(c, c) in languages or c == "zxx"]
            self._identifier.set_languages(keep)
        self._codes = sorted(languages) if languages else sorted(known)

    def guess(self, text: str) -> tuple[str, float]:
        lang, score = self._identifier.classify(text)
        if len(lang) == 2 and lang not in CLUSTER_OF:
            return str(lang), float(score)
        totals: dict[str, float] = {}
        for code, prob in self._identifier.rank(text):
            mapped = MACRO.get(code, code)
            totals[mapped] = totals.get(mapped, 0.0) + float(prob)
        best = max((c for c in totals if len(c) == 2 or c == "zxx"), key=lambda c: totals[c], default=UND)
        if best in (UND, "zxx"):
            return UND, totals.get(best, 0.0)
        group = CLUSTER_OF.get(best)
        confidence = sum(totals.get(c, 0.0) for c in group) if group else totals[best]
        return best, confidence

    def languages(self) -> list[str]:
        return list(self._codes)


ARABIC_SCRIPT = ("fa", "ar", "ur")


class ScriptRouted:
    """Arabic-script text to a detector restricted to Arabic-script languages, the rest to ``other``."""

    name = "script+lingua-low"

    def __init__(self, languages: Sequence[str] = ()):
        arabic = [c for c in ARABIC_SCRIPT if not languages or c in languages]
        self._arabic = LinguaBackend(arabic, high_accuracy=True) if arabic else None
        self._other = LinguaBackend(languages)

    def guess(self, text: str) -> tuple[str, float]:
        if self._arabic is not None and main_script(text) == "arabic":
            return self._arabic.guess(text)
        return self._other.guess(text)

    def languages(self) -> list[str]:
        return self._other.languages()


def make_backend(name: str, languages: Sequence[str] = ()) -> Backend:
    if name == "auto":
        name = AUTO_BACKEND
    if name == "lingua-low":
        return LinguaBackend(languages)
    if name == "lingua-high":
        return LinguaBackend(languages, high_accuracy=True)
    if name == "py3langid":
        return Py3LangidBackend(languages)
    if name == "script+lingua-low":
        return ScriptRouted(languages)
    raise ValueError(f"unknown [lang] backend {name!r}; use one of: auto, {', '.join(BACKENDS)}")


@dataclass
class Identifier:
    """A backend plus the `und` rules; build once (``build_identifier``) and reuse for every passage."""

    backend: Backend
    min_letters: int = 20
    min_confidence: float = 0.5
    sample_chars: int = 200  # long passages: the first this many characters decide (cost stays flat)

    @property
    def name(self) -> str:
        return self.backend.name

    def identify(self, text: str) -> tuple[str, float | None]:
        """ISO 639-1 code and confidence; ``("und", None)`` for short text, ``("und", score)`` when unsure."""
        if not has_letters(text, self.min_letters):
            return UND, None
        lang, score = self.backend.guess(text[: self.sample_chars])
        if lang == UND or score < self.min_confidence:
            return UND, score
        return lang, score

    def identify_many(self, texts: Iterable[str]) -> list[tuple[str, float | None]]:
        return [self.identify(t) for t in texts]


def build_identifier(backend: str = "auto", *, languages: Sequence[str] = (), min_letters: int = 20,
                     min_confidence: float = 0.5) -> Identifier:
    codes = [str(c).strip().lower() for c in languages if str(c).strip()]
    return Identifier(make_backend(backend, codes), int(min_letters), float(min_confidence))
