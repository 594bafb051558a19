"""Text reuse and translation links.

* :mod:`~presswatch.reuse.shingles` normalises text (search folding) into word shingles;
* :mod:`~presswatch.reuse.minhash` signs shingle sets with datasketch MinHash and cuts LSH band keys;
* :mod:`~presswatch.reuse.index` keeps signatures, band keys and containment samples in SQLite, so
  the index survives between runs and new passages are added and queried without a rebuild;
* :mod:`~presswatch.reuse.detect` turns candidates into duplicate / near_duplicate / excerpt_of /
  copy_of links, directed from the later copy to the earliest source;
* :mod:`~presswatch.reuse.groups` answers "where else does this text appear, who published it first";
* :mod:`~presswatch.reuse.anchors`, :mod:`~presswatch.reuse.align` and
  :mod:`~presswatch.reuse.translation` pair translations without machine translation (anchors that
  survive translation + Gale–Church alignment of paragraph sequences), with a pluggable MT backend;
* :mod:`~presswatch.reuse.stage` runs both as incremental archive stages.
"""

from presswatch.reuse.groups import canonical_unit, copies_of

__all__ = ["canonical_unit", "copies_of"]
