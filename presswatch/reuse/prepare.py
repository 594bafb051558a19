"""Per-unit reuse and translation features, computed where the page is processed (the worker
processes) and stored with the page's units (``unit_prepared``, see :mod:`presswatch.quotes.prepare`):

- per passage: the shingled form (:func:`~presswatch.reuse.shingles.shingle_text`: token count, exact
  hash, shingle hashes) and its MinHash signature (datasketch), or None for a passage too short;
- the unit's paragraphs with their translation anchors (:func:`~presswatch.reuse.anchors.document`).

The stages then only match them against the archive (band lookups, candidate verification, anchor
postings, pairing). Features are tagged with the parameters they were made with; a unit whose stored
features do not match the configured parameters (or have none: an older archive) is prepared in the
writer exactly as before, so a re-run of either stage on any stored archive gives the same result.
"""

from __future__ import annotations

import base64
from collections.abc import Collection, Sequence
from typing import Any

import numpy as np

from presswatch.reuse.anchors import Paragraph, document
from presswatch.reuse.minhash import LshParams, signatures
from presswatch.reuse.shingles import Shingled, ShingleParams, shingle_text

REUSE_VERSION = 1
TRANSLATION_VERSION = 1


def params_key(shingle: ShingleParams, lsh: LshParams) -> list[int]:
    return [REUSE_VERSION, shingle.k, shingle.min_words, shingle.sample_mod, lsh.bands, lsh.rows, lsh.seed]


def prepare_passages(passages: Sequence[tuple[int, str]], shingle: ShingleParams, lsh: LshParams) -> dict[str, Any]:
    """JSON-ready reuse features of a unit's passages ((ordinal, text) each): those long enough to be
    indexed, by ordinal (a passage left out is too short)."""
    shingled = [(ordinal, sh) for ordinal, text in passages if (sh := shingle_text(text, shingle)) is not None]
    sigs = signatures([sh.shingles for _o, sh in shingled], lsh) if shingled else None
    rows = {str(ordinal): [sh.tokens, sh.exact, _b64(np.asarray(sorted(sh.hashes), dtype="<i8")),
                           _b64(sigs[i].astype("<u4")), len(sh.shingles)]
            for i, (ordinal, sh) in enumerate(shingled) if sigs is not None}
    return {"key": params_key(shingle, lsh), "n": len(passages), "passages": rows}


def stored_passages(data: dict[str, Any] | None, shingle: ShingleParams, lsh: LshParams,
                    ordinals: Collection[int] | None = None) -> dict[int, tuple[Shingled, np.ndarray, int]] | None:
    """Ordinal -> (shingled form, signature, shingle count) of a unit's indexable passages (only those
    of ``ordinals`` when given: decoding a passage's shingle hashes is most of the cost), or None when
    the unit has no features made with these parameters. ``Shingled.shingles`` is left empty: the
    signature made from them is stored instead."""
    if not isinstance(data, dict) or data.get("key") != params_key(shingle, lsh):
        return None
    rows: dict[str, Any] = data["passages"]
    wanted = rows if ordinals is None else {str(o): rows[str(o)] for o in ordinals if str(o) in rows}
    out: dict[int, tuple[Shingled, np.ndarray, int]] = {}
    for ordinal, (tokens, exact, hashes, sig, count) in wanted.items():
        out[int(ordinal)] = (Shingled(int(tokens), int(exact), [], frozenset(_unb64(hashes, "<i8").tolist())),
                             _unb64(sig, "<u4").astype(np.uint32), int(count))
    return out


def stored_tokens(data: dict[str, Any] | None, shingle: ShingleParams, lsh: LshParams) -> dict[int, int] | None:
    """Ordinal -> token count of a unit's indexable passages, read without decoding their hashes or
    signatures; None as for :func:`stored_passages`."""
    if not isinstance(data, dict) or data.get("key") != params_key(shingle, lsh):
        return None
    return {int(ordinal): int(row[0]) for ordinal, row in data["passages"].items()}


def prepare_document(text: str) -> dict[str, Any]:
    """JSON-ready paragraphs of a unit for translation matching (:func:`document`)."""
    return {"v": TRANSLATION_VERSION,
            "paragraphs": [[p.text, p.length, list(p.anchors), p.quotes] for p in document(text)]}


def stored_document(data: dict[str, Any] | None) -> list[Paragraph] | None:
    if not isinstance(data, dict) or data.get("v") != TRANSLATION_VERSION:
        return None
    return [Paragraph(str(t), int(n), tuple(str(a) for a in anchors), int(q)) for t, n, anchors, q in data["paragraphs"]]


def _b64(values: np.ndarray) -> str:
    return base64.b64encode(values.tobytes()).decode("ascii")


def _unb64(text: str, dtype: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype=dtype)
