"""spaCy's products on numpy's BLAS held to one thread (presswatch.text.blas): same spans, same
attributions as with thinc's default BLIS, and the caller's BLAS thread count restored."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from presswatch.quotes.analysis import ner_spans, parse_attributions
from presswatch.text import blas
from presswatch.text.spacy_load import load_spacy

TEXTS = [
    "The mayor of Springfield, Anna Kowalski, said on Tuesday that the new bridge would open in May.",
    "\u201cWe will not raise taxes,\u201d the finance minister told reporters in Brussels.",
    "According to the Daily Planet, Acme Corp. plans to hire 400 engineers in Ohio next year.",
    "Residents complained about the noise. \u201cIt never stops,\u201d said Maria Lopez, who lives nearby.",
    "The committee, led by Senator John Harlow, announced an inquiry into the Northwind contract.",
    "Shares of Globex fell 4 percent after the company warned that sales in Asia would slow.",
    "Police in Leeds said a 34-year-old man had been arrested and would appear in court on Friday.",
    "She added that the European Commission had not yet replied to the letter sent in March.",
]


def test_one_thread_restores_the_callers_setting() -> None:
    fn = blas._set_local()
    if fn is None:
        pytest.skip("numpy's BLAS here is not an OpenBLAS that can be held to one thread per caller")
    fn(2)
    with blas.one_thread():
        assert fn(1) == 1  # held to one thread inside the block
    assert fn(2) == 2      # and the caller's two afterwards


def test_holds_from_two_threads_or_left_out_of_order_restore_the_setting() -> None:
    """The thread count is the process's in numpy's OpenBLAS (review8): holds are counted, so holds that
    overlap across threads, or generators closed in another order than opened, end at the caller's."""
    import threading

    fn = blas._set_local()
    if fn is None:
        pytest.skip("numpy's BLAS here is not an OpenBLAS whose thread count can be set")
    fn(2)
    first, second = blas.one_thread(), blas.one_thread()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)       # the first one left while the second is still inside
    assert fn(1) == 1                      # still one thread for the block still open
    second.__exit__(None, None, None)
    assert fn(2) == 2                      # the caller's two once the last one closed
    inside = threading.Barrier(2)

    def hold() -> None:
        with blas.one_thread():
            inside.wait(timeout=30)
            inside.wait(timeout=30)
    workers = [threading.Thread(target=hold) for _ in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=60)
    assert not any(w.is_alive() for w in workers)
    assert fn(2) == 2


def test_numpy_blas_gives_the_same_spans_and_attributions_as_blis(
        load_spacy_model: Callable[..., Any]) -> None:
    default = load_spacy_model(["senter"])            # thinc's default ops (BLIS)
    ours, error = load_spacy(default.meta["lang"] + "_" + default.meta["name"], ["senter"])
    if ours is None:
        pytest.skip(error or "no model")
    assert ours.get_pipe("ner").model.ops.use_blis is (not blas.available())
    assert ner_spans(ours, TEXTS) == ner_spans(default, TEXTS)
    assert parse_attributions(ours, TEXTS) == parse_attributions(default, TEXTS)
    assert any(ner_spans(ours, TEXTS)) and any(parse_attributions(ours, TEXTS))
