"""Search: units (every term anywhere in a unit, one hit per unit, with a total) and passages; query
parsing, FTS5 BM25 ranking, filters and snippets."""

from presswatch.search.engine import Hit, search
from presswatch.search.query import Query, QueryError, parse_query
from presswatch.search.snippets import Snippet, make_snippet
from presswatch.search.units import PassageMatch, SearchResult, UnitHit, search_units

__all__ = ["Hit", "PassageMatch", "Query", "QueryError", "SearchResult", "Snippet", "UnitHit", "make_snippet",
           "parse_query", "search", "search_units"]
