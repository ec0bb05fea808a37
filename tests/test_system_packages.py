"""`make test` brings the Debian packages the tests need through scripts/system-packages.sh, which `.ci/run`
calls too: as root it installs what is missing, without root or sudo it stops before any test with the command
to run. The script runs here against a PATH of stand-ins, so that nothing is installed."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT

SCRIPT = ROOT / "scripts" / "system-packages.sh"
BASH = shutil.which("bash")
POSTGRES_PRESENT = any(Path("/usr/lib/postgresql").glob("*/bin/initdb"))


def stand_ins(folder: Path, *, uid: int) -> Path:
    """A bin/ with the few real tools the script uses, an `id` that says ``uid`` and an `apt-get` that only
    writes down how it was called; no bwrap, no chromium, no sudo."""
    bin_ = folder / "bin"
    bin_.mkdir()
    for tool in ("ls", "env", "cat"):
        (bin_ / tool).symlink_to(shutil.which(tool))
    scripts = {"id": f'echo {uid}\n', "apt-get": f'echo "$@" >> {folder / "apt-get.calls"}\n'}
    for name, body in scripts.items():
        path = bin_ / name
        path.write_text(f"#!{BASH}\n{body}")
        path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return bin_


def run(bin_: Path, *args):
    env = {"PATH": str(bin_), "HOME": os.environ.get("HOME", "/tmp")}
    return subprocess.run([BASH, str(SCRIPT), *args], env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          timeout=60)


def missing_here() -> list[str]:
    return ["bubblewrap", *([] if POSTGRES_PRESENT else ["postgresql"]), "chromium"]


def test_without_root_or_sudo_it_stops_with_the_one_command_to_run_and_installs_nothing(tmp_path):
    proc = run(stand_ins(tmp_path, uid=1000))
    assert proc.returncode == 1
    command = f"sudo apt-get update && sudo apt-get install -y --no-install-recommends {' '.join(missing_here())}"
    assert command in proc.stderr, proc.stderr
    assert not (tmp_path / "apt-get.calls").exists()


def test_as_root_it_installs_exactly_what_is_missing_then_checks_again(tmp_path):
    proc = run(stand_ins(tmp_path, uid=0))
    calls = (tmp_path / "apt-get.calls").read_text().splitlines()
    assert calls[0] == "update -qq"
    assert calls[1] == f"install -y -qq --no-install-recommends {' '.join(missing_here())}"
    # the stand-in installed nothing, so the check that follows still finds them missing, and says so
    assert proc.returncode == 1 and "missing Debian packages: bubblewrap" in proc.stderr


def test_check_only_says_what_is_missing(tmp_path):
    proc = run(stand_ins(tmp_path, uid=0), "--check")
    assert proc.returncode == 1 and "missing Debian packages: bubblewrap" in proc.stderr
    assert not (tmp_path / "apt-get.calls").exists()


def test_this_machine_has_every_package_the_tests_need():
    proc = subprocess.run([BASH, str(SCRIPT), "--check"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr


@pytest.mark.skipif(shutil.which("make") is None, reason="make is what runs the README's commands")
def test_make_test_runs_the_script_before_the_lint_and_the_suite_and_ci_calls_the_same_script():
    plan = subprocess.run(["make", "-n", "test"], cwd=ROOT, capture_output=True, text=True, timeout=60).stdout
    lines = plan.splitlines()
    script = next(i for i, line in enumerate(lines) if "scripts/system-packages.sh" in line)
    pytest_line = next(i for i, line in enumerate(lines) if "-m pytest" in line)
    assert script < pytest_line
    ci = (ROOT / ".ci" / "run").read_text()
    assert "scripts/system-packages.sh" in ci and "make test" in ci and "apt-get" not in ci
