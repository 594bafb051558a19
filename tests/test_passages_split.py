"""Paragraph-level passages with exact offsets."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from presswatch.config import Config, deep_merge, load_defaults
from presswatch.models import Doc, RawDocument, Unit
from presswatch.text.passages import SplitPassages, is_hard_wrapped, split_passages


def texts(text: str, max_chars: int = 4000) -> list[str]:
    return [p.text for p in split_passages(text, max_chars)]


def check_offsets(text: str, max_chars: int = 4000) -> None:
    passages = split_passages(text, max_chars)
    last = 0
    for i, p in enumerate(passages):
        assert p.ordinal == i
        assert text[p.start:p.end] == p.text
        assert p.text == p.text.strip() and p.text
        assert p.start >= last
        assert p.end - p.start <= max_chars
        last = p.end


def test_one_paragraph_per_line_for_extracted_html_text():
    text = ("Parliament approves new budget after a late-night vote\n"
            "The prime minister said the reform would be finished by the end of the year, and that the "
            "opposition had been consulted at every step of the process.\n"
            "Short line.\n"
            "Another paragraph that is rather long and certainly not hard-wrapped because it goes on and on "
            "well past any terminal width anyone would use for a text dump.")
    assert texts(text) == text.split("\n")
    check_offsets(text)


def test_blank_lines_separate_blocks_and_whitespace_is_trimmed():
    text = "  First paragraph here.  \n\n\t\nSecond one.\n   \nThird\n"
    ps = split_passages(text)
    assert [p.text for p in ps] == ["First paragraph here.", "Second one.", "Third"]
    assert ps[0].start == 2
    check_offsets(text)


def test_hard_wrapped_block_is_one_passage():
    para = ("The government announced on Tuesday that the new budget would include "
            "higher spending on schools and hospitals, while the opposition said the "
            "figures did not add up and called for an independent review of the "
            "numbers before the vote.")
    import textwrap

    wrapped = textwrap.fill(para, 72)
    text = wrapped + "\n\n" + textwrap.fill("Second paragraph " * 12, 72)
    ps = split_passages(text)
    assert len(ps) == 2
    assert ps[0].text == wrapped and "\n" in ps[0].text
    assert ps[0].text.replace("\n", " ") == para
    check_offsets(text)
    assert len(split_passages(text, unwrap=False)) == len(text.splitlines()) - 1


def test_list_of_short_headlines_is_not_merged():
    text = "Floods force families from homes\nTeachers threaten strike\nVoters head to the polls today\nFire"
    assert len(split_passages(text)) == 4
    two = "The minister resigned after weeks of pressure from his party.\nThousands marched."
    assert not is_hard_wrapped(two, [(0, 61), (62, 80)])
    assert len(split_passages(two)) == 2


def test_long_paragraph_is_cut_at_sentence_ends():
    sentence = "This is sentence number {} and it talks about the budget."
    para = " ".join(sentence.format(i) for i in range(40))
    ps = split_passages(para, max_chars=300)
    assert len(ps) > 1
    for p in ps:
        assert len(p.text) <= 300
        assert p.text.endswith(".")
    assert " ".join(p.text for p in ps) == para
    check_offsets(para, 300)


def test_persian_sentence_ends_and_unbreakable_text():
    para = " ".join(["آیا این قانون اجرا می‌شود؟"] * 30)
    ps = split_passages(para, max_chars=120)
    assert all(p.text.endswith("؟") for p in ps)
    check_offsets(para, 120)
    blob = "x" * 1000
    assert [len(p.text) for p in split_passages(blob, 300)] == [300, 300, 300, 100]


def test_html_pages_keep_one_passage_per_line():
    import textwrap

    text = textwrap.fill("word " * 100, 70)
    cfg = Config()
    for media, expected in (("html", len(text.splitlines())), ("text", 1)):
        raw = RawDocument(location="x", key="x", data=b"", media_type=media)  # type: ignore[arg-type]
        doc = Doc(version_id=1, page_id=1, raw=raw, units=[Unit(0, "article", text)])
        assert len(SplitPassages(cfg)(doc).units[0].passages) == expected


def test_component_uses_config_and_all_units():
    cfg = Config(deep_merge(load_defaults(), {"passages": {"max_chars": 50}}))
    raw = RawDocument(location="x", key="x", data=b"", media_type="text")
    doc = Doc(version_id=1, page_id=1, raw=raw, units=[
        Unit(0, "article", "One sentence here. Another sentence here. And a third one here."),
        Unit(1, "teaser", "Teaser line\nSecond teaser line")])
    SplitPassages(cfg)(doc)
    assert [len(u.passages) for u in doc.units] == [2, 2]
    assert all(len(p.text) <= 50 for u in doc.units for p in u.passages)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab cë.\n\r\t؟ی\u200c", max_size=400),
       st.integers(min_value=5, max_value=200))
def test_offsets_are_exact_for_any_text(text, max_chars):
    check_offsets(text, max_chars)
