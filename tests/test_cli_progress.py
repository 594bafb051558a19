"""Progress on the command line: every stage of a real ingest ends with a line giving its count,
time and rate, drawn from the library's progress callback."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

from presswatch.cli.progress import Bars
from presswatch.contracts import Progress
from presswatch.runner.build import DEFAULT_STAGES

PAGE = """<html><head><title>{title}</title></head><body><article><h1>{title}</h1>
<p>The minister of finance, Maria Keller, said on Tuesday that the budget would be published in March.</p>
<p>"We will not raise taxes this year," Keller told reporters in Berlin after the meeting.</p>
<p>According to the central bank, inflation fell to {n} percent in the last quarter of the year.</p>
</article></body></html>"""

LINE = re.compile(r"^(\w+): ([\d,]+) (\w+?)s?\b.* ([\d,.]+) (\w+)s/s", re.M)


def test_a_real_ingest_shows_a_line_with_a_rate_for_every_stage(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for n in range(3):
        (src / f"page{n}.html").write_text(PAGE.format(title=f"Budget news {n}", n=n + 2), encoding="utf-8")
    proj = tmp_path / "proj"
    run = lambda *args: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "presswatch", *args], capture_output=True, text=True, check=True)
    run("init", str(proj))
    done = run("--project", str(proj), "ingest", str(src))
    lines = {m.group(1): m for m in LINE.finditer(done.stderr)}
    expected = {"ingest", "process", "write", *DEFAULT_STAGES}
    assert expected <= set(lines), (sorted(expected - set(lines)), done.stderr[-2000:])
    assert lines["ingest"].group(2) == "3" and lines["ingest"].group(3) == "file"
    assert lines["process"].group(2) == "3" and lines["process"].group(5) == "page"
    for stage in ("reuse", "translation", "entities", "quotes"):
        assert lines[stage].group(5) == "unit" and int(lines[stage].group(2)) >= 3
    # quiet: no progress at all
    (src / "page9.html").write_text(PAGE.format(title="Another", n=9), encoding="utf-8")
    quiet = run("--project", str(proj), "ingest", "-q", str(src))
    assert not LINE.search(quiet.stderr)


def test_work_measured_in_the_workers_is_summed_there_and_wall_time_otherwise() -> None:
    out = io.StringIO()
    now = [0.0]
    bars = Bars(out, clock=lambda: now[0])
    bars(Progress("entities", 0, 200, "unit"))
    now[0] = 4.0
    bars(Progress("entities", 200, 200, "unit"))
    bars(Progress("extract", 50, 50, "page", "per-page component", seconds=10.0))
    bars(Progress("export", 7, None, "record"))
    now[0] = 5.0
    bars.close()
    assert bars.lines[0] == "entities: 200 units in 4.0 s, 50.0 units/s"
    assert bars.lines[1].startswith("extract: 50 pages, 10.0 s summed over the workers, 5.0 pages/s per worker")
    assert bars.lines[2] == "export: 7 records in 1.0 s, 7.0 records/s"  # total unknown: ends with the command
    assert all(line in out.getvalue() for line in bars.lines)
