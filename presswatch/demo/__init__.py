"""`presswatch demo`: a throwaway project built from the sample corpus shipped in ``corpus/``."""

from presswatch.demo.run import DEMO_FROM, DEMO_TO, DemoReport, corpus_files, run_demo

__all__ = ["DEMO_FROM", "DEMO_TO", "DemoReport", "corpus_files", "run_demo"]
