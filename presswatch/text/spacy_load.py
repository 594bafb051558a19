"""Loading a spaCy pipeline with only the components a stage needs; a missing spaCy or model is an
error message (callers warn once and use their rules), never an exception."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def load_spacy(model: str | None, exclude: Sequence[str], needs: str | None = None,
               needs_name: str | None = None) -> tuple[Any, str | None]:
    """``(nlp, None)``, or ``(None, why)`` when no model is configured, spaCy or the model is not
    installed, or the model lacks the component ``needs`` (called ``needs_name`` in the message)."""
    if not model:
        return None, "no spaCy model configured"
    try:
        import spacy

        from presswatch.text.blas import numpy_ops

        with numpy_ops():  # numpy's BLAS on one thread where it can be (presswatch.text.blas)
            nlp = spacy.load(model, exclude=list(exclude))
    except ImportError:
        return None, "spaCy is not installed (pip install 'presswatch[nlp]')"
    except OSError as exc:
        return None, f"spaCy model {model!r} is not installed ({str(exc).splitlines()[0][:120]})"
    if needs is not None and needs not in nlp.pipe_names:
        return None, f"spaCy model {model!r} has no {needs_name or needs}"
    return nlp, None
