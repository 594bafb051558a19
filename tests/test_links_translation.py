"""Translations on one page (issue 10, point 5): an article and its original on the same page are
linked passage by passage, announced or not, also when their passages are too short for a language
guess of their own. Real ingest of invented text dumps into a real SQLite project."""

from __future__ import annotations

import re
from pathlib import Path

from linkpages import dump, paragraphs, parallel, translation_page

from presswatch.api import ingest
from presswatch.project import Project

TEXTS = parallel()


def _ingest(project: Project, tmp_path: Path, name: str, text: str) -> dict[str, int]:
    page = tmp_path / f"{name}.txt"
    page.write_text(text, encoding="utf-8")
    report = ingest(project, [page], progress=False)
    return dict(report.counts)


def _passage_pairs(project: Project) -> list[tuple[str, str, str, str]]:
    conn = project.connect()
    try:
        return [(r[0], r[1], r[2], r[3]) for r in conn.execute(
            """SELECT pa.text, pb.text, pa.lang, pb.lang FROM links l
               JOIN passages pa ON pa.id = l.a JOIN passages pb ON pb.id = l.b
               WHERE l.level = 'passage' AND l.kind = 'translation_of' ORDER BY pa.id""")]
    finally:
        conn.close()


def _first_words(text: str, n: int = 4) -> str:
    return " ".join(text.split()[:n])


def test_announced_translation_pairs_paragraph_by_paragraph(project: Project, tmp_path: Path) -> None:
    en, sq = TEXTS[("s01a", "en")], TEXTS[("s01a", "sq")]
    counts = _ingest(project, tmp_path, "budget", translation_page(
        en, sq, title_en="Parliament approves the 2025 budget", title_sq="Kuvendi miraton buxhetin e vitit 2025"))
    assert counts["translation:translation_same_page"] == 1
    assert counts["translation:translation_same_page_announced"] == 1
    pairs = _passage_pairs(project)
    got = {(_first_words(a), _first_words(b)) for a, b, _la, _lb in pairs}
    want = {(_first_words(x), _first_words(y)) for x, y in zip(paragraphs(en), paragraphs(sq), strict=True)}
    assert want <= got
    # "Translated by …" stands under the English headline: the English text is the translation
    assert all(a.startswith(("The", "Finance", "Parliament")) for a, _b, _la, _lb in pairs)


def test_short_und_passages_pair_by_the_surrounding_language(project: Project, tmp_path: Path) -> None:
    en, sq = TEXTS[("s03a", "en")], TEXTS[("s03a", "sq")]
    page = translation_page(en, sq, title_en="Short items", title_sq="Lajme të shkurtra", short=True)
    counts = _ingest(project, tmp_path, "short", page)
    conn = project.connect()
    und = conn.execute("SELECT COUNT(*) FROM passages WHERE lang = 'und' AND text LIKE 'Figures:%'").fetchone()[0]
    conn.close()
    assert und == len(paragraphs(en)), "the fixture's short lines are too short for a language guess"
    assert counts["translation:translation_same_page"] == 1
    pairs = _passage_pairs(project)
    short_pairs = [(a, b) for a, b, la, lb in pairs if a.startswith(("Figures", "Shifrat"))]
    assert len(short_pairs) >= len(paragraphs(en)) - 1
    assert all(re.sub(r"\D", "", a) == re.sub(r"\D", "", b) for a, b in short_pairs)   # the right partner
    assert len(pairs) >= 2 * len(paragraphs(en)) - 1


def test_unannounced_mirror_is_linked_and_another_story_is_not(project: Project, tmp_path: Path) -> None:
    en, sq = TEXTS[("s02a", "en")], TEXTS[("s02a", "sq")]
    _ingest(project, tmp_path, "plain", translation_page(en, sq, title_en="Earthquake", title_sq="Tërmeti",
                                                         announced=False))
    assert len(_passage_pairs(project)) >= len(paragraphs(en)) - 1


def test_two_different_stories_in_two_languages_are_not_linked(project: Project, tmp_path: Path) -> None:
    # story a in English next to story b (same topic, other text) in Albanian: hard negative
    en, sq_other = TEXTS[("s04a", "en")], TEXTS[("s04b", "sq")]
    page = dump(["Two stories", "Lajme Sot, Albania, 3 March 2024", *paragraphs(en), "End", "In Albanian",
                 "Një lajm tjetër", *paragraphs(sq_other)])
    counts = _ingest(project, tmp_path, "two", page)
    assert counts.get("translation:translation_same_page", 0) == 0
    assert _passage_pairs(project) == []
