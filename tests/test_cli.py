"""The ``secdilemma`` command: in-process through ``main([...])`` and once as the
installed console script."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

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
    for command in ("models", "solve", "reproduce", "sweep", "plot"):
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


# --- from a file to a figure: plot, [figure], Gambit files, progress, warnings -----------

GAMBIT = Path(__file__).parent / "data" / "gambit"

# Selten's (1975) chain-store stage: the entrant stays Out (0, 2) or goes In; the
# incumbent then Fights (-1, -1) or Accommodates (1, 1). Backward induction: after In the
# incumbent accommodates (1 > -1), so the entrant goes In (1 > 0): the one subgame-perfect
# equilibrium is (In, Accommodate). Its normal form has also the Nash equilibria where the
# entrant stays out and the incumbent fights with probability >= 1/2 (0 >= 1 - 2 q): the
# extreme ones are (Out, Fight) and (Out, 1/2 Fight + 1/2 Accommodate).
ENTRY_EFG = """EFG 2 R "Entry deterrence" { "Entrant" "Incumbent" }
""
p "" 1 1 "" { "Out" "In" } 0
t "" 1 "out" { 0, 2 }
p "" 2 1 "" { "Fight" "Accommodate" } 0
t "" 2 "fight" { -1, -1 }
t "" 3 "accommodate" { 1, 1 }
"""

EXPERIMENT = """
model = "offense_defense"
[fixed]
status_quo = 10
arms_cost = 1
exploitation_gain = 2
[grid]
offense_advantage = {start = 0, stop = 1, num = 9}
exploitation_loss = {start = 0.5, stop = 8, num = 7}
[output]
path = "od.nc"
"""


def test_solve_nfg_one_equilibrium(capsys):
    # Row's payoffs: 4 > 3 against Cooperate and 1 > 0 against Defect (the null
    # outcome), and symmetrically for Column: Cooperate strictly dominates, so
    # (Cooperate, Cooperate) with payoffs (4, 4) is the only equilibrium.
    assert main(["solve", str(GAMBIT / "stag_hunt_shared_outcomes.nfg"), "--exact"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "1 equilibrium by vertex_enumeration (exact, complete)"
    assert out[1].endswith("plays Cooperate; payoffs (4, 4)")
    assert len(out) == 2


def test_solve_efg_subgame_perfect_and_normal_form(capsys, tmp_path):
    path = tmp_path / "entry.efg"
    path.write_text(ENTRY_EFG)
    assert main(["solve", str(path), "--exact"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "subgame-perfect equilibria by backward induction (solve_spe)" in out[0]
    assert out[1] == "1 equilibrium by backward_induction (exact, complete)"
    assert "Entrant plays In" in out[2] and "Incumbent plays Accommodate" in out[2]
    assert out[2].endswith("payoffs (1, 1)")
    assert main(["solve", str(path), "--exact", "--normal-form"]) == 0
    captured = capsys.readouterr()
    out = captured.out.splitlines()
    assert "Nash equilibria of its reduced normal form (solve_nash)" in out[0]
    assert out[1].startswith("3 equilibria by vertex_enumeration (exact")
    text = "\n".join(out[2:])
    assert "Entrant plays Out; Incumbent plays Fight; payoffs (0, 2)" in text
    assert "Entrant plays In; Incumbent plays Accommodate; payoffs (1, 1)" in text
    assert "Incumbent mixes (Fight: 1/2, Accommodate: 1/2)" in text
    # options that do not apply are refused, not ignored
    assert main(["solve", str(path), "--method", "pure"]) == 2
    assert "--method applies to normal-form games" in capsys.readouterr().err
    assert main(["solve", str(path), "--latex"]) == 2
    assert "--normal-form" in capsys.readouterr().err
    assert main(["solve", str(GAMBIT / "selten1975_fig2_payoff.nfg"), "--normal-form"]) == 2


def test_solver_warnings_are_clean_lines(capsys):
    # Selten's Figure 2 game is degenerate: solve_nash warns; the CLI shows the warning
    # as one line, without the category, the file name or the source line
    assert main(["solve", str(GAMBIT / "selten1975_fig2_payoff.nfg")]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err, "a degenerate game must be flagged"
    for line in err:
        assert line.startswith("secdilemma solve: warning: solve_nash(): the game is "
                               "degenerate")
        assert "Warning" not in line and ".py" not in line


def test_describe_says_one_equilibrium():
    from secdilemma import bimatrix, solve_nash

    # (D, D) of the prisoner's dilemma: D strictly dominates (5 > 3, 1 > 0)
    res = solve_nash(bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]]), exact=True)
    assert res.describe().splitlines()[0] == (
        "1 equilibrium by vertex_enumeration (exact, complete)")


def _sweep_file(tmp_path, capsys, extra=""):
    exp = tmp_path / "od.toml"
    exp.write_text(EXPERIMENT + extra)
    assert main(["sweep", str(exp), "--no-progress"]) == 0
    return exp, capsys.readouterr()


def _is_png(path):
    return path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_plot_a_sweep_result(capsys, tmp_path):
    _sweep_file(tmp_path, capsys)
    result = tmp_path / "od.nc"
    assert main(["plot", str(result)]) == 0
    assert capsys.readouterr().out.strip() == (
        f"written: {tmp_path / 'od.png'} (regime of od.nc)")
    assert _is_png(tmp_path / "od.png")
    # never overwrites without --force (checked before drawing)
    (tmp_path / "od.png").write_bytes(b"precious")
    assert main(["plot", str(result)]) == 2
    err = capsys.readouterr().err
    assert "od.png" in err and "--force" in err
    assert (tmp_path / "od.png").read_bytes() == b"precious"
    assert main(["plot", str(result), "--force"]) == 0
    assert _is_png(tmp_path / "od.png")
    # a numeric metric, axes swapped, as PDF
    assert main(["plot", str(result), "--metric", "trust_threshold", "--x",
                 "exploitation_loss", "--y", "offense_advantage", "--out",
                 str(tmp_path / "tt.pdf")]) == 0
    assert (tmp_path / "tt.pdf").read_bytes()[:5] == b"%PDF-"
    capsys.readouterr()
    # bad input: clear one-line errors, no temporary file left behind
    for args, message in ((["--metric", "nope"], "metric must be one of"),
                          (["--x", "nope"], "x must be a dimension"),
                          (["--out", str(tmp_path / "f.jpg")], "must be a .png, .pdf")):
        assert main(["plot", str(result), "--out", str(tmp_path / "g.png")] + args) == 2
        err = capsys.readouterr().err
        assert message in err and "Traceback" not in err
    assert main(["plot", str(tmp_path / "od.toml"), "--out", str(tmp_path / "h.png")]) == 2
    assert "must be a netCDF file" in capsys.readouterr().err
    assert not list(tmp_path.glob(".secdilemma-*"))
    assert not (tmp_path / "g.png").exists()


def test_sweep_plot_draws_the_data(tmp_path, capsys):
    import xarray as xr

    from secdilemma.plotting import sweep_plot
    from secdilemma.plotting.style import regime_label

    _sweep_file(tmp_path, capsys)
    with xr.open_dataset(tmp_path / "od.nc") as ds:
        ds = ds.load()
    # the legend names exactly the categories present in the data
    names = dict(zip(ds.regime.attrs["flag_values"].tolist(),
                     ds.regime.attrs["flag_meanings"].split()))
    present = sorted(set(ds.regime.values.ravel().tolist()))
    ax = sweep_plot(ds, "regime")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        regime_label(names[c]) for c in present]
    assert ax.get_legend().get_title().get_text() == "regime"
    # booleans are categories too
    ax = sweep_plot(ds, "cooperation_is_equilibrium")
    expected = [n for v, n in ((False, "No"), (True, "Yes"))
                if (ds.cooperation_is_equilibrium.values == v).any()]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == expected
    # a count with a few values: one ordered colour per value present, named by value
    ax = sweep_plot(ds, "num_equilibria")
    counts = np.unique(ds.num_equilibria.values).tolist()
    # the counts present are those of the general solver on the grid's games
    from secdilemma import solve_nash
    from secdilemma.models import OffenseDefenseModel

    fixed = {"status_quo": 10, "arms_cost": 1, "exploitation_gain": 2}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # degenerate grid points are flagged, as expected
        solved = {len(solve_nash(OffenseDefenseModel(offense_advantage=t, exploitation_loss=L,
                                                     **fixed).to_game()))
                  for t in ds.offense_advantage.values for L in ds.exploitation_loss.values}
    assert counts == sorted(solved) == [1, 2, 3]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [str(c) for c in counts]
    # numeric: the heat map holds the data (NaN masked), with a colour bar
    ax = sweep_plot(ds, "trust_threshold")
    mesh = ax.collections[0]
    drawn = np.ma.filled(mesh.get_array().astype(float), np.nan)
    expected = ds.trust_threshold.transpose("exploitation_loss",
                                            "offense_advantage").values
    np.testing.assert_array_equal(drawn.ravel(), expected.ravel())
    assert len(ax.figure.axes) == 2
    # one swept parameter: a line through the data
    line_ds = ds.isel(exploitation_loss=3)
    ax = sweep_plot(line_ds, "mixed_cooperation_probability")
    np.testing.assert_array_equal(ax.lines[0].get_ydata(),
                                  line_ds.mixed_cooperation_probability.values)
    assert ax.get_xlabel() == r"offence advantage $\theta$"
    from secdilemma.errors import InvalidParameterError

    with pytest.raises(InvalidParameterError, match="select a value of"):
        sweep_plot(ds.expand_dims(extra=[1.0, 2.0]), "regime")
    with pytest.raises(InvalidParameterError, match="x and y must differ"):
        sweep_plot(ds, "regime", x="offense_advantage", y="offense_advantage")


def test_experiment_figure_needs_at_most_two_swept_parameters(tmp_path):
    from secdilemma.io.experiment import ExperimentError, parse_experiment

    text = EXPERIMENT.replace("status_quo = 10\n", "").replace(
        "[grid]\n", "[grid]\nstatus_quo = [9, 10]\n") + '[figure]\npath = "f.png"\n'
    with pytest.raises(ExperimentError, match="at most two swept parameters"):
        parse_experiment(text, source="e.toml", base=tmp_path)


def test_experiment_figure_table(capsys, tmp_path):
    figure = '\n[figure]\npath = "od.pdf"\nmetric = "trust_threshold"\n'
    _, captured = _sweep_file(tmp_path, capsys, figure)
    assert captured.out.splitlines()[-1] == (
        f"written: {tmp_path / 'od.pdf'} (trust_threshold)")
    assert (tmp_path / "od.pdf").read_bytes()[:5] == b"%PDF-"
    # the figure is not overwritten either: refused before anything runs
    (tmp_path / "od.nc").unlink()
    assert main(["sweep", str(tmp_path / "od.toml"), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert "od.pdf" in err and "--force" in err and "[figure]" in err
    assert not (tmp_path / "od.nc").exists()


@pytest.mark.parametrize("table, message", [
    ('path = "f.gif"', "figure.path must end in .png, .pdf, .svg"),
    ('path = "../f.png"', "inside the experiment's folder"),
    ('path = "f.png"\nmetric = "nope"', "figure.metric must be one of the metrics"),
    ('path = "f.png"\nx = "status_quo"', "figure.x must be a parameter of [grid]"),
    ('path = "f.png"\ncolour = "red"', "figure.colour is not an option"),
    ('path = "f.png"\nx = "offense_advantage"\ny = "offense_advantage"',
     "figure.x and figure.y must differ"),
])
def test_experiment_figure_errors(tmp_path, table, message):
    from secdilemma.io.experiment import ExperimentError, parse_experiment

    text = EXPERIMENT + "\n[figure]\n" + table + "\n"
    with pytest.raises(ExperimentError, match=re.escape(message)) as info:
        parse_experiment(text, source="e.toml", base=tmp_path)
    assert str(info.value).startswith("e.toml:")


def test_progress_without_tqdm_is_a_text_line(capsys, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "tqdm", None)  # import tqdm -> ImportError
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    exp = tmp_path / "od.toml"
    exp.write_text(EXPERIMENT)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a RuntimeWarning would fail the sweep
        assert main(["sweep", str(exp), "--progress"]) == 0
    err = capsys.readouterr().err
    assert "RuntimeWarning" not in err and "warning" not in err
    assert "sweep: 100.0% (63/63 points" in err
    # the library too: progress=True without tqdm warns nothing
    from secdilemma.analysis.sweep import sweep

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sweep("offense_defense", {"offense_advantage": [0.1, 0.9]},
              fixed={"status_quo": 10, "arms_cost": 1, "exploitation_gain": 2,
                     "exploitation_loss": 4}, progress=True)
    assert "sweep: 100.0% (2/2 points" in capsys.readouterr().err
