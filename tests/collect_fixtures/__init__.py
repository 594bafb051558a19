"""A real threaded HTTP server on 127.0.0.1 serving fixture sites for the collector tests."""
