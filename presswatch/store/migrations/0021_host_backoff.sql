-- A host that asked for a pause (Retry-After longer than [collect] max_backoff) is left alone until
-- then by every source and every later run, not only by the run that got the answer.
CREATE TABLE host_backoff (
    host TEXT PRIMARY KEY,
    closed_until TEXT NOT NULL,      -- ISO 8601 UTC
    reason TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
