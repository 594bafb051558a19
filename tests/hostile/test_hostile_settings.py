"""Bad settings and options: a clear error naming the file, the key and what is allowed; no traceback."""

from __future__ import annotations

from pathlib import Path

import generators as gen
import pytest
from click.testing import CliRunner

from presswatch.cli import cli

CASES = [
    ("ingest = 5\n", ["[ingest]", "must be a table"]),
    ('[project]\ndatabase = "/nonexistent/x/db.sqlite"\n', ["/nonexistent/x", "does not exist", "[project] database"]),
    ('[ingest]\nmax_bytes = "big"\n', ["[ingest] max_bytes", "'big'", "whole number", "presswatch.toml"]),
    ("[ingest]\nmax_bytes = -1\n", ["[ingest] max_bytes = -1", ">= 1"]),
    ("[process]\nworkers = -3\n", ["[process] workers = -3", "'auto'"]),
    ("[project]\ndatabase = 42\n", ["[project] database = 42", "quoted string"]),
    ("[ingest]\nmax_byte = 10\n", ["unknown setting [ingest] max_byte", "did you mean 'max_bytes'"]),
    ("[colect]\ncontact = 'x'\n", ["unknown section [colect]", "did you mean 'collect'"]),
    ("[collect]\nper_host_delay = true\n", ["[collect] per_host_delay = True", "a number"]),
    ("[reuse]\nnear_duplicate = 1.5\n", ["[reuse] near_duplicate = 1.5", "from 0 to 1"]),
    ('[lang]\nlanguages = ["en", "xx"]\n', ["[lang] languages", "'xx'", "ISO 639-1"]),
    ('[lang]\nbackend = "fasttext"\n', ["[lang] backend", "'lingua-low'"]),
    ("[collect]\nallow_private_hosts = [1]\n", ["[collect] allow_private_hosts", "quoted string"]),
    ("[project]\nname = [\n", ["presswatch.toml", "Fix the file"]),
]


@pytest.mark.hostile("settings")
@pytest.mark.parametrize(("settings", "expected"), CASES, ids=[c[0].split("\n")[-2][:30] for c in CASES])
def test_bad_settings_give_a_clear_error(tmp_path: Path, settings: str, expected: list[str]) -> None:
    root = tmp_path / "proj"
    root.mkdir()
    (root / "presswatch.toml").write_text(settings, encoding="utf-8")
    result = CliRunner().invoke(cli, ["--project", str(root), "status"])
    gen.expect_no_traceback(result)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
    for part in expected:
        assert part in result.output, (part, result.output)
    assert not (root / "42").exists() and not (root / "presswatch.sqlite").exists()   # no archive made


@pytest.mark.hostile("settings")
def test_free_form_site_hints_and_good_settings_are_accepted(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    root.mkdir()
    (root / "presswatch.toml").write_text(
        '[process]\nworkers = 2\n[collect]\nper_host_delay = 2\n[lang]\nlanguages = ["en", "sq", "fa"]\n'
        '[anatomy.sites."example.com"]\nboilerplate = ["Most read"]\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["--project", str(root), "status"])
    assert result.exit_code == 0, result.output


@pytest.mark.hostile("settings")
@pytest.mark.parametrize("args", [["search", "water", "--lang", "xx"], ["search", "water", "--lang", "en,english"],
                                  ["source", "add", "https://example.org/feed", "--kind", "feed", "--lang", "xx"]])
def test_unknown_language_options_are_refused(tmp_path: Path, args: list[str]) -> None:
    root = tmp_path / "proj"
    assert CliRunner().invoke(cli, ["init", str(root)]).exit_code == 0
    result = CliRunner().invoke(cli, ["--project", str(root), *args])
    gen.expect_no_traceback(result)
    assert result.exit_code == 1 and "ISO 639-1" in result.output, result.output


@pytest.mark.hostile("settings")
def test_the_packaged_defaults_pass_their_own_validation() -> None:
    from presswatch.config import load_defaults
    from presswatch.settings_check import SettingsError, validate

    defaults = load_defaults()
    validate(defaults, defaults, "defaults.toml")     # a new key with a default out of its range fails here
    with pytest.raises(SettingsError, match="did you mean 'max_records_per_file'"):
        validate({"ingest": {"max_record_per_file": 3}}, defaults, "presswatch.toml")
