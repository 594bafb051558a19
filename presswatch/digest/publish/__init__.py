"""Publishing an approved digest issue: one content model, rendered to an HTML page, Markdown, Atom and
RSS feeds, a multipart email, and optionally sent over SMTP."""
