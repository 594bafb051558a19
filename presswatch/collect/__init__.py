"""Collect from the live web: sources, discovery, polite and safe fetching, feeds, sitemaps,
WordPress REST, crawls and the scheduler. See docs/collect.md."""
