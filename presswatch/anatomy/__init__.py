"""Page anatomy: splitting a page into units (articles, teasers, digest items, translations, junk)."""
