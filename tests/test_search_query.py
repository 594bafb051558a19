"""Query parsing: user input becomes a safe FTS5 expression; odd input never crashes FTS5."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from presswatch.search.query import QueryError, parse_query
from presswatch.search.snippets import make_snippet, match_pattern
from presswatch.text.fold import fold


def test_words_phrases_or_and_exclusion():
    q = parse_query('Kuvendi "buxhetin e ri" energji OR gaz -Rusia -"lajm i vjetër"')
    assert q.fts() == ('("kuvendi" AND "buxhetin e ri" AND ("energji" OR "gaz")) '
                       'NOT ("rusia" OR "lajm i vjeter")')
    assert q.positive_tokens == ["kuvendi", "buxhetin", "e", "ri", "energji", "gaz"]


def test_folding_in_queries():
    assert parse_query("Çështja").fts() == parse_query("ceshtja").fts()
    assert parse_query("علي").fts() == parse_query("علی").fts()
    assert parse_query("می\u200cخواهم").fts() == '"میخواهم"'


def test_persian_affix_typed_with_a_space_also_matches_the_joined_form():
    assert parse_query("دولت می خواهد").fts() == '"دولت" AND ("می خواهد" OR "میخواهد")'
    assert parse_query("کتاب ها").fts() == '("کتاب ها" OR "کتابها")'
    assert parse_query('"می خواهد"').fts() == '"می خواهد"'
    assert parse_query("کتاب OR ها").fts() == '("کتاب" OR "ها")'


def test_punctuation_hyphens_colons_and_prefix():
    assert parse_query("e-mail").fts() == '"e mail"'
    assert parse_query("title:budget").fts() == '"title budget"'
    assert parse_query("budg*").fts() == '"budg"*'
    assert parse_query("«بودجه»؟").fts() == '"بودجه"'
    assert parse_query('"unbalanced quote').fts() == '"unbalanced quote"'
    assert parse_query("OR budget OR").fts() == '"budget"'


@pytest.mark.parametrize("text", ["", "   ", '"', "-budget", "***", "؟،", "- -", "OR"])
def test_nothing_to_search_is_a_clear_error(text):
    with pytest.raises(QueryError, match="add at least one word"):
        parse_query(text).fts()


@pytest.fixture(scope="module")
def fts():
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE passage_fts USING fts5(body, tokenize = 'unicode61 remove_diacritics 2')")
    for text in ["Kuvendi miratoi buxhetin e ri", "e-mail: budget 2024", "مجلس بودجه را تصویب کرد",
                 "NOT AND OR NEAR title"]:
        conn.execute("INSERT INTO passage_fts (body) VALUES (?)", (fold(text),))
    return conn


PIECES = list('ab ORNTADE"\'-:*()^+{}[],.;؟،«»“”\u200cیي') + ["OR", "NOT", "AND", "NEAR", "bu", " OR ", " -"]
HOSTILE = st.lists(st.sampled_from(PIECES), max_size=25).map("".join)


@settings(max_examples=400, deadline=None)
@given(HOSTILE)
def test_any_input_is_valid_fts5(fts, text):
    try:
        expr = parse_query(text).fts()
    except QueryError:
        return
    fts.execute("SELECT rowid, bm25(passage_fts) FROM passage_fts WHERE passage_fts MATCH ?", (expr,)).fetchall()


def test_fts5_keywords_are_searched_as_words(fts):
    rows = fts.execute("SELECT rowid FROM passage_fts WHERE passage_fts MATCH ?",
                       (parse_query("NEAR title").fts(),)).fetchall()
    assert [r[0] for r in rows] == [4]


def test_snippet_highlights_original_text_around_matches():
    text = ("Hyrje e gjatë pa lidhje. " * 20) + "Çështja e buxhetit u diskutua në Kuvend. " + ("Fund. " * 30)
    q = parse_query("ceshtja kuvend")
    snip = make_snippet(text, match_pattern(q.positive_tokens, q.prefix_tokens), 120)
    assert len(snip.text) <= 122
    assert snip.text.startswith("…") and snip.text.endswith("…")
    assert [snip.text[s:e] for s, e in snip.highlights] == ["Çështja", "Kuvend"]
    assert "[Çështja]" in snip.marked() and "<mark>Kuvend</mark>" in snip.html()


def test_snippet_whole_words_and_prefixes():
    q = parse_query("vote")
    snip = make_snippet("The vote and the voters.", match_pattern(q.positive_tokens, q.prefix_tokens))
    assert snip.highlights == [(4, 8)]
    q = parse_query("vot*")
    snip = make_snippet("The vote and the voters.", match_pattern(q.positive_tokens, q.prefix_tokens))
    assert [snip.text[s:e] for s, e in snip.highlights] == ["vot", "vot"]
