"""Hostile-input trial: run every generated case in tests/hostile/ and print, per category,
tried / handled / crashed / hung / lost (the table of issue 9).

Each case is a pytest test marked ``@pytest.mark.hostile("<category>")`` whose inputs are generated at
test time into a temporary folder (tests/hostile/generators.py); network cases use a real HTTP server
on 127.0.0.1. Outcome of a case:

- handled: the test passed (a clear error, or a counted skip with its reason and the rest kept);
- hung:    it ran past the bound in tests/hostile/conftest.py (``generators.Hung``);
- lost:    good records next to the bad one were missing (``generators.Lost``);
- crashed: an exception escaped (a traceback), or the case could not run at all;
- wrong:   no traceback, but the result was wrong (accepted silently, the wrong reason, ...);
- skipped cases (platform, not root) are counted apart and not tried.

``--code DIR`` runs the same cases against another checkout's ``presswatch`` package (for a baseline:
``git worktree add /tmp/base <commit>`` then ``--code /tmp/base``); the tests and generators always
come from this checkout.

Usage: .venv/bin/python bench/hostile.py [--code DIR] [-k EXPR] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
COLUMNS = ("tried", "handled", "crashed", "wrong", "hung", "lost", "skipped")


def outcome(case: ET.Element) -> str:
    for tag in ("failure", "error"):
        node = case.find(tag)
        if node is not None:
            text = (node.get("message") or "") + (node.text or "")
            if "Hung" in text:
                return "hung"
            if "generators.Lost" in text or "good record(s) lost" in text:
                return "lost"
            if "generators.Crashed" in text:
                return "crashed"
            message = node.get("message") or ""
            if message.startswith(("AssertionError", "assert ")) or "\nE       assert " in (node.text or "")[:4000]:
                return "wrong"
            return "crashed"
    if case.find("skipped") is not None:
        return "skipped"
    return "handled"


def run(code: Path, select: str | None) -> tuple[dict[str, Counter[str]], list[tuple[str, str, str]]]:
    with tempfile.TemporaryDirectory() as tmp:
        xml = Path(tmp) / "hostile.xml"
        env = {**os.environ, "PYTHONPATH": str(code)}
        cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(REPO / "tests" / "hostile"),
               f"--junitxml={xml}", "-o", "junit_family=xunit1"]
        if select:
            cmd += ["-k", select]
        # cwd outside any checkout: `python -m` puts the cwd first on sys.path, which would shadow --code
        subprocess.run(cmd, cwd=tmp, env=env, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if not xml.exists():
            raise SystemExit("pytest wrote no report; run it by hand to see why")
        root = ET.parse(xml).getroot()
    table: dict[str, Counter[str]] = defaultdict(Counter)
    cases = []
    for case in root.iter("testcase"):
        props = {p.get("name"): p.get("value") for p in case.iter("property")}
        category = props.get("category") or "other"
        result = outcome(case)
        table[category][result] += 1
        if result != "skipped":
            table[category]["tried"] += 1
        cases.append((category, f"{case.get('classname', '')}::{case.get('name', '')}", result))
    return table, cases


def render(table: dict[str, Counter[str]]) -> str:
    total: Counter[str] = Counter()
    lines = [f"{'category':<12}" + "".join(f"{c:>9}" for c in COLUMNS)]
    for category in sorted(table):
        total.update(table[category])
        lines.append(f"{category:<12}" + "".join(f"{table[category][c]:>9}" for c in COLUMNS))
    lines.append(f"{'total':<12}" + "".join(f"{total[c]:>9}" for c in COLUMNS))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--code", type=Path, default=REPO, help="checkout whose presswatch package is tried")
    parser.add_argument("-k", dest="select", default=None, help="pytest -k expression (a subset of cases)")
    parser.add_argument("--json", type=Path, default=None, help="also write the table and every case here")
    args = parser.parse_args()
    code = args.code.resolve()
    check = subprocess.run([sys.executable, "-c", "import presswatch; print(presswatch.__file__)"], cwd="/",
                           env={**os.environ, "PYTHONPATH": str(code)}, capture_output=True, text=True)
    if not check.stdout.startswith(str(code)):
        raise SystemExit(f"presswatch would be imported from {check.stdout.strip()}, not {code}")
    table, cases = run(code, args.select)
    print(f"presswatch from {code}")
    print(render(table))
    bad = [c for c in cases if c[2] not in ("handled", "skipped")]
    for category, name, result in bad:
        print(f"  {result:<8} {category:<12} {name}")
    if args.json:
        args.json.write_text(json.dumps({"table": {k: dict(v) for k, v in table.items()},
                                         "cases": cases}, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
