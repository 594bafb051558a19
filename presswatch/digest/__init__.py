"""The digest: a period's articles grouped by language, each with an attributed lead and a source link.

:func:`build_digest` selects and stores a draft (:class:`Digest` with :class:`DigestItem` rows in the
``digests`` / ``digest_items`` tables, statuses ready for the editor's review), and
:func:`render_markdown` / :func:`render_html` turn it into a document.
"""

from presswatch.digest.build import build_digest, load_digest, write_digest
from presswatch.digest.model import DIGEST_STATUSES, ITEM_STATUSES, Digest, DigestItem
from presswatch.digest.render import render, render_html, render_markdown
from presswatch.digest.review import review_item, set_digest_status

__all__ = ["DIGEST_STATUSES", "ITEM_STATUSES", "Digest", "DigestItem", "build_digest", "load_digest",
           "render", "render_html", "render_markdown", "review_item", "set_digest_status", "write_digest"]
