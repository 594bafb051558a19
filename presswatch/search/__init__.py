"""Passage search: query parsing, FTS5 BM25 ranking, filters and snippets."""

from presswatch.search.engine import Hit, search
from presswatch.search.query import Query, QueryError, parse_query
from presswatch.search.snippets import Snippet, make_snippet

__all__ = ["Hit", "Query", "QueryError", "Snippet", "make_snippet", "parse_query", "search"]
