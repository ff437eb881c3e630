"""The ``secdilemma`` command: in-process through ``main([...])`` and once as the
installed console script."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

from secdilemma import __version__
from secdilemma.cli import main
from secdilemma.reproduce import Check, Reproduction
from secdilemma.reproduce import registry as registry_module

STAG_HUNT = """
actions = [["C", "D"], ["C", "D"]]
A = [[4, 1], [3, 2]]
B = [[4, 3], [1, 2]]
"""


@pytest.fixture
def stag_hunt_file(tmp_path):
    path = tmp_path / "sh.toml"
    path.write_text(STAG_HUNT)
    return path


def test_version_and_help(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"secdilemma {__version__}"
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("models", "solve", "reproduce"):
        assert command in out
    assert main([]) == 0
    assert "usage: secdilemma" in capsys.readouterr().out


def test_usage_error_exits_2(capsys):
    assert main(["solve"]) == 2
    assert "required: GAMEFILE" in capsys.readouterr().err
    assert main(["frobnicate"]) == 2


def test_models(capsys):
    from secdilemma.models import MODELS

    assert main(["models"]) == 0
    out = capsys.readouterr().out
    for name, cls in MODELS.items():
        assert f"{name}" in out and cls.summary in out
    assert "offense_advantage, status_quo, arms_cost" in out


def test_solve_describe_exact(capsys, stag_hunt_file):
    assert main(["solve", str(stag_hunt_file), "--exact"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "3 equilibria by vertex_enumeration (exact, complete)"
    assert out[3] == ("  2. mixed: player 0 mixes (C: 1/2, D: 1/2); player 1 mixes "
                      "(C: 1/2, D: 1/2); payoffs (5/2, 5/2)")


def test_solve_latex_and_method(capsys, stag_hunt_file):
    assert main(["solve", str(stag_hunt_file), "--latex", "--exact"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("\\begin{tabular}")
    assert "mixed & $\\frac{1}{2}$" in out
    assert main(["solve", str(stag_hunt_file), "--method", "pure"]) == 0
    assert capsys.readouterr().out.startswith("2 equilibria by pure")


def test_solve_errors_exit_2_without_traceback(capsys, tmp_path):
    assert main(["solve", str(tmp_path / "missing.toml")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("secdilemma solve: error: read_game(): cannot read")
    assert "Traceback" not in err
    bad = tmp_path / "bad.json"
    bad.write_text('{"A": [[1, "x"]], "B": [[1, 2]]}')
    assert main(["solve", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bad.json: key 'A'[0][1] must be a number" in err
    assert main(["solve", str(bad), "--method", "nope"]) == 2  # argparse choices


def test_reproduce_list(capsys):
    assert main(["reproduce", "--list"]) == 0
    out = capsys.readouterr().out
    assert "jervis-offense-defense" in out and "stag-hunt-trust-threshold" in out
    assert main(["reproduce"]) == 2
    assert "give a NAME" in capsys.readouterr().err


def test_reproduce_one(capsys, tmp_path):
    assert main(["reproduce", "stag-hunt-trust-threshold", "--out", str(tmp_path),
                 "--verbose"]) == 0
    out = capsys.readouterr().out
    # --verbose: the table of every check
    assert re.search(r"mixed equilibrium: Pr\(C\) of state 1 \(exact\) +1/2 ", out)
    assert "14 of 14 checks passed" in out
    assert "FAIL" not in out
    for name in ("stag-hunt-trust-threshold.pdf", "stag-hunt-trust-threshold.png",
                 "stag-hunt-trust-threshold.nc", "REPORT.md"):
        assert (tmp_path / name).exists()


def test_reproduce_does_not_overwrite_without_force(capsys, tmp_path):
    (tmp_path / "stag-hunt-trust-threshold.png").write_text("precious")
    assert main(["reproduce", "stag-hunt-trust-threshold", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "stag-hunt-trust-threshold.png" in err and "--force" in err
    assert (tmp_path / "stag-hunt-trust-threshold.png").read_text() == "precious"
    assert not (tmp_path / "stag-hunt-trust-threshold.nc").exists()  # nothing ran
    (tmp_path / "stag-hunt-trust-threshold.png").unlink()
    (tmp_path / "REPORT.md").write_text("precious")
    assert main(["reproduce", "stag-hunt-trust-threshold", "--out", str(tmp_path)]) == 2
    assert "REPORT.md" in capsys.readouterr().err
    assert main(["reproduce", "stag-hunt-trust-threshold", "--out", str(tmp_path),
                 "--force"]) == 0
    assert (tmp_path / "REPORT.md").read_text() != "precious"


def test_reproduce_unknown_name_exits_2(capsys, tmp_path):
    assert main(["reproduce", "nope", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "name must be one of" in err and "Traceback" not in err


def test_reproduce_failing_check_exits_1(capsys, tmp_path, monkeypatch):
    entry = Reproduction(
        name="failing", title="fails", citation="nash1951",
        compute=lambda: {"x": np.zeros(2)},
        check=lambda data: [Check.compare("always wrong", 1, 2)],
        draw=lambda data, ax: ax)
    monkeypatch.setitem(registry_module.REGISTRY, "failing", entry)
    assert main(["reproduce", "failing", "--out", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "always wrong" in out and "FAIL" in out and "0 of 1 checks passed" in out


def test_console_script(stag_hunt_file):
    exe = shutil.which("secdilemma")
    cmd = [exe] if exe else [sys.executable, "-m", "secdilemma.cli"]
    out = subprocess.run(cmd + ["solve", str(stag_hunt_file), "--exact"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("3 equilibria by vertex_enumeration (exact, complete)")
    out = subprocess.run(cmd + ["solve", "missing.json"], capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 2
    assert "Traceback" not in out.stderr and "cannot read" in out.stderr
