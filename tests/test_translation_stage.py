"""Translation links in the archive: the stage, link direction and alignment, the pluggable MT backend."""

from __future__ import annotations

import pytest
from linkpages import parallel

from presswatch.config import Config
from presswatch.project import Project
from presswatch.reuse.fixtures import add_unit
from presswatch.reuse.groups import canonical_unit
from presswatch.reuse.links import links_of
from presswatch.reuse.stage import ReuseStage, TranslationStage
from presswatch.reuse.translation import Text, TranslationBackend, load_backend, score_pair
from presswatch.runner.archive import run_stages

GLOSSARY = {"kryeministri": "prime minister", "tha": "said", "se": "that", "familje": "family",
            "shtëpi": "homes", "qytetit": "city", "tërmet": "earthquake", "dhe": "and", "do": "will",
            "të": "", "në": "in", "me": "with", "për": "for", "kilometra": "kilometres"}


class Glossary:
    """A word-for-word Albanian -> English backend (a real, if tiny, TranslationBackend)."""

    name = "glossary"

    def translate(self, texts: list[str], src: str, tgt: str) -> list[str]:
        if (src, tgt) != ("sq", "en"):
            return list(texts)
        return [" ".join(GLOSSARY.get(w.lower().strip(".,"), w) for w in t.split()) for t in texts]


@pytest.fixture(scope="module")
def texts() -> dict[tuple[str, str], str]:
    return parallel()


def test_stage_links_translations_not_same_story_articles(project: Project, texts: dict) -> None:
    conn = project.connect()
    ids = {}
    for art, day in (("s02a", "03"), ("s02b", "17"), ("s12a", "06"), ("s12b", "07")):
        ids[(art, "en")] = add_unit(conn, f"https://en.example/{art}", texts[(art, "en")], lang="en",
                                    published=f"2024-03-{day}", outlet="English Wire")
    for art, day in (("s02a", "04"), ("s02b", "18"), ("s12a", "06"), ("s12b", "08")):
        ids[(art, "sq")] = add_unit(conn, f"https://sq.example/{art}", texts[(art, "sq")], lang="sq",
                                    published=f"2024-03-{day}", outlet="Lajme")
        ids[(art, "fa")] = add_unit(conn, f"https://fa.example/{art}", texts[(art, "fa")], lang="fa",
                                    published=f"2024-03-{day}", outlet="Khabar")
    counts = run_stages(conn, Config(), [ReuseStage(), TranslationStage()])
    assert counts["translation:translation_of"] > 0
    links = links_of(conn, "unit", ids.values(), ["translation_of"])
    pairs = {frozenset((lk.a, lk.b)) for lk in links}
    by_id = {v: k for k, v in ids.items()}
    for art in ("s02a", "s02b", "s12a", "s12b"):
        for lang in ("sq", "fa"):
            assert frozenset((ids[(art, "en")], ids[(art, lang)])) in pairs, (art, lang)
    for pair in pairs:
        a, b = (by_id[x] for x in pair)
        assert a[0] == b[0], f"linked different articles {a} and {b}"
    # Direction: the later-dated text translates the earlier one; the alignment is in the detail.
    s02a = [lk for lk in links if {lk.a, lk.b} == {ids[("s02a", "en")], ids[("s02a", "sq")]}][0]
    assert (s02a.a, s02a.b) == (ids[("s02a", "sq")], ids[("s02a", "en")])
    assert s02a.detail["alignment"] == [[[0], [0]], [[1], [1]], [[2], [2]]]
    assert s02a.detail["langs"] == ["sq", "en"] and s02a.detail["backend"] == "anchors"
    sq_passages = [int(r[0]) for r in conn.execute("SELECT id FROM passages WHERE unit_id = ? ORDER BY ordinal",
                                                   (ids[("s02a", "sq")],))]
    en_passages = [int(r[0]) for r in conn.execute("SELECT id FROM passages WHERE unit_id = ? ORDER BY ordinal",
                                                   (ids[("s02a", "en")],))]
    assert s02a.detail["passages"] == [[[x], [y]] for x, y in zip(sq_passages, en_passages, strict=True)]
    passage_pairs = {(lk.a, lk.b) for lk in links_of(conn, "passage", sq_passages, ["translation_of"])
                     if lk.b in en_passages}
    assert passage_pairs == set(zip(sq_passages, en_passages, strict=True))

    # Incremental: a run with nothing new does nothing; a new copy is scored against the stored anchors.
    assert run_stages(conn, Config(), [ReuseStage(), TranslationStage()]) == {}
    late = add_unit(conn, "https://fa2.example/s12b", texts[("s12b", "fa")], lang="fa", published="2024-03-01",
                    outlet="Early Persian")
    counts = run_stages(conn, Config(), [ReuseStage(), TranslationStage()])
    assert counts["reuse:unit_copy_of"] == 1
    assert canonical_unit(conn, ids[("s12b", "fa")]) == late
    conn.close()


def test_backend_is_pluggable_and_adds_a_lexical_feature(texts: dict) -> None:
    backend = load_backend(f"{__name__}:Glossary")
    assert isinstance(backend, TranslationBackend) and backend.name == "glossary"
    assert load_backend("anchors") is None and load_backend(None) is None
    en = Text.of(1, texts[("s02a", "en")], "en")
    right = score_pair(en, Text.of(2, texts[("s02a", "sq")], "sq"), backend)
    wrong = score_pair(en, Text.of(3, texts[("s02b", "sq")], "sq"), backend)
    assert right.features["lexical"] > wrong.features["lexical"] > 0
    assert right.score > wrong.score


def test_backend_errors_say_what_to_do() -> None:
    with pytest.raises(ValueError, match="anchors"):
        load_backend("no_such_module_xyz:Thing")
    with pytest.raises(ValueError, match="package.module:ClassName"):
        load_backend("just-a-name")


def test_a_better_translation_replaces_a_weaker_link(project: Project, texts: dict) -> None:
    conn = project.connect()
    en = add_unit(conn, "https://en.example/q", texts[("s02a", "en")], lang="en", published="2024-03-03")
    partial_text = "\n".join(texts[("s02a", "sq")].split("\n")[:2])   # the last paragraph left out
    partial = add_unit(conn, "https://sq.example/partial", partial_text, lang="sq", published="2024-03-04")
    run_stages(conn, Config(), [ReuseStage(), TranslationStage()])
    first = links_of(conn, "unit", [en], ["translation_of"])
    assert [(lk.a, lk.b) for lk in first] == [(partial, en)]
    full = add_unit(conn, "https://sq.example/full", texts[("s02a", "sq")], lang="sq", published="2024-03-02")
    run_stages(conn, Config(), [ReuseStage(), TranslationStage()])
    now = links_of(conn, "unit", [en], ["translation_of"])
    # the full Albanian text is dated before the English one: the English text translates it
    assert [(lk.a, lk.b) for lk in now] == [(en, full)] and now[0].score > first[0].score
    partial_passages = [int(r[0]) for r in conn.execute("SELECT id FROM passages WHERE unit_id = ?", (partial,))]
    assert links_of(conn, "passage", partial_passages, ["translation_of"]) == []
    conn.close()
