"""How the reuse stage reads the index: a batch's band keys in key order, once each; stored features
decoded only for the passages asked for."""

from __future__ import annotations

import re

import pytest
from linkpages import parallel

from presswatch.config import Config
from presswatch.project import Project
from presswatch.reuse.fixtures import add_unit
from presswatch.reuse.minhash import LshParams
from presswatch.reuse.prepare import prepare_passages, stored_passages, stored_tokens
from presswatch.reuse.shingles import ShingleParams
from presswatch.reuse.stage import ReuseStage
from presswatch.runner.archive import run_stages

BAND_LOOKUP = re.compile(r"FROM reuse_bands(?:_l\d)? WHERE key = (-?\d+)")


@pytest.fixture(scope="module")
def texts() -> dict[tuple[str, str], str]:
    return parallel()


def test_a_batchs_band_keys_are_looked_up_once_each_in_key_order(project: Project, texts: dict) -> None:
    english = [text for (_id, lang), text in sorted(texts.items()) if lang == "en"]
    assert len(english) >= 8
    conn = project.connect()
    first = [add_unit(conn, f"https://first.example/{i}", text, published="2024-03-01")
             for i, text in enumerate(english[:4])]
    run_stages(conn, Config(), [ReuseStage()])
    # The second run: copies of the first texts (links to find) and new texts, many passages in one batch.
    new = [add_unit(conn, f"https://second.example/{i}", text, published="2024-03-02")
           for i, text in enumerate(english[:2] + english[4:8])]
    keys: list[int] = []
    conn.set_trace_callback(lambda sql: keys.extend(dict.fromkeys(int(k) for k in BAND_LOOKUP.findall(sql))))
    counts = run_stages(conn, Config(), [ReuseStage()])
    conn.set_trace_callback(None)
    passages = counts["reuse:passages_indexed"]
    assert passages >= 15
    # Every passage has 20 band keys; a random order of lookups would be sorted with odds of 1 in n!.
    assert len(keys) > 10 * passages
    assert keys == sorted(keys) and len(keys) == len(set(keys))
    found = {tuple(r) for r in conn.execute("SELECT kind, a, b FROM links WHERE level = 'unit'")}
    assert {("copy_of", new[0], first[0]), ("copy_of", new[1], first[1])} <= found   # the links still found
    conn.close()


def test_stored_features_are_decoded_only_for_the_passages_asked_for(texts: dict) -> None:
    shingle, lsh = ShingleParams(), LshParams()
    paragraphs = texts[sorted(k for k in texts if k[1] == "en")[0]].split("\n")
    data = prepare_passages(list(enumerate(paragraphs)), shingle, lsh)
    every = stored_passages(data, shingle, lsh)
    assert every is not None and len(every) >= 3
    wanted = sorted(every)[1:3]
    some = stored_passages(data, shingle, lsh, wanted + [999])   # an ordinal the unit has not: left out
    assert some is not None and sorted(some) == wanted
    for ordinal in wanted:
        sh, sig, count = some[ordinal]
        full_sh, full_sig, full_count = every[ordinal]
        assert (sh, count) == (full_sh, full_count) and (sig == full_sig).all()
    assert stored_tokens(data, shingle, lsh) == {o: sh.tokens for o, (sh, _s, _c) in every.items()}
    other = ShingleParams(k=4)
    assert stored_passages(data, other, lsh, wanted) is None and stored_tokens(data, other, lsh) is None
