"""Text reuse: duplicates, near-duplicates, excerpts, whole-article copies, direction, incrementality."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from linkpages import parallel

from presswatch.config import Config
from presswatch.project import Project
from presswatch.reuse.fixtures import add_unit
from presswatch.reuse.groups import canonical_unit, copies_of
from presswatch.reuse.links import links_of
from presswatch.reuse.shingles import ShingleParams, shingle_text
from presswatch.reuse.stage import ReuseStage, TranslationStage
from presswatch.runner.archive import run_stages
from presswatch.store.db import transaction
from presswatch.store.units import delete_units


@pytest.fixture(scope="module")
def texts() -> dict[tuple[str, str], str]:
    return parallel()


def stages() -> list:
    return [ReuseStage(), TranslationStage()]


def unit_links(conn: sqlite3.Connection, uid: int) -> dict[tuple[str, int, int], float]:
    return {(lk.kind, lk.a, lk.b): lk.score for lk in links_of(conn, "unit", [uid], ["copy_of", "excerpt_of", "contains"])}


def edit(text: str) -> str:
    """Small edits in every paragraph: a changed word and a dropped word."""
    out = []
    for para in text.split("\n"):
        words = para.split()
        words[3] = words[3].upper() + "s"
        del words[-4]
        out.append(" ".join(words))
    return "\n".join(out)


def test_normalisation_makes_case_diacritics_and_punctuation_irrelevant() -> None:
    params = ShingleParams()
    a = shingle_text("Kryeministri Edi Rama vizitoi lagjet e dëmtuara pasdite dhe tha se çdo familje do të marrë strehim.",
                     params)
    b = shingle_text("KRYEMINISTRI EDI RAMA, vizitoi lagjet e demtuara pasdite — dhe tha se cdo familje do te marre strehim!",
                     params)
    assert a is not None and b is not None and a.exact == b.exact
    assert shingle_text("Read more about this story here", params) is None   # under min_words


def test_copies_near_duplicates_excerpts_and_aggregator(project: Project, texts: dict) -> None:
    source_text = texts[("s02a", "en")] + "\n" + texts[("s12a", "en")]
    conn = project.connect()
    config = Config()
    # The exact copy is stored first, but the source is dated earlier: direction follows the dates.
    copy = add_unit(conn, "https://copycat.example/a", source_text, published="2024-03-05", outlet="Copycat")
    source = add_unit(conn, "https://ledger.example/quake", source_text, published="2024-03-03", outlet="Balkan Ledger",
                      url="https://ledger.example/quake")
    near = add_unit(conn, "https://near.example/b", edit(source_text), published="2024-03-04", outlet="Near News")
    unrelated = add_unit(conn, "https://other.example/fire", texts[("s07a", "en")], published="2024-03-02")
    counts = run_stages(conn, config, stages())
    assert counts["reuse:passages_indexed"] == 6 * 3 + 3

    assert unit_links(conn, copy) == {("copy_of", copy, source): 1.0, ("copy_of", copy, near): pytest.approx(1.0)}
    assert ("copy_of", near, source) in unit_links(conn, near)
    assert unit_links(conn, unrelated) == {}
    assert canonical_unit(conn, copy) == source and canonical_unit(conn, near) == source
    assert canonical_unit(conn, unrelated) == unrelated

    # Incremental: a second run indexes only the new pages and links them to the stored index.
    paras = source_text.split("\n")
    excerpt = add_unit(conn, "https://digest.example/c", "\n".join(paras[3:5]), published="2024-03-06", outlet="Digest")
    own = ("An aggregator's own introduction to the reposted story, with enough words to be indexed here.\n"
           "Another paragraph of the aggregator page about the weather in the region and other unrelated news today.")
    aggregator = add_unit(conn, "https://aggregator.example/d", own + "\n" + source_text + "\n" + texts[("s05a", "en")],
                          published="2024-03-07", outlet="Aggregator")
    inner = " ".join(paras[5].split()[:16])   # part of one paragraph, inside a longer text
    snippet = add_unit(conn, "https://quotes.example/e", inner, published="2024-03-08", outlet="Snippets")
    counts = run_stages(conn, config, stages())
    assert counts["reuse:passages_indexed"] == 2 + 2 + 6 + 3 + 1
    assert ("excerpt_of", excerpt, source) in unit_links(conn, excerpt)
    assert ("contains", aggregator, source) in unit_links(conn, aggregator)
    assert not any(k[0] == "copy_of" for k in unit_links(conn, aggregator))
    snippet_links = links_of(conn, "unit", [snippet], ["excerpt_of"])
    assert {lk.b for lk in snippet_links} >= {source, copy}
    snippet_passage = int(conn.execute("SELECT id FROM passages WHERE unit_id = ?", (snippet,)).fetchone()[0])
    source_passage = int(conn.execute("SELECT id FROM passages WHERE unit_id = ? AND ordinal = 5",
                                      (source,)).fetchone()[0])
    kinds = {(lk.kind, lk.b) for lk in links_of(conn, "passage", [snippet_passage]) if lk.a == snippet_passage}
    assert ("excerpt_of", source_passage) in kinds

    first_para = int(conn.execute("SELECT id FROM passages WHERE unit_id = ? AND ordinal = 0", (copy,)).fetchone()[0])
    found = copies_of(conn, [first_para])[first_para]
    assert {c.unit_id for c in found} == {source, near, aggregator}
    assert [c.unit_id for c in found if c.first] == [source]
    assert found[0].unit_id == source and found[0].outlet == "Balkan Ledger"
    conn.close()


def test_same_page_versions_and_deleted_units_leave_no_links(project: Project, texts: dict) -> None:
    conn = project.connect()
    text = texts[("s13a", "en")]
    first = add_unit(conn, "https://same.example/x", text, published="2024-05-06")
    second = add_unit(conn, "https://same.example/x", text + "\nUpdated: a correction was added to this story later.",
                      published="2024-05-06")
    other = add_unit(conn, "https://copy.example/y", text, published="2024-05-07")
    run_stages(conn, Config(), stages())
    assert not any(first in key[1:] and second in key[1:] for key in unit_links(conn, first))
    assert ("copy_of", other, first) in unit_links(conn, other)
    version = int(conn.execute("SELECT version_id FROM units WHERE id = ?", (other,)).fetchone()[0])
    with transaction(conn):
        delete_units(conn, version)
    assert links_of(conn, "unit", [other]) == []
    # no passage link is left pointing at a deleted passage
    assert conn.execute(
        """SELECT COUNT(*) FROM links l WHERE l.level = 'passage' AND (
               NOT EXISTS (SELECT 1 FROM passages p WHERE p.id = l.a)
               OR NOT EXISTS (SELECT 1 FROM passages p WHERE p.id = l.b))""").fetchone()[0] == 0
    pids = [int(r[0]) for r in conn.execute("SELECT passage_id FROM reuse_sig")]
    assert pids and conn.execute(
        "SELECT COUNT(*) FROM reuse_sig s LEFT JOIN passages p ON p.id = s.passage_id WHERE p.id IS NULL").fetchone()[0] == 0
    conn.close()


def test_bulk_load_writes_the_same_index_as_incremental_adds(tmp_path: Path, texts: dict) -> None:
    import numpy as np

    from presswatch.reuse.index import Entry, ReuseIndex
    from presswatch.reuse.minhash import LshParams, signatures
    from presswatch.reuse.shingles import samples
    from presswatch.store.db import connect, migrate

    params = ShingleParams()
    shingled = [s for s in (shingle_text(p, params) for t in texts.values() for p in t.split("\n")) if s]
    sigs = signatures([s.shingles for s in shingled], LshParams())
    tables = []
    for mode in ("add", "bulk"):
        conn = connect(tmp_path / f"{mode}.sqlite")
        migrate(conn)
        conn.execute("PRAGMA foreign_keys = OFF")
        index = ReuseIndex(conn)
        with transaction(conn):
            if mode == "add":
                index.add([Entry(i + 1, i // 3 + 1, s) for i, s in enumerate(shingled)], sigs)
            else:
                fps = [samples(set(s.hashes), params.sample_mod) for s in shingled]
                offsets = np.cumsum([0] + [len(f) for f in fps])
                ids = np.arange(1, len(shingled) + 1)
                index.bulk_load(ids, (ids - 1) // 3 + 1, np.array([len(s.shingles) for s in shingled]),
                                np.array([s.exact for s in shingled]), sigs,
                                np.array([x for f in fps for x in f], dtype=np.int64), offsets, chunk=50)
        tables.append([sorted(tuple(r) for r in conn.execute("SELECT * FROM reuse_sig")),
                       index.rows("reuse_bands"), index.rows("reuse_fp")])   # every level
        conn.close()
    assert len(shingled) > 200 and tables[0] == tables[1]
