"""The English cue lexicon: how often a lemma (with its part of speech) or a word form heads an
attribution cue on the PolNeAR training split, out of all its occurrences there. Counts only; the
files are made by ``bench/learn_cues.py`` and live in ``presswatch/lang/en/``."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from presswatch.lang.data import file_text

MIN_SEEN = 3  # fewer occurrences than this say nothing
# A cue at least this sure (its PolNeAR train ratio, :meth:`CueLexicon.verb_weight`) is an attribution on its
# own; a less sure ("weak") one also needs someone it is said by. Measured on PolNeAR train (300 articles)
# and the tuning sample of real pages' quotes (bench/quote_speakers.py), docs/decisions.md.
STRONG_CUE = 0.7


@dataclass(frozen=True)
class CueLexicon:
    lemmas: dict[tuple[str, str], tuple[int, int]]   # (lemma, POS) -> (times a cue head, occurrences)
    forms: dict[str, tuple[int, int]]                # lower-case word form -> (times a cue head, occurrences)
    frames: dict[tuple[str, str], tuple[int, int]]   # (verb lemma, frame) -> (times a cue head, occurrences)
    # lower-case word form -> the lemma spaCy's lemmatizer gives it as a verb, where it is not the form
    form_lemmas: dict[str, str] = field(default_factory=dict)

    def ratio(self, lemma: str, pos: str) -> float:
        cue, seen = self.lemmas.get((lemma, pos), (0, 0))
        return cue / seen if seen >= MIN_SEEN else 0.0

    def frame_ratio(self, lemma: str, frame: str) -> float | None:
        """How often this verb with this complement frame is a cue; None when seen too rarely."""
        cue, seen = self.frames.get((lemma, frame), (0, 0))
        return cue / seen if seen >= MIN_SEEN else None

    def form_ratio(self, form: str) -> float:
        cue, seen = self.forms.get(form, (0, 0))
        return cue / seen if seen >= MIN_SEEN else 0.0

    def verb_lemma(self, form: str) -> str:
        """The lemma of a word form as a verb, as the parse path sees it (for the rules, which have none)."""
        w = form.lower().replace("’", "'")
        return self.form_lemmas.get(w, w)

    def verb_weight(self, lemma: str, frame: str) -> float:
        """How sure a verb cue is: how often this lemma in this complement frame headed a PolNeAR train
        cue, or the lemma's ratio as a verb when the frame was seen too rarely. The one measure of both
        paths: the parse reads lemma and frame off the tree, the rules take the form's lemma
        (:meth:`verb_lemma`) and the frame of the content they found."""
        ratio = self.frame_ratio(lemma, frame)
        return ratio if ratio is not None else self.ratio(lemma, "VERB")


def weak_cue(weight: float) -> bool:
    """A cue under :data:`STRONG_CUE` ("offer", "show", "hope"): an attribution only with a speaker."""
    return weight < STRONG_CUE


def _read(name: str) -> list[list[str]]:
    text = file_text("en", name) or ""
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


@lru_cache(maxsize=1)
def load_lexicon() -> CueLexicon:
    lemmas = {(r[0], r[1]): (int(r[2]), int(r[3])) for r in _read("cue_lemmas.tsv")}
    forms = {r[0]: (int(r[1]), int(r[2])) for r in _read("cue_forms.tsv")}
    frames = {(r[0], r[1]): (int(r[2]), int(r[3])) for r in _read("cue_frames.tsv")}
    form_lemmas = {r[0]: r[1] for r in _read("cue_form_lemmas.tsv")}
    return CueLexicon(lemmas, forms, frames, form_lemmas)


FRAMES = ("ccomp", "xcomp", "dobj")


def verb_frame(tok: Any) -> str:
    """The complement frame of a verb in a spaCy parse: its first of ccomp, xcomp, dobj, else "none"."""
    deps = {c.dep_ for c in tok.children}
    return next((f for f in FRAMES if f in deps), "none")
