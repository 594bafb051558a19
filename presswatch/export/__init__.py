"""JSONL export with a documented, versioned schema (docs/export-schema.md, docs/export-schema.json)."""

from presswatch.export.jsonl import SCHEMA_NAME, SCHEMA_VERSION, export_jsonl, export_project
from presswatch.export.producers import PRODUCERS, Window, record_types, ref

__all__ = ["PRODUCERS", "SCHEMA_NAME", "SCHEMA_VERSION", "Window", "export_jsonl", "export_project",
           "record_types", "ref"]
